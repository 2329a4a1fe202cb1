import Foundation
import Synchronization

/// Verifies WeChat Pay signatures on responses and notifications, choosing the key by `Wechatpay-Serial`:
/// the configured WeChat Pay public key (`PUB_KEY_ID_…`) and platform certificates side by side.
///
/// `validate` is nonisolated: the RSA check runs on the caller's thread, so concurrent notifications verify on
/// every core instead of queueing on this actor (profiled: the actor capped ingestion at one core). Only a
/// certificate refresh goes through the actor, which coalesces concurrent downloads.
public actor ResponseVerifier: ResponseValidating {
    /// The only `Wechatpay-Signature-Type` accepted (an absent header means the same).
    public static let signatureType = "WECHATPAY2-SHA256-RSA2048"
    /// Prefix of the deliberately invalid signatures WeChat Pay sends as probes.
    public static let probePrefix = "WECHATPAY/SIGNTEST/"

    private let publicKeyID: String?
    private let publicKey: RSAPublicKey?
    /// Platform certificates by upper-case serial; behind a lock so that `validate` needs no actor hop.
    private let certificates: Mutex<[String: X509Certificate]>
    private let maxClockSkew: TimeInterval
    private let clock: @Sendable () -> Date
    private let certificateSource: (@Sendable () async throws -> [X509Certificate])?
    private let minimumRefreshInterval: TimeInterval
    private var lastRefresh: Date?
    private var refreshInFlight: Task<Void, Never>?

    /// - Parameters:
    ///   - publicKeyID: the id announced with the WeChat Pay public key (used only together with `publicKey`).
    ///   - certificates: configured platform certificates, kept even when expired so that they are reported so.
    ///   - certificateSource: downloads fresh platform certificates; called once when a serial is unknown.
    ///   - minimumRefreshInterval: unknown serials arrive in unauthenticated notifications, so refreshes are
    ///     coalesced and spaced at least this far apart.
    public init(
        publicKeyID: String? = nil, publicKey: RSAPublicKey? = nil, certificates: [X509Certificate] = [],
        maxClockSkew: TimeInterval = 300, clock: @escaping @Sendable () -> Date = { Date() },
        certificateSource: (@Sendable () async throws -> [X509Certificate])? = nil,
        minimumRefreshInterval: TimeInterval = 60
    ) {
        self.publicKeyID = publicKey == nil ? nil : publicKeyID
        self.publicKey = publicKeyID == nil ? nil : publicKey
        self.certificates = Mutex(Dictionary(
            certificates.map { ($0.serialNumber.uppercased(), $0) }, uniquingKeysWith: { _, newer in newer }))
        self.maxClockSkew = maxClockSkew
        self.clock = clock
        self.certificateSource = certificateSource
        self.minimumRefreshInterval = minimumRefreshInterval
    }

    /// The three LF-terminated lines that are signed: timestamp, nonce, body.
    public static func message(timestamp: String, nonce: String, body: Data) -> Data {
        messageParts(timestamp: timestamp, nonce: nonce, body: body).reduce(into: Data()) { $0.append($1) }
    }

    /// `message` in the pieces verification digests one after the other, so the body is never copied.
    static func messageParts(timestamp: String, nonce: String, body: Data) -> [Data] {
        [Data("\(timestamp)\n\(nonce)\n".utf8), body, Data([UInt8(ascii: "\n")])]
    }

    /// Adds (or replaces) certificates by serial and forgets every certificate that has expired.
    public func install(certificates newCertificates: [X509Certificate]) {
        let now = clock()
        certificates.withLock { certificates in
            for certificate in newCertificates {
                certificates[certificate.serialNumber.uppercased()] = certificate
            }
            certificates = certificates.filter { $0.value.notAfter >= now }
        }
    }

    /// Serials of the installed platform certificates, sorted.
    public func certificateSerials() -> [String] { certificates.withLock { $0.keys.sorted() } }

    /// The public key id when configured, else the serial of the newest currently valid certificate.
    public func preferredSerial() -> String? { preferredKey()?.serial }

    /// The key the client should encrypt sensitive fields with, and the serial to announce with it.
    public func preferredKey() -> (serial: String, publicKey: RSAPublicKey)? {
        if let publicKeyID, let publicKey { return (publicKeyID, publicKey) }
        let now = clock()
        let newest = certificates.withLock { Array($0.values) }.filter { $0.isValid(at: now) }.max { $0.notBefore < $1.notBefore }
        return newest.map { ($0.serialNumber, $0.publicKey) }
    }

    /// Throws a `SignatureVerificationError` unless the headers carry a fresh, valid signature over `body`.
    public nonisolated func validate(headers: HTTPHeaders, body: Data) async throws {
        func required(_ name: String) throws -> String {
            guard let value = headers[name], !value.isEmpty else {
                throw SignatureVerificationError.missingHeader(name)
            }
            return value
        }
        let timestampText = try required("Wechatpay-Timestamp")
        let nonce = try required("Wechatpay-Nonce")
        let signature = try required("Wechatpay-Signature")
        let serial = try required("Wechatpay-Serial")
        if let type = headers["Wechatpay-Signature-Type"], type != Self.signatureType {
            throw SignatureVerificationError.unsupportedSignatureType(type)
        }
        guard let timestamp = Int(timestampText) else {
            throw SignatureVerificationError.malformedHeader("Wechatpay-Timestamp")
        }
        let skew = Int(clock().timeIntervalSince1970.rounded(.down)) - timestamp
        guard Double(skew.magnitude) < maxClockSkew else {
            throw SignatureVerificationError.staleTimestamp(seconds: skew)
        }
        guard !signature.hasPrefix(Self.probePrefix) else { throw SignatureVerificationError.signatureProbe }
        let key = try await key(forSerial: serial)
        guard let signatureBytes = Base64.decodeData(signature),
            key.verifySHA256(
                signature: signatureBytes,
                parts: Self.messageParts(timestamp: timestampText, nonce: nonce, body: body))
        else { throw SignatureVerificationError.badSignature }
    }

    /// The key named by `serial`, refreshing the certificates once (through the actor) when it is unknown.
    private nonisolated func key(forSerial serial: String) async throws -> RSAPublicKey {
        if let publicKeyID, let publicKey, serial == publicKeyID { return publicKey }
        if let certificate = certificate(serial) { return try usable(certificate) }
        await refreshCertificates()
        if let certificate = certificate(serial) { return try usable(certificate) }
        throw SignatureVerificationError.unknownSerial(serial)
    }

    private nonisolated func certificate(_ serial: String) -> X509Certificate? {
        let key = serial.uppercased()
        return certificates.withLock { $0[key] }
    }

    /// Downloads and installs certificates once; concurrent callers wait for the same download.
    private func refreshCertificates() async {
        if let running = refreshInFlight {
            await running.value
            return
        }
        guard let certificateSource else { return }
        let now = clock()
        if let lastRefresh, now.timeIntervalSince(lastRefresh) < minimumRefreshInterval { return }
        lastRefresh = now
        let task = Task {
            if let fresh = try? await certificateSource() { install(certificates: fresh) }
        }
        refreshInFlight = task
        await task.value
        refreshInFlight = nil
    }

    private nonisolated func usable(_ certificate: X509Certificate) throws -> RSAPublicKey {
        guard certificate.isValid(at: clock()) else {
            throw SignatureVerificationError.certificateExpired(certificate.serialNumber)
        }
        return certificate.publicKey
    }
}
