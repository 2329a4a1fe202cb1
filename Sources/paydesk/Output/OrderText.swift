import Foundation
import PayCore

/// Human text of orders, refunds and notifications.
enum OrderText {
    /// Status word with its glyph and, for closed orders, the reason (`⊘ CLOSED (EXPIRED)`).
    static func status(_ order: OrderRecord) -> String {
        var text = order.status.label
        if let reason = order.closeReason { text += " (\(reason))" }
        if order.subState == PendingSubState.customerConfirming.rawValue { text += " (customer confirming)" }
        return text
    }

    /// The detail block of `order show`.
    static func detail(_ order: OrderRecord, refunds: [RefundRecord] = []) -> String {
        var text = TextTable.pairs([
            ("Order", order.outTradeNo),
            ("Status", status(order)),
            ("Amount", HumanFormat.yuan(order.total)),
            ("Description", order.description),
            ("Business no", order.businessNo),
            ("Transaction", order.transactionID),
            ("Payer paid", HumanFormat.yuan(order.payerTotal)),
            ("Refunded", order.refundedTotal > 0 ? HumanFormat.yuan(order.refundedTotal) : nil),
            ("Fee", HumanFormat.yuan(order.fee)),
            ("Created", HumanFormat.time(order.createdAt)),
            ("Expires", order.status.isAwaitingPayment ? HumanFormat.time(order.expiresAt) : nil),
            ("Paid", HumanFormat.time(order.paidAt)),
            ("Closed", HumanFormat.time(order.closedAt)),
            ("Failure", order.failureReason),
            ("Alert", alertText(order)),
            ("Notify URL", order.notifyURL),
            ("Code URL", order.codeURL),
        ])
        if !refunds.isEmpty {
            text += "\n\nRefunds:\n" + refundTable(refunds)
        }
        return text
    }

    /// Open alert codes and the latest message: `NOTIFICATION_MISMATCH: notification does not match …`.
    static func alertText(_ order: OrderRecord) -> String? {
        let codes = order.alerts.map(\.rawValue).joined(separator: ", ")
        switch (codes.isEmpty, order.alertMessage) {
        case (true, nil): return nil
        case (true, let message?): return message
        case (false, nil): return codes
        case (false, let message?): return "\(codes): \(message)"
        }
    }

    /// The order list table.
    static func table(_ orders: [OrderRecord]) -> String {
        var table = TextTable(headers: ["CREATED", "OUT_TRADE_NO", "STATUS", "AMOUNT", "REFUNDED", "DESCRIPTION"])
        for order in orders {
            table.rows.append([
                HumanFormat.time(order.createdAt) ?? "", order.outTradeNo, status(order),
                HumanFormat.yuan(order.total) ?? "", order.refundedTotal > 0 ? HumanFormat.yuan(order.refundedTotal) ?? "" : "-",
                order.description,
            ])
        }
        return table.render()
    }

    /// Refund rows.
    static func refundTable(_ refunds: [RefundRecord]) -> String {
        var table = TextTable(headers: ["OUT_REFUND_NO", "STATUS", "AMOUNT", "CREATED", "REASON"])
        for refund in refunds {
            table.rows.append([
                refund.outRefundNo, refund.status.rawValue, HumanFormat.yuan(refund.amount) ?? "",
                HumanFormat.time(refund.createdAt) ?? "", refund.reason ?? "",
            ])
        }
        return table.render()
    }

    /// The detail block of one refund.
    static func refundDetail(_ refund: RefundRecord, outTradeNo: String?) -> String {
        TextTable.pairs([
            ("Refund", refund.outRefundNo),
            ("Order", outTradeNo),
            ("Status", refund.status.rawValue),
            ("Amount", HumanFormat.yuan(refund.amount)),
            ("Reason", refund.reason),
            ("Refund id", refund.refundID),
            ("Account", refund.userReceivedAccount),
            ("Created", HumanFormat.time(refund.createdAt)),
            ("Succeeded", HumanFormat.time(refund.succeededAt)),
        ])
    }

    /// One line per notification: time, event, order, verdicts, outcome, HTTP answer.
    static func notificationLine(_ notification: NotificationRecord) -> String {
        let time = HumanFormat.time(notification.receivedAt) ?? ""
        let event = notification.eventType ?? notification.protocolVersion
        let order = notification.outRefundNo.map { "\(notification.outTradeNo ?? "-") refund \($0)" } ?? notification.outTradeNo ?? "-"
        var verdict = "signature \(notification.verdict)"
        if let detail = notification.verdictDetail { verdict += " (\(detail))" }
        let decrypt = "decrypt \(notification.decryptVerdict ?? "-")"
        var outcome = notification.outcome ?? "-"
        if let detail = notification.outcomeDetail { outcome += " (\(detail))" }
        let http = notification.httpStatus.map { "HTTP \($0)" } ?? "HTTP -"
        return [time, event, order, verdict, decrypt, outcome, http].joined(separator: "  ")
    }

    /// The notifications table.
    static func notificationTable(_ notifications: [NotificationRecord]) -> String {
        var table = TextTable(headers: ["ID", "RECEIVED", "EVENT", "ORDER", "VERDICT", "DECRYPT", "OUTCOME", "HTTP"])
        for item in notifications {
            table.rows.append([
                item.id.map(String.init) ?? "", HumanFormat.time(item.receivedAt) ?? "", item.eventType ?? item.protocolVersion,
                item.outTradeNo ?? "-", item.verdict, item.decryptVerdict ?? "-", item.outcome ?? "-",
                item.httpStatus.map(String.init) ?? "-",
            ])
        }
        return table.render()
    }
}
