import Foundation
import Testing

@testable import WeChatPay

@Suite("WeChatPayClient requests")
struct ClientEndpointTests {
    @Test func nativePrepaySignsExactlyTheBytesItSends() async throws {
        let transport = FakeTransport([FakeTransport.ok(#"{"code_url":"weixin://wxpay/bizpayurl?pr=abc1234"}"#)])
        let validator = FakeValidator()
        let client = ClientFixture.client(transport, validator: validator)
        let codeURL = try await client.nativePrepay(ClientFixture.nativeRequest())
        #expect(codeURL == "weixin://wxpay/bizpayurl?pr=abc1234")
        let request = try #require(await transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.mch.weixin.qq.com/v3/pay/transactions/native")
        #expect(
            request.headers["Authorization"]
                == "FAKE POST /v3/pay/transactions/native \(Digest.sha256(request.body).hexString)")
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["User-Agent"] == "PayDesk/0.1 (Linux) Swift")
        #expect(request.headers["Wechatpay-Serial"] == "PUB_KEY_ID_0001")
        let body = try ClientFixture.json(request.body)
        #expect(Set(body.keys) == ["appid", "mchid", "description", "out_trade_no", "notify_url", "amount"])
        #expect((body["amount"] as? [String: Any])?["total"] as? Int == 1250)
        #expect(await validator.validatedBodies.count == 1)
    }

    @Test func noSerialHeaderWhenValidatorKnowsNone() async throws {
        let transport = FakeTransport([FakeTransport.ok(#"{"code_url":"weixin://x"}"#)])
        let client = ClientFixture.client(transport, validator: FakeValidator(serial: nil))
        _ = try await client.nativePrepay(ClientFixture.nativeRequest())
        #expect(await transport.requests.first?.headers["Wechatpay-Serial"] == nil)
    }

    @Test func jsapiAndAppPrepayReturnPrepayID() async throws {
        let transport = FakeTransport([
            FakeTransport.ok(#"{"prepay_id":"wx201410272009395522657a690389285100"}"#),
            FakeTransport.ok(#"{"prepay_id":"wx2"}"#),
            FakeTransport.ok(#"{"prepay_id":"wx3"}"#),
            FakeTransport.ok(#"{"code_url":"weixin://p"}"#),
        ])
        let client = ClientFixture.client(transport)
        let jsapi = JSAPIPrepayRequest(
            appid: "wxa", mchid: "1900000001", description: "tea", outTradeNo: "PDJSAPI0001",
            notifyURL: "https://paydesk.example/notify", amount: Amount(total: 1), payer: Payer(openid: "oUpF8u"))
        #expect(try await client.jsapiPrepay(jsapi) == "wx201410272009395522657a690389285100")
        let app = APPPrepayRequest(
            appid: "wxa", mchid: "1900000001", description: "tea", outTradeNo: "PDAPP00001",
            notifyURL: "https://paydesk.example/notify", amount: Amount(total: 1))
        #expect(try await client.appPrepay(app) == "wx2")
        let partnerJSAPI = PartnerJSAPIPrepayRequest(
            spAppid: "wxsp", spMchid: "1900000100", subMchid: "1900000109", description: "tea",
            outTradeNo: "PDPJS00001", notifyURL: "https://paydesk.example/notify", amount: Amount(total: 1),
            payer: Payer(subOpenid: "osub"))
        #expect(try await client.partnerJSAPIPrepay(partnerJSAPI) == "wx3")
        let partnerNative = PartnerNativePrepayRequest(
            spAppid: "wxsp", spMchid: "1900000100", subMchid: "1900000109", description: "tea",
            outTradeNo: "PDPNA00001", notifyURL: "https://paydesk.example/notify", amount: Amount(total: 1))
        #expect(try await client.partnerNativePrepay(partnerNative) == "weixin://p")
        let urls = await transport.requests.map(\.url)
        #expect(
            urls == [
                "https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi",
                "https://api.mch.weixin.qq.com/v3/pay/transactions/app",
                "https://api.mch.weixin.qq.com/v3/pay/partner/transactions/jsapi",
                "https://api.mch.weixin.qq.com/v3/pay/partner/transactions/native",
            ])
        let partnerBody = try ClientFixture.json(await transport.requests[2].body)
        #expect((partnerBody["payer"] as? [String: Any])?["sub_openid"] as? String == "osub")
        #expect(partnerBody["sp_mchid"] as? String == "1900000100")
        #expect(partnerBody["sub_appid"] == nil)
    }

    @Test func queriesEscapePathAndQueryAndSignThemAsSent() async throws {
        let order = #"{"out_trade_no":"PD|0001*x","trade_state":"NOTPAY","mchid":"1900000001"}"#
        let transport = FakeTransport([
            FakeTransport.ok(order), FakeTransport.ok(order), FakeTransport.ok(order), FakeTransport.ok(order),
        ])
        let client = ClientFixture.client(transport)
        let transaction = try await client.queryOrder(outTradeNo: "PD|0001*x", mchid: "1900000001")
        #expect(transaction.tradeState == .notPay)
        _ = try await client.queryOrder(transactionID: "4200000001", mchid: "1900000001")
        _ = try await client.partnerQueryOrder(outTradeNo: "PD000001", spMchid: "1900000100", subMchid: "1900000109")
        _ = try await client.partnerQueryOrder(transactionID: "4200000002", spMchid: "1900000100", subMchid: "1900000109")
        let requests = await transport.requests
        #expect(requests.allSatisfy { $0.method == "GET" && $0.body.isEmpty && $0.headers["Content-Type"] == nil })
        #expect(
            requests.map(\.url) == [
                "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PD%7C0001%2Ax?mchid=1900000001",
                "https://api.mch.weixin.qq.com/v3/pay/transactions/id/4200000001?mchid=1900000001",
                "https://api.mch.weixin.qq.com/v3/pay/partner/transactions/out-trade-no/PD000001?sp_mchid=1900000100&sub_mchid=1900000109",
                "https://api.mch.weixin.qq.com/v3/pay/partner/transactions/id/4200000002?sp_mchid=1900000100&sub_mchid=1900000109",
            ])
        #expect(
            requests[0].headers["Authorization"]?.hasPrefix(
                "FAKE GET /v3/pay/transactions/out-trade-no/PD%7C0001%2Ax?mchid=1900000001 ") == true)
    }

    @Test func closeOrderPostsMchidAndVerifiesTheEmptyAnswer() async throws {
        let transport = FakeTransport([FakeTransport.noContent, FakeTransport.noContent])
        let validator = FakeValidator()
        let client = ClientFixture.client(transport, validator: validator)
        try await client.closeOrder(outTradeNo: "PD20261124A0001", mchid: "1900000001")
        try await client.partnerCloseOrder(outTradeNo: "PD20261124A0002", spMchid: "1900000100", subMchid: "1900000109")
        let requests = await transport.requests
        #expect(requests[0].url == "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PD20261124A0001/close")
        #expect(String(decoding: requests[0].body, as: UTF8.self) == #"{"mchid":"1900000001"}"#)
        #expect(requests[1].url.hasSuffix("/v3/pay/partner/transactions/out-trade-no/PD20261124A0002/close"))
        #expect(String(decoding: requests[1].body, as: UTF8.self) == #"{"sp_mchid":"1900000100","sub_mchid":"1900000109"}"#)
        #expect(await validator.validatedBodies == [Data(), Data()])
    }

    @Test func refundCallsUseTheirPaths() async throws {
        let refund = #"{"refund_id":"50000000382019052709732678859","out_refund_no":"RF0001","status":"PROCESSING","amount":{"total":100,"refund":30}}"#
        let transport = FakeTransport([FakeTransport.ok(refund), FakeTransport.ok(refund), FakeTransport.ok(refund), FakeTransport.ok(refund)])
        let client = ClientFixture.client(transport)
        let created = try await client.createRefund(
            CreateRefundRequest(outTradeNo: "PD20261124A0001", outRefundNo: "RF0001", reason: "broken",
                amount: RefundRequestAmount(refund: 30, total: 100)))
        #expect(created.status == .processing)
        _ = try await client.queryRefund(outRefundNo: "RF0001")
        _ = try await client.queryRefund(outRefundNo: "RF0001", subMchid: "1900000109")
        _ = try await client.applyAbnormalRefund(
            refundID: "50000000382019052709732678859",
            AbnormalRefundRequest(outRefundNo: "RF0001", type: "USER_BANK_CARD", bankType: "ICBC_DEBIT",
                bankAccount: "ciphertext==", realName: "ciphertext2=="))
        let requests = await transport.requests
        #expect(requests.map(\.method) == ["POST", "GET", "GET", "POST"])
        #expect(
            requests.map(\.url) == [
                "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds",
                "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds/RF0001",
                "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds/RF0001?sub_mchid=1900000109",
                "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds/50000000382019052709732678859/apply-abnormal-refund",
            ])
        let body = try ClientFixture.json(requests[0].body)
        #expect(body["out_trade_no"] as? String == "PD20261124A0001")
        #expect((body["amount"] as? [String: Any])?["currency"] as? String == "CNY")
    }

    @Test func billAPIsBuildTheirQueries() async throws {
        let bill = #"{"hash_type":"SHA1","hash_value":"79bb0f45fc4c42234a918000b2668d689e2bde04","download_url":"https://api.mch.weixin.qq.com/v3/billdownload/file?token=xx"}"#
        let transport = FakeTransport([FakeTransport.ok(bill), FakeTransport.ok(bill)])
        let client = ClientFixture.client(transport)
        let trade = try await client.tradeBill(date: "2019-06-11", gzip: true)
        #expect(trade.downloadURL == "https://api.mch.weixin.qq.com/v3/billdownload/file?token=xx")
        _ = try await client.fundFlowBill(date: "2019-06-11", accountType: "OPERATION", gzip: false)
        let urls = await transport.requests.map(\.url)
        #expect(
            urls == [
                "https://api.mch.weixin.qq.com/v3/bill/tradebill?bill_date=2019-06-11&bill_type=ALL&tar_type=GZIP",
                "https://api.mch.weixin.qq.com/v3/bill/fundflowbill?bill_date=2019-06-11&account_type=OPERATION",
            ])
    }

    @Test func certificatesReturnsTheVerifiedRawBody() async throws {
        let raw = #"{"data":[{"serial_no":"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"}]}"#
        let transport = FakeTransport([FakeTransport.ok(raw)])
        let client = ClientFixture.client(transport)
        #expect(try await client.certificates() == Data(raw.utf8))
        #expect(await transport.requests.first?.url == "https://api.mch.weixin.qq.com/v3/certificates")
    }

    @Test func invalidRequestsAreRefusedBeforeAnyCall() async throws {
        let transport = FakeTransport([])
        let client = ClientFixture.client(transport)
        var bad = ClientFixture.nativeRequest(outTradeNo: "short")
        await #expect(throws: WeChatPayError.self) { _ = try await client.nativePrepay(bad) }
        bad = ClientFixture.nativeRequest()
        bad.amount = Amount(total: 0)
        await #expect(throws: WeChatPayError.self) { _ = try await client.nativePrepay(bad) }
        bad = ClientFixture.nativeRequest()
        bad.notifyURL = "https://paydesk.example/notify?x=1"
        await #expect(throws: WeChatPayError.self) { _ = try await client.nativePrepay(bad) }
        bad = ClientFixture.nativeRequest()
        bad.timeExpire = "tomorrow"
        await #expect(throws: WeChatPayError.self) { _ = try await client.nativePrepay(bad) }
        await #expect(throws: WeChatPayError.self) {
            _ = try await client.createRefund(
                CreateRefundRequest(outTradeNo: "PD20261124A0001", outRefundNo: "RF1",
                    amount: RefundRequestAmount(refund: 101, total: 100)))
        }
        await #expect(throws: WeChatPayError.self) { _ = try await client.tradeBill(date: "2019-6-1") }
        #expect(await transport.requests.isEmpty)
    }
}
