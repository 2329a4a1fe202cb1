/// Refuses layouts below the minimum terminal size and says so instead.
public struct SizeGuard: Sendable {
    /// The smallest size the panes are laid out for.
    public var minimum: TerminalSize

    /// A guard for `minimum` (80×24 by default).
    public init(minimum: TerminalSize = TerminalSize(columns: 80, rows: 24)) {
        self.minimum = minimum
    }

    /// Whether `size` is large enough for the normal layout.
    public func allows(_ size: TerminalSize) -> Bool {
        size.columns >= minimum.columns && size.rows >= minimum.rows
    }

    /// "Terminal too small (need 80×24, have 70×20)" in the user's language.
    public func message(for size: TerminalSize, strings: Strings) -> String {
        strings.format(.terminalTooSmall, [
            "needColumns": String(minimum.columns), "needRows": String(minimum.rows),
            "columns": String(size.columns), "rows": String(size.rows),
        ])
    }

    /// A surface of `size` showing only the message, centred and wrapped to the width.
    public func render(size: TerminalSize, strings: Strings) -> Surface {
        var surface = Surface(size: size)
        let lines = Self.wrap(message(for: size, strings: strings), width: max(1, size.columns))
            + Self.wrap(strings[.terminalTooSmallHint], width: max(1, size.columns))
        let top = max(0, (size.rows - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let column = max(0, (size.columns - DisplayWidth.of(line)) / 2)
            surface.put(text: line, at: CellPoint(row: top + offset, column: column),
                        role: offset == 0 ? .alert : .muted, maxWidth: size.columns)
        }
        return surface
    }

    /// Splits `text` into lines of at most `width` columns, at spaces where possible.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for character in text {
            let candidate = line + String(character)
            if DisplayWidth.of(candidate) > width {
                if let space = line.lastIndex(of: " "), character != " " {
                    lines.append(String(line[..<space]))
                    line = String(line[line.index(after: space)...]) + String(character)
                } else {
                    lines.append(line)
                    line = character == " " ? "" : String(character)
                }
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
