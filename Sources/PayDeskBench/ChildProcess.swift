import Foundation

/// Child processes for the benchmarks, through posix_spawn + waitpid (Foundation's Process left zombies before).
enum ChildProcess {
    /// This program's own path, so it can re-execute itself for work measured in a fresh process.
    static var selfPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs `arguments` (full path first) with stdout captured and stderr inherited; returns exit status and stdout.
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: Data) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw BenchError("pipe: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let pid = try spawn(arguments, environment: environment, actions: &actions, attributes: nil)
        close(pipeEnds[1])
        let output = FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true).readDataToEndOfFile()
        return (try wait(pid), output)
    }

    /// posix_spawn with C strings made from `arguments` and `environment` (the current one when nil).
    static func spawn(_ arguments: [String], environment: [String: String]?,
                      actions: UnsafePointer<posix_spawn_file_actions_t>?,
                      attributes: UnsafePointer<posix_spawnattr_t>?) throws -> pid_t {
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environmentLines.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], actions, attributes, &argv, &envp)
        guard result == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits for `pid` and returns its exit code (128 + signal when killed).
    @discardableResult
    static func wait(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchError("waitpid: errno \(errno)") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// A benchmark that could not run, with the reason.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
