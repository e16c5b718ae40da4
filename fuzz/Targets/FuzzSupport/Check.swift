/// Stops with `message` when `condition` is false. Unlike `precondition`, the message survives a
/// release build; the trap is left to libFuzzer, which saves the input that caused it (scripts/fuzz
/// turns the Swift runtime's own crash handler off so that libFuzzer's runs).
public func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}
