import Testing
@testable import TerminalUI

@Suite struct SizeGuardTests {
    @Test func allowsEightyByTwentyFourAndLarger() {
        let guardian = SizeGuard()
        #expect(guardian.allows(TerminalSize(columns: 80, rows: 24)))
        #expect(guardian.allows(TerminalSize(columns: 200, rows: 60)))
        #expect(!guardian.allows(TerminalSize(columns: 79, rows: 24)))
        #expect(!guardian.allows(TerminalSize(columns: 80, rows: 23)))
    }

    @Test func saysHowBigTheTerminalIsAndNeedsToBe() {
        let message = SizeGuard().message(for: TerminalSize(columns: 70, rows: 20), strings: Strings(language: .english))
        #expect(message == "Terminal too small (need 80×24, have 70×20)")
        let chinese = SizeGuard().message(for: TerminalSize(columns: 70, rows: 20),
                                          strings: Strings(language: .simplifiedChinese))
        #expect(chinese.contains("80×24") && chinese.contains("70×20"))
    }

    @Test func rendersTheMessageWrappedOnANarrowTerminal() {
        let surface = SizeGuard().render(size: TerminalSize(columns: 30, rows: 8), strings: Strings(language: .english))
        let text = surface.lines().map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
        #expect(text.contains("Terminal too small (need 80×24, have 30×8)"))
        #expect(surface.lines().allSatisfy { DisplayWidth.of($0) == 30 })
    }
}
