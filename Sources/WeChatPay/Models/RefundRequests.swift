import Foundation

/// Body of `POST /v3/refund/domestic/refunds`; idempotent on `out_refund_no`.
public struct CreateRefundRequest: Codable, Sendable, Equatable {
    /// Partner mode only.
    public var subMchid: String?
    /// One of `transactionID` / `outTradeNo` names the order.
    public var transactionID: String?
    public var outTradeNo: String?
    public var outRefundNo: String
    public var reason: String?
    public var notifyURL: String?
    /// `AVAILABLE` to refund from the available balance.
    public var fundsAccount: String?
    public var amount: RefundRequestAmount
    public var goodsDetail: [RefundGoodsDetail]?

    public init(
        subMchid: String? = nil, transactionID: String? = nil, outTradeNo: String? = nil, outRefundNo: String,
        reason: String? = nil, notifyURL: String? = nil, fundsAccount: String? = nil, amount: RefundRequestAmount,
        goodsDetail: [RefundGoodsDetail]? = nil
    ) {
        self.subMchid = subMchid
        self.transactionID = transactionID
        self.outTradeNo = outTradeNo
        self.outRefundNo = outRefundNo
        self.reason = reason
        self.notifyURL = notifyURL
        self.fundsAccount = fundsAccount
        self.amount = amount
        self.goodsDetail = goodsDetail
    }

    enum CodingKeys: String, CodingKey {
        case reason, amount
        case subMchid = "sub_mchid"
        case transactionID = "transaction_id"
        case outTradeNo = "out_trade_no"
        case outRefundNo = "out_refund_no"
        case notifyURL = "notify_url"
        case fundsAccount = "funds_account"
        case goodsDetail = "goods_detail"
    }
}

/// Amounts of a refund request in fen: `refund` of the order's `total`.
public struct RefundRequestAmount: Codable, Sendable, Equatable {
    public var refund: Int
    public var total: Int
    public var currency: String
    public var from: [RefundSource]?

    public init(refund: Int, total: Int, currency: String = "CNY", from: [RefundSource]? = nil) {
        self.refund = refund
        self.total = total
        self.currency = currency
        self.from = from
    }
}

/// Body of `POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund`.
///
/// `bankAccount` and `realName` must already be RSA-OAEP ciphertexts under the platform key; the request
/// then needs the matching `Wechatpay-Serial`, which the client sends from the validator.
public struct AbnormalRefundRequest: Codable, Sendable, Equatable {
    public var subMchid: String?
    public var outRefundNo: String
    /// `USER_BANK_CARD` or `MERCHANT_BANK_CARD`.
    public var type: String
    public var bankType: String?
    public var bankAccount: String?
    public var realName: String?

    public init(
        subMchid: String? = nil, outRefundNo: String, type: String, bankType: String? = nil,
        bankAccount: String? = nil, realName: String? = nil
    ) {
        self.subMchid = subMchid
        self.outRefundNo = outRefundNo
        self.type = type
        self.bankType = bankType
        self.bankAccount = bankAccount
        self.realName = realName
    }

    enum CodingKeys: String, CodingKey {
        case type
        case subMchid = "sub_mchid"
        case outRefundNo = "out_refund_no"
        case bankType = "bank_type"
        case bankAccount = "bank_account"
        case realName = "real_name"
    }
}
