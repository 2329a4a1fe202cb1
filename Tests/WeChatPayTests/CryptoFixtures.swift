import Foundation
import WeChatPay

/// Loads the WeChat Pay vector files from Tests/Fixtures/wechatpay-vectors.
enum CryptoFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wechatpay-vectors")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    static func privateKey(_ name: String) throws -> RSAPrivateKey { try RSAPrivateKey(pem: try text(name)) }
    static func publicKey(_ name: String) throws -> RSAPublicKey { try RSAPublicKey(pem: try text(name)) }
    static func certificate(_ name: String) throws -> X509Certificate { try X509Certificate(pem: try text(name)) }

    /// The key behind WeChat Pay's published invoke-signature examples (V-1, V-2, V-3).
    static func officialKey() throws -> RSAPrivateKey { try privateKey("official_doc_test_private_key.pem") }
    /// The Go SDK test key pair (serial F5765756002FDD77, also D7CE59D1F522D701).
    static func goKey() throws -> RSAPrivateKey { try privateKey("go_test_private_key_F5765756002FDD77.pem") }
    static func goCertificate() throws -> X509Certificate { try certificate("go_test_cert_F5765756002FDD77.pem") }
}

/// A clock tests can move; shared with the actor under test, hence the lock.
final class CryptoTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ seconds: TimeInterval) { current = Date(timeIntervalSince1970: seconds) }

    var now: Date { lock.withLock { current } }

    func set(_ seconds: TimeInterval) { lock.withLock { current = Date(timeIntervalSince1970: seconds) } }

    /// A `@Sendable` closure reading this clock.
    var closure: @Sendable () -> Date { { [self] in now } }
}
