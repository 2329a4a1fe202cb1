import Foundation
import GRDB
import GRDBSQLite

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

/// A hot statement's values bound in parameter order straight through SQLite's C API, then run by GRDB.
///
/// `StatementArguments` boxes every value into a `DatabaseValue`, and GRDB checks the arguments against the
/// statement's parameters on each call: in the ingest profile that was a sixth of the writer thread, two fifths of
/// the notification insert (docs/performance.md, "Notification ingestion", item 10).
/// Values are bound as GRDB binds them (text copied, NUL-terminated; 64-bit integers), and GRDB still steps the
/// statement (`execute()`), so its transaction bookkeeping and error reporting are unchanged:
/// `setUncheckedArguments` with no values tells it the parameters are bound.
struct HandBoundStatement {
    private let statement: Statement
    private var parameter: Int32 = 0
    private var failure: Int32 = SQLITE_OK

    /// The cached statement for `sql`, reset and with no values bound yet.
    init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        statement.setUncheckedArguments(StatementArguments())
    }

    mutating func bind(_ value: String?) {
        next { statement, index in
            guard let value else { return sqlite3_bind_null(statement, index) }
            return sqlite3_bind_text(statement, index, value, -1, Self.transient)
        }
    }

    mutating func bind(_ value: Int64?) {
        next { statement, index in
            guard let value else { return sqlite3_bind_null(statement, index) }
            return sqlite3_bind_int64(statement, index, value)
        }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    /// Runs the statement once every parameter has its value.
    func execute() throws {
        let expected = sqlite3_bind_parameter_count(statement.sqliteStatement)
        guard failure == SQLITE_OK, parameter == expected else {
            throw StoreError.refused(
                "binding \(parameter) of \(expected) values failed (SQLite code \(failure)): \(statement.sql)")
        }
        try statement.execute()
    }

    private mutating func next(_ bind: (SQLiteStatement, Int32) -> Int32) {
        parameter += 1
        let code = bind(statement.sqliteStatement, parameter)
        if code != SQLITE_OK, failure == SQLITE_OK { failure = code }
    }

    /// SQLite's `SQLITE_TRANSIENT`: copy the text now (the Swift string's buffer is temporary).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
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
        var statement = try HandBoundStatement(Self.insertSQL, in: db)
        for text in [HotWrites.stored(receivedAt), protocolVersion, path, remoteAddress, headersJSON, body, notificationID,
                     eventType, resourceType, summary, outTradeNo, outRefundNo, verdict, verdictDetail, decryptVerdict,
                     decryptedResource, outcome, outcomeDetail] {
            statement.bind(text)
        }
        statement.bind(httpStatus)
        statement.bind(deliveryCount)
        statement.bind(duplicateOf)
        statement.bind(HotWrites.stored(processedAt))
        try statement.execute()
        id = db.lastInsertedRowID
    }

    /// Writes what applying a queued row decides (verdict, outcome, duplicate link, processing time); the raw
    /// delivery and what decryption learned were stored when it was queued.
    func updateOutcome(_ db: Database) throws {
        guard let id else { throw StoreError.refused("notification row has no id") }
        var statement = try HandBoundStatement(
            """
            UPDATE notifications SET verdict = ?, verdict_detail = ?, decrypt_verdict = ?, outcome = ?,
            outcome_detail = ?, http_status = ?, duplicate_of = ?, processed_at = ? WHERE id = ?
            """, in: db)
        for text in [verdict, verdictDetail, decryptVerdict, outcome, outcomeDetail] { statement.bind(text) }
        statement.bind(httpStatus)
        statement.bind(duplicateOf)
        statement.bind(HotWrites.stored(processedAt))
        statement.bind(id)
        try statement.execute()
    }
}

extension SnapshotRecord {
    private static let insertSQL = HotWrites.insertSQL(
        databaseTableName,
        ["kind", "source", "order_id", "refund_row_id", "out_trade_no", "out_refund_no", "json", "taken_at"])

    /// Inserts the row (a new id) with a prepared statement; same result as `insert(db)`.
    mutating func insertFast(_ db: Database) throws {
        var statement = try HandBoundStatement(Self.insertSQL, in: db)
        statement.bind(kind.rawValue)
        statement.bind(source.rawValue)
        statement.bind(orderID)
        statement.bind(refundRowID)
        for text in [outTradeNo, outRefundNo, json, HotWrites.stored(takenAt)] { statement.bind(text) }
        try statement.execute()
        id = db.lastInsertedRowID
    }
}

extension OrderRecord {
    /// Writes the columns `absorb(_:at:)` sets — the state machine's — and nothing else.
    func updateState(_ db: Database) throws {
        guard let id else { throw StoreError.orderNotFound(outTradeNo) }
        var statement = try HandBoundStatement(
            """
            UPDATE orders SET status = ?, sub_state = ?, trade_state = ?, trade_state_desc = ?, transaction_id = ?,
            payer_openid = ?, payer_total = ?, code_url = ?, prepay_id = ?, paid_at = ?, closed_at = ?,
            close_reason = ?, failure_reason = ?, refunded_total = ?, refund_count = ?, alert_codes = ?,
            alert_message = ?, needs_query = ?, updated_at = ?, version = ? WHERE id = ?
            """, in: db)
        for text in [status.rawValue, subState, tradeState, tradeStateDescription, transactionID, payerOpenID] {
            statement.bind(text)
        }
        statement.bind(payerTotal)
        for text in [codeURL, prepayID, HotWrites.stored(paidAt), HotWrites.stored(closedAt), closeReason, failureReason] {
            statement.bind(text)
        }
        statement.bind(refundedTotal)
        statement.bind(refundCount)
        statement.bind(alertCodes)
        statement.bind(alertMessage)
        statement.bind(needsQuery ? 1 : 0)
        statement.bind(HotWrites.stored(updatedAt))
        statement.bind(version)
        statement.bind(id)
        try statement.execute()
    }
}
