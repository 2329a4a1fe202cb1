import Foundation
import GRDB

extension Store {
    // MARK: - API calls

    /// Records an outbound call; fills `orderID` from `outTradeNo` when the order is stored.
    @discardableResult
    public func insertAPICall(_ call: APICallRecordRow) throws -> APICallRecordRow {
        try write { db in
            var call = call
            if call.orderID == nil, let outTradeNo = call.outTradeNo {
                call.orderID = try Self.order(outTradeNo: outTradeNo, in: db)?.id
            }
            try call.insert(db)
            return call
        }
    }

    /// Calls about one order (by row or number), oldest first.
    public func apiCalls(outTradeNo: String) throws -> [APICallRecordRow] {
        try read { db in
            try APICallRecordRow.filter(Column("out_trade_no") == outTradeNo)
                .order(Column("started_at"), Column("id")).fetchAll(db)
        }
    }

    /// The latest calls of all kinds, newest first.
    public func recentAPICalls(limit: Int = 100) throws -> [APICallRecordRow] {
        try read { db in
            try APICallRecordRow.order(Column("started_at").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    // MARK: - Snapshots

    /// Stores a transaction or refund object; fills `orderID` from `outTradeNo` when the order is stored.
    @discardableResult
    public func insertSnapshot(_ snapshot: SnapshotRecord) throws -> SnapshotRecord {
        try write { db in try Self.insertSnapshot(snapshot, in: db) }
    }

    /// Stores a snapshot inside a caller's transaction.
    public static func insertSnapshot(_ snapshot: SnapshotRecord, in db: Database) throws -> SnapshotRecord {
        var snapshot = snapshot
        if snapshot.orderID == nil, let outTradeNo = snapshot.outTradeNo {
            snapshot.orderID = try order(outTradeNo: outTradeNo, in: db)?.id
        }
        if snapshot.refundRowID == nil, let outRefundNo = snapshot.outRefundNo {
            snapshot.refundRowID = try refund(outRefundNo: outRefundNo, in: db)?.id
        }
        try snapshot.insertFast(db)
        return snapshot
    }

    /// Snapshots of one order, oldest first.
    public func snapshots(outTradeNo: String) throws -> [SnapshotRecord] {
        try read { db in
            try SnapshotRecord.filter(Column("out_trade_no") == outTradeNo)
                .order(Column("taken_at"), Column("id")).fetchAll(db)
        }
    }

    // MARK: - Webhook deliveries

    /// Queues a delivery; a second one for the same order, event and URL is ignored and the stored one returned.
    @discardableResult
    public func enqueueWebhookDelivery(_ delivery: WebhookDeliveryRecord) throws -> WebhookDeliveryRecord {
        try write { db in
            if let existing = try WebhookDeliveryRecord.filter(
                Column("order_id") == delivery.orderID && Column("event") == delivery.event
                    && Column("url") == delivery.url
            ).fetchOne(db) {
                return existing
            }
            var delivery = delivery
            try delivery.insert(db)
            return delivery
        }
    }

    /// Saves the result of an attempt: the delivery's new state and the attempt's own row, in one transaction.
    public func recordWebhookAttempt(_ delivery: WebhookDeliveryRecord, _ attempt: WebhookAttemptRecord) throws {
        try write { db in
            try delivery.update(db)
            var attempt = attempt
            try attempt.insert(db)
        }
    }

    /// Every attempt of one delivery, first first.
    public func webhookAttempts(deliveryID: Int64) throws -> [WebhookAttemptRecord] {
        try read { db in
            try WebhookAttemptRecord.filter(Column("delivery_id") == deliveryID).order(Column("number")).fetchAll(db)
        }
    }

    /// PENDING or FAILED deliveries due at `now`, soonest first.
    public func dueWebhookDeliveries(now: Date = Date(), limit: Int = 50) throws -> [WebhookDeliveryRecord] {
        try read { db in
            try WebhookDeliveryRecord
                .filter(["PENDING", "FAILED"].contains(Column("status")) && Column("next_attempt_at") <= now)
                .order(Column("next_attempt_at")).limit(limit).fetchAll(db)
        }
    }

    /// Deliveries for one order, oldest first.
    public func webhookDeliveries(orderID: Int64) throws -> [WebhookDeliveryRecord] {
        try read { db in
            try WebhookDeliveryRecord.filter(Column("order_id") == orderID).order(Column("created_at")).fetchAll(db)
        }
    }
}
