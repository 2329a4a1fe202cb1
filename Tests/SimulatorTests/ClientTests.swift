import Foundation
import Testing
import WeChatPay
@testable import Simulator

/// The real WeChatPay client (RequestSigner + ResponseVerifier + libcurl) against the simulator, in both
/// verification-key modes: the public key id, and certificates downloaded through `/v3/certificates`.
@Suite(.serialized) struct ClientTests {
    /// A client for `harness` whose verifier matches `mode`.
    func client(_ harness: SimHarness, mode: SignatureMode) -> WeChatPayClient {
        let verifier: ResponseVerifier
        switch mode {
        case .publicKey:
            verifier = ResponseVerifier(publicKeyID: harness.sandbox.platformPublicKeyID, publicKey: harness.platformPublicKey)
        case .certificate:
            let apiV3Key = Data(harness.sandbox.apiV3Key.utf8)
            verifier = ResponseVerifier(certificateSource: {
                // Download, decrypt, then check the answer with what it carried (as the Go SDK's downloader does).
                let response = try await harness.v3("GET", "/v3/certificates")
                let certificates = try ResponseVerifier.decryptCertificateList(body: response.body, apiV3Key: apiV3Key)
                try await ResponseVerifier(certificates: certificates).validate(headers: response.headers, body: response.body)
                return certificates
            })
        }
        return WeChatPayClient(
            baseURL: harness.baseURL, authorizer: harness.signer, validator: verifier, transport: harness.transport, retry: .never)
    }

    func nativeRequest(_ harness: SimHarness, _ number: String, total: Int = 1000, description: String = "PayDesk client test") -> NativePrepayRequest {
        NativePrepayRequest(
            appid: harness.sandbox.appid, mchid: harness.sandbox.mchid, description: description, outTradeNo: number,
            notifyURL: "http://127.0.0.1:9/notify", amount: Amount(total: total))
    }

    @Test(arguments: [SignatureMode.publicKey, .certificate])
    func nativeOrderPaysAndRefundsThroughTheClient(mode: SignatureMode) async throws {
        let harness = try await SimHarness.start(mode: mode)
        let client = client(harness, mode: mode)
        let mchid = harness.sandbox.mchid
        let number = SimHarness.orderNumber("C")
        let codeURL = try await client.nativePrepay(nativeRequest(harness, number))
        #expect(codeURL.hasPrefix("weixin://wxpay/bizpayurl?pr="))
        #expect(try await client.nativePrepay(nativeRequest(harness, number)) == codeURL)
        do {
            _ = try await client.nativePrepay(nativeRequest(harness, number, total: 999))
            Issue.record("a different order under a used out_trade_no must be refused")
        } catch {
            #expect(error.hasCode("OUT_TRADE_NO_USED"))
        }

        let unpaid = try await client.queryOrder(outTradeNo: number, mchid: mchid)
        #expect(unpaid.tradeState == .notPay && unpaid.transactionID == nil)
        #expect(try await harness.control("POST", "/sim/orders/\(number)/pay").status == 200)
        let paid = try await client.queryOrder(outTradeNo: number, mchid: mchid)
        #expect(paid.tradeState == .success)
        let transactionID = try #require(paid.transactionID)
        #expect(try await client.queryOrder(transactionID: transactionID, mchid: mchid).outTradeNo == number)

        do {
            try await client.closeOrder(outTradeNo: number, mchid: mchid)
            Issue.record("closing a paid order must be refused")
        } catch {
            #expect(error.hasCode("ORDER_PAID"))
        }

        let first = try await client.createRefund(CreateRefundRequest(
            outTradeNo: number, outRefundNo: "RA\(number)", amount: RefundRequestAmount(refund: 300, total: 1000)))
        #expect(first.status == .processing)
        let second = try await client.createRefund(CreateRefundRequest(
            transactionID: transactionID, outRefundNo: "RB\(number)", amount: RefundRequestAmount(refund: 600, total: 1000)))
        #expect(second.status == .processing)
        do {
            _ = try await client.createRefund(CreateRefundRequest(
                outTradeNo: number, outRefundNo: "RC\(number)", amount: RefundRequestAmount(refund: 101, total: 1000)))
            Issue.record("a refund over the refundable amount must be refused")
        } catch {
            #expect(error.hasCode("NOT_ENOUGH"))
        }
        #expect(try await harness.control("POST", "/sim/refunds/RA\(number)/succeed").status == 200)
        let settled = try await client.queryRefund(outRefundNo: "RA\(number)")
        #expect(settled.status == .success && settled.successTime != nil)
        #expect(try await client.queryOrder(outTradeNo: number, mchid: mchid).tradeState == .refund)
        await harness.stop()
    }

    @Test func closeUnpaidOrderAndBillDownloadThroughTheClient() async throws {
        let harness = try await SimHarness.start()
        let client = client(harness, mode: .publicKey)
        let number = SimHarness.orderNumber("K")
        _ = try await client.nativePrepay(nativeRequest(harness, number))
        try await client.closeOrder(outTradeNo: number, mchid: harness.sandbox.mchid)
        try await client.closeOrder(outTradeNo: number, mchid: harness.sandbox.mchid)
        #expect(try await client.queryOrder(outTradeNo: number, mchid: harness.sandbox.mchid).tradeState == .closed)
        #expect(try await harness.control("POST", "/sim/orders/\(number)/pay").status == 400)

        let paidNumber = SimHarness.orderNumber("B")
        _ = try await client.nativePrepay(nativeRequest(harness, paidNumber, total: 1250))
        _ = try await harness.control("POST", "/sim/orders/\(paidNumber)/pay")
        let bill = try await client.tradeBill(date: BeijingTime.day(Date()), gzip: true)
        let file = try await client.downloadBill(bill, gzip: true)
        let text = String(decoding: file, as: UTF8.self)
        #expect(text.contains("`\(paidNumber)") && text.contains("`12.50"))
        await harness.stop()
    }
}
