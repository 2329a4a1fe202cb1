import Foundation
import GRDB

/// The writes of the notification path as hand-written statements, prepared once per connection.
///
/// GRDB's record persistence (`insert`, `update`) encodes every column through `Codable`, builds a DAO and
/// hashes column names on each call; in the ingest profile that was about half of the writer thread's time
/// (docs/performance.md). These statements bind the values directly. `update` also wrote every column, so SQLite
/// rewrote the entry of every index on `orders`; `updateState` sets only the columns the state machine owns.
/// Round-trip tests (HotWritesTests) check each against GRDB's own encoding of the same record.
enum HotWrites {
    /// `INSERT INTO table (c1, …) VALUES (?, …)`.
    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// A date as stored (GRDB's text, without its `DateFormatter`).
    static func stored(_ date: Date?) -> String? { date.map(DatabaseTimestamp.text) }
}

extension NotificationRecord {
    private static let insertColumns = [
        "received_at", "protocol", "path", "remote_address", "headers_json", "body", "notification_id", "event_type",
        "resource_type", "summary", "out_trade_no", "out_refund_no", "verdict", "verdict_detail", "decrypt_verdict",
        "decrypted_resource", "outcome", "outcome_detail", "http_status", "delivery_count", "duplicate_of",
        "processed_at",
    ]
    private static let insertSQL = HotWrites.insertSQL(databaseTableName, insertColumns)

    /// Inserts the row (a new id) with a prepared statement; same result as `insert(db)`.
    mutating func insertFast(_ db: Database) throws {
        let values: [(any DatabaseValueConvertible)?] = [
            HotWrites.stored(receivedAt), protocolVersion, path, remoteAddress, headersJSON, body, notificationID, eventType,
            resourceType, summary, outTradeNo, outRefundNo, verdict, verdictDetail, decryptVerdict,
            decryptedResource, outcome, outcomeDetail, httpStatus, deliveryCount, duplicateOf, HotWrites.stored(processedAt),
        ]
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(values))
        id = db.lastInsertedRowID
    }

    /// Writes what applying a queued row decides (verdict, outcome, duplicate link, processing time); the raw
    /// delivery and what decryption learned were stored when it was queued.
    func updateOutcome(_ db: Database) throws {
        guard let id else { throw StoreError.refused("notification row has no id") }
        let statement = try db.cachedStatement(
            sql: """
                UPDATE notifications SET verdict = ?, verdict_detail = ?, decrypt_verdict = ?, outcome = ?,
                outcome_detail = ?, http_status = ?, duplicate_of = ?, processed_at = ? WHERE id = ?
                """)
        let values: [(any DatabaseValueConvertible)?] = [
            verdict, verdictDetail, decryptVerdict, outcome, outcomeDetail, httpStatus, duplicateOf,
            HotWrites.stored(processedAt), id,
        ]
        try statement.execute(arguments: StatementArguments(values))
    }
}

extension SnapshotRecord {
    private static let insertSQL = HotWrites.insertSQL(
        databaseTableName,
        ["kind", "source", "order_id", "refund_row_id", "out_trade_no", "out_refund_no", "json", "taken_at"])

    /// Inserts the row (a new id) with a prepared statement; same result as `insert(db)`.
    mutating func insertFast(_ db: Database) throws {
        let values: [(any DatabaseValueConvertible)?] = [
            kind.rawValue, source.rawValue, orderID, refundRowID, outTradeNo, outRefundNo, json, HotWrites.stored(takenAt),
        ]
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(values))
        id = db.lastInsertedRowID
    }
}

extension OrderRecord {
    /// Writes the columns `absorb(_:at:)` sets — the state machine's — and nothing else.
    func updateState(_ db: Database) throws {
        guard let id else { throw StoreError.orderNotFound(outTradeNo) }
        let statement = try db.cachedStatement(
            sql: """
                UPDATE orders SET status = ?, sub_state = ?, trade_state = ?, trade_state_desc = ?, transaction_id = ?,
                payer_openid = ?, payer_total = ?, code_url = ?, prepay_id = ?, paid_at = ?, closed_at = ?,
                close_reason = ?, failure_reason = ?, refunded_total = ?, refund_count = ?, alert_codes = ?,
                alert_message = ?, needs_query = ?, updated_at = ?, version = ? WHERE id = ?
                """)
        let values: [(any DatabaseValueConvertible)?] = [
            status.rawValue, subState, tradeState, tradeStateDescription, transactionID, payerOpenID, payerTotal,
            codeURL, prepayID, HotWrites.stored(paidAt), HotWrites.stored(closedAt), closeReason, failureReason,
            refundedTotal, refundCount, alertCodes, alertMessage, needsQuery, HotWrites.stored(updatedAt), version, id,
        ]
        try statement.execute(arguments: StatementArguments(values))
    }
}
