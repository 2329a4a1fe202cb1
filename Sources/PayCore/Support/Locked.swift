import Foundation

/// A value behind an `NSLock` (a pthread mutex), used rather than `Synchronization.Mutex` where threads hand work
/// over: ThreadSanitizer cannot see Mutex's futex-based lock, and reported the group committer's two `withLock`
/// bodies (submit and drain) as racing (docs/hardening.md).
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
