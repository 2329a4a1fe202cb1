import COpenSSL
import Foundation

/// An X.509 certificate (merchant API certificate or WeChat Pay platform certificate), parsed once.
///
/// Holds only values (the PEM, serial, validity and a public key), so it is a plain Sendable struct.
public struct X509Certificate: Sendable, Equatable, CustomStringConvertible {
    /// The certificate serial as WeChat Pay writes it: upper-case hexadecimal, e.g. `F5765756002FDD77`.
    public let serialNumber: String
    /// Start of the validity period (whole seconds).
    public let notBefore: Date
    /// End of the validity period (whole seconds).
    public let notAfter: Date
    /// The certified RSA key.
    public let publicKey: RSAPublicKey
    /// The certificate as a `CERTIFICATE` PEM.
    public let pem: String

    /// Parses the first `CERTIFICATE` block of `pem`; its key must be RSA of at least 2048 bits.
    public init(pem: String) throws {
        try PEM.requireLabel(pem, accepted: ["CERTIFICATE"])
        let certificate = try PEM.withReadBIO(pem) { PEM_read_bio_X509($0, nil, nil, nil) }
        guard let certificate else {
            ERR_clear_error()
            throw CryptoError.malformedPEM("cannot decode the certificate")
        }
        defer { X509_free(certificate) }
        try self.init(certificate: certificate)
    }

    /// Reads the fields of a parsed certificate (borrowed, not freed here).
    init(certificate: OpaquePointer) throws {
        serialNumber = try Self.serialHex(of: certificate)
        notBefore = try Self.date(X509_get0_notBefore(certificate))
        notAfter = try Self.date(X509_get0_notAfter(certificate))
        guard let key = X509_get_pubkey(certificate) else { throw CryptoError.lastOpenSSL("X509_get_pubkey") }
        publicKey = try RSAPublicKey(owning: key)
        pem = try PEM.write("PEM_write_bio_X509") { PEM_write_bio_X509($0, certificate) }
    }

    public var description: String { "X509Certificate(serial: \(serialNumber), notAfter: \(notAfter))" }

    /// True when `date` lies within notBefore…notAfter (inclusive).
    public func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }

    public static func == (lhs: X509Certificate, rhs: X509Certificate) -> Bool {
        lhs.pem == rhs.pem
    }

    private static func serialHex(of certificate: OpaquePointer) throws -> String {
        guard let serial = X509_get0_serialNumber(certificate),
            let number = ASN1_INTEGER_to_BN(serial, nil)
        else { throw CryptoError.lastOpenSSL("serial number") }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { throw CryptoError.lastOpenSSL("BN_bn2hex") }
        defer { copenssl_free(hex) }
        return String(cString: hex).uppercased()
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) throws -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { throw CryptoError.lastOpenSSL("ASN1_TIME_to_tm") }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
