/// One error in a theme file, reported by file, line and key: `themes/x.toml:12: roles.paid.fg: unknown colour "gren"`.
public struct ThemeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (or found it).
    public var file: String
    /// One-based line, when known.
    public var line: Int?
    /// Dotted key path (`roles.paid.fg`), empty for whole-file problems.
    public var key: String
    /// What is wrong.
    public var message: String

    /// Creates a problem report.
    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
    }
}

/// Finds the line a dotted key is written on in TOML text (TOMLKit reports no positions for values).
///
/// Understands `[table]` headers, `key = value` lines, dotted keys and inline tables on one line, which
/// is how theme files are written; returns the closest enclosing line when the exact key is not found.
struct TOMLLineLocator {
    private var entries: [(path: [String], line: Int)] = []

    /// Indexes `text`.
    init(text: String) {
        var table: [String] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let name = line.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
                table = Self.splitKey(String(name))
                entries.append((table, offset + 1))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = Self.splitKey(String(line[..<equals]))
            entries.append((table + key, offset + 1))
            // Keys of an inline table on the same line: `paid = { fg = "green", attrs = [...] }`.
            let value = line[line.index(after: equals)...].trimmingSpaces()
            if value.hasPrefix("{") {
                for part in value.dropFirst().split(separator: ",") {
                    guard let innerEquals = part.firstIndex(of: "=") else { continue }
                    let innerKey = Self.splitKey(String(part[..<innerEquals]))
                    entries.append((table + key + innerKey, offset + 1))
                }
            }
        }
    }

    private static func splitKey(_ text: String) -> [String] {
        text.split(separator: ".").map { String($0.trimmingSpaces()).trimmingCharacters(in: "\"'") }
    }

    /// The line of `path`, or of its longest prefix that is written down.
    func line(of path: [String]) -> Int? {
        var length = path.count
        while length > 0 {
            let prefix = Array(path.prefix(length))
            if let entry = entries.first(where: { $0.path == prefix }) { return entry.line }
            length -= 1
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let characters = Substring(self)
        let start = characters.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) ?? characters.endIndex
        let end = characters.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" })
            .map { characters.index(after: $0) } ?? start
        return characters[start..<Swift.max(start, end)]
    }

    /// The text without any of `characters` at either end.
    func trimmingCharacters(in characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
