import Foundation
import Synchronization

/// Fans events out to any number of subscribers; each gets its own buffered `AsyncStream`.
///
/// Publishing never blocks: a subscriber that falls more than `bufferSize` events behind loses the oldest.
public final class EventHub: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<PayEvent>.Continuation]>([:])
    private let bufferSize: Int

    /// A hub buffering up to `bufferSize` events per subscriber.
    public init(bufferSize: Int = 1024) { self.bufferSize = bufferSize }

    /// A stream of every event published from now on; it ends when the hub finishes or the consumer stops.
    public func subscribe() -> AsyncStream<PayEvent> {
        let (stream, continuation) = AsyncStream<PayEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends `event` to every current subscriber.
    public func publish(_ event: PayEvent) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets { continuation.yield(event) }
    }

    /// Ends every subscriber's stream.
    public func finish() {
        let targets = subscribers.withLock { subscribers in
            defer { subscribers.removeAll() }
            return Array(subscribers.values)
        }
        for continuation in targets { continuation.finish() }
    }

    /// Number of live subscriptions.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
