import Foundation
import GRDB

/// One row of `notifications`: an inbound delivery, inserted raw before any check, then completed.
///
/// `verdict` starts `PENDING`; the ingestor sets `verified` or `rejected` (why in `verdict_detail`), and `outcome`
/// is `applied`, `duplicate`, `rejected`, `ignored` or `error` — or `queued` until a delivery stored during a storm
/// is applied: the lower-case constants of `NotificationVerdict`.
public struct NotificationRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "notifications"

    /// Row id; nil before insertion.
    public var id: Int64?
    /// Arrival instant.
    public var receivedAt: Date
    /// `v3` or `v2`.
    public var protocolVersion: String
    /// Request path.
    public var path: String?
    /// Peer address.
    public var remoteAddress: String?
    /// Request headers as a JSON object.
    public var headersJSON: String
    /// Raw body.
    public var body: String
    /// Envelope `id`.
    public var notificationID: String?
    /// `event_type`, e.g. TRANSACTION.SUCCESS.
    public var eventType: String?
    /// `resource_type`.
    public var resourceType: String?
    /// `summary`.
    public var summary: String?
    /// Order number from the decrypted resource.
    public var outTradeNo: String?
    /// Refund number from the decrypted resource.
    public var outRefundNo: String?
    /// Signature/envelope verdict.
    public var verdict: String
    /// Why, when rejected.
    public var verdictDetail: String?
    /// AEAD decryption verdict.
    public var decryptVerdict: String?
    /// Decrypted resource JSON (plaintext of the payment/refund object).
    public var decryptedResource: String?
    /// What the core did.
    public var outcome: String?
    /// Details of the outcome.
    public var outcomeDetail: String?
    /// HTTP status answered.
    public var httpStatus: Int?
    /// Deliveries of this notification id (the first row counts its duplicates).
    public var deliveryCount: Int
    /// For a duplicate, the row of the first delivery.
    public var duplicateOf: Int64?
    /// When processing finished.
    public var processedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, path, body, summary, verdict, outcome
        case receivedAt = "received_at", protocolVersion = "protocol", remoteAddress = "remote_address"
        case headersJSON = "headers_json", notificationID = "notification_id", eventType = "event_type"
        case resourceType = "resource_type", outTradeNo = "out_trade_no", outRefundNo = "out_refund_no"
        case verdictDetail = "verdict_detail", decryptVerdict = "decrypt_verdict"
        case decryptedResource = "decrypted_resource", outcomeDetail = "outcome_detail"
        case httpStatus = "http_status", deliveryCount = "delivery_count", duplicateOf = "duplicate_of"
        case processedAt = "processed_at"
    }

    /// A raw delivery, verdict `PENDING`.
    public init(
        receivedAt: Date, headersJSON: String, body: String, protocolVersion: String = "v3", path: String? = nil,
        remoteAddress: String? = nil
    ) {
        self.receivedAt = receivedAt
        self.headersJSON = headersJSON
        self.body = body
        self.protocolVersion = protocolVersion
        self.path = path
        self.remoteAddress = remoteAddress
        self.verdict = "PENDING"
        self.deliveryCount = 1
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
