import Foundation

/// The string table of one language: every user-facing text of the console.
public struct Strings: Sendable {
    /// The table's language.
    public let language: Language
    private let table: [L10nKey: String]
    private let actions: [Action: (label: String, description: String)]
    private let contexts: [KeymapContext: String]

    /// The table for `language`.
    public init(language: Language) {
        self.language = language
        switch language {
        case .english:
            table = EnglishStrings.table
            actions = EnglishStrings.actions
            contexts = EnglishStrings.contexts
        case .simplifiedChinese:
            table = ChineseStrings.table
            actions = ChineseStrings.actions
            contexts = ChineseStrings.contexts
        }
    }

    /// The text for `key` (the key's name when a table lacks it, which a test forbids).
    public subscript(key: L10nKey) -> String {
        table[key] ?? key.rawValue
    }

    /// The text for `key` with `{name}` placeholders replaced from `values`.
    public func format(_ key: L10nKey, _ values: [String: String]) -> String {
        var text = self[key]
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// A short label for status-bar hints (`Open`, `Search`).
    public func label(of action: Action) -> String {
        actions[action]?.label ?? action.rawValue
    }

    /// The one-line description shown in help.
    public func description(of action: Action) -> String {
        actions[action]?.description ?? action.rawValue
    }

    /// The title of a keymap context, as shown in help.
    public func title(of context: KeymapContext) -> String {
        contexts[context] ?? context.rawValue
    }

    /// Whether the table has every key, action and context (for tests and `config check`).
    public var missingEntries: [String] {
        L10nKey.allCases.filter { table[$0] == nil }.map(\.rawValue)
            + Action.allCases.filter { actions[$0] == nil }.map { "action." + $0.rawValue }
            + KeymapContext.allCases.filter { contexts[$0] == nil }.map { "context." + $0.rawValue }
    }
}
