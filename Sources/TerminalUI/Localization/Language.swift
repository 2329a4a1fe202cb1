import Foundation

/// A user-interface language.
public enum Language: String, CaseIterable, Sendable, Hashable {
    case english = "en"
    case simplifiedChinese = "zh-CN"

    /// The language from `--lang` when given, else from the locale environment (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`, first one set): `zh_CN.*` (or `zh-CN`, `zh_Hans`) is Simplified Chinese, anything else English.
    public static func resolve(argument: String?, environment: [String: String]) -> Language {
        if let argument, let language = parse(argument) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return parse(value) ?? .english
            }
        }
        return .english
    }

    /// Parses `en`, `zh-CN`, `zh_CN.UTF-8` and similar spellings; nil when unrecognised.
    public static func parse(_ text: String) -> Language? {
        let lower = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if lower.hasPrefix("zh-cn") || lower.hasPrefix("zh-hans") || lower == "zh" { return .simplifiedChinese }
        if lower.hasPrefix("en") || lower == "c" || lower == "posix" || lower.hasPrefix("c.") { return .english }
        return nil
    }
}
