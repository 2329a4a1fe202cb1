import Foundation
import Synchronization

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
        var description: String {
            switch self {
            case .notAnObject(let text): "stdout is not a JSON object: \(text)"
            case .timedOut(let what): "timed out: \(what)"
            }
        }
    }

    private func makeProcess(_ arguments: [String]) -> (Process, OutputCollector, OutputCollector) {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = home
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        return (process, OutputCollector(out.fileHandleForReading), OutputCollector(err.fileHandleForReading))
    }

    /// Runs `paydesk arguments…` to completion (killed after `timeout` seconds).
    func run(_ arguments: [String], timeout: TimeInterval = 60) async throws -> Result {
        let (process, stdout, stderr) = makeProcess(arguments)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw BinaryError.timedOut("paydesk \(arguments.joined(separator: " "))")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout.finish(), stderr: stderr.finish())
    }

    /// Starts a long-running `paydesk` (sim, serve) and waits for its stdout line starting with `ready`.
    func start(_ arguments: [String], ready: String, timeout: TimeInterval = 60) async throws -> (Server, String) {
        let (process, stdout, stderr) = makeProcess(arguments)
        let server = Server(process: process, stdout: stdout, stderr: stderr)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = stdout.lines().first(where: { $0.hasPrefix(ready) }) { return (server, line) }
            guard process.isRunning else { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        await server.stop()
        throw BinaryError.timedOut("no line starting \(ready) from paydesk \(arguments.joined(separator: " ")); stderr: \(stderr.text())")
    }

    /// Removes the private HOME.
    func remove() {
        try? FileManager.default.removeItem(at: home)
    }
}

/// A running `paydesk` process started by a test; `stop()` ends it by its pid.
final class Server: Sendable {
    let process: Process
    let stdout: OutputCollector
    let stderr: OutputCollector

    init(process: Process, stdout: OutputCollector, stderr: OutputCollector) {
        self.process = process
        self.stdout = stdout
        self.stderr = stderr
    }

    /// SIGTERM to this process's pid, SIGKILL after 10 s; returns the exit status.
    @discardableResult
    func stop() async -> Int32 {
        let pid = process.processIdentifier
        if process.isRunning { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Collects everything a pipe delivers, readable while the process still runs.
final class OutputCollector: Sendable {
    private let buffer = Mutex(Data())
    private let handle: FileHandle

    init(_ handle: FileHandle) {
        self.handle = handle
        handle.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                self.buffer.withLock { $0.append(data) }
            }
        }
    }

    /// The text so far.
    func text() -> String { buffer.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Complete lines so far.
    func lines() -> [String] {
        let text = text()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the part after the last newline is not a complete line
        return lines
    }

    /// Everything, once the writer has closed its end.
    func finish() -> String {
        handle.readabilityHandler = nil
        let rest = handle.readDataToEndOfFile()
        return buffer.withLock {
            $0.append(rest)
            return String(decoding: $0, as: UTF8.self)
        }
    }
}
