import Foundation
import PayCore

/// What a refund would do, worked out locally before any call (RefundService.plan).
public struct RefundProposal: Sendable, Equatable {
    /// Fen to refund.
    public var amount: Int
    /// Fen still refundable before this refund.
    public var remainder: Int
    /// The order total in fen.
    public var total: Int

    /// A proposal.
    public init(amount: Int, remainder: Int, total: Int) {
        self.amount = amount
        self.remainder = remainder
        self.total = total
    }
}

/// The services the console panes call. The console holds no payment logic: every operation here is one call
/// into PayCore (`PaymentCoreBackend`); tests may supply their own over a real `Store`.
public protocol ConsoleBackend: Sendable {
    /// The database the lists read from.
    var store: Store { get }
    /// The merchant whose orders are listed, if the store holds several.
    var merchantID: Int64? { get }
    /// Creates a Native order (CheckoutService.create).
    func createCheckout(total: Int, description: String) async throws -> OrderRecord
    /// Closes `outTradeNo` and returns a new order for the same sale (CheckoutService.refresh).
    func refreshCheckout(outTradeNo: String) async throws -> OrderRecord
    /// Cancels the sale and closes the order (CheckoutService.cancel).
    func cancelCheckout(outTradeNo: String) async throws -> OrderRecord
    /// Asks WeChat Pay about the order now (CheckoutService.query).
    func queryOrder(outTradeNo: String) async throws -> OrderRecord
    /// The order now and every change until a final state (StatusWatcher.watch).
    func watch(outTradeNo: String) -> AsyncStream<OrderRecord>
    /// Forces a status query now (StatusWatcher.checkNow).
    func checkNow(outTradeNo: String)
    /// Checks a refund locally without calling anything (RefundService.plan).
    func planRefund(outTradeNo: String, amount: Int?, reason: String?) async throws -> RefundProposal
    /// Requests a refund (RefundService.create).
    func createRefund(outTradeNo: String, amount: Int, reason: String?) async throws -> RefundRecord
    /// Asks WeChat Pay about a refund now (RefundService.query).
    func queryRefund(outRefundNo: String) async throws -> RefundRecord
    /// Runs a stored notification through the pipeline again (NotificationIngestor.replay).
    func replayNotification(id: Int64) async -> NotificationRecord
}

/// A PayCore event as the panes receive it (posted into the UI loop by the console's event bridge).
public enum ConsoleEvent: Sendable {
    /// An order row changed.
    case orderUpdated(OrderRecord)
    /// A refund row changed.
    case refundUpdated(RefundRecord)
    /// A notification was processed (any verdict).
    case notificationProcessed(NotificationRecord)
    /// Something needs a person's attention.
    case alert(outTradeNo: String, message: String)
}
