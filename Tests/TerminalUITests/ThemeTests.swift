import Foundation
import PayCore
import Testing
@testable import TerminalUI

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../themes").standardized.path

    /// A temporary folder removed when the closure ends.
    func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-themes-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.path)
    }

    @Test(arguments: ["default", "light", "high-contrast", "8color"])
    func shippedThemesLoadWithoutProblems(name: String) {
        let selection = ThemeLoader(searchDirectories: [Self.themesDirectory]).load(name: name)
        #expect(selection.problems.isEmpty, "\(selection.problems)")
        #expect(selection.theme.name == name)
    }

    @Test func builtinThemesAreTheShippedFiles() throws {
        let defaultFile = try String(contentsOfFile: Self.themesDirectory + "/default.toml", encoding: .utf8)
        let eightColorFile = try String(contentsOfFile: Self.themesDirectory + "/8color.toml", encoding: .utf8)
        #expect(BuiltinThemes.defaultTOML == defaultFile)
        #expect(BuiltinThemes.eightColorTOML == eightColorFile)
        let loaded = ThemeLoader(searchDirectories: [Self.themesDirectory]).load(name: "default").theme
        #expect(ThemeLoader.builtin(named: "default").style(for: .paid) == loaded.style(for: .paid))
    }

    @Test func rolesResolvePaletteNamesAndAttributes() {
        let theme = ThemeLoader(searchDirectories: [Self.themesDirectory]).load(name: "default").theme
        #expect(theme.style(for: .paid) == RoleStyle(
            foreground: .rgb(red: 0x5F, green: 0xD7, blue: 0x5F), background: .rgb(red: 0x1C, green: 0x1C, blue: 0x1C),
            attributes: .bold))
        #expect(theme.style(for: .sandbox).attributes.contains(.reverse))
    }

    @Test func highContrastThemeAvoidsRedAndGreenForStates() {
        let theme = ThemeLoader(searchDirectories: [Self.themesDirectory]).load(name: "high-contrast").theme
        #expect(theme.style(for: .paid).foreground == .rgb(red: 0, green: 0x87, blue: 0xFF))
        #expect(theme.style(for: .failed).foreground == .rgb(red: 0xFF, green: 0x87, blue: 0))
        for role in [StyleRole.paid, .failed, .pending] {
            #expect(theme.style(for: role).attributes.contains(.bold))
        }
    }

    @Test func qrPairIsFixedWhiteOnBlackWhateverTheTheme() {
        for name in ["default", "light", "high-contrast", "8color"] {
            let theme = ThemeLoader(searchDirectories: [Self.themesDirectory]).load(name: name).theme
            #expect(theme.style(for: .qr) == RoleStyle(foreground: .indexed(15), background: .indexed(0)))
            #expect(theme.style(for: .qrLight) == RoleStyle(foreground: .indexed(0), background: .indexed(15)))
        }
        #expect(ThemeColor.indexed(15).terminalColor(colorCount: 8) == 7)
        #expect(ThemeColor.indexed(0).terminalColor(colorCount: 8) == 0)
    }

    @Test func reportsUnknownColourByLineAndKey() throws {
        try withTemporaryDirectory { directory in
            let text = BuiltinThemes.defaultTOML.replacingOccurrences(
                of: #"paid = { fg = "green", attrs = ["bold"] }"#, with: #"paid = { fg = "gren", attrs = ["bold"] }"#)
            let path = directory + "/x.toml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let line = text.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex(where: { $0.contains("gren") }).map { $0 + 1 }
            let selection = ThemeLoader(searchDirectories: [directory]).load(name: "x")
            #expect(selection.problems.map(\.description) == ["\(path):\(line ?? 0): roles.paid.fg: unknown colour \"gren\""])
            #expect(selection.theme.name == "default")
        }
    }

    @Test func reportsEveryBadKeyWithItsLine() throws {
        try withTemporaryDirectory { directory in
            let text = """
                [palette]
                ok = "#112233"
                broken = "#12345g"
                big = 300

                [roles]
                text = { fg = "ok" }
                paid = { fg = "ok", attrs = ["blink"] }
                shiny = { fg = "ok" }

                [roles.failed]
                bg = "nope"
                """
            let path = directory + "/bad.toml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let problems = ThemeLoader(searchDirectories: []).load(name: path).problems
            let found = Set(problems.map { "\($0.line ?? 0) \($0.key)" })
            #expect(found == [
                "3 palette.broken", "4 palette.big", "8 roles.paid.attrs", "9 roles.shiny", "12 roles.failed.bg",
            ])
        }
    }

    /// Found by the Theme and Configuration fuzz targets: toml++ aborts on such a header, or on a `}` inside an array,
    /// unless it is refused first.
    @Test(arguments: [
        ("[roles]\ntext = { fg = \"#ffffff\" }\n[é]\n", 3, TOMLPreflight.badHeaderMessage),
        // The Theme fuzz target's crashing input (crash-9d63e2af…), byte for byte.
        ("[=palette]\ngreen = \"#00ff00\"\nbad = \"#12\"\n\n[roles]\ntext = { fg = \"gren\", attrs = [\"blink\"] }\n"
            + "nope = { fg = 3 }\npaid = \"green\"\n", 1, TOMLPreflight.badHeaderMessage),
        ("[roles]\ntext = { fg = \"#ffffff\", attrs = [\"bold\", } }\n", 2, TOMLPreflight.braceInArrayMessage),
    ])
    func malformedTOMLIsAProblemNotACrash(text: String, line: Int, message: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/header.toml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let selection = ThemeLoader(searchDirectories: []).load(name: path)
            #expect(selection.problems.map(\.description) == ["\(path):\(line): \(message)"])
            #expect(selection.theme.name == "default")
        }
    }

    @Test func reportsSyntaxErrorsWithTheirLine() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/syntax.toml"
            try "[roles]\ntext = { fg = \"#ffffff\" }\npaid = {\n".write(toFile: path, atomically: true, encoding: .utf8)
            let selection = ThemeLoader(searchDirectories: []).load(name: path)
            #expect(selection.problems.count == 1)
            #expect(selection.problems.first?.line == 3 || selection.problems.first?.line == 4)
            #expect(selection.problems.first?.description.hasPrefix(path + ":") == true)
        }
    }

    @Test func missingNamedThemeIsReportedAndDefaultUsed() {
        let selection = ThemeLoader(searchDirectories: [Self.themesDirectory]).select(
            requested: "solarized", configured: nil, colorCount: 256)
        #expect(selection.problems.count == 1)
        #expect(selection.problems.first?.message.hasPrefix("theme not found") == true)
        #expect(selection.theme.name == "default")
    }

    @Test func selectionOrderIsArgumentThenConfigThenDefault() {
        let loader = ThemeLoader(searchDirectories: [Self.themesDirectory])
        #expect(loader.select(requested: "light", configured: "high-contrast", colorCount: 256).theme.name == "light")
        #expect(loader.select(requested: nil, configured: "high-contrast", colorCount: 256).theme.name == "high-contrast")
        #expect(loader.select(requested: nil, configured: nil, colorCount: 256).theme.name == "default")
    }

    @Test func fewerThan256ColoursFallsBackToTheEightColourTheme() {
        #expect(ThemeLoader(searchDirectories: [Self.themesDirectory]).select(
            requested: nil, configured: nil, colorCount: 8).theme.name == "8color")
        // Without any themes folder the compiled-in 8-colour theme is used.
        let builtin = ThemeLoader(searchDirectories: []).select(requested: nil, configured: nil, colorCount: 8)
        #expect(builtin.theme.name == "8color" && builtin.problems.isEmpty)
        #expect(builtin.theme.style(for: .paid).foreground == .indexed(2))
    }

    @Test func hexDegradesToNearestXterm256AndThenToEightColours() {
        #expect(ThemeColor.hex("#5fd75f")?.terminalColor(colorCount: 256) == 77)
        #expect(ThemeColor.hex("#1c1c1c")?.terminalColor(colorCount: 256) == 234)
        #expect(ThemeColor.hex("#ffffff")?.terminalColor(colorCount: 256) == 231)
        #expect(ThemeColor.hex("#5fd75f")?.terminalColor(colorCount: 8) == 2)
        #expect(ThemeColor.hex("#ff5f5f")?.terminalColor(colorCount: 8) == 1)
        #expect(ThemeColor.hex("#1c1c1c")?.terminalColor(colorCount: 8) == 0)
        #expect(ThemeColor.hex("#0000d7")?.terminalColor(colorCount: 8) == 4)
        #expect(ThemeColor.indexed(196).terminalColor(colorCount: 8) == 1)
        #expect(ThemeColor.indexed(196).terminalColor(colorCount: 256) == 196)
        #expect(ThemeColor.indexed(9).terminalColor(colorCount: 16) == 9)
        #expect(ThemeColor.terminalDefault.terminalColor(colorCount: 8) == -1)
        #expect(ThemeColor.hex("#abc") == .rgb(red: 0xAA, green: 0xBB, blue: 0xCC))
        #expect(ThemeColor.hex("green") == nil)
    }
}
