import Foundation
import TestSupport
import Testing
import WeChatPay
@testable import Simulator

/// Notifications reach a real receiver, verify with the platform key from sandbox.json, decrypt with the
/// APIv3 key, and follow the retry schedule (time-scaled).
@Suite(.serialized) struct NotificationTests {
    @Test func paymentNotificationIsSignedEncryptedAndRetriedOnSchedule() async throws {
        let receiver = try await NotificationReceiver.start(script: [(500, #"{"code":"FAIL","message":"busy"}"#), (500, ""), (204, "")])
        let harness = try await SimHarness.start(timeScale: 0.001)
        try await harness.allowSlowReceivers()
        let number = SimHarness.orderNumber("N")
        let prepay = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number, total: 888, notifyURL: receiver.url))
        #expect(prepay.status == 200)
        #expect(try await harness.control("POST", "/sim/orders/\(number)/pay").status == 200)

        let received = await receiver.waitFor(3)
        #expect(received.count == 3)
        // Independent verification: public key file named by sandbox.json, APIv3 key from sandbox.json.
        let sandbox = try SandboxConfig.load(from: harness.directory)
        let publicKey = try RSAPublicKey(pem: String(contentsOfFile: sandbox.platformPublicKey, encoding: .utf8))
        var ids = Set<String>()
        for item in received {
            #expect(item.headers["Wechatpay-Signature-Type"] == "WECHATPAY2-SHA256-RSA2048")
            #expect(item.headers["Wechatpay-Serial"] == sandbox.platformPublicKeyID)
            let timestamp = try #require(item.headers["Wechatpay-Timestamp"])
            let nonce = try #require(item.headers["Wechatpay-Nonce"])
            let signatureText = try #require(item.headers["Wechatpay-Signature"])
            let signature = try #require(Data(base64Encoded: signatureText))
            var message = Data("\(timestamp)\n\(nonce)\n".utf8)
            message.append(item.body)
            message.append(0x0A)
            #expect(publicKey.verifySHA256(signature: signature, data: message))
            let envelope = try jsonObject(item.body)
            ids.insert(try #require(envelope["id"] as? String))
            #expect(envelope["event_type"] as? String == "TRANSACTION.SUCCESS")
            #expect(envelope["resource_type"] as? String == "encrypt-resource")
            let resource = try #require(envelope["resource"] as? [String: Any])
            #expect(resource["associated_data"] as? String == "transaction")
            let resourceNonce = try #require(resource["nonce"] as? String)
            #expect(resourceNonce.count == 12)
            let plaintext = try AEADAES256GCM.decrypt(
                ciphertextBase64: try #require(resource["ciphertext"] as? String), key: Data(sandbox.apiV3Key.utf8),
                nonce: resourceNonce, associatedData: "transaction")
            let transaction = try jsonObject(plaintext)
            #expect(transaction["out_trade_no"] as? String == number)
            #expect(transaction["trade_state"] as? String == "SUCCESS")
            #expect((transaction["amount"] as? [String: Any])?["total"] as? Int == 888)
        }
        #expect(ids.count == 1, "every retry carries the same notification id")

        // The simulator's record: three attempts, answers kept, spaced at least by the scaled schedule.
        let attempts = try await harness.attempts(of: number, count: 3)
        #expect(attempts.count == 3)
        #expect(attempts.map { $0["http_status"] as? Int } == [500, 500, 204])
        #expect(attempts.map { $0["acknowledged"] as? Bool } == [false, false, true])
        #expect(attempts.first?["answer"] as? String == #"{"code":"FAIL","message":"busy"}"#)
        let times = attempts.compactMap { $0["timestamp"] as? Double }
        #expect(times.count == 3)
        if times.count == 3 {
            #expect(times[1] - times[0] >= 0.015 * 0.99)
            #expect(times[2] - times[1] >= 0.015 * 0.99)
        }
        await harness.stop()
        await receiver.stop()
    }

    @Test func refundOutcomeIsNotifiedToTheRefundNotifyURL() async throws {
        let receiver = try await NotificationReceiver.start(script: [])
        let harness = try await SimHarness.start(timeScale: 0.001)
        try await harness.allowSlowReceivers()
        let number = SimHarness.orderNumber("R")
        _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number, total: 500, notifyURL: "http://127.0.0.1:9/unused"))
        _ = try await harness.control("POST", "/sim/orders/\(number)/pay")
        let refund = try await harness.v3(
            "POST", "/v3/refund/domestic/refunds",
            json: #"{"out_trade_no":"\#(number)","out_refund_no":"RF\#(number)","notify_url":"\#(receiver.url)","amount":{"refund":200,"total":500,"currency":"CNY"}}"#)
        #expect(refund.status == 200)
        #expect(try await harness.control("POST", "/sim/refunds/RF\(number)/succeed").status == 200)
        let received = await receiver.waitFor(1)
        let item = try #require(received.first)
        let envelope = try jsonObject(item.body)
        #expect(envelope["event_type"] as? String == "REFUND.SUCCESS")
        let resource = try #require(envelope["resource"] as? [String: Any])
        let plaintext = try AEADAES256GCM.decrypt(
            ciphertextBase64: try #require(resource["ciphertext"] as? String), key: Data(harness.sandbox.apiV3Key.utf8),
            nonce: try #require(resource["nonce"] as? String), associatedData: "refund")
        let object = try jsonObject(plaintext)
        #expect(object["refund_status"] as? String == "SUCCESS" && object["out_refund_no"] as? String == "RF\(number)")
        let query = try jsonObject(try await harness.v3("GET", "/v3/pay/transactions/out-trade-no/\(number)?mchid=\(harness.sandbox.mchid)").body)
        #expect(query["trade_state"] as? String == "REFUND")
        await harness.stop()
        await receiver.stop()
    }

    @Test func droppedAndDuplicatedNotificationsFollowTheFaults() async throws {
        let receiver = try await NotificationReceiver.start(script: [])
        let harness = try await SimHarness.start(timeScale: 0.001)
        try await harness.allowSlowReceivers()
        _ = try await harness.control("POST", "/sim/faults", json: #"{"drop_notifications":1.0,"notify_timeout":30}"#)
        let dropped = SimHarness.orderNumber("D")
        _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(dropped, notifyURL: receiver.url))
        _ = try await harness.control("POST", "/sim/orders/\(dropped)/pay")
        _ = try await harness.control("POST", "/sim/faults", json: #"{"duplicate_notifications":2,"notify_timeout":30}"#)
        let duplicated = SimHarness.orderNumber("U")
        _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(duplicated, notifyURL: receiver.url))
        _ = try await harness.control("POST", "/sim/orders/\(duplicated)/pay")
        let received = await receiver.waitFor(3)
        #expect(received.count == 3)
        let ids = Set(try received.map { try jsonObject($0.body)["id"] as? String })
        #expect(ids.count == 1)
        let log = try jsonObject(try await harness.control("GET", "/sim/notifications?out_trade_no=\(dropped)").body)
        let attempts = try #require(log["attempts"] as? [[String: Any]])
        #expect(attempts.count == 1 && (attempts.first?["error"] as? String)?.contains("dropped") == true)
        await harness.stop()
        await receiver.stop()
    }

    @Test func signatureProbeIsRecordedAndNotCountedAsAcknowledgement() async throws {
        let receiver = try await NotificationReceiver.start(script: [])
        let harness = try await SimHarness.start(timeScale: 0.001)
        try await harness.allowSlowReceivers()
        _ = try await harness.control("POST", "/sim/faults", json: #"{"signature_probe_rate":1.0,"notify_timeout":30}"#)
        let number = SimHarness.orderNumber("S")
        _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number, notifyURL: receiver.url))
        _ = try await harness.control("POST", "/sim/orders/\(number)/pay")
        let received = await receiver.waitFor(2)
        #expect(received.first?.headers["Wechatpay-Signature"]?.hasPrefix("WECHATPAY/SIGNTEST/") == true)
        #expect(received.count == 2)
        let attempts = try await harness.attempts(of: number, count: 2)
        #expect(attempts.map { $0["probe"] as? Bool } == [true, false])
        #expect(attempts.last?["acknowledged"] as? Bool == true)
        await harness.stop()
        await receiver.stop()
    }

    @Test func pendingDeliveryResumesAfterRestart() async throws {
        let receiver = try await NotificationReceiver.start(script: [(500, "")])
        let first = try await SimHarness.start(timeScale: 0.05)  // first retry 0.75 s after the failure
        try await first.allowSlowReceivers()
        let number = SimHarness.orderNumber("Z")
        _ = try await first.v3("POST", "/v3/pay/transactions/native", json: first.nativeBody(number, notifyURL: receiver.url))
        _ = try await first.control("POST", "/sim/orders/\(number)/pay")
        #expect(await receiver.waitFor(1).count == 1)
        // Stop only once the failed attempt is on record (an attempt in flight at shutdown is not).
        _ = try await first.attempts(of: number, count: 1)
        await first.stop(keepState: true)
        let second = try await SimHarness.start(directory: first.directory, timeScale: 0.05)
        try await second.allowSlowReceivers()
        let received = await receiver.waitFor(2)
        #expect(received.count == 2)
        let ids = Set(try received.map { try jsonObject($0.body)["id"] as? String })
        #expect(ids.count == 1, "the resumed delivery is the same notification")
        let attempts = try await second.attempts(of: number, count: 2)
        #expect(attempts.map { $0["http_status"] as? Int } == [500, 204])
        await second.stop()
        await receiver.stop()
    }

    @Test func reorderedNotificationsArriveNewestFirst() async throws {
        let receiver = try await NotificationReceiver.start(script: [])
        let harness = try await SimHarness.start(timeScale: 0.001)
        try await harness.allowSlowReceivers()
        _ = try await harness.control("POST", "/sim/faults", json: #"{"reorder_notifications":true,"notify_timeout":30}"#)
        let older = SimHarness.orderNumber("O")
        let newer = SimHarness.orderNumber("W")
        for number in [older, newer] {
            _ = try await harness.v3("POST", "/v3/pay/transactions/native", json: harness.nativeBody(number, notifyURL: receiver.url))
        }
        _ = try await harness.control("POST", "/sim/orders/\(older)/pay")
        _ = try await harness.control("POST", "/sim/orders/\(newer)/pay")
        let received = await receiver.waitFor(2)
        #expect(received.count == 2)
        let key = Data(harness.sandbox.apiV3Key.utf8)
        let order = try received.map { item -> String in
            let resource = try #require(try jsonObject(item.body)["resource"] as? [String: Any])
            let plaintext = try AEADAES256GCM.decrypt(
                ciphertextBase64: try #require(resource["ciphertext"] as? String), key: key,
                nonce: try #require(resource["nonce"] as? String), associatedData: "transaction")
            return try #require(try jsonObject(plaintext)["out_trade_no"] as? String)
        }
        #expect(order == [newer, older])
        await harness.stop()
        await receiver.stop()
    }
}
