import Foundation
import PayCore
import Testing
import WeChatPay

@Suite("Notification ingestor, v3")
struct IngestV3Tests {
    @Test func appliesGenuinePaymentOnceAndCountsDuplicate() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("ORDER0000000001", total: 1250)
        let delivery = try harness.v3Notification(plaintext: CoreHarness.transactionJSON("ORDER0000000001", total: 1250))

        let first = await harness.core.ingestor.ingest(delivery)
        #expect(first.httpStatus == 200)
        #expect(first.record.verdict == "verified")
        #expect(first.record.decryptVerdict == "ok")
        #expect(first.record.outcome == "applied")
        let paid = try #require(try harness.core.store.order(outTradeNo: "ORDER0000000001"))
        #expect(paid.status == .paid)
        #expect(paid.transactionID == "420000000000001")

        let second = await harness.core.ingestor.ingest(delivery)
        #expect(second.httpStatus == 200)
        #expect(second.record.outcome == "duplicate")
        #expect(second.record.duplicateOf == first.record.id)
        let after = try #require(try harness.core.store.order(outTradeNo: "ORDER0000000001"))
        #expect(after.version == paid.version)
        let firstID = try #require(first.record.id)
        let original = try #require(try harness.core.store.notification(id: firstID))
        #expect(original.deliveryCount == 2)
        let snapshots = try harness.core.store.snapshots(outTradeNo: "ORDER0000000001")
        #expect(snapshots.count == 1)
        #expect(snapshots.first?.kind == .transaction)
    }

    @Test func rejectsForgedStaleTamperedAndProbeDeliveriesWithoutApplying() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("ORDER0000000002")
        let plaintext = CoreHarness.transactionJSON("ORDER0000000002", total: 1000)
        let merchantKey = try RSAPrivateKey(pem: try Fixtures.text("java_merchant_private_key.pem"))
        let forger = PlatformSigner(serial: CoreHarness.publicKeyID, privateKey: merchantKey)
        let cases: [(InboundNotification, String)] = [
            (try harness.v3Notification(plaintext: plaintext, signer: forger), "bad_signature"),
            (try harness.v3Notification(plaintext: plaintext, timestampOffset: -400), "stale_timestamp"),
            (try harness.v3Notification(plaintext: plaintext, tamper: true), "bad_signature"),
            (try harness.v3Notification(plaintext: plaintext, probe: true), "signature_probe"),
            (try harness.v3Notification(
                plaintext: plaintext, signer: PlatformSigner(serial: "7E1D8F0A5B3C2D4E", privateKey: harness.platformKey)),
             "unknown_serial"),
        ]
        for (delivery, detail) in cases {
            let outcome = await harness.core.ingestor.ingest(delivery)
            #expect(outcome.httpStatus >= 400, "\(detail)")
            #expect(outcome.record.verdict == "rejected", "\(detail)")
            #expect(outcome.record.verdictDetail == detail)
            #expect(outcome.record.outcome == "rejected")
            #expect(outcome.record.decryptVerdict == "skipped")
            let body = try JSONSerialization.jsonObject(with: outcome.body) as? [String: Any]
            #expect(body?["code"] as? String == "FAIL")
        }
        let order = try #require(try harness.core.store.order(outTradeNo: "ORDER0000000002"))
        #expect(order.status == .pending)
        let stored = try harness.core.store.notifications(verdict: "rejected")
        #expect(stored.count == cases.count)
        #expect(stored.allSatisfy { !$0.body.isEmpty && $0.httpStatus != nil })
    }

    @Test func rejectsAmountAndMerchantMismatchWithAlert() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("ORDER0000000003", total: 1000)
        let events = harness.core.events.subscribe()
        let outcome = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("ORDER0000000003", total: 1)))
        #expect(outcome.httpStatus == 400)
        #expect(outcome.record.verdict == "rejected")
        #expect(outcome.record.verdictDetail == "mismatch")
        #expect(outcome.record.decryptVerdict == "ok")
        let afterAmount = try #require(try harness.core.store.order(outTradeNo: "ORDER0000000003"))
        #expect(afterAmount.alerts == [.notificationMismatch])
        #expect(afterAmount.alertMessage == "notification does not match the order: amount 1 fen, order is 1000 fen")
        let wrongMerchant = await harness.core.ingestor.ingest(
            try harness.v3Notification(
                plaintext: CoreHarness.transactionJSON("ORDER0000000003", total: 1000, mchid: "1900009999")))
        #expect(wrongMerchant.record.verdictDetail == "mismatch")
        let alerted = try #require(try harness.core.store.order(outTradeNo: "ORDER0000000003"))
        #expect(alerted.status == .pending)
        #expect(alerted.alerts == [.notificationMismatch])
        #expect(alerted.alertMessage?.contains("mchid 1900009999") == true)
        var alerts = 0
        for await event in events {
            if case .alert(let number, _) = event, number == "ORDER0000000003" { alerts += 1 }
            if alerts == 2 { break }
        }
        #expect(alerts == 2)
    }

    @Test func rejectsOversizedAndNonJSONBodies() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        let big = Data(repeating: UInt8(ascii: "a"), count: 70 * 1024)
        let oversized = await harness.core.ingestor.ingest(
            InboundNotification(kind: .v3, path: "/notify", headers: try harness.platform.signedHeaders(body: big), body: big))
        #expect(oversized.httpStatus == 413)
        #expect(oversized.record.verdictDetail == "too_large")
        let text = Data("hello".utf8)
        let notJSON = await harness.core.ingestor.ingest(
            InboundNotification(kind: .v3, path: "/notify", headers: try harness.platform.signedHeaders(body: text), body: text))
        #expect(notJSON.record.verdictDetail == "not_json")
        #expect(notJSON.httpStatus == 400)
    }

    @Test func refundNotificationSettlesRefund() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("ORDER0000000004", total: 1000)
        _ = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("ORDER0000000004", total: 1000)))
        let order = try #require(try harness.core.store.order(outTradeNo: "ORDER0000000004"))
        try harness.core.store.requestRefund(
            outTradeNo: "ORDER0000000004",
            refund: RefundRecord(orderID: try #require(order.id), outRefundNo: "REFUND000000001", amount: 1000, createdAt: Date()))
        let outcome = await harness.core.ingestor.ingest(
            try harness.v3Notification(
                event: "REFUND.SUCCESS",
                plaintext: CoreHarness.refundJSON("ORDER0000000004", outRefundNo: "REFUND000000001", refund: 1000, total: 1000)))
        #expect(outcome.record.outcome == "applied")
        #expect(outcome.record.outRefundNo == "REFUND000000001")
        #expect(try harness.core.store.order(outTradeNo: "ORDER0000000004")?.status == .refunded)
        #expect(try harness.core.store.refund(outRefundNo: "REFUND000000001")?.status == .success)
    }

    @Test func replayOfAppliedNotificationIsDuplicate() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("ORDER0000000005")
        let first = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("ORDER0000000005", total: 1000)))
        let replayed = await harness.core.ingestor.replay(notificationRowID: try #require(first.record.id))
        #expect(replayed.record.outcome == "duplicate")
        #expect(replayed.record.id != first.record.id)
    }

    @Test func unknownSerialTriggersCertificateDownload() async throws {
        // WeChat Pay rotates to a new platform certificate: PayDesk downloads /v3/certificates once and verifies.
        let platformKey = try RSAPrivateKey(pem: try Fixtures.text("java_wechat_pay_private_key.pem"))
        let certificate = try X509Certificate.selfSigned(
            key: platformKey, commonName: "Tenpay.com Root CA", organization: "Tenpay.com", serialNumber: "3A5B7C9D",
            notBefore: Date().addingTimeInterval(-3600), notAfter: Date().addingTimeInterval(86_400))
        let signer = PlatformSigner(serial: "3A5B7C9D", privateKey: platformKey)
        let transport = ScriptedTransport { request in
            guard request.url.hasSuffix("/v3/certificates") else { throw TransportError.connection("unexpected") }
            let body = try ResponseVerifier.encryptCertificateList([certificate], apiV3Key: Data(CoreHarness.apiV3Key.utf8))
            return HTTPResponse(status: 200, headers: try signer.signedHeaders(body: body), body: body)
        }
        let harness = try await CoreHarness(transport: transport)
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("ORDER0000000006")
        let outcome = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("ORDER0000000006", total: 1000), signer: signer))
        #expect(outcome.record.verdict == "verified")
        #expect(outcome.record.outcome == "applied")
        #expect(transport.sent.count == 1)
        let calls = try harness.core.store.recentAPICalls()
        #expect(calls.first?.operation == "certificates")
    }
}
