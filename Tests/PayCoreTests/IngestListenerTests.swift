import Foundation
import NotifyServer
import PayCore
import Testing
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
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        let listener = NotificationListener(ingestor: harness.core.ingestor)
        let port = try await listener.start()
        #expect(port > 0)
        #expect(listener.notifyURL == "http://127.0.0.1:\(port)/notify")
        let transport = CurlTransport()
        try harness.pendingOrder("HTTPORDER000001", total: 500)
        let delivery = try harness.v3Notification(plaintext: CoreHarness.transactionJSON("HTTPORDER000001", total: 500))
        let answer = try await transport.send(
            HTTPRequest(method: "POST", url: listener.notifyURL, headers: delivery.headers, body: delivery.body),
            clientCertificate: nil)
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("SUCCESS"))
        #expect(try harness.core.store.order(outTradeNo: "HTTPORDER000001")?.status == .paid)

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
        await listener.stop()
    }
}
