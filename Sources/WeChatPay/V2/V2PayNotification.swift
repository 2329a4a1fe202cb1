import Foundation

/// A verified v2 payment notification (`POST` to the order's `notify_url`, XML body, protocol §6.3).
public struct V2PayNotification: Sendable, Equatable {
    public var appid: String
    public var mchID: String
    public var outTradeNo: String
    public var transactionID: String
    /// `SUCCESS` or `FAIL` (kept as sent).
    public var resultCode: String
    /// Order amount in fen.
    public var totalFee: Int
    /// Amount the payer paid in fen; absent in some notifications.
    public var cashFee: Int?
    public var openid: String?
    /// Payment time `yyyyMMddHHmmss` in GMT+8.
    public var timeEnd: String?
    public var attach: String?
    /// Every field, for what has no typed property.
    public var fields: [String: String]

    /// Decodes `body` and checks its `sign` with `signer`; a notification that does not verify is an error.
    public static func parse(_ body: Data, signer: V2Signer) throws -> V2PayNotification {
        let values = try XMLCodec.decode(body)
        guard values["return_code"] == "SUCCESS" else {
            throw V2Error.communication(values["return_msg"] ?? "return_code \(values["return_code"] ?? "missing")")
        }
        guard signer.verify(values) else { throw V2Error.badSignature }
        let fields = V2Fields(values)
        return V2PayNotification(
            appid: try fields.required("appid"),
            mchID: try fields.required("mch_id"),
            outTradeNo: try fields.required("out_trade_no"),
            transactionID: try fields.required("transaction_id"),
            resultCode: try fields.required("result_code"),
            totalFee: try fields.requiredInt("total_fee"),
            cashFee: try fields.optionalInt("cash_fee"),
            openid: fields.optional("openid"),
            timeEnd: fields.optional("time_end"),
            attach: fields.optional("attach"),
            fields: values)
    }
}

/// The bodies a merchant answers v2 notifications with (HTTP 200).
public enum V2NotificationAnswer {
    /// Accepted: WeChat Pay stops retrying. Computed, not a `static let`: a global `Data` keeps its buffer behind a
    /// pointer tagged with the enum case, which LeakSanitizer cannot follow (docs/hardening.md, session 4).
    public static var success: Data {
        Data("<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>".utf8)
    }

    /// Refused: WeChat Pay retries on its schedule. `message` must not contain secrets.
    public static func failure(_ message: String) -> Data {
        XMLCodec.encode(["return_code": "FAIL", "return_msg": message])
    }
}
