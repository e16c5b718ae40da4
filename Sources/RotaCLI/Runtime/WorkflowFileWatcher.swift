import Foundation
import Logging
import RotaCore
import RotaEngine
import RotaFiles
import RotaStorage
import ServiceLifecycle
import Synchronization

/// Keeps the Store in step with a folder of workflow files: a changed file is loaded within
/// `interval`, an invalid one is recorded as an import error (and never replaces the last valid
/// version), a removed one deactivates its workflow while keeping its history.
///
/// Workers never read these files: definitions live in the Store (the seed's "sync DAG files to
/// every worker" is gone). Polling a folder every two seconds costs a directory listing and a
/// hash per changed file; inotify would save little and is Linux-only.
final class WorkflowFileWatcher: Service, Sendable {
    private struct Known { var hash: String; var id: String? }
    private let folder: String
    private let catalog: WorkflowCatalog
    private let logger: Logger
    private let interval: Duration
    private let known = Mutex<[String: Known]>([:])
    /// Orphans (files removed while Rota was down) are looked for once; later removals are seen
    /// by comparing with `known`, without listing every stored workflow every pass.
    private let checkedOrphans = Mutex(false)

    init(folder: String, catalog: WorkflowCatalog, logger: Logger, interval: Duration = .seconds(2)) {
        self.folder = folder
        self.catalog = catalog
        self.logger = logger
        self.interval = interval
    }

    var store: any Store { catalog.engine.store }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                if Task.isCancelled { return }
                await self.scan()
            }
        }
    }

    /// One pass over the folder. Safe to call at start, before the services run.
    func scan() async {
        let files = Self.files(in: folder)
        for file in files { await load(file) }
        let gone = known.withLock { state in state.keys.filter { !files.contains($0) } }
        for file in gone {
            let entry = known.withLock { $0.removeValue(forKey: file) }
            if let id = entry?.id {
                try? await catalog.deactivate(id)
                logger.info("workflow file removed; workflow deactivated", metadata: ["rota.workflow": "\(id)", "rota.file": "\(file)"])
            }
            try? await store.importErrorClear(file: file)
        }
        if !checkedOrphans.withLock({ $0 }) {
            await deactivateOrphans(files: Set(files))
            checkedOrphans.withLock { $0 = true }
        }
    }

    private func load(_ file: String) async {
        guard let data = FileManager.default.contents(atPath: file) else { return }
        let hash = ContentHash.hex(of: String(decoding: data, as: UTF8.self))
        let previous = known.withLock { $0[file] }
        if previous?.hash == hash { return }
        switch WorkflowFileLoader.load(path: file) {
        case .success(let definition):
            if let owner = known.withLock({ state in state.first { $0.key != file && $0.value.id == definition.id }?.key }) {
                await recordError(file, "id \"\(definition.id)\" is already defined in \(owner)", hash: hash, id: previous?.id)
                return
            }
            do {
                try await catalog.upsert(definition, source: file)
                try await store.importErrorClear(file: file)
                if let old = previous?.id, old != definition.id { try await catalog.deactivate(old) }
                known.withLock { $0[file] = Known(hash: hash, id: definition.id) }
            } catch {
                await recordError(file, "\(error)", hash: hash, id: previous?.id)
            }
        case .failure(let errors):
            await recordError(file, "\(errors)", hash: hash, id: previous?.id)
        }
    }

    private func recordError(_ file: String, _ message: String, hash: String, id: String?) async {
        logger.error("workflow file not loaded; the last valid version stays in force",
                     metadata: ["rota.file": "\(file)", "rota.error": "\(message)"])
        try? await store.importErrorSet(file: file, message: message, now: Date())
        known.withLock { $0[file] = Known(hash: hash, id: id) }
    }

    /// Workflows loaded from this folder whose file no longer exists (removed while Rota was down).
    private func deactivateOrphans(files: Set<String>) async {
        guard let records = try? await store.workflowList(kind: .dag) else { return }
        let prefix = Self.absolute(folder) + "/"
        for record in records where record.active && record.source.hasPrefix(prefix) && !files.contains(record.source) {
            try? await catalog.deactivate(record.name)
        }
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func files(in folder: String) -> [String] {
        let base = absolute(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return [] }
        return names.filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) && !$0.hasPrefix(".") }.sorted()
            .map { (base as NSString).appendingPathComponent($0) }
    }
}
