import Foundation
import TestSupport
import Testing
import WeChatPay
@testable import Simulator

/// API v2 over loopback: XML, MD5 and HMAC-SHA256 signatures, the 5-minute close rule, XML notifications.
@Suite(.serialized) struct V2Tests {
    func unifiedOrder(_ harness: SimHarness, _ number: String, notifyURL: String = "http://127.0.0.1:9/v2", signType: V2SignType = .md5) async throws -> [String: String] {
        try await harness.v2("/pay/unifiedorder", [
            "body": "PayDesk v2", "out_trade_no": number, "total_fee": "101", "spbill_create_ip": "127.0.0.1",
            "notify_url": notifyURL, "trade_type": "NATIVE",
        ], signType: signType)
    }

    func verifies(_ fields: [String: String], key: String, type: V2SignType) -> Bool {
        var unsigned = fields
        unsigned["sign"] = nil
        return fields["sign"] == V2Signer(apiKey: key).sign(unsigned, type: type)
    }

    @Test func unifiedOrderQueryAndScaledCloseRule() async throws {
        // No wall-clock race either way (EngineTests checks the rule itself with a moved clock): at time scale 1
        // the early close is always inside its 5 minutes; at 0.001 (0.3 s) the second order is always past them.
        let harness = try await SimHarness.start(timeScale: 1)
        let number = SimHarness.orderNumber("V")
        let created = try await unifiedOrder(harness, number)
        #expect(created["return_code"] == "SUCCESS" && created["result_code"] == "SUCCESS")
        #expect(created["code_url"]?.hasPrefix("weixin://wxpay/bizpayurl?pr=") == true)
        #expect(created["prepay_id"]?.hasPrefix("wx") == true)
        #expect(verifies(created, key: harness.sandbox.apiV2Key, type: .md5))
        let again = try await unifiedOrder(harness, number)
        #expect(again["code_url"] == created["code_url"])

        let query = try await harness.v2("/pay/orderquery", ["out_trade_no": number])
        #expect(query["trade_state"] == "NOTPAY" && query["total_fee"] == "101")
        let early = try await harness.v2("/pay/closeorder", ["out_trade_no": number])
        #expect(early["result_code"] == "FAIL" && early["err_code"] == "FREQUENCY_LIMITED")
        #expect(try await harness.v2("/pay/orderquery", ["out_trade_no": number])["trade_state"] == "NOTPAY")
        await harness.stop()

        let scaled = try await SimHarness.start(timeScale: 0.001)
        let later = SimHarness.orderNumber("W")
        #expect(try await unifiedOrder(scaled, later)["result_code"] == "SUCCESS")
        try await Task.sleep(nanoseconds: 600_000_000)
        let closed = try await scaled.v2("/pay/closeorder", ["out_trade_no": later])
        #expect(closed["result_code"] == "SUCCESS")
        #expect(try await scaled.v2("/pay/orderquery", ["out_trade_no": later])["trade_state"] == "CLOSED")
        await scaled.stop()
    }

    @Test func hmacSignedCallsWorkAndBadSignaturesFail() async throws {
        let harness = try await SimHarness.start(timeScale: 0.001)
        let number = SimHarness.orderNumber("H")
        let created = try await unifiedOrder(harness, number, signType: .hmacSHA256)
        #expect(created["result_code"] == "SUCCESS")
        #expect(verifies(created, key: harness.sandbox.apiV2Key, type: .hmacSHA256))
        var fields = ["out_trade_no": number, "appid": harness.sandbox.appid, "mch_id": harness.sandbox.mchid, "nonce_str": "abc"]
        fields["sign"] = V2Signer(apiKey: "wrong-key-wrong-key-wrong-key-00").sign(fields, type: .md5)
        let response = try await harness.transport.send(HTTPRequest(
            method: "POST", url: harness.baseURL + "/pay/orderquery", body: XMLCodec.encode(fields)))
        let answer = try XMLCodec.decode(response.body)
        #expect(answer["return_code"] == "FAIL")
        let jsapi = try await harness.v2("/pay/unifiedorder", [
            "body": "x", "out_trade_no": SimHarness.orderNumber(), "total_fee": "1", "spbill_create_ip": "127.0.0.1",
            "notify_url": "http://127.0.0.1:9/v2", "trade_type": "JSAPI", "openid": "o1",
        ])
        #expect(jsapi["result_code"] == "FAIL")
        await harness.stop()
    }

    @Test func paidV2OrderIsNotifiedInSignedXMLAndRefusesClose() async throws {
        let success = "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
        let receiver = try await NotificationReceiver.start(script: [(200, "<xml><return_code>FAIL</return_code></xml>"), (200, success)])
        let harness = try await SimHarness.start(timeScale: 0.001)
        try await harness.allowSlowReceivers()
        let number = SimHarness.orderNumber("X")
        _ = try await unifiedOrder(harness, number, notifyURL: receiver.url)
        #expect(try await harness.control("POST", "/sim/orders/\(number)/pay").status == 200)
        let received = await receiver.waitFor(2)
        #expect(received.count == 2)
        let fields = try XMLCodec.decode(try #require(received.last).body)
        #expect(fields["out_trade_no"] == number && fields["result_code"] == "SUCCESS" && fields["total_fee"] == "101")
        #expect(verifies(fields, key: harness.sandbox.apiV2Key, type: .md5))
        try await Task.sleep(nanoseconds: 400_000_000)
        let close = try await harness.v2("/pay/closeorder", ["out_trade_no": number])
        #expect(close["err_code"] == "ORDERPAID")

        let refund = try await harness.v2("/secapi/pay/refund", [
            "out_trade_no": number, "out_refund_no": "RV\(number)", "total_fee": "101", "refund_fee": "50",
            "notify_url": receiver.url,
        ])
        #expect(refund["result_code"] == "SUCCESS" && refund["refund_id"] != nil)
        let over = try await harness.v2("/secapi/pay/refund", [
            "out_trade_no": number, "out_refund_no": "RW\(number)", "total_fee": "101", "refund_fee": "52",
        ])
        #expect(over["err_code"] == "NOTENOUGH")
        _ = try await harness.control("POST", "/sim/refunds/RV\(number)/succeed")
        let refundNotice = await receiver.waitFor(3)
        let outer = try XMLCodec.decode(try #require(refundNotice.last).body)
        let key = Data(Digest.md5(Data(harness.sandbox.apiV2Key.utf8)).hexString.utf8)
        let reqInfo = try #require(outer["req_info"])
        let sealed = try #require(Data(base64Encoded: reqInfo))
        let inner = try XMLCodec.decode(try AESECB.decryptPKCS7(sealed, key: key))
        #expect(inner["refund_status"] == "SUCCESS" && inner["out_refund_no"] == "RV\(number)")
        let refundQuery = try await harness.v2("/pay/refundquery", ["out_trade_no": number])
        #expect(refundQuery["refund_count"] == "1" && refundQuery["refund_status_0"] == "SUCCESS")
        await harness.stop()
        await receiver.stop()
    }
}
