// TEMPORARY: declarations of the WeChatPay API being written by other helpers (see PENDING_API.md),
// so that the Simulator compiles before the merge. Deleted when main carries the real code.
import Foundation

public final class RSAPrivateKey: @unchecked Sendable {
    public init(pem: String) throws { fatalError("pending") }
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey { fatalError("pending") }
    public var pkcs8PEM: String { fatalError("pending") }
    public var publicKey: RSAPublicKey { fatalError("pending") }
    public var bits: Int { fatalError("pending") }
    public func signSHA256(_ data: some DataProtocol) throws -> Data { fatalError("pending") }
    public func decryptOAEP(_ data: Data) throws -> Data { fatalError("pending") }
}

public final class RSAPublicKey: @unchecked Sendable {
    public init(pem: String) throws { fatalError("pending") }
    public func verifySHA256(signature: Data, data: some DataProtocol) -> Bool { fatalError("pending") }
    public func encryptOAEP(_ data: Data) throws -> Data { fatalError("pending") }
    public var spkiPEM: String { fatalError("pending") }
    public var bits: Int { fatalError("pending") }
    public func isSameKey(as other: RSAPublicKey) -> Bool { fatalError("pending") }
}

public struct X509Certificate: Sendable {
    public init(pem: String) throws { fatalError("pending") }
    public var serialNumber: String { fatalError("pending") }
    public var notBefore: Date { fatalError("pending") }
    public var notAfter: Date { fatalError("pending") }
    public var publicKey: RSAPublicKey { fatalError("pending") }
    public var pem: String { fatalError("pending") }
    public func isValid(at date: Date) -> Bool { fatalError("pending") }
    public static func selfSigned(
        key: RSAPrivateKey, commonName: String, organization: String?, serialNumber: String,
        notBefore: Date, notAfter: Date
    ) throws -> X509Certificate { fatalError("pending") }
}

public enum AEADAES256GCM {
    public static func decrypt(ciphertextBase64: String, key: some DataProtocol, nonce: String, associatedData: String) throws -> Data { fatalError("pending") }
    public static func encrypt(plaintext: some DataProtocol, key: some DataProtocol, nonce: String, associatedData: String) throws -> String { fatalError("pending") }
}

public struct RequestSigner: RequestAuthorizing {
    public let mchid: String
    public init(mchid: String, serialNumber: String, privateKey: RSAPrivateKey) { fatalError("pending") }
    public func authorization(method: String, canonicalURL: String, body: Data) throws -> String { fatalError("pending") }
    public func authorization(method: String, canonicalURL: String, body: Data, timestamp: Int, nonce: String) throws -> String { fatalError("pending") }
    public func sign(message: Data) throws -> String { fatalError("pending") }
    public static func message(method: String, canonicalURL: String, timestamp: Int, nonce: String, body: Data) -> Data { fatalError("pending") }
}

public struct AuthorizationHeader: Sendable, Equatable {
    public var scheme: String
    public var mchid: String
    public var nonce: String
    public var timestamp: String
    public var serialNumber: String
    public var signature: String
    public static func parse(_ header: String) throws -> AuthorizationHeader { fatalError("pending") }
}

public actor ResponseVerifier: ResponseValidating {
    public init(
        publicKeyID: String? = nil, publicKey: RSAPublicKey? = nil, certificates: [X509Certificate] = [],
        maxClockSkew: TimeInterval = 300, clock: @escaping @Sendable () -> Date = { Date() },
        certificateSource: (@Sendable () async throws -> [X509Certificate])? = nil
    ) { fatalError("pending") }
    public func validate(headers: HTTPHeaders, body: Data) async throws { fatalError("pending") }
    public func preferredSerial() async -> String? { fatalError("pending") }
    public func install(certificates: [X509Certificate]) { fatalError("pending") }
    public static func decryptCertificateList(body: Data, apiV3Key: String) throws -> [X509Certificate] { fatalError("pending") }
}

public struct PlatformSigner: Sendable {
    public init(serial: String, privateKey: RSAPrivateKey) { fatalError("pending") }
    public func signedHeaders(body: Data, timestamp: Int? = nil, nonce: String? = nil, requestID: String? = nil) throws -> HTTPHeaders { fatalError("pending") }
}

public final class CurlTransport: HTTPTransport {
    public struct Configuration: Sendable {
        public init(connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(30), maxIdleHandlesPerOrigin: Int = 4) {}
    }
    public init(configuration: Configuration = Configuration()) { fatalError("pending") }
    public func send(_ request: HTTPRequest, clientCertificate: ClientCertificate?) async throws -> HTTPResponse { fatalError("pending") }
}

public enum XMLCodec {
    public static func decode(_ data: Data) throws -> [String: String] { fatalError("pending") }
    public static func encode(_ fields: [String: String], root: String = "xml") -> Data { fatalError("pending") }
}

public enum V2SignType: Sendable { case md5, hmacSHA256 }

public struct V2Signer: Sendable {
    public init(apiKey: String) { fatalError("pending") }
    public func sign(_ params: [String: String], type: V2SignType) -> String { fatalError("pending") }
    public func verify(_ params: [String: String]) -> Bool { fatalError("pending") }
}

public enum AESECB {
    public static func encryptPKCS7(_ data: Data, key: Data) throws -> Data { fatalError("pending") }
    public static func decryptPKCS7(_ data: Data, key: Data) throws -> Data { fatalError("pending") }
}
