import Foundation

/// Bounds of the waits in tests, stretched under sanitizers: `make check-sanitizers` sets PAYDESK_TEST_WAIT_SCALE
/// because ASan and TSan builds (the test runner and every `paydesk` it starts) run several times slower on a loaded
/// machine. A bound stays a bound, never a timing claim.
public enum TestWait {
    /// The factor from PAYDESK_TEST_WAIT_SCALE (at least 1; 1 when unset or not a number).
    public static let scale: Double =
        ProcessInfo.processInfo.environment["PAYDESK_TEST_WAIT_SCALE"].flatMap(Double.init).map { max(1, $0) } ?? 1

    /// `base` seconds times `scale`.
    public static func seconds(_ base: TimeInterval) -> TimeInterval { base * scale }
}
