import PayCore
import TOMLKit

/// Turns theme TOML text into a `Theme`, collecting every problem with its line and key.
public enum ThemeParser {
    /// Parses `text` (read from `file`, used in messages); throws the problems found, all of them.
    public static func parse(_ text: String, name: String, file: String) throws(ThemeParseFailure) -> Theme {
        let locator = TOMLLineLocator(text: text)
        var problems: [ThemeProblem] = []
        func report(_ path: [String], _ message: String) {
            problems.append(ThemeProblem(
                file: file, line: locator.line(of: path), key: path.joined(separator: "."), message: message))
        }

        if let problem = TOMLPreflight.firstProblem(in: text) {
            throw ThemeParseFailure(problems: [
                ThemeProblem(file: file, line: problem.line, key: "", message: problem.message),
            ])
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeParseFailure(problems: [
                ThemeProblem(file: file, line: error.source.begin.line, key: "", message: error.description),
            ])
        } catch {
            throw ThemeParseFailure(problems: [ThemeProblem(file: file, line: nil, key: "", message: "\(error)")])
        }

        for key in root.keys where !["palette", "roles", "name"].contains(key) {
            report([key], "unknown key (expected [palette] and [roles])")
        }

        var palette: [String: ThemeColor] = [:]
        if let paletteValue = root["palette"] {
            if let table = paletteValue.table {
                for key in table.keys {
                    guard let value = table[key] else { continue }
                    switch literalColor(value) {
                    case .success(let color): palette[key] = color
                    case .failure(let error): report(["palette", key], error.message)
                    }
                }
            } else {
                report(["palette"], "must be a table")
            }
        }

        var roles: [StyleRole: RoleStyle] = [:]
        guard let rolesTable = root["roles"]?.table else {
            report(["roles"], "missing [roles] table")
            throw ThemeParseFailure(problems: problems)
        }
        var specs: [StyleRole: (fg: ThemeColor?, bg: ThemeColor?, attributes: TextAttributes)] = [:]
        for key in rolesTable.keys {
            guard let role = StyleRole(rawValue: key), role.isThemeable else {
                report(["roles", key], "unknown role (expected one of "
                    + StyleRole.themeable.map(\.rawValue).joined(separator: ", ") + ")")
                continue
            }
            guard let entry = rolesTable[key]?.table else {
                report(["roles", key], "must be a table like { fg = \"name\", bg = \"name\", attrs = [\"bold\"] }")
                continue
            }
            var spec: (fg: ThemeColor?, bg: ThemeColor?, attributes: TextAttributes) = (nil, nil, [])
            for field in entry.keys {
                guard let value = entry[field] else { continue }
                let path = ["roles", key, field]
                switch field {
                case "fg", "bg":
                    switch colorReference(value, palette: palette) {
                    case .success(let color):
                        if field == "fg" { spec.fg = color } else { spec.bg = color }
                    case .failure(let error): report(path, error.message)
                    }
                case "attrs":
                    guard let array = value.array else {
                        report(path, "must be a list such as [\"bold\"]")
                        continue
                    }
                    for item in array {
                        let name = item.string ?? item.debugDescription
                        if let attribute = TextAttributes.named.first(where: { $0.0 == name })?.1 {
                            spec.attributes.insert(attribute)
                        } else {
                            report(path, "unknown attribute \"\(name)\" (expected bold, reverse, underline, dim)")
                        }
                    }
                default:
                    report(path, "unknown field (expected fg, bg, attrs)")
                }
            }
            specs[role] = spec
        }
        guard problems.isEmpty else {
            throw ThemeParseFailure(problems: problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }

        // Missing bg → the background role's bg; missing fg → the text role's fg.
        let background = specs[.background]
        let baseBackground = background?.bg ?? .terminalDefault
        let baseForeground = specs[.text]?.fg ?? background?.fg ?? .terminalDefault
        for role in StyleRole.themeable {
            let spec = specs[role]
            roles[role] = RoleStyle(
                foreground: spec?.fg ?? baseForeground, background: spec?.bg ?? baseBackground,
                attributes: spec?.attributes ?? [])
        }
        return Theme(name: name, roles: roles)
    }

    /// A palette entry: `"#rrggbb"` or an integer 0-255.
    private static func literalColor(_ value: TOMLValueConvertible) -> Result<ThemeColor, ColorError> {
        if let number = value.int {
            guard (0...255).contains(number) else { return .failure(ColorError("colour number \(number) is not 0-255")) }
            return .success(.indexed(number))
        }
        if let text = value.string {
            if text == "default" { return .success(.terminalDefault) }
            if let color = ThemeColor.hex(text) { return .success(color) }
            return .failure(ColorError("bad colour \"\(text)\" (expected \"#rrggbb\" or 0-255)"))
        }
        return .failure(ColorError("bad colour (expected \"#rrggbb\" or 0-255)"))
    }

    /// A role colour: palette name, `"#rrggbb"`, 0-255 or `"default"`.
    private static func colorReference(_ value: TOMLValueConvertible, palette: [String: ThemeColor])
        -> Result<ThemeColor, ColorError>
    {
        if let text = value.string, !text.hasPrefix("#"), text != "default" {
            if let color = palette[text] { return .success(color) }
            return .failure(ColorError("unknown colour \"\(text)\""))
        }
        return literalColor(value)
    }
}

/// A colour that could not be read; the message names it.
struct ColorError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension ColorError: CustomStringConvertible {
    var description: String { message }
}

/// All problems found in one theme file.
public struct ThemeParseFailure: Error, Sendable {
    /// The problems, in file order.
    public var problems: [ThemeProblem]
}
