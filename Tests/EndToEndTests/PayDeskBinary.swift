import Foundation
import Synchronization
import TestSupport

/// The built `paydesk` executable, run as a subprocess with its own HOME and XDG folders.
struct PayDeskBinary: Sendable {
    /// The executable next to the test bundle (`.build/debug/paydesk`).
    static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
        ]
        for directory in candidates {
            var folder = directory
            // The bundle may be a directory (`PayDeskPackageTests.xctest/…`): walk up to the bin folder.
            for _ in 0..<4 {
                let binary = folder.appendingPathComponent("paydesk")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                folder = folder.deletingLastPathComponent()
            }
        }
        return candidates[0].appendingPathComponent("paydesk")
    }()

    /// A private HOME with XDG folders inside; removed by `remove()`.
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-e2e-\(UUID().uuidString)")
        for folder in ["config", "data", "state"] {
            try FileManager.default.createDirectory(at: home.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    /// The environment of every run: nothing of the real user's files.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PAYDESK_") }
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        environment["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment["LANG"] = "C.UTF-8"
        return environment
    }

    /// What a finished run printed.
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Decodes stdout as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
        /// Decodes stdout as one JSON object.
        func object() throws -> [String: Any] {
            guard let object = try json() as? [String: Any] else { throw BinaryError.notAnObject(stdout + stderr) }
            return object
        }
    }

    enum BinaryError: Error, CustomStringConvertible {
        case notAnObject(String)
        case timedOut(String)
        case failed(String)
        var description: String {
            switch self {
            case .notAnObject(let text): "stdout is not a JSON object: \(text)"
            case .timedOut(let what): "timed out: \(what)"
            case .failed(let what): what
            }
        }
    }

    /// Output files of one run inside the private HOME.
    private func outputFiles() -> (stdout: String, stderr: String) {
        let stem = home.appendingPathComponent("run-\(UUID().uuidString)").path
        return (stem + ".out", stem + ".err")
    }

    /// Runs `paydesk arguments…` to completion (killed after `timeout` seconds). `stderr` replaces the capture
    /// file of standard error (a terminal's device, say; `Result.stderr` is then empty); `environment` replaces
    /// the private one; with `niceness`, under `nice -n niceness` (long CPU jobs such as seeding a big database).
    func run(
        _ arguments: [String], timeout: TimeInterval = 60, stderr: String? = nil, environment: [String: String]? = nil,
        niceness: Int? = nil
    ) async throws -> Result {
        let files = outputFiles()
        let (program, all) = niceness.map { ("/usr/bin/nice", ["-n", String($0), Self.url.path] + arguments) }
            ?? (Self.url.path, arguments)
        let pid = try ChildProcess.spawn(
            program, all, stdout: files.stdout, stderr: stderr ?? files.stderr,
            environment: environment ?? self.environment)
        let deadline = Date().addingTimeInterval(TestWait.seconds(timeout))
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) != pid {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw BinaryError.timedOut("paydesk \(arguments.joined(separator: " "))")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return Result(status: ChildProcess.exitStatus(status), stdout: Server.read(files.stdout), stderr: Server.read(files.stderr))
    }

    /// Starts a long-running `paydesk` (sim, serve) and waits for its stdout line starting with `ready`.
    func start(_ arguments: [String], ready: String, timeout: TimeInterval = 60) async throws -> (Server, String) {
        let files = outputFiles()
        let pid = try ChildProcess.spawn(
            Self.url.path, arguments, stdout: files.stdout, stderr: files.stderr, environment: environment)
        let server = Server(pid: pid, stdoutPath: files.stdout, stderrPath: files.stderr)
        let deadline = Date().addingTimeInterval(TestWait.seconds(timeout))
        while Date() < deadline {
            let lines = Server.read(files.stdout).split(separator: "\n").map(String.init)
            if let line = lines.first(where: { $0.hasPrefix(ready) }) { return (server, line) }
            guard server.isRunning else { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        await server.stop()
        throw BinaryError.timedOut(
            "no line starting \(ready) from paydesk \(arguments.joined(separator: " ")); stderr: \(Server.read(files.stderr))")
    }

    /// Removes the private HOME.
    func remove() {
        try? FileManager.default.removeItem(at: home)
    }
}

/// A running `paydesk` process started by a test; `stop()` ends it by its pid (and reaps it).
final class Server: Sendable {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private let exitStatus = Mutex<Int32?>(nil)

    init(pid: pid_t, stdoutPath: String, stderrPath: String) {
        self.pid = pid
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// Whether the process is still running (reaps it when it has exited).
    var isRunning: Bool {
        exitStatus.withLock { known in
            if known != nil { return false }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return true }
            known = ChildProcess.exitStatus(status)
            return false
        }
    }

    /// SIGTERM to this process's pid, SIGKILL after 10 s; returns the exit status.
    @discardableResult
    func stop() async -> Int32 {
        if isRunning { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        if isRunning {
            kill(pid, SIGKILL)
            while isRunning { try? await Task.sleep(nanoseconds: 20_000_000) }
        }
        return exitStatus.withLock { $0 ?? -1 }
    }
}
