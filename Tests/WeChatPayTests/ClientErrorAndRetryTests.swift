import Foundation
import Testing

@testable import WeChatPay

@Suite("WeChatPayClient errors, retries and records")
struct ClientErrorAndRetryTests {
    static let order = #"{"out_trade_no":"PD20261124A0001","trade_state":"SUCCESS"}"#

    @Test func jsonErrorBodyBecomesAPIError() async throws {
        let transport = FakeTransport([
            FakeTransport.error(404, #"{"code":"ORDER_NOT_EXIST","message":"订单不存在"}"#)
        ])
        let client = ClientFixture.client(transport)
        do {
            _ = try await client.queryOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
            Issue.record("expected an error")
        } catch {
            #expect(error == .api(status: 404, code: "ORDER_NOT_EXIST", message: "订单不存在", detail: nil))
            #expect(error.hasCode("ORDERNOTEXIST"))
            #expect(!error.isRetrySafe)
        }
        #expect(await transport.requests.count == 1)
    }

    @Test func errorDetailIsKeptAsJSONText() async throws {
        let transport = FakeTransport([
            FakeTransport.error(
                400, #"{"code":"PARAM_ERROR","message":"bad","detail":{"location":"body","field":"/amount/total"}}"#)
        ])
        let client = ClientFixture.client(transport)
        await #expect(
            throws: WeChatPayError.api(
                status: 400, code: "PARAM_ERROR", message: "bad", detail: #"{"field":"/amount/total","location":"body"}"#)
        ) { _ = try await client.nativePrepay(ClientFixture.nativeRequest()) }
        // PARAM_ERROR is never retried.
        #expect(await transport.requests.count == 1)
    }

    @Test func nonJSONErrorBodyIsTruncated() async throws {
        let html = "<html>" + String(repeating: "x", count: 1000) + "</html>"
        let transport = FakeTransport([FakeTransport.error(502, html)])
        let client = ClientFixture.client(transport, retry: .never)
        do {
            _ = try await client.certificates()
            Issue.record("expected an error")
        } catch {
            guard case .unexpectedResponse(let status, let body) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(status == 502)
            #expect(body.count <= 201)
            #expect(body.hasPrefix("<html>xxx"))
            #expect(error.isRetrySafe)
        }
    }

    @Test func unverifiedSuccessIsRejected() async throws {
        let transport = FakeTransport([.respond(HTTPResponse(status: 200, body: Data(Self.order.utf8)))])
        let client = ClientFixture.client(transport)
        await #expect {
            _ = try await client.queryOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        } throws: { error in
            if case .verification = error as? WeChatPayError { return true }
            return false
        }
        // A verification failure is not retried: the answer came, it just cannot be trusted.
        #expect(await transport.requests.count == 1)
    }

    @Test func undecodableVerifiedBodyIsDecodingError() async throws {
        let transport = FakeTransport([FakeTransport.ok(#"{"unexpected":true}"#)])
        let client = ClientFixture.client(transport)
        await #expect {
            _ = try await client.queryOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        } throws: { error in
            if case .decoding = error as? WeChatPayError { return true }
            return false
        }
    }

    @Test func retriesSystemErrorUntilSuccessAndRecordsEachAttempt() async throws {
        let transport = FakeTransport([
            FakeTransport.error(500, #"{"code":"SYSTEM_ERROR","message":"busy"}"#),
            FakeTransport.error(429, #"{"code":"FREQUENCY_LIMITED","message":"slow down"}"#),
            FakeTransport.ok(Self.order),
        ])
        let observer = RecordingObserver()
        let client = ClientFixture.client(transport, observer: observer)
        let transaction = try await client.queryOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        #expect(transaction.tradeState == .success)
        let records = await observer.records
        #expect(records.map(\.attempt) == [1, 2, 3])
        #expect(records.map(\.status) == [500, 429, 200])
        #expect(records.map(\.errorCode) == ["SYSTEM_ERROR", "FREQUENCY_LIMITED", nil])
        #expect(records.allSatisfy { $0.path == "/v3/pay/transactions/out-trade-no/PD20261124A0001?mchid=1900000001" })
        #expect(records[2].responseBody == Self.order)
        // Each attempt is signed afresh.
        #expect(await transport.requests.count == 3)
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let transport = FakeTransport(
            Array(repeating: FakeTransport.error(500, #"{"code":"SYSTEMERROR","message":"busy"}"#), count: 5))
        let client = ClientFixture.client(transport)
        await #expect(throws: WeChatPayError.api(status: 500, code: "SYSTEMERROR", message: "busy", detail: nil)) {
            try await client.closeOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        }
        #expect(await transport.requests.count == 3)
    }

    @Test func retriesConnectionFailuresAndTimeoutsOnIdempotentCalls() async throws {
        let transport = FakeTransport([
            .fail(.connection("refused")), .fail(.timeout("slow")), FakeTransport.ok(#"{"code_url":"weixin://q"}"#),
        ])
        let client = ClientFixture.client(transport)
        #expect(try await client.nativePrepay(ClientFixture.nativeRequest()) == "weixin://q")
        let bodies = await transport.requests.map(\.body)
        // The same bytes on every attempt (prepay is idempotent only with identical parameters).
        #expect(Set(bodies).count == 1)
    }

    @Test func nonIdempotentCallIsNotRetried() async throws {
        let transport = FakeTransport([
            .fail(.timeout("slow")), FakeTransport.ok(#"{"refund_id":"1","out_refund_no":"RF1","status":"ABNORMAL","amount":{"total":1,"refund":1}}"#),
        ])
        let client = ClientFixture.client(transport)
        await #expect(throws: WeChatPayError.transport(.timeout("slow"))) {
            _ = try await client.applyAbnormalRefund(
                refundID: "1", AbnormalRefundRequest(outRefundNo: "RF1", type: "USER_BANK_CARD"))
        }
        #expect(await transport.requests.count == 1)
    }

    @Test func observerSeesRedactedRequestBody() async throws {
        let transport = FakeTransport([
            FakeTransport.ok(#"{"refund_id":"1","out_refund_no":"RF1","status":"PROCESSING","amount":{"total":1,"refund":1}}"#)
        ])
        let observer = RecordingObserver()
        let client = ClientFixture.client(transport, observer: observer)
        _ = try await client.applyAbnormalRefund(
            refundID: "1",
            AbnormalRefundRequest(outRefundNo: "RF1", type: "USER_BANK_CARD", bankAccount: "SECRET1", realName: "SECRET2"))
        let record = try #require(await observer.records.first)
        #expect(record.method == "POST")
        #expect(!record.requestBody.contains("SECRET"))
        #expect(record.requestBody.contains("[REDACTED]"))
        #expect(record.requestBody.contains("RF1"))
        #expect(record.status == 200)
        #expect(record.latencySeconds >= 0)
    }

    @Test func errorClassification() {
        #expect(WeChatPayError.api(status: 500, code: "BANKERROR", message: "", detail: nil).isRetrySafe)
        #expect(!WeChatPayError.api(status: 500, code: "OPENID_MISMATCH", message: "", detail: nil).isRetrySafe)
        #expect(!WeChatPayError.api(status: 403, code: "NOT_ENOUGH", message: "", detail: nil).isRetrySafe)
        #expect(WeChatPayError.api(status: 403, code: "NOTENOUGH", message: "", detail: nil).hasCode("NOT_ENOUGH"))
        #expect(WeChatPayError.transport(.connection("x")).isRetrySafe)
        #expect(!WeChatPayError.transport(.timeout("x")).isRetrySafe)
        #expect(WeChatPayError.transport(.timeout("x")).code == nil)
        #expect(!WeChatPayError.verification("x").isRetrySafe)
    }

    @Test func retryDelaysGrowAndStayCapped() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(1), jitter: 0.2)
        let first = policy.delay(beforeAttempt: 2)
        #expect(first >= .milliseconds(160) && first <= .milliseconds(240))
        let second = policy.delay(beforeAttempt: 3)
        #expect(second >= .milliseconds(320) && second <= .milliseconds(480))
        #expect(policy.delay(beforeAttempt: 10) <= .seconds(1))
    }
}
