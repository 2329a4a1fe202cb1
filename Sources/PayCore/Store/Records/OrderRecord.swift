import Foundation
import GRDB

/// One row of `orders`: an order with its payment fields (see docs/data-model.md).
public struct OrderRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "orders"

    /// Stored instants decoded by integer arithmetic (`DatabaseTimestamp.date`): GRDB's default builds every date
    /// through a `Calendar` with an en_US_POSIX locale, which loads ICU, for five dates per row of every page.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { DatabaseTimestamp.date(from: $0) }
    }

    /// Row id; nil before insertion. Also the keyset tie-breaker.
    public var id: Int64?
    /// The merchant (interface configuration) the order belongs to.
    public var merchantID: Int64
    /// Merchant order number, unique.
    public var outTradeNo: String
    /// The caller's own order number (idempotency key), unique per merchant when present.
    public var businessNo: String?
    /// What the customer sees in WeChat.
    public var description: String
    /// Merchant data echoed by WeChat Pay.
    public var attach: String?
    /// NATIVE, JSAPI, APP, …
    public var tradeType: String
    /// Order amount in fen.
    public var total: Int
    /// ISO currency, CNY.
    public var currency: String
    /// Loyalty points used (kept from the seed tables; not sent to WeChat Pay).
    public var points: Int
    /// Service fee rate in parts per million, copied from the merchant at creation.
    public var feeRatePPM: Int
    /// Service fee in fen (`FeeCalculator`).
    public var fee: Int
    /// PayDesk status.
    public var status: OrderStatus
    /// Finer state inside PENDING (`PendingSubState` raw value).
    public var subState: String?
    /// Last raw `trade_state` from WeChat Pay.
    public var tradeState: String?
    /// Last `trade_state_desc`.
    public var tradeStateDescription: String?
    /// WeChat Pay's transaction id once paid.
    public var transactionID: String?
    /// Paying bank type.
    public var bankType: String?
    /// Payer's openid.
    public var payerOpenID: String?
    /// What the payer paid in fen (after coupons).
    public var payerTotal: Int?
    /// Native QR content.
    public var codeURL: String?
    /// JSAPI/APP prepay id.
    public var prepayID: String?
    /// Where WeChat Pay sends notifications for this order.
    public var notifyURL: String?
    /// Creation instant (UTC).
    public var createdAt: Date
    /// `time_expire`.
    public var expiresAt: Date?
    /// `success_time`.
    public var paidAt: Date?
    /// When the order was closed.
    public var closedAt: Date?
    /// `CloseReason` raw value.
    public var closeReason: String?
    /// Why the order failed.
    public var failureReason: String?
    /// Sum of SUCCESS refunds in fen.
    public var refundedTotal: Int
    /// Number of refunds that were not closed.
    public var refundCount: Int
    /// Comma-separated `OrderAlert` raw values.
    public var alertCodes: String
    /// Message of the latest alert.
    public var alertMessage: String?
    /// A query should be made soon.
    public var needsQuery: Bool
    /// Last write.
    public var updatedAt: Date
    /// Incremented on every write (optimistic checks, change detection).
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case id, description, attach, total, currency, points, fee, status, version
        case merchantID = "merchant_id", outTradeNo = "out_trade_no", businessNo = "business_no"
        case tradeType = "trade_type", feeRatePPM = "fee_rate_ppm", subState = "sub_state"
        case tradeState = "trade_state", tradeStateDescription = "trade_state_desc"
        case transactionID = "transaction_id", bankType = "bank_type", payerOpenID = "payer_openid"
        case payerTotal = "payer_total", codeURL = "code_url", prepayID = "prepay_id", notifyURL = "notify_url"
        case createdAt = "created_at", expiresAt = "expires_at", paidAt = "paid_at", closedAt = "closed_at"
        case closeReason = "close_reason", failureReason = "failure_reason", refundedTotal = "refunded_total"
        case refundCount = "refund_count", alertCodes = "alert_codes", alertMessage = "alert_message"
        case needsQuery = "needs_query", updatedAt = "updated_at"
    }

    /// A new CREATED order; the fee is computed from `feeRatePPM`.
    public init(
        merchantID: Int64, outTradeNo: String, description: String, total: Int, createdAt: Date,
        expiresAt: Date? = nil, businessNo: String? = nil, attach: String? = nil, tradeType: String = "NATIVE",
        currency: String = "CNY", points: Int = 0, feeRatePPM: Int = 0, notifyURL: String? = nil
    ) {
        self.id = nil
        self.merchantID = merchantID
        self.outTradeNo = outTradeNo
        self.businessNo = businessNo
        self.description = description
        self.attach = attach
        self.tradeType = tradeType
        self.total = total
        self.currency = currency
        self.points = points
        self.feeRatePPM = feeRatePPM
        self.fee = FeeCalculator.fee(total: total, ratePPM: feeRatePPM)
        self.status = .created
        self.notifyURL = notifyURL
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.refundedTotal = 0
        self.refundCount = 0
        self.alertCodes = ""
        self.needsQuery = false
        self.updatedAt = createdAt
        self.version = 1
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Reads a row column by column. GRDB would otherwise decode through `Decodable` (a keyed container per
    /// row, 37 boxed lookups): 12 % of an orders-pane key and the largest part of fetching an order for each
    /// notification in the ingest profile. `OrderRecordRowTests` checks it against the encoding, field by field.
    public init(row: Row) throws {
        id = row["id"]
        merchantID = row["merchant_id"]
        outTradeNo = row["out_trade_no"]
        businessNo = row["business_no"]
        description = row["description"]
        attach = row["attach"]
        tradeType = row["trade_type"]
        total = row["total"]
        currency = row["currency"]
        points = row["points"]
        feeRatePPM = row["fee_rate_ppm"]
        fee = row["fee"]
        let statusText: String = row["status"]
        guard let status = OrderStatus(rawValue: statusText) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "unknown order status \(statusText)")
        }
        self.status = status
        subState = row["sub_state"]
        tradeState = row["trade_state"]
        tradeStateDescription = row["trade_state_desc"]
        transactionID = row["transaction_id"]
        bankType = row["bank_type"]
        payerOpenID = row["payer_openid"]
        payerTotal = row["payer_total"]
        codeURL = row["code_url"]
        prepayID = row["prepay_id"]
        notifyURL = row["notify_url"]
        createdAt = try Self.date(row, "created_at")
        expiresAt = Self.optionalDate(row, "expires_at")
        paidAt = Self.optionalDate(row, "paid_at")
        closedAt = Self.optionalDate(row, "closed_at")
        closeReason = row["close_reason"]
        failureReason = row["failure_reason"]
        refundedTotal = row["refunded_total"]
        refundCount = row["refund_count"]
        alertCodes = row["alert_codes"]
        alertMessage = row["alert_message"]
        needsQuery = row["needs_query"]
        updatedAt = try Self.date(row, "updated_at")
        version = row["version"]
    }

    private static func optionalDate(_ row: Row, _ column: String) -> Date? {
        (row[column] as DatabaseValue?).flatMap(DatabaseTimestamp.date(from:))
    }

    private static func date(_ row: Row, _ column: String) throws -> Date {
        guard let date = optionalDate(row, column) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "orders.\(column) is not a timestamp")
        }
        return date
    }


    /// Open alerts decoded from `alertCodes`.
    public var alerts: [OrderAlert] {
        alertCodes.split(separator: ",").compactMap { OrderAlert(rawValue: String($0)) }
    }

    /// The order as the state machine sees it, with `refunds`.
    public func snapshot(refunds: [RefundRecord]) -> OrderSnapshot {
        OrderSnapshot(
            outTradeNo: outTradeNo, status: status, total: total, tradeState: tradeState,
            tradeStateDescription: tradeStateDescription, subState: subState.flatMap(PendingSubState.init(rawValue:)),
            transactionID: transactionID, payerOpenID: payerOpenID, payerTotal: payerTotal, codeURL: codeURL,
            prepayID: prepayID, paidAt: paidAt, closedAt: closedAt,
            closeReason: closeReason.flatMap(CloseReason.init(rawValue:)), failureReason: failureReason,
            alerts: alerts, needsQuery: needsQuery,
            refunds: refunds.map {
                RefundEntry(outRefundNo: $0.outRefundNo, amount: $0.amount, status: $0.status, refundID: $0.refundID)
            })
    }

    /// Copies what the state machine decided into this row.
    mutating func absorb(_ snapshot: OrderSnapshot, at now: Date) {
        status = snapshot.status
        subState = snapshot.subState?.rawValue
        tradeState = snapshot.tradeState
        tradeStateDescription = snapshot.tradeStateDescription
        transactionID = snapshot.transactionID
        payerOpenID = snapshot.payerOpenID
        payerTotal = snapshot.payerTotal
        codeURL = snapshot.codeURL
        prepayID = snapshot.prepayID
        paidAt = snapshot.paidAt
        closedAt = snapshot.closedAt
        closeReason = snapshot.closeReason?.rawValue
        failureReason = snapshot.failureReason
        refundedTotal = snapshot.refundedTotal
        refundCount = snapshot.refundCount
        alertCodes = snapshot.alerts.map(\.rawValue).joined(separator: ",")
        alertMessage = snapshot.alerts.last?.message
        needsQuery = snapshot.needsQuery
        updatedAt = now
        version += 1
    }
}
