import Foundation

/// What a JSAPI page or mini-program passes to `WeixinJSBridge` / `wx.requestPayment`.
public struct JSAPIInvokeParameters: Codable, Sendable, Equatable {
    public var appID: String
    /// Unix seconds as a string.
    public var timestamp: String
    public var nonce: String
    /// `prepay_id=<prepay id>`.
    public var packageValue: String
    /// Always `RSA`.
    public var signType: String
    public var paySign: String

    enum CodingKeys: String, CodingKey {
        case appID = "appId"
        case timestamp = "timeStamp"
        case nonce = "nonceStr"
        case packageValue = "package"
        case signType
        case paySign
    }
}

/// What an app passes to the WeChat OpenSDK `PayReq`.
public struct AppInvokeParameters: Codable, Sendable, Equatable {
    public var appID: String
    /// The merchant id.
    public var partnerID: String
    public var prepayID: String
    /// Always `Sign=WXPay` (not signed).
    public var packageValue: String
    public var nonce: String
    /// Unix seconds as a string.
    public var timestamp: String
    public var sign: String

    enum CodingKeys: String, CodingKey {
        case appID = "appid"
        case partnerID = "partnerid"
        case prepayID = "prepayid"
        case packageValue = "package"
        case nonce = "noncestr"
        case timestamp
        case sign
    }
}

extension RequestSigner {
    /// JSAPI / mini-program parameters; signs `appId\ntimeStamp\nnonceStr\nprepay_id=…\n`.
    public func jsapiInvokeParameters(appid: String, prepayID: String, timestamp: Int? = nil, nonce: String? = nil)
        throws -> JSAPIInvokeParameters
    {
        let time = String(timestamp ?? Int(Date().timeIntervalSince1970))
        let nonce = nonce ?? Nonce.make(length: 32)
        let package = "prepay_id=\(prepayID)"
        let signature = try sign(message: Data("\(appid)\n\(time)\n\(nonce)\n\(package)\n".utf8))
        return JSAPIInvokeParameters(
            appID: appid, timestamp: time, nonce: nonce, packageValue: package, signType: "RSA", paySign: signature)
    }

    /// APP parameters; signs `appid\ntimestamp\nnoncestr\nprepay_id\n` (the bare prepay id).
    public func appInvokeParameters(
        appid: String, partnerID: String, prepayID: String, timestamp: Int? = nil, nonce: String? = nil
    ) throws -> AppInvokeParameters {
        let time = String(timestamp ?? Int(Date().timeIntervalSince1970))
        let nonce = nonce ?? Nonce.make(length: 32)
        let signature = try sign(message: Data("\(appid)\n\(time)\n\(nonce)\n\(prepayID)\n".utf8))
        return AppInvokeParameters(
            appID: appid, partnerID: partnerID, prepayID: prepayID, packageValue: "Sign=WXPay", nonce: nonce,
            timestamp: time, sign: signature)
    }
}
