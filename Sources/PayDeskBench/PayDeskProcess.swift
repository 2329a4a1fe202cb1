import Foundation

/// A `paydesk` child process (sim or serve) started by a benchmark through posix_spawn, stopped by its pid.
final class PayDeskProcess {
    enum ProcessError: Error, CustomStringConvertible {
        case notReady(String)
        var description: String {
            switch self {
            case .notReady(let text): "paydesk did not become ready: \(text)"
            }
        }
    }

    /// The release `paydesk` next to this program.
    static let executable = URL(fileURLWithPath: ChildProcess.selfPath).deletingLastPathComponent()
        .appendingPathComponent("paydesk").path

    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private var reaped = false

    /// Starts `paydesk arguments…` with output in files under `directory`, waits for a stdout line starting with
    /// `ready` and returns the process and that line.
    static func start(_ arguments: [String], ready: String, directory: String, timeout: Double = 120) throws
        -> (PayDeskProcess, String)
    {
        let stem = "\(directory)/\(arguments.first { !$0.hasPrefix("-") && !$0.hasPrefix("/") } ?? "paydesk")-\(UUID().uuidString.prefix(8))"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stem + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stem + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let pid = try ChildProcess.spawn([executable] + arguments, environment: nil, actions: &actions, attributes: nil)
        let process = PayDeskProcess(pid: pid, stdoutPath: stem + ".out", stderrPath: stem + ".err")
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = process.output.split(separator: "\n").first(where: { $0.hasPrefix(ready) }) {
                return (process, String(line))
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        process.kill()
        throw ProcessError.notReady(process.errors)
    }

    private init(pid: pid_t, stdoutPath: String, stderrPath: String) {
        self.pid = pid
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    var output: String { String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self) }
    var errors: String { String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self) }

    var isRunning: Bool {
        if reaped { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { reaped = true }
        return !reaped
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; reaps the process.
    func stop(grace: Double = 20) {
        guard isRunning else { return }
        Glibc.kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(20_000) }
        kill()
    }

    /// SIGKILL now (a crash), and reap.
    func kill() {
        guard isRunning else { return }
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        reaped = true
    }

    /// The port of a ready line ending `http://HOST:PORT`.
    static func port(ofReadyLine line: String) -> UInt16? {
        line.split(separator: ":").last.flatMap { UInt16($0) }
    }
}

extension PayDeskProcess {
    /// CPU time (user + system, all threads) the process has used so far, in seconds, from `/proc/PID/stat`;
    /// nil once it is gone.
    var cpuSeconds: Double? { ProcessStatus.read("/proc/\(pid)/stat").flatMap(Self.cpuSeconds(ofStat:))?.seconds }

    /// What a thread does in `paydesk serve`, told by the name the runtime gives it.
    enum ThreadRole: String, CaseIterable {
        /// The cooperative pool (`…default-qos`): verification, decryption, the pipeline's tasks.
        case tasks
        /// NIO's event loops (`NIO-…`): HTTP parsing, socket reads and writes.
        case eventLoops = "event loops"
        /// Dispatch's overcommit threads (`…qos.overcommit`): the group commit's writer and its WAL sync.
        case writer
        case other

        init(threadName: Substring) {
            if threadName.hasPrefix("NIO-") {
                self = .eventLoops
            } else if threadName.hasSuffix("default-qos") {
                self = .tasks
            } else if threadName.hasSuffix("overcommit") {
                self = .writer
            } else {
                self = .other
            }
        }
    }

    /// CPU time so far per thread role, from `/proc/PID/task/*/stat`: a steadier measure of one part of serve
    /// than samples, and comparable between builds as a share of the total (docs/performance.md). A thread that
    /// ended takes its time with it, so use differences over a window in which the threads live.
    var cpuSecondsByRole: [ThreadRole: Double] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var seconds: [ThreadRole: Double] = [:]
        for task in tasks {
            guard let stat = ProcessStatus.read("/proc/\(pid)/task/\(task)/stat"),
                let thread = Self.cpuSeconds(ofStat: stat)
            else { continue }
            seconds[ThreadRole(threadName: thread.name), default: 0] += thread.seconds
        }
        return seconds
    }

    /// The name and user + system CPU seconds in a `/proc/…/stat` line: "PID (name) state …", where the name may
    /// hold spaces and parentheses, and utime and stime are fields 14 and 15, in clock ticks.
    private static func cpuSeconds(ofStat text: String) -> (name: Substring, seconds: Double)? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (text[text.index(after: open)..<close], (user + system) / Double(sysconf(Int32(_SC_CLK_TCK))))
    }
}
