import Foundation

/// A clock tests move by hand. `@unchecked Sendable`: the instant is guarded by the lock.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { instant = start }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return instant
    }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        instant += seconds
        lock.unlock()
    }

    var closure: @Sendable () -> Date { { [self] in self.now } }
}
