import Foundation

/// An order amount in fen; requests set `total` and `currency`, query results add what the payer paid.
public struct Amount: Codable, Sendable, Equatable {
    public var total: Int
    public var currency: String?
    public var payerTotal: Int?
    public var payerCurrency: String?

    public init(total: Int, currency: String? = "CNY", payerTotal: Int? = nil, payerCurrency: String? = nil) {
        self.total = total
        self.currency = currency
        self.payerTotal = payerTotal
        self.payerCurrency = payerCurrency
    }

    enum CodingKeys: String, CodingKey {
        case total, currency
        case payerTotal = "payer_total"
        case payerCurrency = "payer_currency"
    }
}

/// The paying user: `openid` for direct merchants, `sp_openid` / `sub_openid` in partner mode.
public struct Payer: Codable, Sendable, Equatable {
    public var openid: String?
    public var spOpenid: String?
    public var subOpenid: String?

    public init(openid: String? = nil, spOpenid: String? = nil, subOpenid: String? = nil) {
        self.openid = openid
        self.spOpenid = spOpenid
        self.subOpenid = subOpenid
    }

    enum CodingKeys: String, CodingKey {
        case openid
        case spOpenid = "sp_openid"
        case subOpenid = "sub_openid"
    }
}

/// Where the payment happened (`scene_info`).
public struct SceneInfo: Codable, Sendable, Equatable {
    public var payerClientIP: String?
    public var deviceID: String?
    public var storeInfo: StoreInfo?

    public init(payerClientIP: String? = nil, deviceID: String? = nil, storeInfo: StoreInfo? = nil) {
        self.payerClientIP = payerClientIP
        self.deviceID = deviceID
        self.storeInfo = storeInfo
    }

    enum CodingKeys: String, CodingKey {
        case payerClientIP = "payer_client_ip"
        case deviceID = "device_id"
        case storeInfo = "store_info"
    }
}

/// The shop of a payment scene (`scene_info.store_info`).
public struct StoreInfo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var areaCode: String?
    public var address: String?

    public init(id: String, name: String? = nil, areaCode: String? = nil, address: String? = nil) {
        self.id = id
        self.name = name
        self.areaCode = areaCode
        self.address = address
    }

    enum CodingKeys: String, CodingKey {
        case id, name, address
        case areaCode = "area_code"
    }
}

/// Settlement options of an order (`settle_info`).
public struct SettleInfo: Codable, Sendable, Equatable {
    public var profitSharing: Bool?

    public init(profitSharing: Bool? = nil) { self.profitSharing = profitSharing }

    enum CodingKeys: String, CodingKey {
        case profitSharing = "profit_sharing"
    }
}
