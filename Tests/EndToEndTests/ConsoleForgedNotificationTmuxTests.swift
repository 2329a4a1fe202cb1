import Foundation
import Testing
import WeChatPay

extension ConsoleTmuxTests {
    /// The listener address the status bar shows (`Listening on http://127.0.0.1:PORT`).
    static func listenerAddress(in screen: String) -> String? {
        guard let range = screen.range(of: "Listening on ") else { return nil }
        return screen[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init)
    }

    /// A payment notification for a pending order, claiming it was paid: a well-formed v3 envelope whose
    /// resource is encrypted with the merchant's real APIv3 key and which names the platform's real key id, but
    /// is signed by a key the attacker made. The console must reject it and leave the order alone.
    @Test func forgedNotificationIsShownRejectedAndTheOrderStaysPending() async throws {
        let console = try Console()
        defer { console.stop() }
        try console.waitUntilStarted()
        let screen = try console.newSale("8.80")
        let number = try #require(Self.orderNumber(in: screen))
        let listener = try #require(Self.listenerAddress(in: screen), "no listener address in the status bar")
        #expect(listener.hasPrefix("http://127.0.0.1:"))

        let sandbox = try console.sandbox()
        let apiV3Key = try #require(sandbox["apiv3_key"] as? String)
        let serial = try #require(sandbox["platform_public_key_id"] as? String)
        let transaction: [String: Any] = [
            "mchid": try #require(sandbox["mchid"] as? String), "appid": try #require(sandbox["appid"] as? String),
            "out_trade_no": number, "transaction_id": "4200000000202611280000000001", "trade_type": "NATIVE",
            "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS",
            "success_time": "2026-11-28T12:00:00+08:00", "payer": ["openid": "forger"],
            "amount": ["total": 880, "payer_total": 880, "currency": "CNY", "payer_currency": "CNY"],
        ]
        let nonce = "forgednonce1"
        let ciphertext = try AEADAES256GCM.encrypt(
            plaintext: try JSONSerialization.data(withJSONObject: transaction), key: Data(apiV3Key.utf8), nonce: nonce,
            associatedData: "transaction")
        let envelope: [String: Any] = [
            "id": "forged-\(UUID().uuidString.lowercased())", "create_time": "2026-11-28T12:00:00+08:00",
            "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
            "resource": [
                "original_type": "transaction", "algorithm": "AEAD_AES_256_GCM", "ciphertext": ciphertext,
                "associated_data": "transaction", "nonce": nonce,
            ],
        ]
        let body = try JSONSerialization.data(withJSONObject: envelope)
        let forger = PlatformSigner(serial: serial, privateKey: try RSAPrivateKey.generate())
        let status = try await Self.post(listener + "/notify", body: body, headers: try forger.signedHeaders(body: body))
        #expect((400..<500).contains(status), "the listener answered \(status) to a forged notification")

        try console.keys("3")
        let pane = try console.wait("the forged notification in the list") { $0.contains("✗ invalid") }
        let row = try #require(Self.line(containing: "✗ invalid", in: pane))
        #expect(row.contains("✗ rejected: signature"), "outcome: \(row)")
        #expect(row.hasSuffix(String(status)), "HTTP column: \(row)")
        // Only rejected ones: the forged row stays.
        try console.keys("f", "f")
        let filtered = try console.wait(for: "Signature: rejected")
        #expect(filtered.contains("✗ invalid"))

        // The order did not move: still waiting on the QR screen and in the database.
        try console.keys("2")
        try console.wait(for: "Expires in")
        let shown = try await console.binary.run(["order", "show", number, "--json"])
        let order = try shown.object()
        #expect(order["status"] as? String == "PENDING")
        #expect(order["transaction_id"] is NSNull || order["transaction_id"] == nil)
        let stored = try await console.binary.run(["notifications", "--verdict", "rejected", "--json"])
        let items = try #require(try stored.json() as? [[String: Any]])
        #expect(items.contains { ($0["http_status"] as? Int) == status })
    }
}
