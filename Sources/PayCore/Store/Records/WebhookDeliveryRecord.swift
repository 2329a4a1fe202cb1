import Foundation
import GRDB

/// One row of `webhook_deliveries`: a PAID/REFUNDED event forwarded to the merchant's own system.
public struct WebhookDeliveryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "webhook_deliveries"

    /// Delivery state.
    public enum Status: String, Codable, Sendable {
        case pending = "PENDING", delivered = "DELIVERED", failed = "FAILED", gaveUp = "GAVE_UP"
    }

    /// Row id; nil before insertion.
    public var id: Int64?
    /// The order row.
    public var orderID: Int64
    /// Event name, e.g. PAID, REFUNDED.
    public var event: String
    /// Target URL.
    public var url: String
    /// JSON body sent.
    public var payload: String
    /// Delivery state.
    public var status: Status
    /// Attempts made.
    public var attempts: Int
    /// HTTP status of the last attempt.
    public var lastHTTPStatus: Int?
    /// Error of the last attempt.
    public var lastError: String?
    /// Creation instant.
    public var createdAt: Date
    /// Last attempt instant.
    public var lastAttemptAt: Date?
    /// When to try next.
    public var nextAttemptAt: Date?
    /// When delivered.
    public var deliveredAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, event, url, payload, status, attempts
        case orderID = "order_id", lastHTTPStatus = "last_http_status", lastError = "last_error"
        case createdAt = "created_at", lastAttemptAt = "last_attempt_at", nextAttemptAt = "next_attempt_at"
        case deliveredAt = "delivered_at"
    }

    /// A pending delivery due at `createdAt`.
    public init(orderID: Int64, event: String, url: String, payload: String, createdAt: Date) {
        self.orderID = orderID
        self.event = event
        self.url = url
        self.payload = payload
        self.status = .pending
        self.attempts = 0
        self.createdAt = createdAt
        self.nextAttemptAt = createdAt
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
