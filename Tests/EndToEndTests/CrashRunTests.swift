import Foundation
import Testing
import TestSupport

/// A few hundred paid orders' notifications from a real `paydesk sim` (retry schedule at `--time-scale 0.01`) to
/// a real `paydesk serve` that is SIGKILLed at a random point and restarted on the same database: nothing the
/// simulator saw acknowledged may be lost, nothing may be applied twice, and the database must stay intact.
///
/// The storm is driven by `paydesk-bench crash` (the program behind `make crash-run`, here at 300 notifications
/// and 2 kills), which starts both processes, kills and restarts serve, and reports what it found in the
/// simulator's delivery records and in the SQLite database serve left behind.
@Suite("Crash run: SIGKILL paydesk serve during a notification storm")
struct CrashRunTests {
    static var benchProgram: String {
        PayDeskBinary.url.deletingLastPathComponent().appendingPathComponent("paydesk-bench").path
    }

    /// Both modes, one after the other (two storms at once made the machine's other end-to-end tests flaky): the
    /// default `adaptive`, then `queued`, where every delivery is acknowledged once stored and applied afterwards, so
    /// the kills also leave acknowledged deliveries that were not applied yet, which the restarted serve must apply
    /// (once).
    @Test func killedServeLosesNoAcknowledgedNotificationAndAppliesEachOnce() async throws {
        for apply in ["adaptive", "queued"] {
            try await crashRun(apply: apply)
        }
    }

    private func crashRun(apply: String) async throws {
        let binary = try PayDeskBinary()
        defer { binary.remove() }
        var environment = binary.environment
        environment["CRASH_NOTIFICATIONS"] = "300"
        environment["CRASH_KILLS"] = "2"
        environment["CRASH_APPLY"] = apply
        let out = binary.home.appendingPathComponent("crash.out").path
        let err = binary.home.appendingPathComponent("crash.err").path
        let pid = try ChildProcess.spawn(Self.benchProgram, ["crash"], stdout: out, stderr: err, environment: environment)
        // Bounded, generous wait: a loaded machine may be slow; this is not a timing assertion.
        let deadline = Date().addingTimeInterval(600)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) != pid {
            if Date() > deadline {
                ChildProcess.terminate(pid)
                Issue.record("crash run (--apply \(apply)) did not finish in 600 s: \(Server.read(err))")
                return
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let line = try #require(
            Server.read(out).split(separator: "\n").last { $0.contains("\"crash_run\"") }, "stderr: \(Server.read(err))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(ChildProcess.exitStatus(status) == 0, "--apply \(apply), stderr: \(Server.read(err))")
        #expect(report["notifications"] as? Int == 300)
        #expect(report["kills"] as? Int == 2)
        #expect(report["acknowledged"] as? Int == 300)
        #expect(report["acknowledged_lost"] as? Int == 0)
        #expect(report["double_applied"] as? Int == 0)
        #expect(report["applied_rows"] as? Int == 300)
        #expect(report["integrity_check"] as? String == "ok")
    }
}
