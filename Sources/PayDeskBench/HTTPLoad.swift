import Dispatch
import Foundation
import Synchronization

/// A small HTTP/1.1 keep-alive load generator over raw loopback sockets: `connections` sockets shared by
/// `threads` threads, each running a poll() loop with one request in flight per socket. Every request is a
/// distinct, fully pre-built byte string sent exactly once, so nothing is signed or encoded on the clock.
struct HTTPLoad {
    struct Report {
        /// HTTP status per request (0: no answer).
        var statuses: [Int]
        var seconds: Double
        var acknowledged: Int { statuses.count { $0 == 200 || $0 == 204 } }
        var unanswered: Int { statuses.count { $0 == 0 } }
    }

    enum LoadError: Error, CustomStringConvertible {
        case connect(Int32)
        var description: String {
            switch self {
            case .connect(let code): "cannot connect: \(String(cString: strerror(code)))"
            }
        }
    }

    let port: UInt16
    let requests: [[UInt8]]
    let connections: Int
    let threads: Int

    /// Sends every request and waits for every answer (or a closed connection).
    func run() throws -> Report {
        let sockets = try (0..<connections).map { _ in try Self.connect(port: port) }
        defer { sockets.forEach { close($0) } }
        let next = Atomic<Int>(0)
        let statuses = UnsafeMutableBufferPointer<Int>.allocate(capacity: requests.count)
        statuses.initialize(repeating: 0)
        defer { statuses.deallocate() }
        nonisolated(unsafe) let results = statuses
        let requests = requests
        let threads = max(1, min(threads, connections))
        let clock = ContinuousClock()
        let start = clock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let mine = stride(from: thread, to: sockets.count, by: threads).map { sockets[$0] }
            Self.drive(mine, requests: requests, next: next, statuses: results)
        }
        let elapsed = clock.now - start
        return Report(statuses: Array(statuses), seconds: elapsed.seconds)
    }

    /// One thread's poll loop over its sockets. It shares the machine with the server it measures, so it allocates
    /// nothing per request and reads answers as bytes.
    private static func drive(
        _ sockets: [Int32], requests: [[UInt8]], next: borrowing Atomic<Int>, statuses: UnsafeMutableBufferPointer<Int>
    ) {
        var inFlight = [Int?](repeating: nil, count: sockets.count)
        var buffers = [[UInt8]](repeating: [], count: sockets.count)
        var open = [Bool](repeating: true, count: sockets.count)
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var polled: [pollfd] = []
        var slots: [Int] = []
        polled.reserveCapacity(sockets.count)
        slots.reserveCapacity(sockets.count)
        while true {
            for slot in sockets.indices where open[slot] && inFlight[slot] == nil {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < requests.count else {
                    open[slot] = false
                    continue
                }
                if writeAll(sockets[slot], requests[index]) {
                    inFlight[slot] = index
                } else {
                    open[slot] = false
                }
            }
            polled.removeAll(keepingCapacity: true)
            slots.removeAll(keepingCapacity: true)
            for slot in sockets.indices where inFlight[slot] != nil {
                polled.append(pollfd(fd: sockets[slot], events: Int16(POLLIN), revents: 0))
                slots.append(slot)
            }
            if polled.isEmpty { return }
            guard poll(&polled, nfds_t(polled.count), 30_000) > 0 else { return }
            for position in polled.indices where polled[position].revents != 0 {
                let slot = slots[position]
                let count = read(polled[position].fd, &scratch, scratch.count)
                guard count > 0 else {
                    open[slot] = false
                    inFlight[slot] = nil
                    continue
                }
                buffers[slot].append(contentsOf: scratch[0..<count])
                if let (status, consumed) = parseResponse(buffers[slot]), let index = inFlight[slot] {
                    statuses[index] = status
                    buffers[slot].removeFirst(consumed)
                    inFlight[slot] = nil
                }
            }
        }
    }

    /// Status and total length of one complete response at the start of `bytes`, if it is all there.
    static func parseResponse(_ bytes: [UInt8]) -> (status: Int, length: Int)? {
        bytes.withUnsafeBufferPointer { bytes in
            guard bytes.count >= 12, let end = headEnd(bytes) else { return nil }
            // "HTTP/1.1 200 ": three digits at 9.
            var status = 0
            for offset in 9..<12 {
                let digit = Int(bytes[offset]) - 48
                guard (0...9).contains(digit) else { return (0, bytes.count) }
                status = status * 10 + digit
            }
            let total = end + 4 + contentLength(bytes[0..<end])
            return bytes.count >= total ? (status, total) : nil
        }
    }

    /// Offset of the blank line (CR LF CR LF) that ends the head.
    private static func headEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Whether `byte` is `lowercase`, or its capital for a letter.
    private static func sameLetter(_ byte: UInt8, _ lowercase: UInt8) -> Bool {
        byte == lowercase || ((97...122).contains(lowercase) && byte == lowercase - 32)
    }

    /// The value of the head's `Content-Length` field (any case), 0 without one.
    private static func contentLength(_ head: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        let name = Array("\r\ncontent-length:".utf8)
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            if (0..<name.count).allSatisfy({ Self.sameLetter(head[index + $0], name[$0]) }) {
                var value = 0
                var cursor = index + name.count
                while cursor < head.endIndex, head[cursor] == 32 { cursor += 1 }
                while cursor < head.endIndex, (48...57).contains(head[cursor]) {
                    value = value * 10 + Int(head[cursor] - 48)
                    cursor += 1
                }
                return value
            }
            index += 1
        }
        return 0
    }

    private static func writeAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(socket, $0.baseAddress! + offset, bytes.count - offset) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// A TCP connection to 127.0.0.1:`port` with Nagle off.
    static func connect(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoadError.connect(errno) }
        var yes: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(socket)
            throw LoadError.connect(code)
        }
        return socket
    }

    /// `POST path` with `headers` and `body`, keep-alive, as bytes.
    static func request(path: String, port: UInt16, headers: [(String, String)], body: Data) -> [UInt8] {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers where name.lowercased() != "content-length" && name.lowercased() != "host" {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + Array(body)
    }
}
