import Foundation

/// Body of `POST /v3/pay/transactions/native` (direct merchant); the answer carries `code_url`.
public struct NativePrepayRequest: Codable, Sendable, Equatable {
    public var appid: String
    public var mchid: String
    public var description: String
    public var outTradeNo: String
    /// RFC 3339 payment deadline (`WeChatPayTime.format`).
    public var timeExpire: String?
    public var attach: String?
    public var notifyURL: String
    public var goodsTag: String?
    public var supportFapiao: Bool?
    public var amount: Amount
    public var sceneInfo: SceneInfo?
    public var settleInfo: SettleInfo?

    public init(
        appid: String, mchid: String, description: String, outTradeNo: String, timeExpire: String? = nil,
        attach: String? = nil, notifyURL: String, goodsTag: String? = nil, supportFapiao: Bool? = nil,
        amount: Amount, sceneInfo: SceneInfo? = nil, settleInfo: SettleInfo? = nil
    ) {
        self.appid = appid
        self.mchid = mchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.attach = attach
        self.notifyURL = notifyURL
        self.goodsTag = goodsTag
        self.supportFapiao = supportFapiao
        self.amount = amount
        self.sceneInfo = sceneInfo
        self.settleInfo = settleInfo
    }

    enum CodingKeys: String, CodingKey {
        case appid
        case mchid
        case description
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case attach
        case notifyURL = "notify_url"
        case goodsTag = "goods_tag"
        case supportFapiao = "support_fapiao"
        case amount
        case sceneInfo = "scene_info"
        case settleInfo = "settle_info"
    }
}

/// Body of `POST /v3/pay/partner/transactions/native` (service provider for a sub-merchant).
public struct PartnerNativePrepayRequest: Codable, Sendable, Equatable {
    public var spAppid: String
    public var spMchid: String
    public var subAppid: String?
    public var subMchid: String
    public var description: String
    public var outTradeNo: String
    /// RFC 3339 payment deadline (`WeChatPayTime.format`).
    public var timeExpire: String?
    public var attach: String?
    public var notifyURL: String
    public var goodsTag: String?
    public var supportFapiao: Bool?
    public var amount: Amount
    public var sceneInfo: SceneInfo?
    public var settleInfo: SettleInfo?

    public init(
        spAppid: String, spMchid: String, subAppid: String? = nil, subMchid: String, description: String,
        outTradeNo: String, timeExpire: String? = nil, attach: String? = nil, notifyURL: String,
        goodsTag: String? = nil, supportFapiao: Bool? = nil, amount: Amount, sceneInfo: SceneInfo? = nil,
        settleInfo: SettleInfo? = nil
    ) {
        self.spAppid = spAppid
        self.spMchid = spMchid
        self.subAppid = subAppid
        self.subMchid = subMchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.attach = attach
        self.notifyURL = notifyURL
        self.goodsTag = goodsTag
        self.supportFapiao = supportFapiao
        self.amount = amount
        self.sceneInfo = sceneInfo
        self.settleInfo = settleInfo
    }

    enum CodingKeys: String, CodingKey {
        case spAppid = "sp_appid"
        case spMchid = "sp_mchid"
        case subAppid = "sub_appid"
        case subMchid = "sub_mchid"
        case description
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case attach
        case notifyURL = "notify_url"
        case goodsTag = "goods_tag"
        case supportFapiao = "support_fapiao"
        case amount
        case sceneInfo = "scene_info"
        case settleInfo = "settle_info"
    }
}

/// Body of `POST /v3/pay/transactions/jsapi` (official account / mini-program); the answer carries `prepay_id`.
public struct JSAPIPrepayRequest: Codable, Sendable, Equatable {
    public var appid: String
    public var mchid: String
    public var description: String
    public var outTradeNo: String
    /// RFC 3339 payment deadline (`WeChatPayTime.format`).
    public var timeExpire: String?
    public var attach: String?
    public var notifyURL: String
    public var goodsTag: String?
    public var supportFapiao: Bool?
    public var amount: Amount
    public var sceneInfo: SceneInfo?
    public var settleInfo: SettleInfo?
    /// `openid` (direct) or `sp_openid` / `sub_openid` (partner).
    public var payer: Payer

    public init(
        appid: String, mchid: String, description: String, outTradeNo: String, timeExpire: String? = nil,
        attach: String? = nil, notifyURL: String, goodsTag: String? = nil, supportFapiao: Bool? = nil,
        amount: Amount, sceneInfo: SceneInfo? = nil, settleInfo: SettleInfo? = nil, payer: Payer
    ) {
        self.appid = appid
        self.mchid = mchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.attach = attach
        self.notifyURL = notifyURL
        self.goodsTag = goodsTag
        self.supportFapiao = supportFapiao
        self.amount = amount
        self.sceneInfo = sceneInfo
        self.settleInfo = settleInfo
        self.payer = payer
    }

    enum CodingKeys: String, CodingKey {
        case appid
        case mchid
        case description
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case attach
        case notifyURL = "notify_url"
        case goodsTag = "goods_tag"
        case supportFapiao = "support_fapiao"
        case amount
        case sceneInfo = "scene_info"
        case settleInfo = "settle_info"
        case payer
    }
}

/// Body of `POST /v3/pay/partner/transactions/jsapi`.
public struct PartnerJSAPIPrepayRequest: Codable, Sendable, Equatable {
    public var spAppid: String
    public var spMchid: String
    public var subAppid: String?
    public var subMchid: String
    public var description: String
    public var outTradeNo: String
    /// RFC 3339 payment deadline (`WeChatPayTime.format`).
    public var timeExpire: String?
    public var attach: String?
    public var notifyURL: String
    public var goodsTag: String?
    public var supportFapiao: Bool?
    public var amount: Amount
    public var sceneInfo: SceneInfo?
    public var settleInfo: SettleInfo?
    /// `openid` (direct) or `sp_openid` / `sub_openid` (partner).
    public var payer: Payer

    public init(
        spAppid: String, spMchid: String, subAppid: String? = nil, subMchid: String, description: String,
        outTradeNo: String, timeExpire: String? = nil, attach: String? = nil, notifyURL: String,
        goodsTag: String? = nil, supportFapiao: Bool? = nil, amount: Amount, sceneInfo: SceneInfo? = nil,
        settleInfo: SettleInfo? = nil, payer: Payer
    ) {
        self.spAppid = spAppid
        self.spMchid = spMchid
        self.subAppid = subAppid
        self.subMchid = subMchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.attach = attach
        self.notifyURL = notifyURL
        self.goodsTag = goodsTag
        self.supportFapiao = supportFapiao
        self.amount = amount
        self.sceneInfo = sceneInfo
        self.settleInfo = settleInfo
        self.payer = payer
    }

    enum CodingKeys: String, CodingKey {
        case spAppid = "sp_appid"
        case spMchid = "sp_mchid"
        case subAppid = "sub_appid"
        case subMchid = "sub_mchid"
        case description
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case attach
        case notifyURL = "notify_url"
        case goodsTag = "goods_tag"
        case supportFapiao = "support_fapiao"
        case amount
        case sceneInfo = "scene_info"
        case settleInfo = "settle_info"
        case payer
    }
}

/// Body of `POST /v3/pay/transactions/app`; the answer carries `prepay_id`.
public struct APPPrepayRequest: Codable, Sendable, Equatable {
    public var appid: String
    public var mchid: String
    public var description: String
    public var outTradeNo: String
    /// RFC 3339 payment deadline (`WeChatPayTime.format`).
    public var timeExpire: String?
    public var attach: String?
    public var notifyURL: String
    public var goodsTag: String?
    public var supportFapiao: Bool?
    public var amount: Amount
    public var sceneInfo: SceneInfo?
    public var settleInfo: SettleInfo?

    public init(
        appid: String, mchid: String, description: String, outTradeNo: String, timeExpire: String? = nil,
        attach: String? = nil, notifyURL: String, goodsTag: String? = nil, supportFapiao: Bool? = nil,
        amount: Amount, sceneInfo: SceneInfo? = nil, settleInfo: SettleInfo? = nil
    ) {
        self.appid = appid
        self.mchid = mchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.attach = attach
        self.notifyURL = notifyURL
        self.goodsTag = goodsTag
        self.supportFapiao = supportFapiao
        self.amount = amount
        self.sceneInfo = sceneInfo
        self.settleInfo = settleInfo
    }

    enum CodingKeys: String, CodingKey {
        case appid
        case mchid
        case description
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case attach
        case notifyURL = "notify_url"
        case goodsTag = "goods_tag"
        case supportFapiao = "support_fapiao"
        case amount
        case sceneInfo = "scene_info"
        case settleInfo = "settle_info"
    }
}
