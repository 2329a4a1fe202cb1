import Foundation
import Testing
@testable import WeChatPay

@Suite struct V2NotificationTests {
    // MARK: - Refund notification (V-9)

    @Test func decryptsV9ReqInfoToTheGopayPlaintext() throws {
        let fields = try V2RefundNotification.decryptReqInfo(V2Fixtures.v9ReqInfo, apiKey: V2Fixtures.v9APIKey)
        let expected = try XMLCodec.decode(try V2Fixtures.data("gopay_v2_refund_req_info_plaintext.xml"))
        #expect(fields == expected)
        #expect(fields["out_refund_no"] == "50fd012ed1b311e7af7800163e32c503")
        #expect(fields["refund_recv_accout"] == "支付用户零钱")
        #expect(fields["success_time"] == "2017-11-25 15:36:17")
        #expect(fields["transaction_id"] == "4200000015201711256947025404")
    }

    @Test func parsesTheOuterRefundNotificationIntoTypedFields() throws {
        let body = XMLCodec.encode([
            "return_code": "SUCCESS", "appid": "wx2421b1c4370ec43b", "mch_id": "10000100",
            "nonce_str": "TeqClE3i0mvn3DrK", "req_info": V2Fixtures.v9ReqInfo,
        ])
        let notification = try V2RefundNotification.parse(body, apiKey: V2Fixtures.v9APIKey)
        #expect(notification.appid == "wx2421b1c4370ec43b")
        #expect(notification.mchID == "10000100")
        #expect(notification.info.outRefundNo == "50fd012ed1b311e7af7800163e32c503")
        #expect(notification.info.outTradeNo == "4893e76d8c8b434cb64e9cd536338e33")
        #expect(notification.info.refundID == "50000404922017112502468056157")
        #expect(notification.info.refundStatus == "SUCCESS")
        #expect(notification.info.refundFee == 6)
        #expect(notification.info.totalFee == 6)
        #expect(notification.info.settlementRefundFee == 6)
        #expect(notification.info.refundReceiveAccount == "支付用户零钱")
    }

    @Test func refusesReqInfoUnderAnotherAPIKey() {
        #expect(throws: (any Error).self) {
            try V2RefundNotification.decryptReqInfo(V2Fixtures.v9ReqInfo, apiKey: "0123456789abcdef0123456789abcdef")
        }
        #expect(throws: CryptoError.invalidBase64) {
            try V2RefundNotification.decryptReqInfo("not base64!", apiKey: V2Fixtures.v9APIKey)
        }
    }

    @Test func refundNotificationWithoutReqInfoOrWithFailIsRefused() {
        let missing = XMLCodec.encode(["return_code": "SUCCESS", "appid": "wx", "mch_id": "1"])
        #expect(throws: V2Error.malformedResponse("missing req_info")) {
            try V2RefundNotification.parse(missing, apiKey: V2Fixtures.v9APIKey)
        }
        let failed = XMLCodec.encode(["return_code": "FAIL", "return_msg": "boom"])
        #expect(throws: V2Error.communication("boom")) { try V2RefundNotification.parse(failed, apiKey: "k") }
    }

    @Test func encryptedReqInfoDecryptsBackForTheSimulator() throws {
        let fields = ["out_refund_no": "R1", "refund_status": "SUCCESS", "refund_recv_accout": "支付用户零钱"]
        let reqInfo = try V2RefundNotification.encryptReqInfo(fields, apiKey: "simulator-key")
        #expect(try V2RefundNotification.decryptReqInfo(reqInfo, apiKey: "simulator-key") == fields)
    }

    // MARK: - Payment notification

    @Test func parsesAndVerifiesAPaymentNotification() throws {
        let signer = V2Signer(apiKey: "192006250b4c09247ec02edce69f6a2d")
        var fields = try XMLCodec.decode(try V2Fixtures.data("paysuccess.notification.sample.xml"))
        fields["cash_fee"] = "1"
        fields["sign"] = signer.sign(fields, type: .md5)
        let notification = try V2PayNotification.parse(XMLCodec.encode(fields), signer: signer)
        #expect(notification.appid == "wx2421b1c4370ec43b")
        #expect(notification.mchID == "10000100")
        #expect(notification.outTradeNo == "1409811653")
        #expect(notification.transactionID == "1004400740201409030005092168")
        #expect(notification.totalFee == 1)
        #expect(notification.cashFee == 1)
        #expect(notification.openid == "oUpF8uMEb4qRXf22hE3X68TekukE")
        #expect(notification.timeEnd == "20140903131540")
        #expect(notification.resultCode == "SUCCESS")
        #expect(notification.attach == "支付测试")
    }

    @Test func acceptsHMACSignedPaymentNotification() throws {
        let signer = V2Signer(apiKey: "k")
        var fields = ["return_code": "SUCCESS", "result_code": "SUCCESS", "appid": "wx", "mch_id": "1",
                      "out_trade_no": "T1", "transaction_id": "4200", "total_fee": "100", "sign_type": "HMAC-SHA256"]
        fields["sign"] = signer.sign(fields, type: .hmacSHA256)
        let notification = try V2PayNotification.parse(XMLCodec.encode(fields), signer: signer)
        #expect(notification.totalFee == 100)
        #expect(notification.cashFee == nil)
    }

    @Test func refusesPaymentNotificationWithBadSignature() throws {
        // The fixture's sign was made with an unknown key: it must not verify with ours.
        let body = try V2Fixtures.data("paysuccess.notification.sample.xml")
        #expect(throws: V2Error.badSignature) { try V2PayNotification.parse(body, signer: V2Signer(apiKey: "k")) }
        let signer = V2Signer(apiKey: "k")
        var fields = try XMLCodec.decode(body)
        fields["sign"] = signer.sign(fields, type: .md5)
        fields["total_fee"] = "100000"
        #expect(throws: V2Error.badSignature) { try V2PayNotification.parse(XMLCodec.encode(fields), signer: signer) }
    }

    @Test func refusesPaymentNotificationWithDoctype() throws {
        let body = try V2Fixtures.data("invalid.xxe_injection.sample.xml")
        #expect(throws: XMLCodecError.doctypeForbidden) { try V2PayNotification.parse(body, signer: V2Signer(apiKey: "k")) }
    }

    // MARK: - Answers

    @Test func successAnswerIsTheExactDocumentWeChatPayExpects() {
        #expect(String(decoding: V2NotificationAnswer.success, as: UTF8.self)
            == "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>")
    }

    @Test func failureAnswerCarriesTheMessage() throws {
        let fields = try XMLCodec.decode(V2NotificationAnswer.failure("签名错误 ]]> x"))
        #expect(fields == ["return_code": "FAIL", "return_msg": "签名错误 ]]> x"])
    }
}
