import Foundation
import GRDB

/// One row of `webhook_attempts`: a single POST of a `webhook_deliveries` row and how it ended.
public struct WebhookAttemptRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "webhook_attempts"

    /// Row id; nil before insertion.
    public var id: Int64?
    /// The delivery this attempt belongs to.
    public var deliveryID: Int64
    /// 1 for the first attempt, 2 for the first retry, …
    public var number: Int
    /// When the POST was sent.
    public var attemptedAt: Date
    /// The receiver's HTTP status; nil when no answer came (connection refused, timeout).
    public var httpStatus: Int?
    /// Why it failed; nil on a 2xx answer.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, number, error
        case deliveryID = "delivery_id", attemptedAt = "attempted_at", httpStatus = "http_status"
    }

    /// An attempt of delivery `deliveryID`.
    public init(deliveryID: Int64, number: Int, attemptedAt: Date, httpStatus: Int?, error: String?) {
        self.deliveryID = deliveryID
        self.number = number
        self.attemptedAt = attemptedAt
        self.httpStatus = httpStatus
        self.error = error
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
