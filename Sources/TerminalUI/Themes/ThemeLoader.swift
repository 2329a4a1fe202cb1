import Foundation

/// The theme in use and anything wrong with the one that was asked for.
public struct ThemeSelection: Sendable {
    /// The theme to draw with (the built-in one when the requested file was bad or missing).
    public var theme: Theme
    /// Problems to show the user; empty when the requested theme loaded cleanly.
    public var problems: [ThemeProblem]
}

/// Finds and loads `themes/NAME.toml`, falling back to the compiled-in themes.
///
/// Order: `--theme NAME|PATH`, then the configuration's theme, then `default` (or `8color` when the
/// terminal has fewer than 256 colours). A theme that was named explicitly is kept on small terminals and
/// its colours degrade; a bad file is reported by line and key and the built-in theme is used instead.
public struct ThemeLoader: Sendable {
    /// Folders searched for `NAME.toml`, in order.
    public var searchDirectories: [String]

    /// A loader over `searchDirectories`.
    public init(searchDirectories: [String] = ThemeLoader.defaultSearchDirectories()) {
        self.searchDirectories = searchDirectories
    }

    /// `./themes`, `$XDG_CONFIG_HOME/paydesk/themes` (or `~/.config/...`), and `themes` or
    /// `../share/paydesk/themes` next to the executable.
    public static func defaultSearchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        var directories = ["themes"]
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/paydesk/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/paydesk/themes")
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let folder = executable.deletingLastPathComponent()
        directories.append(folder.appendingPathComponent("themes").path)
        directories.append(folder.appendingPathComponent("../share/paydesk/themes").standardized.path)
        return directories
    }

    /// Chooses and loads the theme for a terminal with `colorCount` colours.
    public func select(requested: String?, configured: String?, colorCount: Int) -> ThemeSelection {
        let smallTerminal = colorCount < 256
        guard let name = requested ?? configured, !name.isEmpty else {
            return load(name: smallTerminal ? "8color" : "default", isExplicit: false)
        }
        return load(name: name, isExplicit: true)
    }

    /// The built-in theme for `name` (`8color` has its own; everything else gets `default`).
    public static func builtin(named name: String) -> Theme {
        let text = name == "8color" ? BuiltinThemes.eightColorTOML : BuiltinThemes.defaultTOML
        let builtinName = name == "8color" ? "8color" : "default"
        return (try? ThemeParser.parse(text, name: builtinName, file: "<built-in \(builtinName)>")) ?? .monochrome
    }

    /// Loads theme `name` (a name searched in the folders, or a path to a `.toml` file).
    public func load(name: String, isExplicit: Bool = true) -> ThemeSelection {
        let isPath = name.contains("/") || name.hasSuffix(".toml")
        let candidates = isPath ? [name] : searchDirectories.map { $0 + "/" + name + ".toml" }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let fallback = Self.builtin(named: name)
            if !isExplicit || name == "default" || name == "8color" {
                return ThemeSelection(theme: fallback, problems: [])
            }
            let looked = isPath ? name : candidates.joined(separator: ", ")
            return ThemeSelection(theme: fallback, problems: [
                ThemeProblem(file: name, line: nil, key: "", message: "theme not found (looked in \(looked))"),
            ])
        }
        let themeName = isPath ? file : name
        do {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            return ThemeSelection(theme: try ThemeParser.parse(text, name: themeName, file: file), problems: [])
        } catch let failure as ThemeParseFailure {
            return ThemeSelection(theme: Self.builtin(named: "default"), problems: failure.problems)
        } catch {
            return ThemeSelection(theme: Self.builtin(named: "default"), problems: [
                ThemeProblem(file: file, line: nil, key: "", message: "cannot read: \(error.localizedDescription)"),
            ])
        }
    }
}
