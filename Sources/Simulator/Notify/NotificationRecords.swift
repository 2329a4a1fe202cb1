import Foundation

/// One notification the platform owes a merchant, with its delivery progress (persisted).
public struct NotificationDelivery: Codable, Sendable, Equatable {
    /// How the body is sent and acknowledged.
    public enum Format: String, Codable, Sendable {
        /// v3 JSON envelope, signed headers; 200/204 acknowledges.
        case v3
        /// v2 XML; an XML answer with `return_code` SUCCESS acknowledges.
        case v2
    }

    /// Where the delivery stands.
    public enum State: String, Codable, Sendable {
        case pending, acknowledged, abandoned, dropped
    }

    public var id: String
    public var format: Format
    public var eventType: String
    public var url: String
    public var body: String
    public var outTradeNo: String
    public var outRefundNo: String?
    public var createdAt: Date
    public var attemptsMade: Int
    public var nextAttemptAt: Date
    public var state: State
}

/// One HTTP attempt to deliver a notification, with the merchant's answer.
public struct DeliveryAttempt: Codable, Sendable, Equatable {
    public var deliveryID: String
    /// 1 for the first attempt; duplicates and probes carry the number of the attempt they accompany.
    public var attempt: Int
    public var at: Date
    public var url: String
    public var eventType: String
    public var outTradeNo: String
    public var outRefundNo: String?
    /// HTTP status of the answer; nil when none came (timeout, connection refused, dropped).
    public var httpStatus: Int?
    public var error: String?
    public var answer: String
    public var durationMilliseconds: Int
    public var acknowledged: Bool
    /// A signature probe (`WECHATPAY/SIGNTEST/…`): the right answer is 4xx/5xx.
    public var probe: Bool
    /// An extra copy sent after acknowledgement (fault injection).
    public var duplicate: Bool

    /// JSON object for `GET /sim/notifications`.
    var json: [String: Any] {
        var object: [String: Any] = [
            "notification_id": deliveryID, "attempt": attempt, "time": BeijingTime.rfc3339(at),
            "timestamp": at.timeIntervalSince1970, "url": url, "event_type": eventType, "out_trade_no": outTradeNo,
            "answer": answer, "duration_ms": durationMilliseconds, "acknowledged": acknowledged, "probe": probe,
            "duplicate": duplicate,
        ]
        if let outRefundNo { object["out_refund_no"] = outRefundNo }
        object["http_status"] = httpStatus.map { $0 as Any } ?? NSNull()
        object["error"] = error.map { $0 as Any } ?? NSNull()
        return object
    }
}
