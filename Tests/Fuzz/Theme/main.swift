// libFuzzer target: the theme loader (TerminalUI Themes), see docs/hardening.md.
import Foundation
import TerminalUI

/// One file per fuzzing process: the loader reads themes from files.
let themePath = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-fuzz-theme-\(getpid()).toml").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    do {
        let theme = try ThemeParser.parse(text, name: "fuzz", file: "fuzz.toml")
        for role in StyleRole.allCases {
            let style = theme.style(for: role)
            for colorCount in [8, 16, 256] {
                for color in [style.foreground, style.background] {
                    let number = color.terminalColor(colorCount: colorCount)
                    require(number == -1 || (0..<colorCount).contains(number), "\(color) → \(number) of \(colorCount)")
                }
            }
        }
    } catch {
        require(!error.problems.isEmpty, "a failed theme reported no problem")
        for problem in error.problems {
            require(problem.file == "fuzz.toml" && !problem.message.isEmpty, "problem without file or message")
            if let line = problem.line { require(line >= 1, "line \(line) in \(problem)") }
        }
    }
    // The loader as the console calls it: a bad file falls back to the built-in theme and says why.
    guard FileManager.default.createFile(atPath: themePath, contents: Data(bytes)) else { return 0 }
    let selection = ThemeLoader(searchDirectories: []).load(name: themePath)
    if !selection.problems.isEmpty { require(selection.theme.name == "default", "fallback is \(selection.theme.name)") }
    return 0
}
