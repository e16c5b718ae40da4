import Foundation
import RotaCore
import Synchronization

/// Decoded task specs by their stored JSON text.
///
/// Why: every claim decodes the claimed row's spec, and `JSONDecoder` costs more than the claim's
/// SQL (bench W1: ~5 % of Rota's CPU). The same texts come back all the time: a cron job stores the
/// same spec on every execution, each scheduled run of a DAG the same spec per task, and a wide
/// DAG often one command for many tasks. The text is the key, so a hit is exactly what decoding
/// would give. Bounded: long texts are not kept, and the table is emptied when full.
enum SpecCache {
    private static let entries = Mutex<[String: TaskSpec]>([:])
    private static let capacity = 2_048
    private static let longestKept = 4_096

    static func decode(_ text: String) throws -> TaskSpec {
        if let hit = entries.withLock({ $0[text] }) { return hit }
        let spec = try JSONDecoder().decode(TaskSpec.self, from: Data(text.utf8))
        if text.utf8.count <= longestKept {
            entries.withLock { table in
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
                table[text] = spec
            }
        }
        return spec
    }
}
