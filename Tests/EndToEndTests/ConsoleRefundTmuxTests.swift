import Foundation
import Testing
import WeChatPay

extension ConsoleTmuxTests {
    /// POSTs `body` to `url` over loopback and returns the HTTP status.
    static func post(_ url: String, body: Data = Data("{}".utf8), headers: HTTPHeaders = HTTPHeaders()) async throws
        -> Int
    {
        var all = headers
        if all["Content-Type"] == nil { all.add("Content-Type", "application/json") }
        return try await CurlTransport().send(HTTPRequest(method: "POST", url: url, headers: all, body: body)).status
    }

    /// The line of `screen` that mentions `text`.
    static func line(containing text: String, in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    /// The merchant's journey: a sale paid in SANDBOX, then from the orders pane Enter → `r` → a partial refund,
    /// confirmed, settled by the platform (its REFUND.SUCCESS notification reaches the console's listener), shown
    /// as SUCCESS; the order's refunded column and `paydesk order show --json` agree.
    @Test func partialRefundFromTheDetailPane() async throws {
        let console = try Console()
        defer { console.stop() }
        try console.waitUntilStarted()
        let number = try #require(Self.orderNumber(in: try console.newSale("12.50")))
        try console.keys("P")
        try console.wait(for: "Paid ¥12.50")
        try console.keys("x")
        try console.wait(for: "Amount (yuan)")
        try console.keys("Escape", "1")
        try console.wait("the paid order on top of the list") { screen in
            Self.line(containing: number, in: screen)?.contains("✓ PAID") == true
        }

        try console.keys("Enter")
        try console.wait(for: "Order \(number)")
        try console.keys("r")
        // The amount starts at everything refundable; replace it with a part.
        try console.wait(for: "At most ¥12.50 can be refunded")
        try console.keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        try console.type("5.00")
        try console.keys("Tab")
        try console.type("cup was cracked")
        try console.keys("Enter")
        let confirming = try console.wait(for: "Refund ¥5.00 of order \(number)?")
        #expect(confirming.contains("¥12.50 → ¥7.50"))
        try console.keys("y")
        let submitted = try console.wait(for: "submitted")
        let refundNumber = try #require(
            Self.line(containing: "submitted", in: submitted).flatMap { line in
                line.split(separator: " ").drop { $0 != "Refund" }.dropFirst().first.map(String.init)
            })

        // The platform settles the refund; its notification reaches the console's listener.
        let baseURL = try #require(try console.sandbox()["base_url"] as? String)
        #expect(try await Self.post(baseURL + "/sim/refunds/\(refundNumber)/succeed") == 200)
        let settled = try console.wait(for: "✓ SUCCESS")
        #expect(settled.contains(refundNumber))

        try console.keys("Escape")
        try console.wait(for: "Timeline")
        try console.keys("Escape")
        let list = try console.wait("the refunded column of the order") { screen in
            Self.line(containing: number, in: screen)?.contains("PARTIALLY REFUNDED") == true
        }
        let row = try #require(Self.line(containing: number, in: list))
        #expect(row.hasSuffix("5.00"), "refunded column: \(row)")

        let shown = try await console.binary.run(["order", "show", number, "--json"])
        let order = try shown.object()
        #expect(order["status"] as? String == "PARTIALLY_REFUNDED")
        #expect(order["refunded_total"] as? Int == 500)
        #expect(order["total"] as? Int == 1250)
    }
}
