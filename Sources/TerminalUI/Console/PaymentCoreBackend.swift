import Foundation
import PayCore

/// The console's services backed by a running `PaymentCore`: each call is one PayCore service call.
public struct PaymentCoreBackend: ConsoleBackend {
    /// The core.
    public let core: PaymentCore

    /// A backend over `core`.
    public init(core: PaymentCore) {
        self.core = core
    }

    public var store: Store { core.store }
    public var merchantID: Int64? { core.merchantID }

    public func createCheckout(total: Int, description: String) async throws -> OrderRecord {
        try await core.checkout.create(CheckoutRequest(total: total, description: description))
    }

    public func refreshCheckout(outTradeNo: String) async throws -> OrderRecord {
        try await core.checkout.refresh(outTradeNo: outTradeNo)
    }

    public func cancelCheckout(outTradeNo: String) async throws -> OrderRecord {
        try await core.checkout.cancel(outTradeNo: outTradeNo)
    }

    public func queryOrder(outTradeNo: String) async throws -> OrderRecord {
        try await core.checkout.query(outTradeNo: outTradeNo)
    }

    public func watch(outTradeNo: String) -> AsyncStream<OrderRecord> {
        core.watcher.watch(outTradeNo: outTradeNo)
    }

    public func checkNow(outTradeNo: String) {
        core.watcher.checkNow(outTradeNo: outTradeNo)
    }

    public func planRefund(outTradeNo: String, amount: Int?, reason: String?) async throws -> RefundProposal {
        let plan = try await core.refunds.plan(outTradeNo: outTradeNo, amount: amount, reason: reason)
        return RefundProposal(amount: plan.amount, remainder: plan.remainder, total: plan.total)
    }

    public func createRefund(outTradeNo: String, amount: Int, reason: String?) async throws -> RefundRecord {
        try await core.refunds.create(outTradeNo: outTradeNo, amount: amount, reason: reason, outRefundNo: nil)
    }

    public func queryRefund(outRefundNo: String) async throws -> RefundRecord {
        try await core.refunds.query(outRefundNo: outRefundNo)
    }

    public func replayNotification(id: Int64) async -> NotificationRecord {
        await core.ingestor.replay(notificationRowID: id).record
    }
}

extension ConsoleEvent {
    /// The console's view of a PayCore event.
    public init(_ event: PayEvent) {
        switch event {
        case .orderUpdated(let order): self = .orderUpdated(order)
        case .refundUpdated(let refund): self = .refundUpdated(refund)
        case .notificationProcessed(let record): self = .notificationProcessed(record)
        case .alert(let number, let message): self = .alert(outTradeNo: number, message: message)
        }
    }
}

extension ConsoleApp {
    /// Runs the console over `core` (see `run(backend:events:context:options:)`); returns when the user quits.
    public static func run(core: PaymentCore, context: ConsoleContext, options: ConsoleOptions) async throws {
        let payEvents = core.events.subscribe()
        let events = AsyncStream<ConsoleEvent> { continuation in
            let task = Task {
                for await event in payEvents { continuation.yield(ConsoleEvent(event)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        try await run(backend: PaymentCoreBackend(core: core), events: events, context: context, options: options)
    }
}
