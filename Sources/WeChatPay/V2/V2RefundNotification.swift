import Foundation

/// A v2 refund notification: an unsigned outer XML whose `req_info` is encrypted with the API v2 key (§6.4).
///
/// Decrypting `req_info` is the only proof of origin this notification has (it carries no `sign`).
public struct V2RefundNotification: Sendable, Equatable {
    public var appid: String
    public var mchID: String
    /// The encrypted payload as sent (Base64).
    public var reqInfo: String
    /// The decrypted `req_info` fields.
    public var info: V2RefundInfo

    /// Decodes the outer XML and decrypts `req_info` with `apiKey`.
    public static func parse(_ body: Data, apiKey: String) throws -> V2RefundNotification {
        let values = try XMLCodec.decode(body)
        guard values["return_code"] == "SUCCESS" else {
            throw V2Error.communication(values["return_msg"] ?? "return_code \(values["return_code"] ?? "missing")")
        }
        let outer = V2Fields(values)
        let reqInfo = try outer.required("req_info")
        return V2RefundNotification(
            appid: try outer.required("appid"),
            mchID: try outer.required("mch_id"),
            reqInfo: reqInfo,
            info: try V2RefundInfo(V2Fields(try decryptReqInfo(reqInfo, apiKey: apiKey))))
    }

    /// Base64 → AES-256-ECB (key: lower-case hex MD5 of the API key) → PKCS#7 → the fields of `<root>`.
    public static func decryptReqInfo(_ reqInfo: String, apiKey: String) throws -> [String: String] {
        guard let ciphertext = Base64.decodeData(reqInfo) else { throw CryptoError.invalidBase64 }
        let plaintext = try AESECB.decryptPKCS7(ciphertext, key: aesKey(apiKey))
        return try XMLCodec.decode(plaintext)
    }

    /// The platform side (simulator): `fields` as `<root>` XML, encrypted and Base64-encoded.
    public static func encryptReqInfo(_ fields: [String: String], apiKey: String) throws -> String {
        let plaintext = XMLCodec.encode(fields, root: "root")
        return try AESECB.encryptPKCS7(plaintext, key: aesKey(apiKey)).base64EncodedString()
    }

    private static func aesKey(_ apiKey: String) -> Data {
        Data(Digest.md5(Data(apiKey.utf8)).hexString.utf8)
    }
}

/// The decrypted `req_info` of a refund notification.
public struct V2RefundInfo: Sendable, Equatable {
    public var outRefundNo: String
    public var outTradeNo: String
    public var refundID: String
    public var transactionID: String
    /// `SUCCESS`, `CHANGE` or `REFUNDCLOSE` (kept as sent).
    public var refundStatus: String
    /// Refund amount in fen.
    public var refundFee: Int
    /// Order amount in fen.
    public var totalFee: Int
    public var settlementRefundFee: Int?
    /// `yyyy-MM-dd HH:mm:ss` in GMT+8.
    public var successTime: String?
    /// Where the money went (the v2 field is spelled `refund_recv_accout`).
    public var refundReceiveAccount: String?
    public var fields: [String: String]

    init(_ fields: V2Fields) throws {
        outRefundNo = try fields.required("out_refund_no")
        outTradeNo = try fields.required("out_trade_no")
        refundID = try fields.required("refund_id")
        transactionID = try fields.required("transaction_id")
        refundStatus = try fields.required("refund_status")
        refundFee = try fields.requiredInt("refund_fee")
        totalFee = try fields.requiredInt("total_fee")
        settlementRefundFee = try fields.optionalInt("settlement_refund_fee")
        successTime = fields.optional("success_time")
        refundReceiveAccount = fields.optional("refund_recv_accout")
        self.fields = fields.values
    }
}
