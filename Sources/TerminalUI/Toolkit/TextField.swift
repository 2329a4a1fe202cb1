/// A one-line text field's state (amount, search, refund reason): text and cursor, edited by the pane.
public struct TextField: Sendable, Equatable {
    /// The text.
    public private(set) var text: String
    /// Cursor position in characters (0…text.count).
    public private(set) var cursor: Int
    /// Most characters accepted.
    public var maximumLength: Int
    /// Which characters are accepted (all printable ones by default).
    public var accepts: @Sendable (Character) -> Bool

    /// A field holding `text` with the cursor at its end.
    public init(text: String = "", maximumLength: Int = 128,
                accepts: @escaping @Sendable (Character) -> Bool = { !$0.isNewline }) {
        self.text = text
        self.cursor = text.count
        self.maximumLength = maximumLength
        self.accepts = accepts
    }

    /// A field for money in yuan: digits and one decimal point, at most two decimals.
    public static func amount(_ text: String = "") -> TextField {
        TextField(text: text, maximumLength: 12) { $0.isASCII && ($0.isNumber || $0 == ".") }
    }

    public static func == (left: TextField, right: TextField) -> Bool {
        left.text == right.text && left.cursor == right.cursor && left.maximumLength == right.maximumLength
    }

    /// Inserts `character` at the cursor when accepted; returns whether it was.
    @discardableResult
    public mutating func insert(_ character: Character) -> Bool {
        guard accepts(character), text.count < maximumLength else { return false }
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(character, at: index)
        cursor += 1
        return true
    }

    /// Applies an editing action (delete, cursor moves); returns whether the action was an edit.
    @discardableResult
    public mutating func apply(_ action: Action) -> Bool {
        switch action {
        case .deleteBackward:
            guard cursor > 0 else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
            cursor -= 1
        case .moveLeft: cursor = max(0, cursor - 1)
        case .moveRight: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        default: return false
        }
        return true
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func set(_ newText: String) {
        text = String(newText.prefix(maximumLength))
        cursor = text.count
    }

    /// Draws the field in `width` columns at `point`, the cursor cell in reverse video, scrolled so the
    /// cursor stays visible.
    public func render(into surface: inout Surface, at point: CellPoint, width: Int, role: StyleRole = .text,
                       showsCursor: Bool = true) {
        guard width > 0 else { return }
        surface.put(text: String(repeating: " ", count: width), at: point, role: role, attributes: .underline)
        let characters = Array(text)
        var start = 0
        while DisplayWidth.of(String(characters[start..<cursor])) > width - 1 { start += 1 }
        var column = point.column
        for (index, character) in characters.enumerated().dropFirst(start) {
            let characterWidth = DisplayWidth.of(character)
            if column + characterWidth > point.column + width { break }
            let attributes: TextAttributes = showsCursor && index == cursor ? [.reverse] : [.underline]
            column += surface.put(text: String(character), at: CellPoint(row: point.row, column: column), role: role,
                                  attributes: attributes)
        }
        if showsCursor, cursor == characters.count, column < point.column + width {
            surface.put(text: " ", at: CellPoint(row: point.row, column: column), role: role, attributes: .reverse)
        }
    }
}
