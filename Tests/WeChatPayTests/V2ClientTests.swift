import Foundation
import Testing
@testable import WeChatPay

@Suite struct V2ClientTests {
    static let apiKey = "192006250b4c09247ec02edce69f6a2d"
    static let platform = V2Platform(apiKey: apiKey)
    static let certificate = ClientCertificate(certificatePath: "/tmp/apiclient_cert.pem", privateKeyPath: "/tmp/apiclient_key.pem")

    private func client(
        _ transport: ScriptedV2Transport, signType: V2SignType = .hmacSHA256, certificate: ClientCertificate? = nil,
        observer: RecordingObserver? = nil
    ) -> WeChatPayV2Client {
        WeChatPayV2Client(
            baseURL: "https://api.example.test/", appid: "wxd930ea5d5a258f4f", mchid: "10000100", apiKey: Self.apiKey,
            signType: signType, transport: transport, clientCertificate: certificate, retryDelay: .milliseconds(1),
            observer: observer)
    }

    private func sentFields(_ transport: ScriptedV2Transport, at index: Int = 0) async throws -> [String: String] {
        let requests = await transport.log.requests
        return try XMLCodec.decode(try #require(requests.dropFirst(index).first).body)
    }

    // MARK: - Requests

    @Test func unifiedOrderSendsASignedNativeRequest() async throws {
        let transport = ScriptedV2Transport { _, _ in
            Self.platform.success(["prepay_id": "wx201410272009395522657a690389285100", "code_url": "weixin://wxpay/bizpayurl?pr=abc",
                                   "trade_type": "NATIVE"])
        }
        let answer = try await client(transport).unifiedOrderNative(
            outTradeNo: "T20261124001", body: "咖啡", totalFee: 1250, spbillCreateIP: "127.0.0.1",
            notifyURL: "https://merchant.test/notify/v2/pay", timeExpire: Date(timeIntervalSince1970: 0), attach: "desk-1")
        #expect(answer.prepayID == "wx201410272009395522657a690389285100")
        #expect(answer.codeURL == "weixin://wxpay/bizpayurl?pr=abc")

        let request = try #require(await transport.log.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.example.test/pay/unifiedorder")
        #expect(request.headers["Content-Type"]?.hasPrefix("text/xml") == true)
        let fields = try await sentFields(transport)
        #expect(V2Signer(apiKey: Self.apiKey).verify(fields))
        #expect(fields["sign_type"] == "HMAC-SHA256")
        #expect(fields["sign"]?.count == 64)
        #expect(fields["nonce_str"]?.count == 32)
        #expect(fields["appid"] == "wxd930ea5d5a258f4f")
        #expect(fields["mch_id"] == "10000100")
        #expect(fields["trade_type"] == "NATIVE")
        #expect(fields["total_fee"] == "1250")
        #expect(fields["body"] == "咖啡")
        #expect(fields["time_expire"] == "19700101080000")
        #expect(fields["attach"] == "desk-1")
        #expect(await transport.log.certificates == [nil])
    }

    @Test func md5ClientSignsWithMD5AndEachRequestGetsAFreshNonce() async throws {
        let md5Platform = V2Platform(apiKey: Self.apiKey, signType: .md5)
        let transport = ScriptedV2Transport { _, _ in md5Platform.success(["trade_state": "NOTPAY"]) }
        let client = client(transport, signType: .md5)
        _ = try await client.orderQuery(outTradeNo: "T1")
        _ = try await client.orderQuery(outTradeNo: "T1")
        let first = try await sentFields(transport, at: 0)
        let second = try await sentFields(transport, at: 1)
        #expect(first["sign_type"] == "MD5")
        #expect(first["sign"]?.count == 32)
        #expect(V2Signer(apiKey: Self.apiKey).verify(first))
        #expect(first["nonce_str"] != second["nonce_str"])
    }

    @Test func timeExpireIsWrittenInChinaStandardTime() {
        // 2026-11-24T09:30:05Z is 17:30:05 in GMT+8.
        #expect(V2Time.format(Date(timeIntervalSince1970: 1_795_512_605)) == "20261124173005")
        #expect(V2Time.parse("20261124173005") == Date(timeIntervalSince1970: 1_795_512_605))
        #expect(V2Time.parse("20261324173005") == nil)
    }

    // MARK: - Responses

    @Test func orderQueryParsesTypedFields() async throws {
        let transport = ScriptedV2Transport { _, _ in
            Self.platform.success([
                "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "out_trade_no": "T1",
                "transaction_id": "4200000215201811190261405420", "total_fee": "1250", "cash_fee": "1000",
                "openid": "oUpF8uMEb4qRXf22hE3X68TekukE", "time_end": "20261124173005", "attach": "desk-1",
            ])
        }
        let result = try await client(transport).orderQuery(transactionID: "4200000215201811190261405420")
        #expect(result.tradeState == "SUCCESS")
        #expect(result.tradeStateDescription == "支付成功")
        #expect(result.totalFee == 1250)
        #expect(result.cashFee == 1000)
        #expect(result.transactionID == "4200000215201811190261405420")
        #expect(result.openid == "oUpF8uMEb4qRXf22hE3X68TekukE")
        #expect(result.timeEnd == "20261124173005")
        #expect(result.attach == "desk-1")
        let fields = try await sentFields(transport)
        #expect(fields["transaction_id"] == "4200000215201811190261405420")
        #expect(fields["out_trade_no"] == nil)
        #expect(await transport.log.requests.first?.url == "https://api.example.test/pay/orderquery")
    }

    @Test func returnCodeFailBecomesCommunicationErrorWithoutRetry() async throws {
        let transport = ScriptedV2Transport { _, _ in
            HTTPResponse(status: 200, body: XMLCodec.encode(["return_code": "FAIL", "return_msg": "签名错误"]))
        }
        await #expect(throws: V2Error.communication("签名错误")) { try await client(transport).orderQuery(outTradeNo: "T1") }
        #expect(await transport.log.requests.count == 1)
    }

    @Test func resultCodeFailBecomesBusinessErrorWithoutRetry() async throws {
        let transport = ScriptedV2Transport { _, _ in Self.platform.businessFailure("ORDERPAID", "订单已支付") }
        await #expect(throws: V2Error.business(code: "ORDERPAID", description: "订单已支付")) {
            try await client(transport).closeOrder(outTradeNo: "T1")
        }
        #expect(await transport.log.requests.count == 1)
        #expect(await transport.log.requests.first?.url == "https://api.example.test/pay/closeorder")
        #expect(!V2Error.business(code: "ORDERPAID", description: "").isRetrySafe)
    }

    @Test func systemErrorIsRetriedUntilSuccess() async throws {
        let transport = ScriptedV2Transport { _, attempt in
            attempt < 2 ? Self.platform.businessFailure("SYSTEMERROR", "系统超时") : Self.platform.success(["trade_state": "NOTPAY"])
        }
        let result = try await client(transport).orderQuery(outTradeNo: "T1")
        #expect(result.tradeState == "NOTPAY")
        #expect(await transport.log.requests.count == 3)
        // Every attempt is freshly signed with its own nonce.
        let nonces = Set(try await (0..<3).asyncMap { try await sentFields(transport, at: $0)["nonce_str"] ?? "" })
        #expect(nonces.count == 3)
    }

    /// Each attempt is recorded for the core's `api_calls`, as v3's are: the business code of a failure, the
    /// signature and the API key kept out of the stored request.
    @Test func everyAttemptIsRecordedWithoutTheSignature() async throws {
        let transport = ScriptedV2Transport { _, attempt in
            attempt < 1 ? Self.platform.businessFailure("SYSTEMERROR", "系统超时") : Self.platform.success(["trade_state": "NOTPAY"])
        }
        let observer = RecordingObserver()
        _ = try await client(transport, observer: observer).orderQuery(outTradeNo: "T1")
        let records = await observer.records
        #expect(records.map(\.attempt) == [1, 2])
        #expect(records.map(\.path) == ["/pay/orderquery", "/pay/orderquery"])
        #expect(records.map(\.errorCode) == ["SYSTEMERROR", nil])
        #expect(records.map(\.status) == [200, 200])
        #expect(records[0].errorMessage?.contains("SYSTEMERROR") == true)
        #expect(records[1].responseBody.contains("NOTPAY"))
        let sentSign = try await sentFields(transport, at: 1)["sign"] ?? ""
        #expect(!sentSign.isEmpty)
        for record in records {
            #expect(record.requestBody.contains("<out_trade_no><![CDATA[T1]]></out_trade_no>") || record.requestBody.contains("<out_trade_no>T1</out_trade_no>"))
            #expect(record.requestBody.contains("[REDACTED]"))
            #expect(!record.requestBody.contains(sentSign))
            #expect(!record.requestBody.contains(Self.apiKey))
        }
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let transport = ScriptedV2Transport { _, _ in Self.platform.businessFailure("FREQUENCY_LIMITED", "频率限制") }
        await #expect(throws: V2Error.business(code: "FREQUENCY_LIMITED", description: "频率限制")) {
            try await client(transport).closeOrder(outTradeNo: "T1")
        }
        #expect(await transport.log.requests.count == 3)
    }

    @Test func connectionErrorsAreRetriedButTimeoutsAreNot() async throws {
        let flaky = ScriptedV2Transport { _, attempt in
            if attempt == 0 { throw TransportError.connection("connection refused") }
            return Self.platform.success(["out_refund_no": "R1", "refund_id": "5000", "refund_fee": "100"])
        }
        let refund = try await client(flaky, certificate: Self.certificate).refund(
            outTradeNo: "T1", outRefundNo: "R1", totalFee: 1250, refundFee: 100)
        #expect(refund.refundID == "5000")
        #expect(await flaky.log.requests.count == 2)
        // Both attempts carry the same out_refund_no, which is what makes the retry safe.
        #expect(try await sentFields(flaky, at: 0)["out_refund_no"] == "R1")
        #expect(try await sentFields(flaky, at: 1)["out_refund_no"] == "R1")

        let slow = ScriptedV2Transport { _, _ in throw TransportError.timeout("5 s") }
        await #expect(throws: V2Error.transport(.timeout("5 s"))) { try await client(slow).orderQuery(outTradeNo: "T1") }
        #expect(await slow.log.requests.count == 1)
    }

    @Test func serverErrorsAreRetried() async throws {
        let transport = ScriptedV2Transport { _, attempt in
            attempt == 0 ? HTTPResponse(status: 503) : Self.platform.success(["trade_state": "CLOSED"])
        }
        #expect(try await client(transport).orderQuery(outTradeNo: "T1").tradeState == "CLOSED")
        #expect(await transport.log.requests.count == 2)
    }

    @Test func refusesAnswerWithABadSignature() async throws {
        let impostor = V2Platform(apiKey: "not-the-merchant-key")
        let transport = ScriptedV2Transport { _, _ in impostor.success(["trade_state": "SUCCESS", "total_fee": "1"]) }
        await #expect(throws: V2Error.badSignature) { try await client(transport).orderQuery(outTradeNo: "T1") }
        #expect(await transport.log.requests.count == 1)
    }

    @Test func refusesNonXMLAnswers() async throws {
        let transport = ScriptedV2Transport { _, _ in HTTPResponse(status: 200, body: Data("<html>502 Bad Gateway</html>".utf8)) }
        await #expect(throws: V2Error.self) { try await client(transport).orderQuery(outTradeNo: "T1") }
        do {
            _ = try await client(transport).orderQuery(outTradeNo: "T1")
        } catch let error as V2Error {
            if case .malformedResponse = error {} else { Issue.record("got \(error)") }
        }
        let doctype = ScriptedV2Transport { _, _ in HTTPResponse(status: 200, body: try V2Fixtures.data("invalid.xxe_injection.sample.xml")) }
        await #expect(throws: V2Error.malformedResponse("not a v2 XML document (XML with a DOCTYPE or ENTITY declaration is refused)")) {
            try await client(doctype).orderQuery(outTradeNo: "T1")
        }
    }

    @Test func missingRequiredAnswerFieldIsMalformed() async throws {
        let transport = ScriptedV2Transport { _, _ in Self.platform.success(["prepay_id": "wx1"]) }
        await #expect(throws: V2Error.malformedResponse("missing code_url")) {
            try await client(transport).unifiedOrderNative(
                outTradeNo: "T1", body: "b", totalFee: 1, spbillCreateIP: "127.0.0.1", notifyURL: "https://n.test", timeExpire: nil,
                attach: nil)
        }
    }

    // MARK: - Refunds

    @Test func refundWithoutClientCertificateIsRefusedBeforeAnyCall() async throws {
        let transport = ScriptedV2Transport { _, _ in Self.platform.success([:]) }
        await #expect(throws: V2Error.clientCertificateRequired) {
            try await client(transport).refund(outTradeNo: "T1", outRefundNo: "R1", totalFee: 100, refundFee: 100, reason: nil, notifyURL: nil)
        }
        #expect(await transport.log.requests.isEmpty)
    }

    @Test func refundGoesToSecapiWithTheClientCertificate() async throws {
        let transport = ScriptedV2Transport { _, _ in
            Self.platform.success(["out_refund_no": "R1", "refund_id": "50000408942018111907145868882", "refund_fee": "600",
                                   "total_fee": "1250", "cash_fee": "1250", "out_trade_no": "T1"])
        }
        let result = try await client(transport, certificate: Self.certificate).refund(
            outTradeNo: "T1", outRefundNo: "R1", totalFee: 1250, refundFee: 600, reason: "少货", notifyURL: "https://n.test/r")
        #expect(result.refundFee == 600)
        #expect(result.totalFee == 1250)
        #expect(result.refundID == "50000408942018111907145868882")
        #expect(await transport.log.requests.first?.url == "https://api.example.test/secapi/pay/refund")
        #expect(await transport.log.certificates == [Self.certificate])
        let fields = try await sentFields(transport)
        #expect(fields["refund_desc"] == "少货")
        #expect(fields["notify_url"] == "https://n.test/r")
        #expect(fields["refund_fee"] == "600")
        #expect(V2Signer(apiKey: Self.apiKey).verify(fields))
    }

    @Test func refundQueryParsesNumberedRefunds() async throws {
        let transport = ScriptedV2Transport { _, _ in
            Self.platform.success([
                "out_trade_no": "T1", "transaction_id": "4200", "total_fee": "1250", "cash_fee": "1250", "refund_count": "2",
                "out_refund_no_0": "R1", "refund_id_0": "5001", "refund_fee_0": "600", "refund_status_0": "SUCCESS",
                "refund_success_time_0": "2026-11-24 17:30:05", "refund_recv_accout_0": "支付用户零钱",
                "out_refund_no_1": "R2", "refund_id_1": "5002", "refund_fee_1": "100", "refund_status_1": "PROCESSING",
            ])
        }
        let result = try await client(transport).refundQuery(outRefundNo: "R1")
        #expect(result.totalFee == 1250)
        #expect(result.refunds.count == 2)
        #expect(result.refunds.first == V2RefundQueryItem(
            outRefundNo: "R1", refundID: "5001", refundFee: 600, refundStatus: "SUCCESS",
            successTime: "2026-11-24 17:30:05", refundReceiveAccount: "支付用户零钱"))
        #expect(result.refunds.last?.refundStatus == "PROCESSING")
        #expect(await transport.log.requests.first?.url == "https://api.example.test/pay/refundquery")
        #expect(try await sentFields(transport)["out_refund_no"] == "R1")
    }

    // MARK: - Bills

    @Test func downloadBillReturnsTheRawText() async throws {
        let csv = try V2Fixtures.data("php_fixture_tradebill_ALL.csv")
        let transport = ScriptedV2Transport { _, _ in HTTPResponse(status: 200, body: csv) }
        #expect(try await client(transport).downloadBill(date: "20261123", type: "ALL") == csv)
        let fields = try await sentFields(transport)
        #expect(fields["bill_date"] == "20261123")
        #expect(fields["bill_type"] == "ALL")
        #expect(await transport.log.requests.first?.url == "https://api.example.test/pay/downloadbill")
    }

    @Test func downloadBillXMLAnswerIsAnError() async throws {
        let transport = ScriptedV2Transport { _, _ in
            HTTPResponse(status: 200, body: XMLCodec.encode(["return_code": "FAIL", "return_msg": "No Bill Exist", "error_code": "20002"]))
        }
        await #expect(throws: V2Error.communication("No Bill Exist")) { try await client(transport).downloadBill(date: "20261123", type: "ALL") }
    }

    @Test func downloadBillRefusesABadDateBeforeAnyCall() async throws {
        let transport = ScriptedV2Transport { _, _ in HTTPResponse(status: 200) }
        for date in ["2026-11-23", "20261323", "2026112", ""] {
            await #expect(throws: V2Error.invalidArgument("bill date must be yyyyMMdd")) {
                try await client(transport).downloadBill(date: date, type: "ALL")
            }
        }
        #expect(await transport.log.requests.isEmpty)
    }

    @Test func errorDescriptionsNeverContainTheAPIKey() async throws {
        let errors: [V2Error] = [.badSignature, .communication("x"), .clientCertificateRequired, .malformedResponse("y")]
        for error in errors { #expect(!error.description.contains(Self.apiKey)) }
    }
}

extension Sequence {
    /// Maps with an async transform, in order.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
