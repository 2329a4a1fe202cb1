import Foundation
import PayCore

/// An order as `--json` prints it (DESIGN §10 fields and more).
struct OrderView: Encodable {
    var order: OrderRecord

    func encode(to encoder: any Encoder) throws {
        var fields = JSONFields(encoder)
        try fields.set("out_trade_no", order.outTradeNo)
        try fields.set("business_no", order.businessNo)
        try fields.set("status", order.status.rawValue)
        try fields.set("close_reason", order.closeReason)
        try fields.set("failure_reason", order.failureReason)
        try fields.set("description", order.description)
        try fields.set("attach", order.attach)
        try fields.set("trade_type", order.tradeType)
        try fields.set("trade_state", order.tradeState)
        try fields.set("currency", order.currency)
        try fields.money("total", order.total)
        try fields.money("refunded_total", order.refundedTotal)
        try fields.money("payer_total", order.payerTotal)
        try fields.money("fee", order.fee)
        try fields.set("refund_count", order.refundCount)
        try fields.set("transaction_id", order.transactionID)
        try fields.set("payer_openid", order.payerOpenID)
        try fields.set("code_url", order.codeURL)
        try fields.set("notify_url", order.notifyURL)
        try fields.time("created_at", order.createdAt)
        try fields.time("expires_at", order.expiresAt)
        try fields.time("paid_at", order.paidAt)
        try fields.time("closed_at", order.closedAt)
        try fields.set("alerts", order.alerts.map(\.rawValue))
        try fields.set("alert_message", order.alertMessage)
    }
}

/// A refund as `--json` prints it.
struct RefundView: Encodable {
    var refund: RefundRecord
    var outTradeNo: String?

    func encode(to encoder: any Encoder) throws {
        var fields = JSONFields(encoder)
        try fields.set("out_refund_no", refund.outRefundNo)
        try fields.set("out_trade_no", outTradeNo)
        try fields.set("refund_id", refund.refundID)
        try fields.set("status", refund.status.rawValue)
        try fields.money("amount", refund.amount)
        try fields.money("payer_refund", refund.payerRefund)
        try fields.set("currency", refund.currency)
        try fields.set("reason", refund.reason)
        try fields.set("channel", refund.channel)
        try fields.set("funds_account", refund.fundsAccount)
        try fields.set("user_received_account", refund.userReceivedAccount)
        try fields.time("created_at", refund.createdAt)
        try fields.time("succeeded_at", refund.succeededAt)
    }
}

/// A stored notification as `--json` prints it (never the raw body or headers: those stay in the database).
struct NotificationView: Encodable {
    var notification: NotificationRecord

    func encode(to encoder: any Encoder) throws {
        var fields = JSONFields(encoder)
        try fields.set("id", notification.id)
        try fields.set("notification_id", notification.notificationID)
        try fields.set("protocol", notification.protocolVersion)
        try fields.set("path", notification.path)
        try fields.set("event_type", notification.eventType)
        try fields.set("out_trade_no", notification.outTradeNo)
        try fields.set("out_refund_no", notification.outRefundNo)
        try fields.set("verdict", notification.verdict)
        try fields.set("verdict_detail", notification.verdictDetail)
        try fields.set("decrypt_verdict", notification.decryptVerdict)
        try fields.set("outcome", notification.outcome)
        try fields.set("outcome_detail", notification.outcomeDetail)
        try fields.set("http_status", notification.httpStatus)
        try fields.set("delivery_count", notification.deliveryCount)
        try fields.set("duplicate_of", notification.duplicateOf)
        try fields.time("received_at", notification.receivedAt)
        try fields.time("processed_at", notification.processedAt)
    }
}
