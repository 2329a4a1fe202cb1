import Foundation
import GRDB
import WeChatPay

/// The database half of the notification pipeline, run inside one group-commit batch: duplicate check, order
/// checks, state machine, snapshot, and the notification row itself (raw body and headers with the verdict).
///
/// The state-machine work is isolated (`BatchIsolation`): if it throws, only it is rolled back and the delivery is
/// still stored, with outcome `error` and status 500, so the failure is on record and WeChat Pay retries.
struct NotificationSettlement: Sendable {
    let configuration: PayDeskConfiguration
    let now: Date
    let source: SnapshotRecord.Source
    let judgement: Judgement

    /// What the batch wrote, to publish once it committed.
    struct Result: Sendable {
        var record: NotificationRecord
        /// The order as written, when the delivery changed it (state machine or alert).
        var order: OrderRecord?
        /// The state-machine transition, when it applied.
        var transition: Transition?
        /// Refunds written by this delivery.
        var refunds: [RefundRecord] = []
        /// Alerts to publish: order number and message.
        var alerts: [(outTradeNo: String, message: String)] = []
    }

    /// Settles a new delivery and inserts its row.
    func run(_ raw: NotificationRecord, in db: Database, isolation: BatchIsolation) throws -> Result {
        var result = try settle(raw, in: db, isolation: isolation)
        try result.record.insertFast(db)
        return result
    }

    /// Settles a delivery stored earlier as `queued` and completes its row; nil when it is no longer queued (another
    /// process sharing the database applied it first). Its HTTP status stays the 200 it was answered with, whatever
    /// applying it decides now: a mismatch or a failure is on record (and alerted) but was acknowledged.
    func runQueued(_ stored: NotificationRecord, in db: Database, isolation: BatchIsolation) throws -> Result? {
        guard let id = stored.id,
            try String.fetchOne(db.cachedStatement(sql: "SELECT outcome FROM notifications WHERE id = ?"), arguments: [id])
                == NotificationVerdict.Outcome.queued
        else { return nil }
        var result = try settle(stored, in: db, isolation: isolation)
        result.record.httpStatus = stored.httpStatus
        try result.record.updateOutcome(db)
        return result
    }

    /// Stores a verified delivery without applying it: the `queued` row, answered 200 once its batch committed.
    /// The state machine sees it later, in arrival order (`NotificationIngestor.applyBacklog`).
    static func queue(_ raw: NotificationRecord, in db: Database) throws -> Result {
        var record = raw
        record.verdict = NotificationVerdict.verified
        finish(&record, outcome: NotificationVerdict.Outcome.queued, detail: "stored; applied when the writer catches up",
               status: 200)
        try record.insertFast(db)
        return Result(record: record)
    }

    private func settle(_ raw: NotificationRecord, in db: Database, isolation: BatchIsolation) throws -> Result {
        var result = Result(record: raw)
        switch judgement.action {
        case .reject(let status, let detail, let message):
            Self.reject(&result.record, status: status, detail: detail, message: message)
        case .apply(let action):
            if let original = try Self.firstDelivery(of: result.record, in: db) {
                result.record.verdict = NotificationVerdict.verified
                result.record.duplicateOf = original
                Self.finish(&result.record, outcome: NotificationVerdict.Outcome.duplicate,
                            detail: "already processed as #\(original)", status: 200)
                try db.cachedStatement(sql: "UPDATE notifications SET delivery_count = delivery_count + 1 WHERE id = ?")
                    .execute(arguments: [original])
            } else {
                try apply(action, to: &result, in: db, isolation: isolation)
            }
        }
        result.record.processedAt = now
        return result
    }

    /// Row id of an earlier, acknowledged delivery of the same notification id.
    private static func firstDelivery(of record: NotificationRecord, in db: Database) throws -> Int64? {
        guard let notificationID = record.notificationID else { return nil }
        return try Int64.fetchOne(db.cachedStatement(sql: firstDeliverySQL), arguments: [notificationID])
    }

    /// Its conditions are those of the partial index `notifications_first_delivery` (migration v5), word for word,
    /// which is what lets SQLite use that index.
    static let firstDeliverySQL = """
        SELECT id FROM notifications WHERE notification_id = ? AND duplicate_of IS NULL
        AND outcome IN ('applied', 'ignored') ORDER BY id LIMIT 1
        """

    /// Checks the facts against the order, then applies them (isolated) and fills the row's outcome.
    private func apply(_ action: ApplyAction, to result: inout Result, in db: Database, isolation: BatchIsolation) throws {
        result.record.verdict = NotificationVerdict.verified
        guard let order = try Store.order(outTradeNo: action.outTradeNo, in: db) else {
            Self.finish(&result.record, outcome: NotificationVerdict.Outcome.ignored,
                        detail: "unknown order \(action.outTradeNo)", status: 200)
            return
        }
        let mismatches = try self.mismatches(action, order: order, in: db)
        guard mismatches.isEmpty else {
            let message = "notification does not match the order: " + mismatches.joined(separator: ", ")
            result.order = try Store.raiseAlert(.notificationMismatch, message: message, on: order, now: now, in: db)
            result.alerts.append((order.outTradeNo, message))
            Self.reject(&result.record, status: 400, detail: "mismatch", message: message)
            return
        }
        let snapshot = SnapshotRecord(
            kind: action.refund == nil ? .transaction : .refund, source: source, json: action.snapshotJSON,
            takenAt: now, orderID: order.id, outTradeNo: action.outTradeNo, outRefundNo: action.refund?.outRefundNo)
        do {
            try isolation.isolated(db) {
                let transition = try Store.applyFact(to: order, fact: action.fact, now: now, in: db)
                if let refund = action.refund { try Self.saveRefundDetails(refund, in: db) }
                _ = try Store.insertSnapshot(snapshot, in: db)
                switch transition.outcome {
                case .applied:
                    Self.finish(&result.record, outcome: NotificationVerdict.Outcome.applied,
                                detail: "\(transition.from.rawValue) → \(transition.to.rawValue)", status: 200)
                    // The row applyFact just wrote: the same row read in this transaction, absorbing the same
                    // snapshot at the same instant (saves reading it back).
                    var updated = order
                    updated.absorb(transition.order, at: now)
                    result.order = updated
                    result.transition = transition
                    // The refund this notification is about, as stored now. (Selecting by `updatedAt >= the
                    // order's` missed it whenever the in-memory instant carried more precision than the stored
                    // milliseconds, and the refund pane never saw SUCCESS.)
                    if let refund = action.refund, let orderID = updated.id {
                        result.refunds = try Store.refundRecords(orderID: orderID, in: db)
                            .filter { $0.outRefundNo == refund.outRefundNo }
                    }
                case .unchanged:
                    Self.finish(&result.record, outcome: NotificationVerdict.Outcome.ignored,
                                detail: "already known (\(transition.to.rawValue))", status: 200)
                case .refused(let reason):
                    Self.finish(&result.record, outcome: NotificationVerdict.Outcome.ignored,
                                detail: "refused by the state machine: \(reason)", status: 200)
                }
            }
        } catch {
            result.order = nil
            result.transition = nil
            result.refunds = []
            Self.finish(&result.record, outcome: NotificationVerdict.Outcome.error, detail: "\(error)", status: 500)
            return
        }
        if let refund = action.refund, refund.status == "ABNORMAL" {
            result.alerts.append(
                (action.outTradeNo, "refund \(refund.outRefundNo) is ABNORMAL: apply for an abnormal refund"))
        }
    }

    /// Merchant, app, sub-merchant and amounts that differ from the configuration and the order.
    private func mismatches(_ action: ApplyAction, order: OrderRecord, in db: Database) throws -> [String] {
        var mismatches: [String] = []
        if let mchid = action.mchid, mchid != configuration.mchid { mismatches.append("mchid \(mchid)") }
        if let appid = action.appid, appid != configuration.appid { mismatches.append("appid \(appid)") }
        if let subMchid = action.subMchid, let partner = configuration.partner, subMchid != partner.subMchid {
            mismatches.append("sub_mchid \(subMchid)")
        }
        if let total = action.total, total != order.total {
            mismatches.append("amount \(total) fen, order is \(order.total) fen")
        }
        if let refund = action.refund, let amount = action.refundAmount,
            let stored = try Store.refund(outRefundNo: refund.outRefundNo, in: db),
            stored.amount != amount
        {
            mismatches.append("refund amount \(amount) fen, requested \(stored.amount) fen")
        }
        return mismatches
    }

    /// Stores refund fields learned from a notification (status itself moves through the state machine).
    private static func saveRefundDetails(_ refund: GatewayRefund, in db: Database) throws {
        guard var stored = try Store.refund(outRefundNo: refund.outRefundNo, in: db) else {
            return
        }
        stored.refundID = refund.refundID ?? stored.refundID
        stored.userReceivedAccount = refund.userReceivedAccount ?? stored.userReceivedAccount
        stored.payerRefund = refund.payerRefund ?? stored.payerRefund
        stored.succeededAt = refund.successTime ?? stored.succeededAt
        try stored.update(db)
    }

    private static func reject(_ record: inout NotificationRecord, status: Int, detail: String, message: String) {
        record.verdict = NotificationVerdict.rejected
        record.verdictDetail = detail
        if record.decryptVerdict == nil { record.decryptVerdict = NotificationVerdict.Decrypt.skipped }
        finish(&record, outcome: NotificationVerdict.Outcome.rejected, detail: message, status: status)
    }

    private static func finish(_ record: inout NotificationRecord, outcome: String, detail: String, status: Int) {
        record.outcome = outcome
        record.outcomeDetail = detail
        record.httpStatus = status
    }
}
