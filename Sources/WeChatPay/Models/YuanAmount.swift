/// Exact conversion of decimal yuan text (bill files) to fen, never through floating point.
public enum YuanAmount {
    /// Fen for `text` such as `0.47`, `45.0`, `-1.5` or `0.01000`; nil when not a number or when it has a
    /// non-zero digit below the fen. Empty text is 0.
    public static func fen(_ text: String) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: " "))
        if digits.isEmpty { return 0 }
        var sign = 1
        if digits.first == "-" {
            sign = -1
            digits = digits.dropFirst()
        } else if digits.first == "+" {
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integerPart = parts.first, !integerPart.isEmpty, integerPart.count <= 15,
            integerPart.allSatisfy({ $0.isASCII && $0.isNumber }), let yuan = Int(integerPart)
        else { return nil }
        var fraction = parts.count == 2 ? Array(parts[1]) : []
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2 && fraction.isEmpty { return nil }
        while fraction.count > 2 {
            guard fraction.removeLast() == "0" else { return nil }
        }
        while fraction.count < 2 { fraction.append("0") }
        guard let cents = Int(String(fraction)) else { return nil }
        return sign * (yuan * 100 + cents)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
