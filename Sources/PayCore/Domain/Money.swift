/// Money is always `Int` fen (1 yuan = 100 fen); these helpers turn cashier text into fen and back.

/// Why an amount typed by a user was refused; `message` is the user-facing explanation.
public enum AmountError: Error, Equatable, Sendable {
    /// Nothing was typed.
    case empty
    /// A character other than digits, one decimal point and an optional leading ¥/￥.
    case invalidCharacter(Character)
    /// More than one decimal point, a trailing point (`12.`) or no digits at all.
    case malformed
    /// More than two digits after the decimal point (`12.505`); fen cannot be split.
    case tooManyDecimals
    /// A minus sign: refunds are separate operations, amounts are never negative.
    case negative
    /// Zero: WeChat Pay refuses orders of 0 fen.
    case zero
    /// Above `AmountParser.maximumFen`.
    case aboveMaximum

    /// A short explanation for the cashier.
    public var message: String {
        switch self {
        case .empty: return "Enter an amount, e.g. 12.50"
        case .invalidCharacter(let character): return "“\(character)” is not allowed; use digits and one decimal point"
        case .malformed: return "Not an amount; write it like 12.50"
        case .tooManyDecimals: return "At most two digits after the decimal point (fen)"
        case .negative: return "The amount cannot be negative"
        case .zero: return "The amount must be at least 0.01"
        case .aboveMaximum: return "The amount is above the maximum of \(AmountParser.formatYuan(AmountParser.maximumFen))"
        }
    }
}

/// What the text typed so far means, for live validation in an input field.
public enum PartialAmountState: Equatable, Sendable {
    /// Nothing typed yet.
    case empty
    /// Could still become a valid amount (`12.`, `¥`, `0.0`), but is not one yet.
    case incomplete
    /// A complete, valid amount in fen.
    case valid(fen: Int)
    /// Can never become valid by typing more characters.
    case invalid(AmountError)
}

/// Parses and formats yuan amounts.
///
/// Accepted: optional surrounding spaces, an optional leading `¥` or `￥`, digits, and optionally a point followed
/// by one or two digits. `.5` is accepted as 0.50 (cashiers type it); `12.` is refused as malformed because it is
/// probably unfinished (the live validator reports it as `.incomplete`). Exponents (`1e3`), signs, grouping commas
/// and more than two decimals are refused.
public enum AmountParser {
    /// Largest accepted amount: 100,000,000.00 yuan, far above WeChat Pay's per-order limits and far below `Int` overflow.
    public static let maximumFen = 10_000_000_000

    /// Parses `text` into fen.
    ///
    /// ```swift
    /// try AmountParser.parse("¥12.5") // 1250
    /// ```
    public static func parse(_ text: String) throws(AmountError) -> Int {
        switch scan(text, final: true) {
        case .empty: throw .empty
        case .incomplete: throw .malformed
        case .valid(let fen): return fen
        case .invalid(let error): throw error
        }
    }

    /// Judges text as the user types it: never reports as invalid what more typing could fix.
    public static func validatePartial(_ text: String) -> PartialAmountState {
        scan(text, final: false)
    }

    /// Formats fen as yuan with exactly two decimals, e.g. `1250` → `"12.50"`; `grouped` adds thousands separators.
    public static func formatYuan(_ fen: Int, grouped: Bool = false) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let yuan = String(magnitude / 100)
        let cents = magnitude % 100
        let integerPart = grouped ? group(yuan) : yuan
        return "\(sign)\(integerPart).\(cents < 10 ? "0" : "")\(cents)"
    }

    // MARK: - Scanning

    /// Scans `text`; with `final` an amount of zero is an error even if more typing could change it.
    private static func scan(_ text: String, final: Bool) -> PartialAmountState {
        var body = Substring(text.trimmingSpaces())
        if body.isEmpty { return .empty }
        if let first = body.first, first == "¥" || first == "￥" {
            body = body.dropFirst()
            if body.isEmpty { return .incomplete }
        }
        var integerDigits = ""
        var fractionDigits = ""
        var sawPoint = false
        for character in body {
            if character == "-" { return .invalid(.negative) }
            if character == "." {
                if sawPoint { return .invalid(.malformed) }
                sawPoint = true
                continue
            }
            guard character.isASCII, let digit = character.wholeNumberValue else {
                return .invalid(.invalidCharacter(character))
            }
            if sawPoint {
                fractionDigits.append(String(digit))
                if fractionDigits.count > 2 { return .invalid(.tooManyDecimals) }
            } else {
                integerDigits.append(String(digit))
                // Leading zeros do not count towards the limit; anything longer than 11 digits is over it.
                if integerDigits.drop(while: { $0 == "0" }).count > 11 { return .invalid(.aboveMaximum) }
            }
        }
        if integerDigits.isEmpty && fractionDigits.isEmpty { return .incomplete }  // "." alone
        if sawPoint && fractionDigits.isEmpty { return .incomplete }  // "12."
        let yuan = Int(integerDigits.isEmpty ? "0" : integerDigits) ?? Int.max
        let paddedFraction = fractionDigits.padding(toLength: 2, withPad: "0", startingAt: 0)
        let fen = yuan * 100 + (Int(paddedFraction) ?? 0)
        if fen > maximumFen { return .invalid(.aboveMaximum) }
        if fen == 0 {
            // "0" or "0.0" may still become "0.05"; "0.00" cannot.
            return final || fractionDigits.count == 2 ? .invalid(.zero) : .incomplete
        }
        return .valid(fen: fen)
    }

    private static func group(_ digits: String) -> String {
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
