import Foundation
import GRDB

/// One row of `snapshots`: a transaction or refund object exactly as WeChat Pay returned it.
public struct SnapshotRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "snapshots"

    /// Which object the JSON is.
    public enum Kind: String, Codable, Sendable { case transaction, refund }
    /// Where it came from.
    public enum Source: String, Codable, Sendable { case query, notification, create, replay }

    /// Row id; nil before insertion.
    public var id: Int64?
    /// Transaction or refund.
    public var kind: Kind
    /// Query answer, notification, create answer or replay.
    public var source: Source
    /// The order row.
    public var orderID: Int64?
    /// The refund row, for refund objects.
    public var refundRowID: Int64?
    /// Order number.
    public var outTradeNo: String?
    /// Refund number.
    public var outRefundNo: String?
    /// The object's JSON.
    public var json: String
    /// When it was received.
    public var takenAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, source, json
        case orderID = "order_id", refundRowID = "refund_row_id", outTradeNo = "out_trade_no"
        case outRefundNo = "out_refund_no", takenAt = "taken_at"
    }

    /// A snapshot.
    public init(
        kind: Kind, source: Source, json: String, takenAt: Date, orderID: Int64? = nil, refundRowID: Int64? = nil,
        outTradeNo: String? = nil, outRefundNo: String? = nil
    ) {
        self.kind = kind
        self.source = source
        self.json = json
        self.takenAt = takenAt
        self.orderID = orderID
        self.refundRowID = refundRowID
        self.outTradeNo = outTradeNo
        self.outRefundNo = outRefundNo
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
