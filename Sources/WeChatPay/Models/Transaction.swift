import Foundation

/// A payment order as returned by the query APIs and the payment notification (direct and partner fields).
public struct Transaction: Codable, Sendable, Equatable {
    public var appid: String?
    public var mchid: String?
    public var spAppid: String?
    public var spMchid: String?
    public var subAppid: String?
    public var subMchid: String?
    public var outTradeNo: String
    public var transactionID: String?
    public var tradeType: TradeType?
    public var tradeState: TradeState
    public var tradeStateDesc: String?
    public var bankType: String?
    public var attach: String?
    /// RFC 3339; present once paid.
    public var successTime: String?
    public var payer: Payer?
    public var amount: Amount?
    public var sceneInfo: SceneInfo?
    public var promotionDetail: [PromotionDetail]?

    public init(
        appid: String? = nil, mchid: String? = nil, spAppid: String? = nil, spMchid: String? = nil,
        subAppid: String? = nil, subMchid: String? = nil, outTradeNo: String, transactionID: String? = nil,
        tradeType: TradeType? = nil, tradeState: TradeState, tradeStateDesc: String? = nil, bankType: String? = nil,
        attach: String? = nil, successTime: String? = nil, payer: Payer? = nil, amount: Amount? = nil,
        sceneInfo: SceneInfo? = nil, promotionDetail: [PromotionDetail]? = nil
    ) {
        self.appid = appid
        self.mchid = mchid
        self.spAppid = spAppid
        self.spMchid = spMchid
        self.subAppid = subAppid
        self.subMchid = subMchid
        self.outTradeNo = outTradeNo
        self.transactionID = transactionID
        self.tradeType = tradeType
        self.tradeState = tradeState
        self.tradeStateDesc = tradeStateDesc
        self.bankType = bankType
        self.attach = attach
        self.successTime = successTime
        self.payer = payer
        self.amount = amount
        self.sceneInfo = sceneInfo
        self.promotionDetail = promotionDetail
    }

    enum CodingKeys: String, CodingKey {
        case appid, mchid, attach, payer, amount
        case spAppid = "sp_appid"
        case spMchid = "sp_mchid"
        case subAppid = "sub_appid"
        case subMchid = "sub_mchid"
        case outTradeNo = "out_trade_no"
        case transactionID = "transaction_id"
        case tradeType = "trade_type"
        case tradeState = "trade_state"
        case tradeStateDesc = "trade_state_desc"
        case bankType = "bank_type"
        case successTime = "success_time"
        case sceneInfo = "scene_info"
        case promotionDetail = "promotion_detail"
    }
}

/// A coupon or discount applied to a payment (`promotion_detail[]`); amounts in fen.
public struct PromotionDetail: Codable, Sendable, Equatable {
    public var couponID: String
    public var name: String?
    /// `GLOBAL` or `SINGLE`.
    public var scope: String?
    /// `CASH` or `NOCASH`.
    public var type: String?
    public var amount: Int
    public var stockID: String?
    public var wechatpayContribute: Int?
    public var merchantContribute: Int?
    public var otherContribute: Int?
    public var currency: String?
    public var goodsDetail: [PromotionGoodsDetail]?

    public init(
        couponID: String, name: String? = nil, scope: String? = nil, type: String? = nil, amount: Int,
        stockID: String? = nil, wechatpayContribute: Int? = nil, merchantContribute: Int? = nil,
        otherContribute: Int? = nil, currency: String? = nil, goodsDetail: [PromotionGoodsDetail]? = nil
    ) {
        self.couponID = couponID
        self.name = name
        self.scope = scope
        self.type = type
        self.amount = amount
        self.stockID = stockID
        self.wechatpayContribute = wechatpayContribute
        self.merchantContribute = merchantContribute
        self.otherContribute = otherContribute
        self.currency = currency
        self.goodsDetail = goodsDetail
    }

    enum CodingKeys: String, CodingKey {
        case name, scope, type, amount, currency
        case couponID = "coupon_id"
        case stockID = "stock_id"
        case wechatpayContribute = "wechatpay_contribute"
        case merchantContribute = "merchant_contribute"
        case otherContribute = "other_contribute"
        case goodsDetail = "goods_detail"
    }
}

/// A discounted item of a promotion (`promotion_detail[].goods_detail[]`).
public struct PromotionGoodsDetail: Codable, Sendable, Equatable {
    public var goodsID: String
    public var quantity: Int
    public var unitPrice: Int
    public var discountAmount: Int
    public var goodsRemark: String?

    public init(goodsID: String, quantity: Int, unitPrice: Int, discountAmount: Int, goodsRemark: String? = nil) {
        self.goodsID = goodsID
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discountAmount = discountAmount
        self.goodsRemark = goodsRemark
    }

    enum CodingKeys: String, CodingKey {
        case quantity
        case goodsID = "goods_id"
        case unitPrice = "unit_price"
        case discountAmount = "discount_amount"
        case goodsRemark = "goods_remark"
    }
}
