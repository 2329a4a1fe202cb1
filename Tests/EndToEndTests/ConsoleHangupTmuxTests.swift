import Foundation
import Testing

extension ConsoleTmuxTests {
    /// Whether `pid` is gone or a zombie (after its tmux dies the console is reparented, so it is not ours to reap).
    static func hasExited(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // pid (comm) STATE …: the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }

    /// Kills the console's tmux server (its terminal disappears) and checks that the console process ends on its
    /// own, restored and reporting why, within a bounded wait. With `ignoreHangup` the console never sees SIGHUP
    /// (started as `nohup` would) and must notice the hang-up on its terminal input instead.
    func consoleExitsWhenItsTerminalGoesAway(ignoreHangup: Bool) throws {
        let console = try Console(ignoreHangup: ignoreHangup)
        defer { console.stop() }
        try console.waitUntilStarted()
        let pid = try console.consolePID()
        let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        #expect(command.contains("paydesk"), "pane process \(pid) is \(command)")
        _ = try? console.tmux(["kill-server"])
        let deadline = Date().addingTimeInterval(60)
        while !Self.hasExited(pid) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let exited = Self.hasExited(pid)
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        #expect(exited, "paydesk \(pid) still runs without its terminal: \(status.split(separator: "\n").filter { $0.hasPrefix("Sig") || $0.hasPrefix("State") })")
        if !exited { kill(pid, SIGKILL) }
        let errors = (try? String(contentsOf: console.binary.home.appendingPathComponent("console.err"), encoding: .utf8)) ?? ""
        #expect(errors.contains("the terminal went away"), "stderr: \(errors)")
    }

    @Test func consoleExitsOnHangup() throws {
        try consoleExitsWhenItsTerminalGoesAway(ignoreHangup: false)
    }

    @Test func consoleExitsOnEndOfInputWhenHangupIsIgnored() throws {
        try consoleExitsWhenItsTerminalGoesAway(ignoreHangup: true)
    }
}
