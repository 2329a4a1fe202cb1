import Foundation
import WeChatPay

/// Why a merchant order or refund number was refused.
public enum IdentifierError: Error, Equatable, Sendable {
    /// Shorter than 6 or longer than 32 characters.
    case badLength(Int)
    /// A character outside `[0-9A-Za-z_-|*]`.
    case invalidCharacter(Character)

    /// A short explanation for the user.
    public var message: String {
        switch self {
        case .badLength(let length): return "Must be 6–32 characters long, not \(length)"
        case .invalidCharacter(let character): return "“\(character)” is not allowed; use letters, digits, _ - | *"
        }
    }
}

/// Rules shared by `out_trade_no` and `out_refund_no`: 6–32 characters of `[0-9A-Za-z_-|*]`.
enum MerchantNumberRules {
    static let allowedPunctuation: Set<Character> = ["_", "-", "|", "*"]
    static let lengths = 6...32

    static func validate(_ text: String) throws(IdentifierError) {
        guard lengths.contains(text.count) else { throw .badLength(text.count) }
        for character in text {
            let allowed = (character.isASCII && (character.isLetter || character.isNumber))
                || allowedPunctuation.contains(character)
            if !allowed { throw .invalidCharacter(character) }
        }
    }

    /// `yyyyMMddHHmmss` of `now` in China Standard Time, then `suffixLength` random alphanumerics.
    ///
    /// The time prefix makes numbers sort by creation time and eases support lookups; the random suffix
    /// (62^10 ≈ 8·10^17 values per second) makes collisions negligible without coordination.
    static func generate(now: Date, suffixLength: Int) -> String {
        V2Time.format(now) + Nonce.make(length: suffixLength)
    }
}

/// The merchant's order number (`out_trade_no`).
public enum OutTradeNo {
    /// A new number: 14-digit China-time prefix plus 10 random characters (24 in all).
    public static func generate(now: Date = Date()) -> String {
        MerchantNumberRules.generate(now: now, suffixLength: 10)
    }

    /// Throws unless `text` is 6–32 characters of `[0-9A-Za-z_-|*]`.
    public static func validate(_ text: String) throws(IdentifierError) {
        try MerchantNumberRules.validate(text)
    }
}

/// The merchant's refund number (`out_refund_no`); same rules as `OutTradeNo`, prefixed `R` to tell them apart.
public enum OutRefundNo {
    /// A new number: `R`, 14-digit China-time prefix and 9 random characters (24 in all).
    public static func generate(now: Date = Date()) -> String {
        "R" + MerchantNumberRules.generate(now: now, suffixLength: 9)
    }

    /// Throws unless `text` is 6–32 characters of `[0-9A-Za-z_-|*]`.
    public static func validate(_ text: String) throws(IdentifierError) {
        try MerchantNumberRules.validate(text)
    }
}
