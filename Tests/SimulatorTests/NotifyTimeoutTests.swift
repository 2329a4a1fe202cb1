import Foundation
import Testing
import WeChatPay
@testable import Simulator
#if canImport(Glibc)
import Glibc
#endif

/// The `notify_timeout` fault: a notify_url that accepts the connection and never answers counts as a failed
/// delivery once the timeout passes, and the platform goes on retrying on its schedule.
@Suite(.serialized) struct NotifyTimeoutTests {
    /// A loopback socket that listens (the kernel completes connections) but never reads nor answers.
    final class SilentListener {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            guard bound == 0, listen(descriptor, 64) == 0 else {
                close(descriptor)
                throw CocoaError(.fileWriteUnknown)
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            self.descriptor = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }
    }

    @Test func silentNotifyURLTimesOutAndIsRetried() async throws {
        let silent = try SilentListener()
        let harness = try await SimHarness.start(timeScale: 0.001)
        _ = try await harness.control("POST", "/sim/faults", json: #"{"notify_timeout":0.5}"#)
        let number = SimHarness.orderNumber("T")
        let prepay = try await harness.v3(
            "POST", "/v3/pay/transactions/native",
            json: harness.nativeBody(number, total: 300, notifyURL: "http://127.0.0.1:\(silent.port)/notify"))
        #expect(prepay.status == 200)
        #expect(try await harness.control("POST", "/sim/orders/\(number)/pay").status == 200)

        let attempts = try await harness.attempts(of: number, count: 2)
        #expect(attempts.count >= 2, "the unanswered delivery is retried")
        for attempt in attempts.prefix(2) {
            #expect(attempt["acknowledged"] as? Bool == false)
            #expect(attempt["http_status"] is NSNull, "no HTTP answer was ever received")
            #expect((attempt["error"] as? String)?.isEmpty == false)
        }
        await harness.stop()
    }
}
