import Foundation
import PayCore
import Synchronization
import Testing
import WeChatPay

/// A call whose answer is lost (5xx, SYSTEM_ERROR) proves nothing: the order stays CREATED and the refund
/// PROCESSING, never FAILED or closed; a refusal (4xx) does settle them.
@Suite("Unknown outcomes")
struct UnknownOutcomeTests {
    /// What every call answers: an HTTP status and a platform error code, changed by the test.
    final class Answer: Sendable {
        private let value: Mutex<(status: Int, code: String)>
        init(_ status: Int, _ code: String) { value = Mutex((status, code)) }
        func set(_ status: Int, _ code: String) { value.withLock { $0 = (status, code) } }

        var transport: ScriptedTransport {
            ScriptedTransport { [self] _ in
                let (status, code) = value.withLock { $0 }
                return HTTPResponse(status: status, body: Data(#"{"code":"\#(code)","message":"scripted"}"#.utf8))
            }
        }
    }

    @Test func prepaySystemErrorLeavesTheOrderCreatedARefusalFailsIt() async throws {
        let answer = Answer(500, "SYSTEM_ERROR")
        let harness = try await CoreHarness(transport: answer.transport)
        let request = CheckoutRequest(total: 100, description: "Tea", businessNo: "UNKNOWN-1")
        do {
            _ = try await harness.core.checkout.create(request)
            Issue.record("expected an error")
        } catch {
            #expect(error.isOutcomeUnknown, "\(error)")
        }
        let order = try #require(try harness.core.store.order(businessNo: "UNKNOWN-1", merchantID: harness.core.merchantID))
        #expect(order.status == .created)
        answer.set(400, "PARAM_ERROR")
        await #expect(throws: PayCoreError.self) { _ = try await harness.core.checkout.create(request) }
        let refused = try #require(try harness.core.store.order(outTradeNo: order.outTradeNo))
        #expect(refused.status == .failed)
        await harness.remove()
    }

    @Test func refundSystemErrorStaysProcessingARefusalClosesIt() async throws {
        let answer = Answer(500, "SYSTEM_ERROR")
        let harness = try await CoreHarness(transport: answer.transport)
        let store = harness.core.store
        try harness.pendingOrder("PAIDORDER0001", total: 1000)
        try store.applyFact(
            outTradeNo: "PAIDORDER0001",
            fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "4200000000000000000000000042", payerTotal: 1000)))
        let pending = try await harness.core.refunds.create(
            outTradeNo: "PAIDORDER0001", amount: 400, reason: nil, outRefundNo: "REFUNDUNKNOWN1")
        #expect(pending.status == .processing)
        #expect(try store.order(outTradeNo: "PAIDORDER0001")?.status == .refunding)
        answer.set(403, "NOT_ENOUGH")
        await #expect(throws: PayCoreError.self) {
            _ = try await harness.core.refunds.create(outTradeNo: "PAIDORDER0001", amount: 100, reason: nil, outRefundNo: "REFUNDREFUSED1")
        }
        #expect(try store.refund(outRefundNo: "REFUNDREFUSED1")?.status == .closed)
        #expect(try store.refund(outRefundNo: "REFUNDUNKNOWN1")?.status == .processing)
        await harness.remove()
    }
}
