/// A key as written in keymaps and shown in help: `q`, `G`, `Enter`, `Esc`, `Up`, `PgDn`, `C-c`, `F1`.
public enum KeyChord: Sendable, Hashable, CustomStringConvertible {
    case character(Character)
    case control(Character)
    case special(SpecialKey)
    case function(Int)

    /// Spelling of special keys in keymaps (first one is canonical) and in help text.
    private static let specialNames: [(SpecialKey, [String], String)] = [
        (.enter, ["Enter", "Return", "CR"], "Enter"),
        (.escape, ["Esc", "Escape"], "Esc"),
        (.tab, ["Tab"], "Tab"),
        (.backTab, ["S-Tab", "BackTab"], "S-Tab"),
        (.backspace, ["Backspace", "BS", "Bksp"], "Bksp"),
        (.delete, ["Del", "Delete"], "Del"),
        (.insert, ["Ins", "Insert"], "Ins"),
        (.up, ["Up", "↑"], "↑"),
        (.down, ["Down", "↓"], "↓"),
        (.left, ["Left", "←"], "←"),
        (.right, ["Right", "→"], "→"),
        (.pageUp, ["PgUp", "PageUp"], "PgUp"),
        (.pageDown, ["PgDn", "PageDown"], "PgDn"),
        (.home, ["Home"], "Home"),
        (.end, ["End"], "End"),
    ]

    /// Parses a keymap spelling; nil when it names no key. `Space` is the space character.
    public init?(parsing text: String) {
        if text.count == 1, let character = text.first, !"↑↓←→".contains(character) {
            self = .character(character)
            return
        }
        if text == "Space" {
            self = .character(" ")
            return
        }
        let lowered = text.lowercased()
        if let match = Self.specialNames.first(where: { entry in entry.1.contains { $0.lowercased() == lowered } }) {
            self = .special(match.0)
            return
        }
        let lower = text.lowercased()
        if lower.hasPrefix("c-") || lower.hasPrefix("ctrl-") || lower.hasPrefix("^") {
            let rest = text.drop(while: { $0 != "-" && $0 != "^" }).dropFirst()
            guard rest.count == 1, let letter = rest.first, letter.isLetter, letter.isASCII else { return nil }
            self = .control(Character(letter.lowercased()))
            return
        }
        if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...12).contains(number) {
            self = .function(number)
            return
        }
        return nil
    }

    /// The chord an input event is, if any (resizes and mouse events are not chords).
    public init?(event: KeyEvent) {
        switch event {
        case .character(let character): self = .character(character)
        case .control(let character): self = .control(character)
        case .special(let key): self = .special(key)
        case .function(let number): self = .function(number)
        case .resize, .mouse: return nil
        }
    }

    /// How the chord is shown in help and hints: `q`, `Enter`, `↑`, `C-c`, `Space`.
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .control(let character): return "C-\(character)"
        case .special(let key): return Self.specialNames.first(where: { $0.0 == key })?.2 ?? key.rawValue
        case .function(let number): return "F\(number)"
        }
    }
}
