import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal pair for giving a child process a real terminal on one stream (e.g. stderr, where
/// progress bars are drawn only when it is a terminal), while the test reads what was written.
///
/// The test keeps its own descriptor on the terminal side open, so what the child wrote stays readable after
/// the child has exited (Linux hangs up the controlling side once every terminal-side descriptor is closed).
public final class PseudoTerminal {
    /// The device to hand to the child, `/dev/pts/N`.
    public let path: String
    private let controller: Int32
    private let terminalSide: Int32

    public enum Failure: Error { case unavailable(String) }

    // glibc declares these only under _XOPEN_SOURCE, so Swift's Glibc module lacks them: look them up in libc.
    private typealias OpenPT = @convention(c) (Int32) -> Int32
    private typealias PTName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { throw Failure.unavailable("no \(name) in libc") }
        return unsafeBitCast(symbol, to: type)
    }

    public init() throws {
        let openpt = try Self.function("posix_openpt", as: OpenPT.self)
        let grant = try Self.function("grantpt", as: OpenPT.self)
        let unlock = try Self.function("unlockpt", as: OpenPT.self)
        let name = try Self.function("ptsname", as: PTName.self)
        let controller = openpt(O_RDWR | O_NOCTTY)
        guard controller >= 0, grant(controller) == 0, unlock(controller) == 0, let device = name(controller) else {
            throw Failure.unavailable("posix_openpt: \(String(cString: strerror(errno)))")
        }
        path = String(cString: device)
        let terminalSide = open(path, O_RDWR | O_NOCTTY)
        guard terminalSide >= 0 else {
            close(controller)
            throw Failure.unavailable("open \(path): \(String(cString: strerror(errno)))")
        }
        // Raw output: the bytes the child wrote, without "\n" → "\r\n".
        var settings = termios()
        tcgetattr(terminalSide, &settings)
        settings.c_oflag &= ~tcflag_t(OPOST)
        tcsetattr(terminalSide, TCSANOW, &settings)
        _ = fcntl(controller, F_SETFL, fcntl(controller, F_GETFL) | O_NONBLOCK)
        self.controller = controller
        self.terminalSide = terminalSide
    }

    /// Everything written to the terminal so far (non-blocking).
    public func readAvailable() -> Data {
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(controller, &buffer, buffer.count)
            guard count > 0 else { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }

    deinit {
        close(terminalSide)
        close(controller)
    }
}
