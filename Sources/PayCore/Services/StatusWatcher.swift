import Foundation

/// How often the watcher asks WeChat Pay while an order awaits payment.
public struct PollingSchedule: Sendable, Equatable {
    /// The first intervals (seconds).
    public var initial: TimeInterval
    /// The longest interval.
    public var maximum: TimeInterval
    /// Growth of the interval after each query.
    public var factor: Double

    /// About every 2 s at first, growing by a quarter each time up to about every 10 s.
    public static let standard = PollingSchedule(initial: 2, maximum: 10, factor: 1.25)

    /// Creates a schedule.
    public init(initial: TimeInterval, maximum: TimeInterval, factor: Double) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
    }

    /// The wait before query number `index` (0-based).
    public func interval(after index: Int) -> TimeInterval {
        min(maximum, initial * pow(factor, Double(max(0, index - 2))))
    }
}

/// Live status of one order: notification events merged with polling, expiry handled.
///
/// Each `watch` stream yields the current row first, then every change (from a notification, a query, a refund),
/// and ends once the order reaches a final state. Polling queries by out_trade_no on `PollingSchedule`; when
/// `time_expire` passes unpaid the order is queried one last time, then closed at WeChat Pay (CLOSED, EXPIRED).
public final class StatusWatcher: Sendable {
    let context: CoreContext
    let checkout: CheckoutService
    let schedule: PollingSchedule

    init(context: CoreContext, checkout: CheckoutService, schedule: PollingSchedule) {
        self.context = context
        self.checkout = checkout
        self.schedule = schedule
    }

    /// True when nothing more is expected for the order (watching stops).
    static func isFinal(_ status: OrderStatus) -> Bool {
        switch status {
        case .created, .pending, .refunding: false
        case .paid, .partiallyRefunded, .refunded, .closed, .failed: true
        }
    }

    /// The current row, then every change until a final state; empty when there is no such order.
    public func watch(outTradeNo: String) -> AsyncStream<OrderRecord> {
        let (stream, continuation) = AsyncStream<OrderRecord>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let events = context.events.subscribe()
        let task = Task { [self] in
            await run(outTradeNo: outTradeNo, events: events, continuation: continuation)
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Queries the order now (the console's `c`); the answer reaches every watcher through the event hub.
    public func checkNow(outTradeNo: String) {
        let checkout = checkout
        Task { _ = try? await checkout.query(outTradeNo: outTradeNo) }
    }

    private func run(
        outTradeNo: String, events: AsyncStream<PayEvent>, continuation: AsyncStream<OrderRecord>.Continuation
    ) async {
        guard let first = try? context.store.order(outTradeNo: outTradeNo) else {
            continuation.finish()
            return
        }
        continuation.yield(first)
        guard !Self.isFinal(first.status) else {
            continuation.finish()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var lastVersion = first.version
                for await event in events {
                    guard case .orderUpdated(let order) = event, order.outTradeNo == outTradeNo,
                        order.version > lastVersion
                    else { continue }
                    lastVersion = order.version
                    continuation.yield(order)
                    if Self.isFinal(order.status) { break }
                }
                continuation.finish()
            }
            group.addTask { [self] in
                await poll(outTradeNo: outTradeNo)
            }
            // The event side decides when the stream ends; polling stops with it.
            await group.next()
            group.cancelAll()
        }
    }

    private func poll(outTradeNo: String) async {
        var index = 0
        while !Task.isCancelled {
            guard let order = try? context.store.order(outTradeNo: outTradeNo), !Self.isFinal(order.status) else { return }
            let now = context.now()
            var wait = schedule.interval(after: index)
            if let expiresAt = order.expiresAt, order.status.isAwaitingPayment {
                let left = expiresAt.timeIntervalSince(now)
                if left <= 0 {
                    await expire(outTradeNo: outTradeNo)
                    return
                }
                wait = min(wait, left)
            }
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
            if Task.isCancelled { return }
            if order.status != .refunding { _ = try? await checkout.query(outTradeNo: outTradeNo) }
            index += 1
        }
    }

    /// Last query (the customer may have paid at the last second), then close with reason expired.
    private func expire(outTradeNo: String) async {
        let latest = try? await checkout.query(outTradeNo: outTradeNo)
        guard latest?.status.isAwaitingPayment ?? true else { return }
        do {
            _ = try await checkout.expire(outTradeNo: outTradeNo)
        } catch {
            context.logger.warning("cannot close expired order \(outTradeNo): \(error)")
        }
    }
}
