import Foundation
import GRDB

/// One line of an order's history in the detail pane.
public struct TimelineEntry: Sendable, Equatable {
    /// What kind of record the line comes from.
    public enum Kind: String, Sendable, Equatable {
        case orderCreated, orderPaid, orderClosed, apiCall, notification, refund, snapshot, webhook
    }

    /// When it happened.
    public var time: Date
    /// Record kind.
    public var kind: Kind
    /// A short title, e.g. `POST /v3/pay/transactions/native → 200`.
    public var title: String
    /// The row id in its table (for opening the raw record).
    public var rowID: Int64?
}

extension Store {
    /// The history of one order: creation, API calls, notifications, refunds, snapshots and deliveries, by time.
    public func timeline(outTradeNo: String) throws -> [TimelineEntry] {
        try read { db in
            guard let order = try Self.order(outTradeNo: outTradeNo, in: db), let orderID = order.id else {
                throw StoreError.orderNotFound(outTradeNo)
            }
            var entries: [TimelineEntry] = [
                TimelineEntry(
                    time: order.createdAt, kind: .orderCreated,
                    title: "Created \(AmountParser.formatYuan(order.total)) \(order.currency)", rowID: orderID)
            ]
            if let paidAt = order.paidAt {
                entries.append(TimelineEntry(time: paidAt, kind: .orderPaid, title: "Paid", rowID: orderID))
            }
            if let closedAt = order.closedAt {
                entries.append(
                    TimelineEntry(
                        time: closedAt, kind: .orderClosed, title: "Closed (\(order.closeReason ?? "unknown"))",
                        rowID: orderID))
            }
            for call in try APICallRecordRow.filter(Column("order_id") == orderID || Column("out_trade_no") == outTradeNo)
                .fetchAll(db)
            {
                let answer = call.httpStatus.map(String.init) ?? (call.errorCode ?? "no answer")
                entries.append(
                    TimelineEntry(
                        time: call.startedAt, kind: .apiCall, title: "\(call.method) \(call.endpoint) → \(answer)",
                        rowID: call.id))
            }
            for notification in try NotificationRecord.filter(Column("out_trade_no") == outTradeNo).fetchAll(db) {
                let event = notification.eventType ?? "notification"
                let outcome = notification.outcome ?? notification.verdict
                entries.append(
                    TimelineEntry(
                        time: notification.receivedAt, kind: .notification, title: "\(event): \(outcome)",
                        rowID: notification.id))
            }
            for refund in try Self.refundRecords(orderID: orderID, in: db) {
                entries.append(
                    TimelineEntry(
                        time: refund.createdAt, kind: .refund,
                        title: "Refund \(refund.outRefundNo) \(AmountParser.formatYuan(refund.amount)) \(refund.status.rawValue)",
                        rowID: refund.id))
            }
            for snapshot in try SnapshotRecord.filter(Column("order_id") == orderID).fetchAll(db) {
                entries.append(
                    TimelineEntry(
                        time: snapshot.takenAt, kind: .snapshot,
                        title: "\(snapshot.kind.rawValue) snapshot from \(snapshot.source.rawValue)", rowID: snapshot.id))
            }
            for delivery in try WebhookDeliveryRecord.filter(Column("order_id") == orderID).fetchAll(db) {
                entries.append(
                    TimelineEntry(
                        time: delivery.lastAttemptAt ?? delivery.createdAt, kind: .webhook,
                        title: "Webhook \(delivery.event) \(delivery.status.rawValue) (\(delivery.attempts) attempts)",
                        rowID: delivery.id))
            }
            return entries.enumerated().sorted { left, right in
                left.element.time == right.element.time ? left.offset < right.offset : left.element.time < right.element.time
            }.map(\.element)
        }
    }
}
