import Foundation
import WeChatPay

/// The simulator's state folder: key material, identities and `sandbox.json`, created on first start.
///
/// Layout of `DIR` (folder mode 0700, key files 0600):
/// `merchant_private_key.pem`, `merchant_certificate.pem`, `platform_private_key.pem`,
/// `platform_certificate.pem`, `platform_public_key.pem`, `sandbox.json`, `simulator.sqlite`.
public struct SimulatorState: Sendable {
    public let directory: URL
    public private(set) var config: SandboxConfig
    let merchantCertificate: X509Certificate
    let platformKey: RSAPrivateKey
    let platformCertificate: X509Certificate

    /// File names inside the state folder.
    enum FileName {
        static let merchantKey = "merchant_private_key.pem"
        static let merchantCertificate = "merchant_certificate.pem"
        static let platformKey = "platform_private_key.pem"
        static let platformCertificate = "platform_certificate.pem"
        static let platformPublicKey = "platform_public_key.pem"
        static let sandbox = "sandbox.json"
        static let database = "simulator.sqlite"
    }

    /// Opens the folder, creating every file on first use; later opens reuse what is there.
    public static func openOrCreate(at directory: URL, now: Date = Date()) throws -> SimulatorState {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        let sandboxFile = directory.appendingPathComponent(FileName.sandbox)
        if manager.fileExists(atPath: sandboxFile.path) {
            return try load(directory: directory)
        }
        return try create(directory: directory, now: now)
    }

    private static func load(directory: URL) throws -> SimulatorState {
        let config = try SandboxConfig.load(from: directory.appendingPathComponent(FileName.sandbox))
        let merchantCertificatePath = config.merchantCertificate
            ?? directory.appendingPathComponent(FileName.merchantCertificate).path
        let merchantCertificate = try X509Certificate(pem: read(merchantCertificatePath))
        let platformKey = try RSAPrivateKey(pem: read(config.platformPrivateKey))
        let platformCertificate = try X509Certificate(pem: read(config.platformCertificate))
        return SimulatorState(
            directory: directory, config: config, merchantCertificate: merchantCertificate,
            platformKey: platformKey, platformCertificate: platformCertificate)
    }

    private static func create(directory: URL, now: Date) throws -> SimulatorState {
        let merchantKey = try RSAPrivateKey.generate(bits: 2048)
        let platformKey = try RSAPrivateKey.generate(bits: 2048)
        let mchid = Identifiers.mchid()
        let notBefore = now.addingTimeInterval(-86_400)
        let notAfter = now.addingTimeInterval(5 * 365 * 86_400)
        let merchantCertificate = try X509Certificate.selfSigned(
            key: merchantKey, commonName: mchid, organization: "PayDesk Sandbox Merchant",
            serialNumber: Identifiers.certificateSerial(), notBefore: notBefore, notAfter: notAfter)
        let platformCertificate = try X509Certificate.selfSigned(
            key: platformKey, commonName: "Tenpay.com Root CA (PayDesk sandbox)", organization: "PayDesk Sandbox Platform",
            serialNumber: Identifiers.certificateSerial(), notBefore: notBefore, notAfter: notAfter)
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try write(merchantKey.pkcs8PEM, to: path(FileName.merchantKey))
        try write(merchantCertificate.pem, to: path(FileName.merchantCertificate))
        try write(platformKey.pkcs8PEM, to: path(FileName.platformKey))
        try write(platformCertificate.pem, to: path(FileName.platformCertificate))
        try write(platformKey.publicKey.spkiPEM, to: path(FileName.platformPublicKey))
        let config = SandboxConfig(
            baseURL: "http://127.0.0.1:8380", mchid: mchid, appid: Identifiers.appid(),
            merchantSerial: merchantCertificate.serialNumber, merchantPrivateKey: path(FileName.merchantKey),
            apiV3Key: Identifiers.apiKey(), apiV2Key: Identifiers.apiKey(),
            platformPublicKey: path(FileName.platformPublicKey), platformPublicKeyID: Identifiers.publicKeyID(),
            platformCertificate: path(FileName.platformCertificate), platformSerial: platformCertificate.serialNumber,
            platformPrivateKey: path(FileName.platformKey), merchantCertificate: path(FileName.merchantCertificate))
        var state = SimulatorState(
            directory: directory, config: config, merchantCertificate: merchantCertificate,
            platformKey: platformKey, platformCertificate: platformCertificate)
        try state.publish(baseURL: config.baseURL)
        return state
    }

    /// Rewrites `sandbox.json` with the address the server really bound.
    public mutating func publish(baseURL: String) throws {
        config.baseURL = baseURL
        try Self.write(config.encoded(), to: directory.appendingPathComponent(FileName.sandbox).path)
    }

    var databasePath: String { directory.appendingPathComponent(FileName.database).path }

    private static func read(_ path: String) throws -> String {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    private static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Writes atomically with mode 0600 (the files hold keys).
    private static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp"
        let manager = FileManager.default
        _ = manager.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        try data.write(to: URL(fileURLWithPath: temporary))
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
        try manager.moveItem(atPath: temporary, toPath: path)
    }
}
