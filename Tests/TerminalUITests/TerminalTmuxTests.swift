import Foundation
import TestSupport
import Testing
@testable import TerminalUI

/// Drives the real curses `Terminal` inside tmux: this test binary re-runs itself as the child.
@Suite(.serialized) struct TerminalTmuxTests {
    static let childReportVariable = "PAYDESK_TERMINAL_CHILD_REPORT"
    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let isChild = ProcessInfo.processInfo.environment[childReportVariable] != nil

    /// The child: a real terminal and the UI loop over example panes; writes what it saw when it quits.
    @Test(.enabled(if: isChild, "runs only as the child of realTerminalDrawsReadsKeysAndHandlesResize"))
    func terminalChild() throws {
        let terminal = try Terminal()
        let orders = ExamplePane(name: "订单")
        let checkout = ExamplePane(name: "checkout")
        checkout.qrText = QRTests.codeURL
        let wide = ExamplePane(name: "wide")
        wide.qrText = QRTests.codeURL
        wide.qrStyle = .wide
        let app = UIApp(
            terminal: terminal, theme: ThemeLoader.builtin(named: "default"), strings: Strings(language: .english),
            status: StatusInfo(merchant: "1900000109", isSandbox: true, listenerAddress: "127.0.0.1:8080"),
            roots: [(.showOrders, orders), (.showCheckout, checkout), (.showNotifications, wide)])
        app.run()
        let report = "count=\(orders.count) colors=\(terminal.colorCount)"
        let path = ProcessInfo.processInfo.environment[Self.childReportVariable] ?? "/dev/null"
        try report.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try ChildProcess.run(Self.tmuxPath ?? "/usr/bin/tmux", arguments).output
    }

    /// Polls the pane until `condition` holds for its text (10 s at most); returns the last capture.
    func waitForScreen(_ session: String, _ condition: (String) -> Bool) throws -> String {
        var screen = ""
        for _ in 0..<300 {
            screen = try tmux(["capture-pane", "-p", "-t", session])
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return screen
    }

    @Test(.enabled(if: tmuxPath != nil && !isChild, "tmux is not installed"))
    func realTerminalDrawsReadsKeysAndHandlesResize() throws {
        let session = "paydesk-terminal-\(getpid())"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(session)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("report").path
        let binary = ProcessInfo.processInfo.arguments[0]
        let command = "env \(Self.childReportVariable)=\(report) TERM=xterm-256color LANG=C.UTF-8 '\(binary)'"
            + " --testing-library swift-testing --filter terminalChild"
        try tmux(["new-session", "-d", "-x", "100", "-y", "30", "-s", session, command])
        defer { _ = try? tmux(["kill-session", "-t", session]) }

        var screen = try waitForScreen(session) { $0.contains("订单 count: 0") }
        #expect(screen.contains("订单 count: 0"))
        #expect(screen.contains("SANDBOX") && screen.contains("127.0.0.1:8080"))

        try tmux(["send-keys", "-t", session, "j", "j", "Down"])
        screen = try waitForScreen(session) { $0.contains("count: 3") }
        #expect(screen.contains("订单 count: 3"))

        try tmux(["send-keys", "-t", session, "?"])
        screen = try waitForScreen(session) { $0.contains("Show the order list") }
        #expect(screen.contains("Show the order list"))
        try tmux(["send-keys", "-t", session, "Escape"])
        screen = try waitForScreen(session) { !$0.contains("Show the order list") }
        #expect(!screen.contains("Show the order list"))

        try tmux(["resize-window", "-t", session, "-x", "70", "-y", "20"])
        screen = try waitForScreen(session) { $0.contains("have 70×20") }
        #expect(screen.contains("Terminal too small (need 80×24, have 70×20)"))
        try tmux(["resize-window", "-t", session, "-x", "100", "-y", "30"])
        screen = try waitForScreen(session) { $0.contains("count: 3") }
        #expect(screen.contains("订单 count: 3"))

        // The half-block QR as the terminal shows it decodes from the captured text.
        try tmux(["send-keys", "-t", session, "2"])
        screen = try waitForScreen(session) { $0.contains("checkout count: 0") }
        if ScreenImage.zbarimgPath != nil {
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).prefix(19)
                .map { String($0.dropFirst(2).prefix(37)) }
            #expect(try ScreenImage.decode(ScreenImage.pgm(ScreenImage.cells(fromTextRows: rows))) == QRTests.codeURL)
        }

        // The wide style decodes from a capture with colours (`-e`): light modules are white backgrounds.
        try tmux(["resize-window", "-t", session, "-x", "100", "-y", "45"])
        try tmux(["send-keys", "-t", session, "3"])
        screen = try waitForScreen(session) { $0.contains("wide count: 0") }
        if ScreenImage.zbarimgPath != nil {
            // Under load the frame may still be arriving: capture until the code decodes (or 10 s pass).
            var decoded: String?
            for _ in 0..<100 {
                let colored = try tmux(["capture-pane", "-p", "-e", "-t", session])
                let rows = colored.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let cells = ScreenImage.cells(fromANSIRows: rows, width: 100, missingCellsAreLight: true)
                    .dropFirst(4).prefix(37).map { Array($0.dropFirst(2).prefix(74)) }
                decoded = try? ScreenImage.decode(ScreenImage.pgm(cells))
                if decoded == QRTests.codeURL { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(decoded == QRTests.codeURL)
        }

        try tmux(["send-keys", "-t", session, "q"])
        var written = ""
        for _ in 0..<100 where written.isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
            written = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        }
        #expect(written.hasPrefix("count=3 colors="))
    }
}
