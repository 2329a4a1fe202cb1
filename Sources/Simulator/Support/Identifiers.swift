import Foundation
import WeChatPay

/// Generators for the identifiers the platform hands out, shaped like the real ones.
enum Identifiers {
    /// `count` random decimal digits.
    static func digits(_ count: Int) -> String {
        var out = ""
        while out.count < count {
            for byte in Data.random(count: count * 2) where byte < 250 && out.count < count {
                out.append(Character(String(byte % 10)))
            }
        }
        return out
    }

    /// `count` random upper-case hexadecimal digits.
    static func upperHex(_ count: Int) -> String {
        String(Data.random(count: (count + 1) / 2).hexString.uppercased().prefix(count))
    }

    /// Merchant id: 10 digits starting `19` like direct merchants in the docs.
    static func mchid() -> String { "19" + digits(8) }

    /// `wx` + 16 lower-case hex characters.
    static func appid() -> String { "wx" + Data.random(count: 8).hexString }

    /// Certificate serial: 40 upper-case hex digits, first digit 1–7 so the ASN.1 integer stays positive.
    static func certificateSerial() -> String {
        let first = "1234567".randomElement().map(String.init) ?? "1"
        return first + upperHex(39)
    }

    /// `PUB_KEY_ID_` + 26 digits.
    static func publicKeyID() -> String { "PUB_KEY_ID_01" + digits(24) }

    /// 32 ASCII letters and digits (APIv3 / APIv2 keys).
    static func apiKey() -> String { Nonce.make(length: 32) }

    /// 28 digits starting `4200000`, then the Beijing date, like real transaction ids.
    static func transactionID(at date: Date) -> String {
        "4200000" + BeijingTime.compact(date).prefix(8) + digits(13)
    }

    /// 29 digits starting `50`.
    static func refundID() -> String { "50" + digits(27) }

    /// `wx` + Beijing time + 22 characters (36 in all, like the documented example).
    static func prepayID(at date: Date) -> String {
        "wx" + BeijingTime.compact(date) + Data.random(count: 11).hexString
    }

    /// `weixin://wxpay/bizpayurl?pr=` + 10 letters and digits.
    static func codeURL() -> String { "weixin://wxpay/bizpayurl?pr=" + Nonce.make(length: 10) }

    /// A payer openid: `o` + 27 URL-safe characters.
    static func openid() -> String { "o" + Nonce.make(length: 27) }
}
