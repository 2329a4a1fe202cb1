import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs helper programs (tmux, zbarimg, gzip, the built `paydesk`) from tests with posix_spawn and waitpid.
///
/// Foundation's `Process` on Linux can miss a child's exit when several tests start processes at once
/// (seen here: a reaped-never `tmux` zombie and `waitUntilExit()` blocking for good), so tests use this instead.
/// Output goes to temporary files rather than pipes, so a chatty child can never block on a full pipe.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: Data
        public var standardError: Data
        public var output: String { String(decoding: standardOutput, as: UTF8.self) }
        public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case spawn(String, Int32)
        public var description: String {
            switch self {
            case .spawn(let path, let code): "cannot start \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Runs `path` with `arguments` (and optional standard input), waits for it and returns its exit status and output.
    public static func run(
        _ path: String, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil
    ) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("paydesk-child-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inPath = directory.appendingPathComponent("in").path
        let outPath = directory.appendingPathComponent("out").path
        let errPath = directory.appendingPathComponent("err").path
        try (input ?? Data()).write(to: URL(fileURLWithPath: inPath))

        let pid = try spawn(path, arguments, stdin: inPath, stdout: outPath, stderr: errPath, environment: environment)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Result(
            status: exitStatus(status),
            standardOutput: FileManager.default.contents(atPath: outPath) ?? Data(),
            standardError: FileManager.default.contents(atPath: errPath) ?? Data())
    }

    /// The shell-style exit status of a `waitpid` status word: the exit code, or 128 + the signal number.
    public static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Starts `path` in the background with its output in the given files; the caller owns the returned pid
    /// and must stop it (`terminate(_:)`).
    public static func spawn(
        _ path: String, _ arguments: [String], stdin: String = "/dev/null", stdout: String, stderr: String,
        environment: [String: String]? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = [path] + arguments
        // The child starts with no blocked signals and default handlers: posix_spawn otherwise hands down the
        // calling test thread's mask (most signals blocked), and a tmux server started that way never finished
        // `kill-server`, so its panes never saw their terminal go away.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let code = withCStrings(argv) { argvPointer in
            withCStrings(env) { envPointer in
                posix_spawn(&pid, path, &actions, &attributes, argvPointer, envPointer)
            }
        }
        guard code == 0 else { throw Failure.spawn(path, code) }
        return pid
    }

    /// Sends SIGTERM (then SIGKILL after `grace` seconds) to a process this test started, and reaps it.
    public static func terminate(_ pid: pid_t, grace: Double = 5) {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    /// The first of `candidates` that is an executable file, else the first match on PATH.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
