import Foundation
import Testing
import WeChatPay
@testable import Simulator

/// The v3 API over loopback HTTP: field rules, queries, refunds, certificates, bills, restart.
@Suite(.serialized) struct PlatformHTTPTests {
    @Test func prepayFieldErrorsAreParamErrors() async throws {
        let harness = try await SimHarness.start()
        let cases: [(String, String)] = [
            (harness.nativeBody("short"), "out_trade_no"),
            (harness.nativeBody(SimHarness.orderNumber(), total: 0), "amount.total"),
            (harness.nativeBody(SimHarness.orderNumber(), notifyURL: "https://example.com/n?x=1"), "query string"),
            (#"{"mchid":"\#(harness.sandbox.mchid)","description":"x","out_trade_no":"ABCDEF1","notify_url":"https://e.com/n","amount":{"total":1}}"#, "appid"),
            (harness.nativeBody(SimHarness.orderNumber(), extra: #","time_expire":"2000-01-01T00:00:00+08:00""#), "time_expire"),
            ("not json", "JSON"),
        ]
        for (body, field) in cases {
            let response = try await harness.v3("POST", "/v3/pay/transactions/native", json: body)
            #expect(response.status == 400)
            let object = try jsonObject(response.body)
            #expect(object["code"] as? String == "PARAM_ERROR")
            #expect((object["message"] as? String)?.contains(field) == true, "\(object)")
        }
        let jsapi = try await harness.v3("POST", "/v3/pay/transactions/jsapi", json: harness.nativeBody(SimHarness.orderNumber()))
        #expect(jsapi.status == 400)
        let foreign = harness.nativeBody(SimHarness.orderNumber()).replacingOccurrences(of: harness.sandbox.appid, with: "wx00000000000000ff")
        let unbound = try await harness.v3("POST", "/v3/pay/transactions/native", json: foreign)
        #expect(try jsonObject(unbound.body)["code"] as? String == "APPID_MCHID_NOT_MATCH")
        await harness.stop()
    }

    @Test func jsapiAppAndPartnerPrepaysAnswerPrepayIDs() async throws {
        let harness = try await SimHarness.start()
        let jsapiNumber = SimHarness.orderNumber("J")
        let jsapi = try await harness.v3(
            "POST", "/v3/pay/transactions/jsapi",
            json: harness.nativeBody(jsapiNumber, extra: #","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}"#))
        #expect(jsapi.status == 200)
        #expect((try jsonObject(jsapi.body)["prepay_id"] as? String)?.hasPrefix("wx") == true)
        let app = try await harness.v3("POST", "/v3/pay/transactions/app", json: harness.nativeBody(SimHarness.orderNumber("A")))
        #expect(try app.status == 200 && (jsonObject(app.body)["prepay_id"] as? String) != nil)

        let partnerNumber = SimHarness.orderNumber("P")
        let partnerBody = #"{"sp_appid":"\#(harness.sandbox.appid)","sp_mchid":"\#(harness.sandbox.mchid)","sub_mchid":"1900000109","description":"partner","out_trade_no":"\#(partnerNumber)","notify_url":"https://example.com/n","amount":{"total":100}}"#
        let partner = try await harness.v3("POST", "/v3/pay/partner/transactions/native", json: partnerBody)
        #expect(try partner.status == 200 && (jsonObject(partner.body)["code_url"] as? String) != nil)
        let query = try await harness.v3(
            "GET", "/v3/pay/partner/transactions/out-trade-no/\(partnerNumber)?sp_mchid=\(harness.sandbox.mchid)&sub_mchid=1900000109")
        let object = try jsonObject(query.body)
        #expect(query.status == 200 && object["sub_mchid"] as? String == "1900000109" && object["trade_state"] as? String == "NOTPAY")
        let wrongSub = try await harness.v3(
            "GET", "/v3/pay/partner/transactions/out-trade-no/\(partnerNumber)?sp_mchid=\(harness.sandbox.mchid)&sub_mchid=1900000110")
        #expect(wrongSub.status == 404)
        let close = try await harness.v3(
            "POST", "/v3/pay/partner/transactions/out-trade-no/\(partnerNumber)/close",
            json: #"{"sp_mchid":"\#(harness.sandbox.mchid)","sub_mchid":"1900000109"}"#)
        #expect(close.status == 204)
        await harness.stop()
    }

    @Test func queriesRefundsAndRefundQueryFollowTheRules() async throws {
        let harness = try await SimHarness.start()
        let number = SimHarness.orderNumber()
        _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number, total: 1000))
        let unpaidRefund = try await harness.v3(
            "POST", "/v3/refund/domestic/refunds",
            json: #"{"out_trade_no":"\#(number)","out_refund_no":"R\#(number)","amount":{"refund":100,"total":1000,"currency":"CNY"}}"#)
        #expect(try unpaidRefund.status == 400 && (jsonObject(unpaidRefund.body)["code"] as? String) == "INVALID_REQUEST")
        let paid = try await harness.control("POST", "/sim/orders/\(number)/pay", json: #"{"openid":"oPayer0000000000000000000001"}"#)
        #expect(paid.status == 200)
        let transactionID = try #require(try jsonObject(paid.body)["transaction_id"] as? String)
        let byID = try await harness.v3("GET", "/v3/pay/transactions/id/\(transactionID)?mchid=\(harness.sandbox.mchid)")
        let transaction = try jsonObject(byID.body)
        #expect(byID.status == 200 && transaction["trade_state"] as? String == "SUCCESS")
        #expect((transaction["payer"] as? [String: Any])?["openid"] as? String == "oPayer0000000000000000000001")
        let missing = try await harness.v3("GET", "/v3/refund/domestic/refunds/NO-SUCH-REFUND")
        #expect(try missing.status == 404 && (jsonObject(missing.body)["code"] as? String) == "RESOURCE_NOT_EXISTS")
        let wrongTotal = try await harness.v3(
            "POST", "/v3/refund/domestic/refunds",
            json: #"{"transaction_id":"\#(transactionID)","out_refund_no":"W\#(number)","amount":{"refund":100,"total":999,"currency":"CNY"}}"#)
        #expect(try wrongTotal.status == 400 && (jsonObject(wrongTotal.body)["code"] as? String) == "PARAM_ERROR")
        let created = try await harness.v3(
            "POST", "/v3/refund/domestic/refunds",
            json: #"{"transaction_id":"\#(transactionID)","out_refund_no":"R\#(number)","amount":{"refund":1000,"total":1000,"currency":"CNY"}}"#)
        let refund = try jsonObject(created.body)
        #expect(created.status == 200 && refund["status"] as? String == "PROCESSING")
        let refundID = try #require(refund["refund_id"] as? String)
        #expect(try await harness.control("POST", "/sim/refunds/R\(number)/abnormal").status == 200)
        let abnormal = try jsonObject(try await harness.v3("GET", "/v3/refund/domestic/refunds/R\(number)").body)
        #expect(abnormal["status"] as? String == "ABNORMAL")
        // Abnormal refund to a bank card: fields encrypted with the platform public key.
        let account = try harness.platformPublicKey.encryptOAEP(Data("6222021234567890".utf8)).base64EncodedString()
        let name = try harness.platformPublicKey.encryptOAEP(Data("张三".utf8)).base64EncodedString()
        let reapplied = try await harness.v3(
            "POST", "/v3/refund/domestic/refunds/\(refundID)/apply-abnormal-refund",
            json: #"{"out_refund_no":"R\#(number)","type":"USER_BANK_CARD","bank_type":"ICBC_DEBIT","bank_account":"\#(account)","real_name":"\#(name)"}"#,
            extraHeaders: [("Wechatpay-Serial", harness.sandbox.platformPublicKeyID)])
        #expect(try reapplied.status == 200 && (jsonObject(reapplied.body)["status"] as? String) == "PROCESSING")
        await harness.stop()
    }

    @Test func certificatesDecryptToThePlatformCertificate() async throws {
        let harness = try await SimHarness.start()
        let response = try await harness.v3("GET", "/v3/certificates")
        #expect(response.status == 200)
        #expect(response.headers["Wechatpay-Serial"] == harness.sandbox.platformSerial)
        let data = try #require(try jsonObject(response.body)["data"] as? [[String: Any]])
        let entry = try #require(data.first)
        let encrypted = try #require(entry["encrypt_certificate"] as? [String: Any])
        #expect(encrypted["associated_data"] as? String == "certificate")
        let pem = try AEADAES256GCM.decrypt(
            ciphertextBase64: try #require(encrypted["ciphertext"] as? String), key: Data(harness.sandbox.apiV3Key.utf8),
            nonce: try #require(encrypted["nonce"] as? String), associatedData: "certificate")
        let certificate = try X509Certificate(pem: String(decoding: pem, as: UTF8.self))
        #expect(certificate.serialNumber == harness.sandbox.platformSerial)
        #expect(entry["serial_no"] as? String == harness.sandbox.platformSerial)
        await harness.stop()
    }

    @Test func tradeBillDownloadsWithMatchingHashAndGzip() async throws {
        let harness = try await SimHarness.start()
        let number = SimHarness.orderNumber()
        _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number, total: 1250))
        _ = try await harness.control("POST", "/sim/orders/\(number)/pay")
        let today = BeijingTime.day(Date())
        let bill = try await harness.v3("GET", "/v3/bill/tradebill?bill_date=\(today)&bill_type=ALL&tar_type=GZIP")
        #expect(bill.status == 200)
        let object = try jsonObject(bill.body)
        #expect(object["hash_type"] as? String == "SHA1")
        let url = try #require(object["download_url"] as? String)
        #expect(url.hasPrefix(harness.baseURL + "/v3/billdownload/file?token="))
        let download = try await harness.v3("GET", String(url.dropFirst(harness.baseURL.count)))
        #expect(download.status == 200)
        #expect(Gzip.isCompressed(download.body))
        let plain = try Gzip.decompress(download.body)
        #expect(Digest.sha1(plain).hexString == object["hash_value"] as? String)
        #expect(String(decoding: plain, as: UTF8.self).contains("`\(number)"))
        let empty = try await harness.v3("GET", "/v3/bill/tradebill?bill_date=2020-01-01")
        #expect(try empty.status == 400 && (jsonObject(empty.body)["code"] as? String) == "NO_STATEMENT_EXIST")
        let fund = try await harness.v3("GET", "/v3/bill/fundflowbill?bill_date=\(today)")
        #expect(fund.status == 200)
        await harness.stop()
    }

    @Test func restartKeepsKeysOrdersAndWritesSandboxJSON() async throws {
        let first = try await SimHarness.start()
        let number = SimHarness.orderNumber()
        _ = try await first.v3("POST", "/v3/pay/transactions/native", json: first.nativeBody(number))
        _ = try await first.control("POST", "/sim/orders/\(number)/pay")
        await first.stop(keepState: true)

        let file = first.directory.appendingPathComponent("sandbox.json")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]).keys
        for key in ["base_url", "mchid", "appid", "merchant_serial", "merchant_private_key", "apiv3_key", "apiv2_key",
                    "platform_public_key", "platform_public_key_id", "platform_certificate", "platform_serial", "platform_private_key"] {
            #expect(keys.contains(key), "sandbox.json lacks \(key)")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: first.sandbox.merchantPrivateKey)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: first.directory.path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        #expect(first.sandbox.platformPublicKeyID.hasPrefix("PUB_KEY_ID_") && first.sandbox.platformPublicKeyID.count == 37)
        #expect(first.sandbox.apiV3Key.count == 32 && first.sandbox.mchid.count == 10 && first.sandbox.appid.count == 18)

        let second = try await SimHarness.start(directory: first.directory)
        #expect(second.sandbox.merchantSerial == first.sandbox.merchantSerial)
        #expect(second.sandbox.apiV3Key == first.sandbox.apiV3Key)
        #expect(second.sandbox.baseURL == second.baseURL)
        let query = try await second.v3("GET", "/v3/pay/transactions/out-trade-no/\(number)?mchid=\(second.sandbox.mchid)")
        #expect(try query.status == 200 && (jsonObject(query.body)["trade_state"] as? String) == "SUCCESS")
        await second.stop()
    }
}
