/// Something the core did that views (console panes, `paydesk listen`, watchers, the webhook) react to.
public enum PayEvent: Sendable {
    /// An order row changed (created, state moved, details learned).
    case orderUpdated(OrderRecord)
    /// A refund row changed.
    case refundUpdated(RefundRecord)
    /// A notification was processed, whatever its verdict.
    case notificationProcessed(NotificationRecord)
    /// Something needs a human (money moved on a closed order, mismatch, abnormal refund).
    case alert(outTradeNo: String, message: String)
}
