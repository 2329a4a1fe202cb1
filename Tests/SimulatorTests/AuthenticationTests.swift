import Foundation
import Testing
import NIOCore
import WeChatPay
@testable import Simulator

/// The platform refuses unsigned or badly signed v3 requests with 401 SIGN_ERROR and signs every answer.
@Suite(.serialized) struct AuthenticationTests {
    func expectSignError(_ response: HTTPResponse, mentions text: String, harness: SimHarness) throws {
        #expect(response.status == 401)
        let body = try jsonObject(response.body)
        #expect(body["code"] as? String == "SIGN_ERROR")
        let message = try #require(body["message"] as? String)
        #expect(message.contains(text), "\(message)")
        #expect(harness.platformSignatureVerifies(response.headers, body: response.body))
    }

    @Test func refusesBadAuthorizationWithNamedReason() async throws {
        let harness = try await SimHarness.start()
        let path = "/v3/pay/transactions/out-trade-no/NOPE-000001?mchid=\(harness.sandbox.mchid)"
        try expectSignError(try await harness.v3("GET", path, omitAuthorization: true), mentions: "missing", harness: harness)

        let timestamp = Int(Date().timeIntervalSince1970)
        let nonce = Nonce.make()
        func header(mchid: String, serial: String, timestamp: Int, signature: String) -> String {
            #"WECHATPAY2-SHA256-RSA2048 mchid="\#(mchid)",nonce_str="\#(nonce)",timestamp="\#(timestamp)",serial_no="\#(serial)",signature="\#(signature)""#
        }
        func sign(_ method: String, _ url: String, _ timestamp: Int) throws -> String {
            try harness.merchantKey.signSHA256(Data("\(method)\n\(url)\n\(timestamp)\n\(nonce)\n\n".utf8)).base64EncodedString()
        }
        let good = try sign("GET", path, timestamp)
        // A correctly signed request reaches the API (404 ORDER_NOT_EXIST, not 401).
        let reached = try await harness.v3("GET", path, authorization: header(mchid: harness.sandbox.mchid, serial: harness.sandbox.merchantSerial, timestamp: timestamp, signature: good))
        #expect(reached.status == 404)

        let wrongSignature = try sign("GET", path + "&x=1", timestamp)
        try expectSignError(
            try await harness.v3("GET", path, authorization: header(mchid: harness.sandbox.mchid, serial: harness.sandbox.merchantSerial, timestamp: timestamp, signature: wrongSignature)),
            mentions: "does not verify", harness: harness)
        try expectSignError(
            try await harness.v3("GET", path, authorization: header(mchid: harness.sandbox.mchid, serial: "0123456789ABCDEF", timestamp: timestamp, signature: good)),
            mentions: "serial_no", harness: harness)
        let stale = timestamp - 301
        try expectSignError(
            try await harness.v3("GET", path, authorization: header(mchid: harness.sandbox.mchid, serial: harness.sandbox.merchantSerial, timestamp: stale, signature: try sign("GET", path, stale))),
            mentions: "timestamp", harness: harness)
        try expectSignError(
            try await harness.v3("GET", path, authorization: header(mchid: "1900000000", serial: harness.sandbox.merchantSerial, timestamp: timestamp, signature: good)),
            mentions: "mchid", harness: harness)
        try expectSignError(
            try await harness.v3("GET", path, authorization: "Bearer abc"),
            mentions: "scheme", harness: harness)
        await harness.stop()
    }

    @Test func signsEveryAnswerIncludingEmpty204() async throws {
        let harness = try await SimHarness.start()
        let number = SimHarness.orderNumber()
        let created = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number))
        #expect(created.status == 200)
        #expect(created.headers["Wechatpay-Serial"] == harness.sandbox.platformPublicKeyID)
        #expect(created.headers["Wechatpay-Signature-Type"] == "WECHATPAY2-SHA256-RSA2048")
        #expect(created.headers["Request-ID"] != nil)
        #expect(harness.platformSignatureVerifies(created.headers, body: created.body))
        let closed = try await harness.v3(
            "POST", "/v3/pay/transactions/out-trade-no/\(number)/close", json: #"{"mchid":"\#(harness.sandbox.mchid)"}"#,
            extraHeaders: [("Wechatpay-Serial", harness.sandbox.platformSerial)])
        #expect(closed.status == 204 && closed.body.isEmpty)
        #expect(closed.headers["Wechatpay-Serial"] == harness.sandbox.platformSerial)
        #expect(harness.platformSignatureVerifies(closed.headers, body: closed.body))
        await harness.stop()
    }

    @Test func injectedErrorRateAnswersSystemError() async throws {
        let harness = try await SimHarness.start()
        let set = try await harness.control("POST", "/sim/faults", json: #"{"error_rate":1.0}"#)
        #expect(set.status == 200)
        let response = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(SimHarness.orderNumber()))
        #expect(response.status == 500)
        #expect(try jsonObject(response.body)["code"] as? String == "SYSTEM_ERROR")
        #expect(harness.platformSignatureVerifies(response.headers, body: response.body))
        #expect(try await harness.control("DELETE", "/sim/faults").status == 200)
        let healthy = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(SimHarness.orderNumber()))
        #expect(healthy.status == 200)
        #expect(try await harness.control("POST", "/sim/faults", json: #"{"error_rate":2}"#).status == 400)
        await harness.stop()
    }

    @Test func injectedLostAnswerHappensButAnswersSystemError() async throws {
        let harness = try await SimHarness.start()
        #expect(try await harness.control("POST", "/sim/faults", json: #"{"error_after_rate":1.0}"#).status == 200)
        let number = SimHarness.orderNumber()
        let response = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number))
        #expect(response.status == 500)
        #expect(try jsonObject(response.body)["code"] as? String == "SYSTEM_ERROR")
        // The order was created all the same, and the same request again answers its code_url.
        #expect(try await harness.control("GET", "/sim/orders/\(number)").status == 200)
        #expect(try await harness.control("DELETE", "/sim/faults").status == 200)
        let again = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number))
        #expect(again.status == 200)
        let view = try jsonObject(try await harness.control("GET", "/sim/orders/\(number)").body)
        #expect(try jsonObject(again.body)["code_url"] as? String == view["code_url"] as? String)
        #expect(try await harness.control("POST", "/sim/faults", json: #"{"error_rate":0.6,"error_after_rate":0.6}"#).status == 400)
        await harness.stop()
    }

    @Test func injectedGatewayErrorAnswers503WithRetryAfter() async throws {
        let harness = try await SimHarness.start()
        #expect(try await harness.control("POST", "/sim/faults", json: #"{"gateway_error_rate":1.0,"retry_after":7}"#).status == 200)
        let number = SimHarness.orderNumber()
        let response = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number))
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "7")
        #expect((try? JSONSerialization.jsonObject(with: response.body)) == nil)
        #expect(try await harness.control("GET", "/sim/orders/\(number)").status == 404)
        let v2 = try await harness.control("POST", "/sim/faults", json: #"{"error_rate":1.0}"#)
        #expect(v2.status == 200)
        let answer = try await harness.v2("/pay/orderquery", ["out_trade_no": number])
        #expect(answer["return_code"] == "SUCCESS")
        #expect(answer["result_code"] == "FAIL")
        #expect(answer["err_code"] == "SYSTEMERROR")
        await harness.stop()
    }

    @Test func injectedLatencyDelaysAnswers() async throws {
        let harness = try await SimHarness.start()
        #expect(try await harness.control("POST", "/sim/faults", json: #"{"latency_ms":300}"#).status == 200)
        let faults = try jsonObject(try await harness.control("GET", "/sim/faults").body)
        #expect(faults["latency_ms"] as? Int == 300)
        let started = Date()
        let response = try await harness.v3("GET", "/v3/certificates")
        #expect(response.status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.3)
        await harness.stop()
    }

    @Test func loopbackDetectionAcceptsOnlyLoopbackPeers() throws {
        #expect(SimulatorResponder.isLoopback(try .init(ipAddress: "127.0.0.1", port: 1)))
        #expect(SimulatorResponder.isLoopback(try .init(ipAddress: "::1", port: 1)))
        #expect(!SimulatorResponder.isLoopback(try .init(ipAddress: "192.168.1.20", port: 1)))
        #expect(!SimulatorResponder.isLoopback(nil))
    }
}
