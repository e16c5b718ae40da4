#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if os(Linux)
/// GNU libc extensions that Swift's Glibc module does not import (it is built
/// without `_GNU_SOURCE`), looked up once at runtime with `dlsym`.
///
/// Why not a C shim target: the runner ships inside the pure-Swift `RotaWorker`
/// target. Each lookup is optional so an older libc degrades (no `closefrom` → only
/// close-on-exec protects descriptors) or reports a clear error (no `addchdir_np`
/// → working directories are unsupported) instead of failing to load.
enum LibcExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
    ) -> Int32
    typealias AddCloseFrom = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32
    ) -> Int32

    /// `pipe2(2)`, glibc 2.9+.
    static let pipe2: Pipe2? = symbol("pipe2", as: Pipe2.self)
    /// `posix_spawn_file_actions_addchdir_np`, glibc 2.29+.
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    /// `posix_spawn_file_actions_addclosefrom_np`, glibc 2.34+.
    static let addCloseFrom: AddCloseFrom? = symbol(
        "posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)

    /// glibc's `POSIX_SPAWN_SETSID` (2.26+): the child calls `setsid()` before exec,
    /// so it leads a new session and a new process group whose id is its pid.
    static let spawnSetSID: Int32 = 0x80

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
#endif
