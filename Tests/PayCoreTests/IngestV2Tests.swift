import Foundation
import PayCore
import Testing
import WeChatPay

@Suite("Notification ingestor, v2 XML")
struct IngestV2Tests {
    static func payBody(_ outTradeNo: String, total: Int, key: String = CoreHarness.apiV2Key) -> Data {
        var fields = [
            "return_code": "SUCCESS", "result_code": "SUCCESS", "appid": CoreHarness.appid, "mch_id": CoreHarness.mchid,
            "nonce_str": "5K8264ILTKCH16CQ2502SI8ZNMTM67VS", "openid": "oUpF8uMEb4qRXf22hE3X68TekukE",
            "trade_type": "NATIVE", "bank_type": "CMC", "total_fee": String(total), "cash_fee": String(total),
            "transaction_id": "4200000000\(outTradeNo.suffix(8))", "out_trade_no": outTradeNo,
            "time_end": "20261124103000",
        ]
        fields["sign"] = V2Signer(apiKey: key).sign(fields, type: .md5)
        return XMLCodec.encode(fields)
    }

    @Test func appliesSignedPayNotificationAndAnswersSuccessXML() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("V2ORDER00000001", total: 800)
        let delivery = InboundNotification(
            kind: .v2Pay, path: "/notify/v2/pay", headers: HTTPHeaders(), body: Self.payBody("V2ORDER00000001", total: 800))
        let outcome = await harness.core.ingestor.ingest(delivery)
        #expect(outcome.httpStatus == 200)
        #expect(outcome.body == V2NotificationAnswer.success)
        #expect(outcome.record.verdict == "verified")
        #expect(outcome.record.outcome == "applied")
        #expect(outcome.record.protocolVersion == "v2")
        #expect(try harness.core.store.order(outTradeNo: "V2ORDER00000001")?.status == .paid)
        let again = await harness.core.ingestor.ingest(delivery)
        #expect(again.record.outcome == "duplicate")
        #expect(again.body == V2NotificationAnswer.success)
    }

    @Test func rejectsBadSignatureAndXXE() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("V2ORDER00000002", total: 800)
        let forged = await harness.core.ingestor.ingest(
            InboundNotification(
                kind: .v2Pay, path: "/notify/v2/pay", headers: HTTPHeaders(),
                body: Self.payBody("V2ORDER00000002", total: 800, key: "00000000000000000000000000000000")))
        #expect(forged.record.verdictDetail == "bad_signature")
        #expect(String(decoding: forged.body, as: UTF8.self).contains("FAIL"))
        let xxe = try Data(contentsOf: Fixtures.directory.appendingPathComponent("invalid.xxe_injection.sample.xml"))
        let attack = await harness.core.ingestor.ingest(
            InboundNotification(kind: .v2Pay, path: "/notify/v2/pay", headers: HTTPHeaders(), body: xxe))
        #expect(attack.record.verdict == "rejected")
        #expect(attack.record.verdictDetail == "xxe")
        #expect(attack.record.outcome == "rejected")
        #expect(try harness.core.store.order(outTradeNo: "V2ORDER00000002")?.status == .pending)
    }

    @Test func refundNotificationDecryptsReqInfoAndSettlesRefund() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("V2ORDER00000003", total: 800)
        _ = await harness.core.ingestor.ingest(
            InboundNotification(
                kind: .v2Pay, path: "/notify/v2/pay", headers: HTTPHeaders(), body: Self.payBody("V2ORDER00000003", total: 800)))
        let order = try #require(try harness.core.store.order(outTradeNo: "V2ORDER00000003"))
        try harness.core.store.requestRefund(
            outTradeNo: "V2ORDER00000003",
            refund: RefundRecord(orderID: try #require(order.id), outRefundNo: "V2REFUND0000001", amount: 300, createdAt: Date()))
        let info = [
            "out_refund_no": "V2REFUND0000001", "out_trade_no": "V2ORDER00000003", "refund_id": "50000000012026112400001",
            "transaction_id": "420000000000000003", "refund_status": "SUCCESS", "refund_fee": "300", "total_fee": "800",
            "settlement_refund_fee": "300", "success_time": "2026-11-24 10:40:00", "refund_recv_accout": "支付用户的零钱",
        ]
        let body = XMLCodec.encode([
            "return_code": "SUCCESS", "appid": CoreHarness.appid, "mch_id": CoreHarness.mchid,
            "nonce_str": "TeqClE3i0mvn3DrK",
            "req_info": try V2RefundNotification.encryptReqInfo(info, apiKey: CoreHarness.apiV2Key),
        ])
        let outcome = await harness.core.ingestor.ingest(
            InboundNotification(kind: .v2Refund, path: "/notify/v2/refund", headers: HTTPHeaders(), body: body))
        #expect(outcome.record.decryptVerdict == "ok")
        #expect(outcome.record.outcome == "applied")
        #expect(try harness.core.store.refund(outRefundNo: "V2REFUND0000001")?.status == .success)
        #expect(try harness.core.store.order(outTradeNo: "V2ORDER00000003")?.status == .partiallyRefunded)

        let wrongKey = XMLCodec.encode([
            "return_code": "SUCCESS", "appid": CoreHarness.appid, "mch_id": CoreHarness.mchid,
            "req_info": try V2RefundNotification.encryptReqInfo(info, apiKey: "ffffffffffffffffffffffffffffffff"),
        ])
        let rejected = await harness.core.ingestor.ingest(
            InboundNotification(kind: .v2Refund, path: "/notify/v2/refund", headers: HTTPHeaders(), body: wrongKey))
        #expect(rejected.record.verdict == "rejected")
        #expect(rejected.record.decryptVerdict == "failed")
    }
}
