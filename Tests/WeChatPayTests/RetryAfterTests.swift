import Foundation
import Testing

@testable import WeChatPay

/// `Retry-After` on 429/503 answers: honoured as a lower bound of the pause, refused when too long.
@Suite("Retry-After")
struct RetryAfterTests {
    static let order = #"{"out_trade_no":"PD20261124A0001","trade_state":"SUCCESS"}"#

    static func unavailable(retryAfter: String) -> FakeTransport.Step {
        .respond(HTTPResponse(
            status: 503, headers: HTTPHeaders([("Retry-After", retryAfter), ("Content-Type", "text/plain")]),
            body: Data("503 Service Temporarily Unavailable".utf8)))
    }

    @Test func headerParsesDeltaSecondsAndHTTPDate() {
        #expect(RetryPolicy.retryAfter("3") == .seconds(3))
        #expect(RetryPolicy.retryAfter(" 0 ") == .seconds(0))
        #expect(RetryPolicy.retryAfter(nil) == nil)
        #expect(RetryPolicy.retryAfter("soon") == nil)
        #expect(RetryPolicy.retryAfter("-1") == nil)
        let now = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24T16:00:00Z
        #expect(RetryPolicy.retryAfter("Mon, 24 Nov 2025 16:00:05 GMT", now: now) == .seconds(5))
        #expect(RetryPolicy.retryAfter("Mon, 24 Nov 2025 15:59:00 GMT", now: now) == .zero)
    }

    @Test func pauseIsAtLeastWhatTheServerAsksAndNilBeyondTheLimit() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(200), maxDelay: .seconds(2), maxRetryAfter: .seconds(10))
        #expect(policy.delay(beforeAttempt: 2, retryAfter: .seconds(4)) == .seconds(4))
        let backoff = policy.delay(beforeAttempt: 2, retryAfter: .zero)
        #expect(backoff.map { $0 >= .milliseconds(160) && $0 <= .milliseconds(240) } == true)
        #expect(policy.delay(beforeAttempt: 2, retryAfter: .seconds(11)) == nil)
    }

    @Test func idempotentCallIsRetriedAfterA503WithRetryAfter() async throws {
        let transport = FakeTransport([Self.unavailable(retryAfter: "0"), FakeTransport.ok(Self.order)])
        let client = ClientFixture.client(transport)
        let order = try await client.queryOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        #expect(order.outTradeNo == "PD20261124A0001")
        #expect(await transport.requests.count == 2)
    }

    @Test func retryAfterLongerThanTheLimitIsNotWaitedFor() async throws {
        let transport = FakeTransport([Self.unavailable(retryAfter: "3600"), FakeTransport.ok(Self.order)])
        let client = ClientFixture.client(transport)
        await #expect(throws: WeChatPayError.unexpectedResponse(status: 503, body: "503 Service Temporarily Unavailable")) {
            _ = try await client.queryOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        }
        #expect(await transport.requests.count == 1)
    }
}
