import Foundation

/// Which API generation created an order (it decides the notification format).
public enum APIGeneration: String, Codable, Sendable { case v3, v2 }

/// An order as the simulated platform keeps it.
public struct SimOrder: Codable, Sendable, Equatable {
    public var outTradeNo: String
    public var generation: APIGeneration
    public var tradeType: String
    /// `appid` (direct) or `sp_appid` (partner).
    public var appid: String
    /// `mchid` (direct) or `sp_mchid` (partner).
    public var mchid: String
    public var subAppid: String?
    public var subMchid: String?
    public var description: String
    public var attach: String?
    public var notifyURL: String
    public var total: Int
    public var currency: String
    /// The openid given at prepay (JSAPI); the payer of a paid order is `payerOpenid`.
    public var requestedOpenid: String?
    public var codeURL: String?
    public var prepayID: String?
    public var createdAt: Date
    public var timeExpire: Date
    /// Canonical form of the prepay parameters: a re-submission must match it exactly.
    public var fingerprint: String
    /// v2 `sign_type` of the unifiedorder call, reused to sign its notification.
    public var v2SignType: String?
    public var tradeState: String
    public var tradeStateDesc: String
    public var transactionID: String?
    public var successTime: Date?
    public var payerOpenid: String?
    public var payerTotal: Int?
    public var closedAt: Date?

    public var isPartner: Bool { subMchid != nil }

    /// NOTPAY or USERPAYING: payable, and closed when `time_expire` passes.
    public var awaitsPayment: Bool { tradeState == "NOTPAY" || tradeState == "USERPAYING" }
}

/// A refund as the simulated platform keeps it.
public struct SimRefund: Codable, Sendable, Equatable {
    public var refundID: String
    public var outRefundNo: String
    public var outTradeNo: String
    public var transactionID: String
    public var generation: APIGeneration
    public var subMchid: String?
    public var reason: String?
    public var notifyURL: String?
    public var refund: Int
    public var total: Int
    public var currency: String
    public var status: String
    public var createdAt: Date
    public var successTime: Date?
    /// When an auto-settle delay is configured, the instant it turns SUCCESS.
    public var settleAt: Date?
    public var fingerprint: String
    public var abnormalRequests: Int
}

/// Something that happened on the platform that a merchant is notified about.
public enum PlatformEvent: Sendable, Equatable {
    case paid(SimOrder)
    case refundSettled(SimRefund, SimOrder)
}
