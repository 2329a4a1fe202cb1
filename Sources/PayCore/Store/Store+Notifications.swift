import Foundation
import GRDB

extension Store {
    /// Stores a delivery exactly as received, before any check, and returns it with its id.
    public func insertRawNotification(_ notification: NotificationRecord) throws -> NotificationRecord {
        try write { db in
            var notification = notification
            try notification.insert(db)
            return notification
        }
    }

    /// Saves verdicts and outcome of a stored notification (all columns of `notification`).
    public func updateNotification(_ notification: NotificationRecord) throws {
        try write { db in try notification.update(db) }
    }

    /// Saves a notification inside a caller's transaction (e.g. together with `applyFact`).
    public static func updateNotification(_ notification: NotificationRecord, in db: Database) throws {
        try notification.update(db)
    }

    /// Raises `alert` on `order` with a specific `message` inside a caller's transaction (no status change: the
    /// state machine is not involved) and returns the order as written. An alert already open is not repeated,
    /// but the message is updated.
    static func raiseAlert(
        _ alert: OrderAlert, message: String, on order: OrderRecord, now: Date, in db: Database
    ) throws -> OrderRecord {
        var order = order
        if !order.alerts.contains(alert) {
            order.alertCodes = (order.alerts + [alert]).map(\.rawValue).joined(separator: ",")
        }
        order.alertMessage = message
        order.updatedAt = now
        order.version += 1
        try order.update(db)
        return order
    }

    /// The stored notification with row id `id`.
    public func notification(id: Int64) throws -> NotificationRecord? {
        try read { db in try NotificationRecord.fetchOne(db, key: id) }
    }

    /// Deliveries acknowledged but not applied yet (outcome `queued`; a partial index holds exactly those rows).
    public func queuedNotificationCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications WHERE outcome = 'queued'") ?? 0 }
    }

    /// Marks `duplicate` as a repeat of `original` and counts the delivery on the original, in one transaction.
    public func recordDuplicate(_ duplicate: NotificationRecord, of originalID: Int64) throws {
        try write { db in
            var duplicate = duplicate
            duplicate.duplicateOf = originalID
            try duplicate.update(db)
            try db.execute(
                sql: "UPDATE notifications SET delivery_count = delivery_count + 1 WHERE id = ?", arguments: [originalID])
        }
    }

    /// Newest notifications first, optionally only those with `verdict` and those whose event type starts with
    /// `eventTypePrefix` (`TRANSACTION.`, `REFUND.`; matched literally, bound as an argument).
    public func notifications(verdict: String? = nil, eventTypePrefix: String? = nil, limit: Int = 100) throws
        -> [NotificationRecord]
    {
        try read { db in
            var request = NotificationRecord.all()
            if let verdict { request = request.filter(Column("verdict") == verdict) }
            if let eventTypePrefix {
                request = request.filter(sql: "substr(event_type, 1, ?) = ?",
                                         arguments: [eventTypePrefix.count, eventTypePrefix])
            }
            return try request.order(Column("received_at").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// Notifications about one order, oldest first.
    public func notifications(outTradeNo: String) throws -> [NotificationRecord] {
        try read { db in
            try NotificationRecord.filter(Column("out_trade_no") == outTradeNo)
                .order(Column("received_at"), Column("id")).fetchAll(db)
        }
    }
}
