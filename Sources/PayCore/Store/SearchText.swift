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

    /// Completions looked up per prefix word, at most; a word with more keeps its FTS5 prefix query.
    static let maximumCompletions = 16
    /// Prefix lengths (in characters) the index keeps a prefix index for (`order_search`, migration v3).
    static let indexedPrefixLengths = 1...3

    /// An FTS5 MATCH expression for what a user typed, or nil when it can match nothing (nothing searchable, or
    /// a word that no indexed term starts with).
    ///
    /// Every whitespace-separated word becomes one quoted phrase (inner quotes doubled), so FTS5 operators (`AND`,
    /// `OR`, `NEAR`, `*`, `^`, column filters) in user text are plain words. The expression is passed as a statement
    /// argument, never spliced into SQL. A word matches by prefix:
    /// - ending in a CJK character, the phrase is exact: every such character is a whole token already;
    /// - up to three characters, a prefix query (`"ab"*`), answered by the index's prefix index;
    /// - longer and plain ASCII, the index terms it begins (`completions`, at most `maximumCompletions`) as exact
    ///   alternatives: FTS5 reads an exact term lazily in rowid order, while a prefix query beyond the prefix index
    ///   first gathers every row of every matching term (83,000 rows for `white` on a million orders);
    /// - otherwise (more completions, or letters beyond ASCII) a prefix query.
    static func matchExpression(
        for userText: String, completions: (String) throws -> [String]? = { _ in nil }
    ) rethrows -> String? {
        var parts: [String] = []
        for word in userText.split(whereSeparator: { $0.isWhitespace }) {
            let segmented = indexed(String(word))
            // A word with no letters, digits or ideographs would be an empty phrase, which FTS5 rejects.
            guard segmented.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            if let last = word.last, isIdeographic(last) {
                parts.append(phrase(segmented))
                continue
            }
            let tokens = asciiTokens(word)
            if let tokens, let lastToken = tokens.last, lastToken.count > indexedPrefixLengths.upperBound,
               let terms = try completions(lastToken)
            {
                guard !terms.isEmpty else { return nil }
                let head = tokens.dropLast().joined(separator: " ")
                let alternatives = terms.map { phrase(head.isEmpty ? $0 : head + " " + $0) }
                parts.append(alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")")
            } else {
                parts.append(phrase(segmented) + "*")
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// `text` as one FTS5 phrase: quoted, inner quotes doubled.
    private static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The tokens the unicode61 tokenizer makes of a plain-ASCII word (lower-case runs of letters and digits), or
    /// nil when the word has other characters, whose folding only the tokenizer knows.
    private static func asciiTokens(_ word: Substring) -> [String]? {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return word.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).map(String.init)
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
