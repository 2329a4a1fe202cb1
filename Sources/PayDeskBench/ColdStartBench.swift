import Foundation

/// `cold_start_ms`: the release `paydesk` (next to this program) started with no arguments in a real pty
/// (120×40, its controlling terminal), from spawn until the first frame's SANDBOX badge arrives on the pty.
/// With no configuration it starts the in-process simulator and listener, as `make demo` does.
/// Reference: `paydesk --version`, spawn to exit (process start of the same binary). Medians of several runs.
enum ColdStartBench {
    static let runs = 7

    static func run() throws {
        let binary = PayDeskProcess.executable
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) not found: build it with `swift build -c release --product paydesk`")
        }
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("paydesk-bench-home-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = [
            "HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        // The first start creates the sandbox (keys, database); the measured starts find it, as a user's would.
        _ = try firstFrame(binary: binary, environment: environment)
        var starts: [Double] = []
        var versions: [Double] = []
        for _ in 0..<runs {
            starts.append(try firstFrame(binary: binary, environment: environment))
            versions.append(try versionExit(binary: binary, environment: environment))
        }
        FileHandle.standardError.write(Data("cold start ms: \(starts.map { Int($0) }) --version ms: \(versions.map { Int($0) })\n".utf8))
        emit(.compared("cold_start_ms", value: rounded(median(starts)), unit: "ms",
                       reference: "paydesk_version_exit_ms", referenceValue: rounded(median(versions))))
    }

    /// Spawn → exit of `paydesk --version`, in ms.
    static func versionExit(binary: String, environment: [String: String]) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try ChildProcess.run([binary, "--version"], environment: environment)
        let elapsed = (clock.now - start).milliseconds
        guard result.status == 0 else { throw BenchError("paydesk --version exited with \(result.status)") }
        return elapsed
    }

    /// Spawn → "SANDBOX" on the pty, in ms; then SIGTERM and wait (the console restores the terminal and exits).
    static func firstFrame(binary: String, environment: [String: String]) throws -> Double {
        // posix_openpt/unlockpt/ptsname are not imported by Swift's Glibc module: the same steps by hand.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
            throw BenchError("no pty: errno \(errno)")
        }
        defer { close(master) }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, opening the pty slave makes it the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(spawnSetsid))

        let clock = ContinuousClock()
        let start = clock.now
        let pid = try ChildProcess.spawn([binary], environment: environment, actions: &actions, attributes: &attributes)
        var seen = [UInt8]()
        let marker = Array("SANDBOX".utf8)
        var elapsed: Double?
        let deadline = start + .seconds(90)
        while elapsed == nil, clock.now < deadline {
            guard readAvailable(master, into: &seen, waitMilliseconds: 100) else { break }
            if seen.count >= marker.count, contains(seen, marker) { elapsed = (clock.now - start).milliseconds }
        }
        kill(pid, SIGTERM)
        let stopDeadline = clock.now + .seconds(30)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if clock.now > stopDeadline { kill(pid, SIGKILL) }
            var discard = [UInt8]()
            _ = readAvailable(master, into: &discard, waitMilliseconds: 50)
        }
        guard let elapsed else {
            throw BenchError("no first frame within 90 s; pty showed: \(String(decoding: seen.suffix(400), as: UTF8.self))")
        }
        return elapsed
    }

    /// Reads what the pty has within `waitMilliseconds`; false when the child side closed.
    private static func readAvailable(_ fd: Int32, into bytes: inout [UInt8], waitMilliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitMilliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = read(fd, &buffer, buffer.count)
        if count <= 0 { return false }
        bytes += buffer.prefix(count)
        return true
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }

    /// Linux's TIOCSPTLCK and TIOCGPTN (function-like macros Swift does not import).
    private static let tiocsptlck: UInt = 0x4004_5431
    private static let tiocgptn: UInt = 0x8004_5430

    /// glibc's POSIX_SPAWN_SETSID (a GNU extension Swift does not import).
    private static let spawnSetsid: Int32 = 0x80

    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
