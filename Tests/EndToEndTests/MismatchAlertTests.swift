import Foundation
import Testing
import WeChatPay

/// A genuine, correctly signed notification whose amount differs from the order: `paydesk serve` refuses it and
/// the order carries the NOTIFICATION_MISMATCH alert, which `order show` prints (text and JSON).
@Suite struct MismatchAlertTests {
    @Test func amountMismatchIsRefusedAndShownOnTheOrder() async throws {
        let sandbox = try await SandboxFlowTests.Sandbox.start()
        let paydesk = sandbox.paydesk
        var serve: Server?
        do {
            let created = try await paydesk.run(
                sandbox.options + ["order", "create", "--total", "1000", "--description", "mismatch", "--json"])
            #expect(created.status == 0, "\(created.stderr)")
            let number = try #require(try created.object()["out_trade_no"] as? String)
            let (server, line) = try await paydesk.start(
                sandbox.options + ["serve", "--listen", "127.0.0.1:0"], ready: "paydesk serve listening on http://")
            serve = server
            let url = String(line.dropFirst("paydesk serve listening on ".count)) + "/notify"

            let answer = try await CurlTransport().send(try Self.notification(state: sandbox.state, outTradeNo: number, total: 1, url: url))
            #expect(answer.status == 400)
            #expect(String(decoding: answer.body, as: UTF8.self).contains("amount 1 fen"))
            await server.stop()
            serve = nil

            let json = try await paydesk.run(sandbox.options + ["order", "show", number, "--json"]).object()
            #expect(json["status"] as? String == "PENDING")
            #expect(json["alerts"] as? [String] == ["NOTIFICATION_MISMATCH"])
            #expect((json["alert_message"] as? String)?.contains("amount 1 fen, order is 1000 fen") == true)
            let text = try await paydesk.run(sandbox.options + ["order", "show", number])
            #expect(text.stdout.contains("NOTIFICATION_MISMATCH"))
            #expect(text.stdout.contains("amount 1 fen"))
        } catch {
            Issue.record("\(error)")
        }
        await serve?.stop()
        await sandbox.stop()
    }

    /// A TRANSACTION.SUCCESS notification for `outTradeNo` paying `total` fen, sealed with the sandbox's APIv3 key
    /// and signed with its platform key, as the simulator would send it.
    static func notification(state: String, outTradeNo: String, total: Int, url: String) throws -> HTTPRequest {
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state + "/sandbox.json")))
        let sandbox = try #require(file as? [String: Any])
        let path = try #require(sandbox["platform_private_key"] as? String)
        let keyPath = path.hasPrefix("/") ? path : state + "/" + path
        let signer = PlatformSigner(
            serial: try #require(sandbox["platform_public_key_id"] as? String),
            privateKey: try RSAPrivateKey(pem: try String(contentsOfFile: keyPath, encoding: .utf8)))
        let mchid = try #require(sandbox["mchid"] as? String)
        let appid = try #require(sandbox["appid"] as? String)
        let plaintext = Data("""
            {"mchid":"\(mchid)","appid":"\(appid)","out_trade_no":"\(outTradeNo)","transaction_id":"4200002026112800000000000001",\
            "trade_type":"NATIVE","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS",\
            "success_time":"2026-11-28T12:00:00+08:00","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},\
            "amount":{"total":\(total),"payer_total":\(total),"currency":"CNY","payer_currency":"CNY"}}
            """.utf8)
        let body = try NotificationEnvelope.encode(
            eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction", plaintext: plaintext,
            apiV3Key: Data(try #require(sandbox["apiv3_key"] as? String).utf8))
        var headers = try signer.signedHeaders(body: body)
        headers["Content-Type"] = "application/json"
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body)
    }
}
