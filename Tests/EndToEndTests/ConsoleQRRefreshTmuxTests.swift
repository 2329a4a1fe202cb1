import Foundation
import Testing

extension ConsoleTmuxTests {
    /// A QR lives its shortest allowed life (PAYDESK_QR_LIFETIME=60s: WeChat Pay refuses a `time_expire` under one
    /// minute, so the test waits for real time rather than bending the rule); once it expires the code is gone
    /// and `r` closes the old order and shows a new code for a new order.
    @Test func expiredQRIsRefreshedWithOneKey() async throws {
        let console = try Console(environment: ["PAYDESK_QR_LIFETIME": "60s"])
        defer { console.stop() }
        try console.waitUntilStarted()
        let first = try console.newSale("3.20")
        let oldNumber = try #require(Self.orderNumber(in: first))
        let oldCode = try Self.decodeQR(in: first)

        let expired = try console.wait(for: "Press r for a new code")
        #expect(expired.contains("EXPIRED"))
        #expect(Self.qrRows(in: expired).isEmpty, "an expired code must not be scannable")
        try console.keys("r")
        let second = try console.wait("a new code") { screen in
            screen.contains("Expires in") && Self.orderNumber(in: screen).map { $0 != oldNumber } == true
        }
        let newNumber = try #require(Self.orderNumber(in: second))
        let newCode = try Self.decodeQR(in: second)
        #expect(newNumber != oldNumber)
        #expect(newCode != oldCode)
        #expect(second.contains("¥3.20"))

        let old = try await console.binary.run(["order", "show", oldNumber, "--json"]).object()
        #expect(old["status"] as? String == "CLOSED")
        let new = try await console.binary.run(["order", "show", newNumber, "--json"]).object()
        #expect(new["status"] as? String == "PENDING")
        #expect(new["code_url"] as? String == newCode)
        #expect(new["total"] as? Int == 320)
    }
}
