/// Turns text into what the full-text index stores and user input into a safe FTS5 query.
///
/// The unicode61 tokenizer keeps a run of Chinese characters as one token, so "咖啡" would not find "拿铁咖啡".
/// PayDesk therefore stores every CJK character as its own token and searches Chinese input as a phrase of
/// consecutive characters, which finds any substring. Latin words and identifiers match by prefix.
enum SearchText {
    /// Text as stored in the index: CJK characters separated by spaces.
    static func indexed(_ text: String?) -> String {
        guard let text else { return "" }
        // Identifiers are ASCII: nothing to segment (also the hot path of bulk seeding).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for character in text {
            if isIdeographic(character) {
                result.append(" ")
                result.append(character)
                result.append(" ")
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// An FTS5 MATCH expression for what a user typed, or nil when nothing searchable remains.
    ///
    /// Every whitespace-separated word becomes one quoted phrase (inner quotes doubled) with a prefix `*`, so FTS5
    /// operators (`AND`, `OR`, `NEAR`, `*`, `^`, column filters) in user text are plain words. The expression is
    /// passed as a statement argument, never spliced into SQL.
    static func matchExpression(for userText: String) -> String? {
        let words = userText.split(whereSeparator: { $0.isWhitespace })
        var phrases: [String] = []
        for word in words {
            let segmented = indexed(String(word))
            // A word with no letters, digits or ideographs would be an empty phrase, which FTS5 rejects.
            guard segmented.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            let escaped = segmented.replacingOccurrences(of: "\"", with: "\"\"")
            phrases.append("\"\(escaped)\"*")
        }
        return phrases.isEmpty ? nil : phrases.joined(separator: " ")
    }

    private static func isIdeographic(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3040...0x30FF,  // Hiragana, Katakana
            0x3400...0x4DBF,  // CJK Extension A
            0x4E00...0x9FFF,  // CJK Unified Ideographs
            0xAC00...0xD7AF,  // Hangul syllables
            0xF900...0xFAFF,  // CJK Compatibility Ideographs
            0x20000...0x3134F:  // Extensions B–G
            return true
        default:
            return false
        }
    }
}
