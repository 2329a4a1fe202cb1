import Foundation

/// The merchant configuration a sandbox publishes in `DIR/sandbox.json` (DESIGN §6 contract).
///
/// Paths point to PEM files in the same folder. Extra keys may be added over time; none is ever removed.
public struct SandboxConfig: Codable, Sendable, Equatable {
    public var baseURL: String
    public var mchid: String
    public var appid: String
    public var merchantSerial: String
    public var merchantPrivateKey: String
    public var apiV3Key: String
    public var apiV2Key: String
    public var platformPublicKey: String
    public var platformPublicKeyID: String
    public var platformCertificate: String
    public var platformSerial: String
    public var platformPrivateKey: String
    /// Extra: the merchant API certificate whose serial is `merchantSerial`.
    public var merchantCertificate: String?

    enum CodingKeys: String, CodingKey {
        case baseURL = "base_url"
        case mchid, appid
        case merchantSerial = "merchant_serial"
        case merchantPrivateKey = "merchant_private_key"
        case apiV3Key = "apiv3_key"
        case apiV2Key = "apiv2_key"
        case platformPublicKey = "platform_public_key"
        case platformPublicKeyID = "platform_public_key_id"
        case platformCertificate = "platform_certificate"
        case platformSerial = "platform_serial"
        case platformPrivateKey = "platform_private_key"
        case merchantCertificate = "merchant_certificate"
    }

    public init(
        baseURL: String, mchid: String, appid: String, merchantSerial: String, merchantPrivateKey: String,
        apiV3Key: String, apiV2Key: String, platformPublicKey: String, platformPublicKeyID: String,
        platformCertificate: String, platformSerial: String, platformPrivateKey: String, merchantCertificate: String?
    ) {
        self.baseURL = baseURL
        self.mchid = mchid
        self.appid = appid
        self.merchantSerial = merchantSerial
        self.merchantPrivateKey = merchantPrivateKey
        self.apiV3Key = apiV3Key
        self.apiV2Key = apiV2Key
        self.platformPublicKey = platformPublicKey
        self.platformPublicKeyID = platformPublicKeyID
        self.platformCertificate = platformCertificate
        self.platformSerial = platformSerial
        self.platformPrivateKey = platformPrivateKey
        self.merchantCertificate = merchantCertificate
    }

    /// Reads `DIR/sandbox.json` (or the file at `url` when it is not a folder).
    public static func load(from url: URL) throws -> SandboxConfig {
        var isFolder: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
            ? url.appendingPathComponent("sandbox.json") : url
        return try JSONDecoder().decode(SandboxConfig.self, from: Data(contentsOf: file))
    }

    /// The JSON text written to disk: pretty, sorted keys, slashes unescaped.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
