import Foundation
import GRDB

/// One row of `refunds`.
public struct RefundRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "refunds"

    /// Row id; nil before insertion.
    public var id: Int64?
    /// The refunded order's row id.
    public var orderID: Int64
    /// Merchant refund number, unique.
    public var outRefundNo: String
    /// WeChat Pay's refund id, once known.
    public var refundID: String?
    /// Refund amount in fen.
    public var amount: Int
    /// ISO currency.
    public var currency: String
    /// Reason shown to the customer.
    public var reason: String?
    /// PROCESSING, SUCCESS, CLOSED or ABNORMAL.
    public var status: RefundState
    /// ORIGINAL, BALANCE, …
    public var channel: String?
    /// Funds account the refund is taken from.
    public var fundsAccount: String?
    /// Where the customer receives the money (e.g. 支付用户零钱).
    public var userReceivedAccount: String?
    /// What returns to the payer in fen.
    public var payerRefund: Int?
    /// When the refund was requested.
    public var createdAt: Date
    /// `success_time`.
    public var succeededAt: Date?
    /// Last write.
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, amount, currency, reason, status, channel
        case orderID = "order_id", outRefundNo = "out_refund_no", refundID = "refund_id"
        case fundsAccount = "funds_account", userReceivedAccount = "user_received_account"
        case payerRefund = "payer_refund", createdAt = "created_at", succeededAt = "succeeded_at"
        case updatedAt = "updated_at"
    }

    /// A new refund row.
    public init(
        orderID: Int64, outRefundNo: String, amount: Int, status: RefundState = .processing, reason: String? = nil,
        createdAt: Date, refundID: String? = nil, currency: String = "CNY", channel: String? = nil,
        fundsAccount: String? = nil, userReceivedAccount: String? = nil, payerRefund: Int? = nil,
        succeededAt: Date? = nil
    ) {
        self.id = nil
        self.orderID = orderID
        self.outRefundNo = outRefundNo
        self.refundID = refundID
        self.amount = amount
        self.currency = currency
        self.reason = reason
        self.status = status
        self.channel = channel
        self.fundsAccount = fundsAccount
        self.userReceivedAccount = userReceivedAccount
        self.payerRefund = payerRefund
        self.createdAt = createdAt
        self.succeededAt = succeededAt
        self.updatedAt = createdAt
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
