import Foundation

/// The parameters of a prepay (下单) call, from v3 JSON or v2 XML, before the platform rules are applied.
public struct PrepayParameters: Sendable, Equatable {
    public var generation: APIGeneration = .v3
    /// `NATIVE`, `JSAPI` or `APP`.
    public var tradeType: String
    public var isPartner: Bool
    public var appid: String?
    public var mchid: String?
    public var subAppid: String?
    public var subMchid: String?
    public var description: String?
    public var outTradeNo: String?
    public var notifyURL: String?
    public var total: Int?
    public var currency: String?
    /// RFC 3339 (v3); v2 `yyyyMMddHHmmss` is converted before.
    public var timeExpire: String?
    public var attach: String?
    /// `payer.openid` (direct) or `payer.sp_openid` / `payer.sub_openid` (partner).
    public var openid: String?
    public var v2SignType: String?
    /// Canonical text of every parameter: re-submissions must match it.
    public var fingerprint: String

    public init(
        tradeType: String, isPartner: Bool, appid: String?, mchid: String?, subAppid: String? = nil,
        subMchid: String? = nil, description: String?, outTradeNo: String?, notifyURL: String?, total: Int?,
        currency: String? = "CNY", timeExpire: String? = nil, attach: String? = nil, openid: String? = nil,
        fingerprint: String
    ) {
        self.tradeType = tradeType
        self.isPartner = isPartner
        self.appid = appid
        self.mchid = mchid
        self.subAppid = subAppid
        self.subMchid = subMchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.notifyURL = notifyURL
        self.total = total
        self.currency = currency
        self.timeExpire = timeExpire
        self.attach = attach
        self.openid = openid
        self.fingerprint = fingerprint
    }

    /// Reads a v3 prepay body (`/v3/pay/transactions/{type}` or `/v3/pay/partner/transactions/{type}`).
    static func v3(body: Data, tradeType: String, isPartner: Bool) throws -> PrepayParameters {
        let fields = try JSONFields(body: body)
        let amount = try fields.object("amount")
        let payer = try fields.object("payer")
        var parameters = PrepayParameters(
            tradeType: tradeType, isPartner: isPartner,
            appid: try fields.string(isPartner ? "sp_appid" : "appid"),
            mchid: try fields.string(isPartner ? "sp_mchid" : "mchid"),
            subAppid: isPartner ? try fields.string("sub_appid") : nil,
            subMchid: isPartner ? try fields.string("sub_mchid") : nil,
            description: try fields.string("description"),
            outTradeNo: try fields.string("out_trade_no"),
            notifyURL: try fields.string("notify_url"),
            total: try amount?.int("total"),
            currency: try amount?.string("currency") ?? "CNY",
            timeExpire: try fields.string("time_expire"),
            attach: try fields.string("attach"),
            openid: nil,
            fingerprint: fields.canonical)
        if isPartner {
            parameters.openid = try payer?.string("sp_openid") ?? payer?.string("sub_openid")
        } else {
            parameters.openid = try payer?.string("openid")
        }
        if amount == nil { parameters.total = nil }
        return parameters
    }
}

/// The parameters of a refund request (v3 JSON or v2 XML).
public struct RefundParameters: Sendable, Equatable {
    public var generation: APIGeneration = .v3
    public var outTradeNo: String?
    public var transactionID: String?
    public var subMchid: String?
    public var outRefundNo: String?
    public var reason: String?
    public var notifyURL: String?
    public var refund: Int?
    public var total: Int?
    public var currency: String?
    public var fingerprint: String

    public init(
        outTradeNo: String?, transactionID: String? = nil, subMchid: String? = nil, outRefundNo: String?,
        reason: String? = nil, notifyURL: String? = nil, refund: Int?, total: Int?, currency: String? = "CNY",
        fingerprint: String
    ) {
        self.outTradeNo = outTradeNo
        self.transactionID = transactionID
        self.subMchid = subMchid
        self.outRefundNo = outRefundNo
        self.reason = reason
        self.notifyURL = notifyURL
        self.refund = refund
        self.total = total
        self.currency = currency
        self.fingerprint = fingerprint
    }

    /// Reads a v3 `POST /v3/refund/domestic/refunds` body.
    static func v3(body: Data) throws -> RefundParameters {
        let fields = try JSONFields(body: body)
        guard let amount = try fields.object("amount") else { throw PlatformError.param("amount is required") }
        return RefundParameters(
            outTradeNo: try fields.string("out_trade_no"), transactionID: try fields.string("transaction_id"),
            subMchid: try fields.string("sub_mchid"), outRefundNo: try fields.string("out_refund_no"),
            reason: try fields.string("reason"), notifyURL: try fields.string("notify_url"),
            refund: try amount.int("refund"), total: try amount.int("total"),
            currency: try amount.string("currency") ?? "CNY", fingerprint: fields.canonical)
    }
}
