import Foundation
import NotifyServer
import PayCore
import Testing
import TestSupport
import WeChatPay

@Suite("Notification listener over loopback HTTP")
struct IngestListenerTests {
    /// The address handed to the core (and to WeChat Pay as notify_url) is a valid URL for an IPv6 host too.
    @Test func anIPv6HostIsBracketedInItsURL() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        #expect(NotificationListener(ingestor: harness.core.ingestor, host: "::1", port: 8443).notifyURL == "http://[::1]:8443/notify")
        #expect(NotificationListener(ingestor: harness.core.ingestor, host: "localhost", port: 8443).baseURL == "http://localhost:8443")
    }

    @Test func answersOverHTTPAndRefusesOversizedBodies() async throws {
        try await withListener { harness, listener, port in
            #expect(port > 0)
            #expect(listener.notifyURL == "http://127.0.0.1:\(port)/notify")
            // A bound stretched under sanitizers (TestWait): their suite runs have stalled the whole test
            // process for 40 s.
            let transport = CurlTransport(configuration: .init(totalTimeout: .seconds(TestWait.seconds(30))))
            try harness.pendingOrder("HTTPORDER000001", total: 500)
            let delivery = try harness.v3Notification(plaintext: CoreHarness.transactionJSON("HTTPORDER000001", total: 500))
            let answer = try await transport.send(
                HTTPRequest(method: "POST", url: listener.notifyURL, headers: delivery.headers, body: delivery.body),
                clientCertificate: nil)
            #expect(answer.status == 200)
            #expect(String(decoding: answer.body, as: UTF8.self).contains("SUCCESS"))
            #expect(try harness.core.store.order(outTradeNo: "HTTPORDER000001")?.status == .paid)
            // Stored with the names in lower case (sent as `Wechatpay-Signature`…) and the peer's address.
            #expect(delivery.headers.fields.contains { $0.name == "Wechatpay-Signature" })
            let verified = try harness.core.store.notifications(verdict: "verified")
            #expect(verified.first?.headersJSON.contains(#""wechatpay-signature":"#) == true)
            #expect(verified.first?.headersJSON.contains("Wechatpay") == false)
            #expect(verified.first?.remoteAddress == "127.0.0.1")

            let big = Data(repeating: UInt8(ascii: "x"), count: 70 * 1024)
            let tooLarge = try await transport.send(
                HTTPRequest(method: "POST", url: listener.notifyURL, headers: HTTPHeaders([("Content-Type", "application/json")]), body: big),
                clientCertificate: nil)
            #expect(tooLarge.status == 413)
            let stored = try harness.core.store.notifications(verdict: "rejected")
            #expect(stored.first?.verdictDetail == "too_large")
            #expect(stored.first?.body.utf8.count == 70 * 1024)
            #expect(stored.first?.remoteAddress == "127.0.0.1")

            let xxe = try Data(contentsOf: Fixtures.directory.appendingPathComponent("invalid.xxe_injection.sample.xml"))
            let v2 = try await transport.send(
                HTTPRequest(method: "POST", url: listener.baseURL + "/notify/v2/pay", body: xxe), clientCertificate: nil)
            #expect(v2.status == 400)
            #expect(String(decoding: v2.body, as: UTF8.self).contains("FAIL"))
        }
    }

    @Test func answersOtherPathsAndMethodsAsHTTPSays() async throws {
        try await withListener { harness, _, port in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            let health = try await connection.exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(health.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(health.hasSuffix("\r\n\r\nok"))
            let getNotify = try await connection.exchange("GET /notify HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(getNotify.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
            #expect(getNotify.lowercased().contains("\r\nallow: post\r\n"))
            let elsewhere = try await connection.exchange("POST /notify/v4 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            #expect(elsewhere.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            let garbled = try RawHTTPConnection(port: port)
            defer { garbled.close() }
            #expect(try await garbled.exchange("NOT HTTP AT ALL\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(await garbled.readsEndOfStream())
            // Nothing was stored for any of them: they are not deliveries.
            #expect(try harness.core.store.notifications().isEmpty)
        }
    }

    /// curl sends `Expect: 100-continue` before larger bodies and waits for the go-ahead; one connection carries
    /// several deliveries, and `Connection: close` is honoured.
    @Test func tellsAnAskingClientToContinueAndKeepsConnectionsAlive() async throws {
        try await withListener { harness, _, port in
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            for (index, last) in [(1, false), (2, false), (3, true)] {
                let number = "KEEPALIVE00000\(index)"
                try harness.pendingOrder(number, total: 300)
                let delivery = try harness.v3Notification(plaintext: CoreHarness.transactionJSON(number, total: 300))
                var head = "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Length: \(delivery.body.count)\r\n"
                for field in delivery.headers.fields { head += "\(field.name): \(field.value)\r\n" }
                if index == 1 { head += "Expect: 100-continue\r\n" }
                if last { head += "Connection: close\r\n" }
                let answer: String
                if index == 1 {
                    let goAhead = try await connection.exchange(head + "\r\n")
                    #expect(goAhead == "HTTP/1.1 100 Continue\r\n\r\n")
                    answer = try await connection.exchange(String(decoding: delivery.body, as: UTF8.self))
                } else {
                    answer = try await connection.exchange(head + "\r\n" + String(decoding: delivery.body, as: UTF8.self))
                }
                #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(answer.hasSuffix(#"{"code":"SUCCESS","message":"OK"}"#))
                #expect(answer.lowercased().contains("connection: close") == last)
                #expect(try harness.core.store.order(outTradeNo: number)?.status == .paid)
            }
            #expect(await connection.readsEndOfStream())
        }
    }

    /// Requests sent back to back on one connection (HTTP/1.1 pipelining) are answered in the order they came,
    /// though the health check between two deliveries is ready long before the first delivery is committed.
    @Test func answersPipelinedRequestsInTheirOrder() async throws {
        try await withListener { harness, _, port in
            var text = ""
            for (index, number) in ["PIPELINED000001", "PIPELINED000002"].enumerated() {
                try harness.pendingOrder(number, total: 300)
                let delivery = try harness.v3Notification(plaintext: CoreHarness.transactionJSON(number, total: 300))
                text += "POST /notify HTTP/1.1\r\nHost: x\r\nContent-Length: \(delivery.body.count)\r\n"
                for field in delivery.headers.fields { text += "\(field.name): \(field.value)\r\n" }
                if index == 1 { text += "Connection: close\r\n" }
                text += "\r\n" + String(decoding: delivery.body, as: UTF8.self)
                if index == 0 { text += "GET /health HTTP/1.1\r\nHost: x\r\n\r\n" }
            }
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            let answers = try await connection.exchangeUntilClosed(text).components(separatedBy: "HTTP/1.1 ").dropFirst()
            #expect(answers.count == 3)
            #expect(answers.map { $0.hasSuffix(#"{"code":"SUCCESS","message":"OK"}"#) } == [true, false, true])
            #expect(answers.dropFirst().first?.hasSuffix("\r\n\r\nok") == true)
            #expect(answers.map { $0.lowercased().contains("connection: close") } == [false, false, true])
            #expect(try harness.core.store.order(outTradeNo: "PIPELINED000002")?.status == .paid)
        }
    }

    /// HTTP/1.0 closes unless asked to keep the connection, and is told so when it is kept; HEAD gets the length only.
    @Test func speaksHTTP10AndAnswersHEADWithoutABody() async throws {
        try await withListener { _, _, port in
            let kept = try RawHTTPConnection(port: port)
            defer { kept.close() }
            let first = try await kept.exchange("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(first.hasPrefix("HTTP/1.0 200 OK\r\n"))
            #expect(first.lowercased().contains("\r\nconnection: keep-alive\r\n"))
            let closed = try await kept.exchangeUntilClosed("HEAD /health HTTP/1.0\r\n\r\n")
            #expect(closed.hasPrefix("HTTP/1.0 200 OK\r\n"))
            #expect(closed.lowercased().contains("\r\ncontent-length: 2\r\n"))
            #expect(closed.lowercased().contains("\r\nconnection: close\r\n"))
            #expect(closed.hasSuffix("\r\n\r\n"))
        }
    }

    /// A core on a fresh database with its listener started; the listener is stopped after `body`, even if it throws.
    private func withListener(_ body: (CoreHarness, NotificationListener, Int) async throws -> Void) async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        let listener = NotificationListener(ingestor: harness.core.ingestor)
        let port = try await listener.start()
        do {
            try await body(harness, listener, port)
        } catch {
            await listener.stop()
            throw error
        }
        await listener.stop()
    }
}

/// A loopback TCP connection that sends raw HTTP and reads one answer at a time, to check the listener's HTTP
/// behaviour byte for byte. The socket calls block, so each runs on a thread of its own: blocking one of the two
/// cooperative threads starved the listener's own ingest tasks (and every other test) until the read timed out, as
/// seen under ThreadSanitizer.
private final class RawHTTPConnection: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: Int(TestWait.seconds(30)), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// Sends `text` and returns one whole answer: an interim `100 Continue`, or a response of `Content-Length` bytes.
    func exchange(_ text: String) async throws -> String {
        try await offThePool { try self.exchangeBlocking(text) }
    }

    /// Sends `text` and returns everything received until the server closes the connection.
    func exchangeUntilClosed(_ text: String) async throws -> String {
        try await offThePool {
            try self.sendAll(text)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(self.descriptor, &buffer, buffer.count, 0)
                if count == 0 { return String(decoding: received, as: UTF8.self) }
                guard count > 0 else { throw POSIXError(.ECONNRESET) }
                received += buffer.prefix(count)
            }
        }
    }

    /// Whether the server closed its side (a read returns end of stream).
    func readsEndOfStream() async -> Bool {
        (try? await offThePool {
            var byte: UInt8 = 0
            return recv(self.descriptor, &byte, 1, 0) == 0
        }) ?? false
    }

    private func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            // A thread of its own, like CurlTransport's transfers: the global dispatch queues are as narrow as the pool.
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    private func exchangeBlocking(_ text: String) throws -> String {
        try sendAll(text)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.lowerBound].lowercased()
                if head.hasPrefix("http/1.1 100") { return text }
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length { return text }
            }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { throw POSIXError(.ECONNRESET) }
            received += buffer.prefix(count)
        }
    }

    private func sendAll(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw POSIXError(.EPIPE)
        }
    }

    func close() { Glibc.close(descriptor) }
}
