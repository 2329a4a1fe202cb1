import Foundation
import GRDB

/// One row of `api_calls`: an outbound WeChat Pay call, secrets already redacted by the caller.
public struct APICallRecordRow: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "api_calls"

    /// Row id; nil before insertion.
    public var id: Int64?
    /// The order row, when the call concerns a stored order.
    public var orderID: Int64?
    /// The order number the call concerns, even without an order row.
    public var outTradeNo: String?
    /// The refund number the call concerns.
    public var outRefundNo: String?
    /// Short name: prepay, query, close, refund, refund-query, certificates, bill, …
    public var operation: String
    /// HTTP method.
    public var method: String
    /// Path and query.
    public var endpoint: String
    /// Request body, redacted.
    public var requestBody: String?
    /// `Request-ID` answered by WeChat Pay.
    public var requestID: String?
    /// HTTP status; nil when the transport failed.
    public var httpStatus: Int?
    /// WeChat Pay error `code` or transport error name.
    public var errorCode: String?
    /// Error message.
    public var errorMessage: String?
    /// Response body.
    public var responseBody: String?
    /// Round trip in milliseconds.
    public var latencyMilliseconds: Int?
    /// When the call started.
    public var startedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, operation, method, endpoint
        case orderID = "order_id", outTradeNo = "out_trade_no", outRefundNo = "out_refund_no"
        case requestBody = "request_body", requestID = "request_id", httpStatus = "http_status"
        case errorCode = "error_code", errorMessage = "error_message", responseBody = "response_body"
        case latencyMilliseconds = "latency_ms", startedAt = "started_at"
    }

    /// A call record.
    public init(
        operation: String, method: String, endpoint: String, startedAt: Date, orderID: Int64? = nil,
        outTradeNo: String? = nil, outRefundNo: String? = nil, requestBody: String? = nil, requestID: String? = nil,
        httpStatus: Int? = nil, errorCode: String? = nil, errorMessage: String? = nil, responseBody: String? = nil,
        latencyMilliseconds: Int? = nil
    ) {
        self.operation = operation
        self.method = method
        self.endpoint = endpoint
        self.startedAt = startedAt
        self.orderID = orderID
        self.outTradeNo = outTradeNo
        self.outRefundNo = outRefundNo
        self.requestBody = requestBody
        self.requestID = requestID
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.responseBody = responseBody
        self.latencyMilliseconds = latencyMilliseconds
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
