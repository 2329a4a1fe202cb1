import Foundation
import PayCore
import Synchronization
import TestSupport
import WeChatPay

/// Fixture paths (Tests/Fixtures/wechatpay-vectors).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/wechatpay-vectors")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}

/// A transport that answers from a handler (pure parts) and counts calls.
final class ScriptedTransport: HTTPTransport, Sendable {
    let handler: @Sendable (HTTPRequest) throws -> HTTPResponse
    private let requests = Mutex<[HTTPRequest]>([])

    init(_ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) { self.handler = handler }

    /// A transport where every call fails to connect.
    static func unreachable() -> ScriptedTransport {
        ScriptedTransport { _ in throw TransportError.connection("unreachable in this test") }
    }

    func send(_ request: HTTPRequest, clientCertificate: ClientCertificate?) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        return try handler(request)
    }

    var sent: [HTTPRequest] { requests.withLock { $0 } }
}

/// A PaymentCore over a temporary SQLite file and fixture keys, plus a platform signer to forge deliveries.
struct CoreHarness {
    static let mchid = "1900000001"
    static let appid = "wxd678efh567hg6787"
    static let apiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"
    static let apiV2Key = "192006250b4c09247ec02edce69f6a2d"
    static let publicKeyID = "PUB_KEY_ID_0114232134912410000000000000"

    let directory: URL
    let configuration: PayDeskConfiguration
    let core: PaymentCore
    let platformKey: RSAPrivateKey
    let platform: PlatformSigner

    static func makeConfiguration(directory: URL) throws -> PayDeskConfiguration {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["java_merchant_private_key.pem", "java_merchant_certificate.pem", "java_wechat_pay_public_key.pem"] {
            let target = directory.appendingPathComponent(name)
            try fileManager.copyItem(at: Fixtures.directory.appendingPathComponent(name), to: target)
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        var configuration = PayDeskConfiguration(
            mchid: mchid, appid: appid, merchantSerial: "5F1C72E2A8931B72A2E13AF8DEE92471EB397115",
            merchantPrivateKeyPath: directory.appendingPathComponent("java_merchant_private_key.pem").path,
            apiV3Key: Secret(apiV3Key), baseURL: "http://127.0.0.1:9", environment: .sandbox,
            merchantName: "Harness shop", databasePath: directory.appendingPathComponent("paydesk.sqlite").path)
        configuration.merchantCertificatePath = directory.appendingPathComponent("java_merchant_certificate.pem").path
        configuration.platformPublicKeyPath = directory.appendingPathComponent("java_wechat_pay_public_key.pem").path
        configuration.platformPublicKeyID = publicKeyID
        configuration.apiV2Key = Secret(apiV2Key)
        configuration.notifyURL = "http://127.0.0.1:9/notify"
        return configuration
    }

    init(
        transport: any HTTPTransport = ScriptedTransport.unreachable(), notificationApply: NotificationApplyPolicy = .standard,
        adjust: (inout PayDeskConfiguration) -> Void = { _ in }
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("paycore-services-\(UUID().uuidString)")
        var configuration = try Self.makeConfiguration(directory: directory)
        adjust(&configuration)
        self.configuration = configuration
        let store = try Store.open(path: configuration.databasePath)
        core = try await PaymentCore(
            configuration: configuration, store: store, transport: transport, retry: .never,
            notificationApply: notificationApply)
        platformKey = try RSAPrivateKey(pem: try Fixtures.text("java_wechat_pay_private_key.pem"))
        platform = PlatformSigner(serial: Self.publicKeyID, privateKey: platformKey)
    }

    func remove() async {
        await core.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Waits (bounded) until `ingestor` has applied every queued delivery; false if it did not.
    func backlogApplied(by ingestor: NotificationIngestor? = nil) async throws -> Bool {
        let deadline = Date().addingTimeInterval(TestWait.seconds(30))
        while try (ingestor ?? core.ingestor).backlogCount() > 0 {
            if Date() > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// A stored order awaiting payment (PENDING with a QR).
    @discardableResult
    func pendingOrder(_ outTradeNo: String, total: Int = 1000) throws -> OrderRecord {
        let store = core.store
        _ = try store.insertOrder(
            OrderRecord(
                merchantID: core.merchantID, outTradeNo: outTradeNo, description: "Coffee", total: total,
                createdAt: Date(), expiresAt: Date().addingTimeInterval(600), feeRatePPM: 6000))
        try store.applyFact(outTradeNo: outTradeNo, fact: .prepayOK(codeURL: "weixin://wxpay/bizpayurl?pr=\(outTradeNo)", prepayID: nil))
        guard let order = try store.order(outTradeNo: outTradeNo) else { throw StoreError.orderNotFound(outTradeNo) }
        return order
    }

    /// The decrypted transaction WeChat Pay would send for a successful payment.
    static func transactionJSON(_ outTradeNo: String, total: Int, mchid: String = mchid, appid: String = appid) -> Data {
        let object: [String: Any] = [
            "appid": appid, "mchid": mchid, "out_trade_no": outTradeNo, "transaction_id": "42000\(outTradeNo.suffix(10))",
            "trade_type": "NATIVE", "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS",
            "success_time": WeChatPayTime.format(Date()), "payer": ["openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"],
            "amount": ["total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY"],
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// The decrypted refund resource of a refund notification.
    static func refundJSON(_ outTradeNo: String, outRefundNo: String, refund: Int, total: Int, status: String = "SUCCESS") -> Data {
        let object: [String: Any] = [
            "mchid": mchid, "out_trade_no": outTradeNo, "transaction_id": "42000\(outTradeNo.suffix(10))",
            "out_refund_no": outRefundNo, "refund_id": "50000\(outRefundNo.suffix(10))", "refund_status": status,
            "success_time": WeChatPayTime.format(Date()), "user_received_account": "支付用户零钱",
            "amount": ["total": total, "refund": refund, "payer_total": total, "payer_refund": refund],
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// A sealed, signed v3 notification; `timestampOffset` shifts the signed time, `signer` forges.
    func v3Notification(
        event: String = "TRANSACTION.SUCCESS", plaintext: Data, id: String = UUID().uuidString,
        timestampOffset: Int = 0, signer: PlatformSigner? = nil, tamper: Bool = false, probe: Bool = false
    ) throws -> InboundNotification {
        let originalType = event.hasPrefix("REFUND") ? "refund" : "transaction"
        var body = try NotificationEnvelope.encode(
            eventType: event, summary: "summary", originalType: originalType, plaintext: plaintext,
            apiV3Key: Data(Self.apiV3Key.utf8), id: id)
        var headers = try (signer ?? platform).signedHeaders(
            body: body, timestamp: Int(Date().timeIntervalSince1970) + timestampOffset)
        if tamper { body = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "summary", with: "changed").utf8) }
        if probe { headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + (headers["Wechatpay-Signature"] ?? "") }
        return InboundNotification(kind: .v3, path: "/notify", headers: headers, body: body, remoteAddress: "127.0.0.1")
    }
}
