import Foundation

/// A refund as returned by create, query and abnormal-refund calls.
public struct Refund: Codable, Sendable, Equatable {
    public var refundID: String
    public var outRefundNo: String
    public var transactionID: String?
    public var outTradeNo: String?
    public var channel: RefundChannel?
    public var userReceivedAccount: String?
    /// RFC 3339; present once SUCCESS.
    public var successTime: String?
    public var createTime: String?
    public var status: RefundStatus
    public var fundsAccount: FundsAccount?
    public var amount: RefundAmount
    public var promotionDetail: [RefundPromotionDetail]?

    public init(
        refundID: String, outRefundNo: String, transactionID: String? = nil, outTradeNo: String? = nil,
        channel: RefundChannel? = nil, userReceivedAccount: String? = nil, successTime: String? = nil,
        createTime: String? = nil, status: RefundStatus, fundsAccount: FundsAccount? = nil, amount: RefundAmount,
        promotionDetail: [RefundPromotionDetail]? = nil
    ) {
        self.refundID = refundID
        self.outRefundNo = outRefundNo
        self.transactionID = transactionID
        self.outTradeNo = outTradeNo
        self.channel = channel
        self.userReceivedAccount = userReceivedAccount
        self.successTime = successTime
        self.createTime = createTime
        self.status = status
        self.fundsAccount = fundsAccount
        self.amount = amount
        self.promotionDetail = promotionDetail
    }

    enum CodingKeys: String, CodingKey {
        case channel, status, amount
        case refundID = "refund_id"
        case outRefundNo = "out_refund_no"
        case transactionID = "transaction_id"
        case outTradeNo = "out_trade_no"
        case userReceivedAccount = "user_received_account"
        case successTime = "success_time"
        case createTime = "create_time"
        case fundsAccount = "funds_account"
        case promotionDetail = "promotion_detail"
    }
}

/// Amounts of a refund in fen.
public struct RefundAmount: Codable, Sendable, Equatable {
    public var total: Int
    public var refund: Int
    public var from: [RefundSource]?
    public var payerTotal: Int?
    public var payerRefund: Int?
    public var settlementRefund: Int?
    public var settlementTotal: Int?
    public var discountRefund: Int?
    public var currency: String?

    public init(
        total: Int, refund: Int, from: [RefundSource]? = nil, payerTotal: Int? = nil, payerRefund: Int? = nil,
        settlementRefund: Int? = nil, settlementTotal: Int? = nil, discountRefund: Int? = nil,
        currency: String? = nil
    ) {
        self.total = total
        self.refund = refund
        self.from = from
        self.payerTotal = payerTotal
        self.payerRefund = payerRefund
        self.settlementRefund = settlementRefund
        self.settlementTotal = settlementTotal
        self.discountRefund = discountRefund
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case total, refund, from, currency
        case payerTotal = "payer_total"
        case payerRefund = "payer_refund"
        case settlementRefund = "settlement_refund"
        case settlementTotal = "settlement_total"
        case discountRefund = "discount_refund"
    }
}

/// The part of a refund paid from one account (`amount.from[]`).
public struct RefundSource: Codable, Sendable, Equatable {
    /// `AVAILABLE` or `UNAVAILABLE`.
    public var account: String
    public var amount: Int

    public init(account: String, amount: Int) {
        self.account = account
        self.amount = amount
    }
}

/// A promotion partly returned by a refund (`promotion_detail[]` of a refund).
public struct RefundPromotionDetail: Codable, Sendable, Equatable {
    public var promotionID: String
    public var scope: String?
    public var type: String?
    public var amount: Int
    public var refundAmount: Int
    public var goodsDetail: [RefundGoodsDetail]?

    public init(
        promotionID: String, scope: String? = nil, type: String? = nil, amount: Int, refundAmount: Int,
        goodsDetail: [RefundGoodsDetail]? = nil
    ) {
        self.promotionID = promotionID
        self.scope = scope
        self.type = type
        self.amount = amount
        self.refundAmount = refundAmount
        self.goodsDetail = goodsDetail
    }

    enum CodingKeys: String, CodingKey {
        case scope, type, amount
        case promotionID = "promotion_id"
        case refundAmount = "refund_amount"
        case goodsDetail = "goods_detail"
    }
}

/// An item refunded (`goods_detail[]` of refunds and refund requests).
public struct RefundGoodsDetail: Codable, Sendable, Equatable {
    public var merchantGoodsID: String
    public var wechatpayGoodsID: String?
    public var goodsName: String?
    public var unitPrice: Int
    public var refundAmount: Int
    public var refundQuantity: Int

    public init(
        merchantGoodsID: String, wechatpayGoodsID: String? = nil, goodsName: String? = nil, unitPrice: Int,
        refundAmount: Int, refundQuantity: Int
    ) {
        self.merchantGoodsID = merchantGoodsID
        self.wechatpayGoodsID = wechatpayGoodsID
        self.goodsName = goodsName
        self.unitPrice = unitPrice
        self.refundAmount = refundAmount
        self.refundQuantity = refundQuantity
    }

    enum CodingKeys: String, CodingKey {
        case merchantGoodsID = "merchant_goods_id"
        case wechatpayGoodsID = "wechatpay_goods_id"
        case goodsName = "goods_name"
        case unitPrice = "unit_price"
        case refundAmount = "refund_amount"
        case refundQuantity = "refund_quantity"
    }
}

/// The decrypted `resource` of a `REFUND.*` notification.
public struct RefundNotificationResource: Codable, Sendable, Equatable {
    public var mchid: String?
    public var spMchid: String?
    public var subMchid: String?
    public var transactionID: String?
    public var outTradeNo: String?
    public var refundID: String
    public var outRefundNo: String
    public var refundStatus: RefundStatus
    public var successTime: String?
    public var userReceivedAccount: String?
    public var amount: RefundAmount

    public init(
        mchid: String? = nil, spMchid: String? = nil, subMchid: String? = nil, transactionID: String? = nil,
        outTradeNo: String? = nil, refundID: String, outRefundNo: String, refundStatus: RefundStatus,
        successTime: String? = nil, userReceivedAccount: String? = nil, amount: RefundAmount
    ) {
        self.mchid = mchid
        self.spMchid = spMchid
        self.subMchid = subMchid
        self.transactionID = transactionID
        self.outTradeNo = outTradeNo
        self.refundID = refundID
        self.outRefundNo = outRefundNo
        self.refundStatus = refundStatus
        self.successTime = successTime
        self.userReceivedAccount = userReceivedAccount
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case mchid, amount
        case spMchid = "sp_mchid"
        case subMchid = "sub_mchid"
        case transactionID = "transaction_id"
        case outTradeNo = "out_trade_no"
        case refundID = "refund_id"
        case outRefundNo = "out_refund_no"
        case refundStatus = "refund_status"
        case successTime = "success_time"
        case userReceivedAccount = "user_received_account"
    }
}
