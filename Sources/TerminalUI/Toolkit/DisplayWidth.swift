import CCursesShim

/// Column widths of text as a terminal shows it (`wcwidth`), so Chinese characters take two columns.
public enum DisplayWidth {
    /// Makes `wcwidth` answer for UTF-8 once: keeps the user's locale when it is UTF-8, else uses C.UTF-8.
    ///
    /// `Terminal` does the same before `initscr`; doing it here lets pure layout code (and tests) measure
    /// text without a terminal. A `static let` runs exactly once, thread-safely.
    private static let localeReady: Bool = {
        LocaleSetup.ensureUTF8()
        return true
    }()

    /// The display width of one grapheme: 0, 1 or 2 columns.
    public static func of(_ character: Character) -> Int {
        // Printable ASCII, most of what a frame draws, is one column: no wcwidth, no Unicode property lookups
        // (`isEmojiPresentation` on every character was 19 % of the orders pane's CPU per key, perf cpu-clock).
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
        _ = localeReady
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        // Emoji presentation selector: terminals draw the sequence two columns wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        let width = Int(wcwidth(wchar_t(bitPattern: first.value)))
        if width < 0 { return first.properties.isEmojiPresentation ? 2 : 1 }
        if width == 0 && scalars.count == 1 { return 0 }
        return max(width, first.properties.isEmojiPresentation ? 2 : width)
    }

    /// The display width of a string: the sum of its graphemes' widths.
    public static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// Text cut to at most `maxWidth` columns, ending in `…` when anything was cut.
    public static func truncate(_ text: String, to maxWidth: Int) -> String {
        guard maxWidth > 0 else { return "" }
        if of(text) <= maxWidth { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > maxWidth - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// Text padded with spaces (or truncated) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }
}

/// Process locale set-up shared by `DisplayWidth` and `Terminal`.
enum LocaleSetup {
    /// Adopts the environment's locale; falls back to C.UTF-8 for character types when it is not UTF-8.
    static func ensureUTF8() {
        setlocale(LC_ALL, "")
        if !isUTF8() {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// Whether the current character-type locale is UTF-8.
    static func isUTF8() -> Bool {
        guard let name = setlocale(LC_CTYPE, nil) else { return false }
        let value = String(cString: name).lowercased()
        return value.contains("utf-8") || value.contains("utf8")
    }
}
