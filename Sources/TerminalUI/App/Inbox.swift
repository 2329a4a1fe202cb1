import Foundation

/// A thread-safe first-in first-out queue: async code posts, the UI thread drains.
final class Inbox: @unchecked Sendable {
    // @unchecked: `items` is only touched while `lock` is held.
    private let lock = NSLock()
    private var items: [any Sendable] = []

    /// Appends `item`; callable from any thread.
    func post(_ item: any Sendable) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    /// Removes and returns everything queued, oldest first.
    func drain() -> [any Sendable] {
        lock.lock()
        defer { lock.unlock() }
        let drained = items
        items.removeAll(keepingCapacity: true)
        return drained
    }
}

/// A flag that any thread may set and the UI thread reads.
final class StopFlag: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value = false

    /// Sets the flag.
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    /// Whether the flag is set.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
