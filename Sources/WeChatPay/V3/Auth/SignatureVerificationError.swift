import Foundation

/// Why a signed v3 response or notification was not accepted.
public enum SignatureVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingHeader(String)
    /// A header is present but unusable (e.g. a non-numeric `Wechatpay-Timestamp`).
    case malformedHeader(String)
    case unsupportedSignatureType(String)
    /// `now − timestamp` in seconds (negative: from the future) is at or beyond the allowed skew.
    case staleTimestamp(seconds: Int)
    /// `Wechatpay-Signature` starts with `WECHATPAY/SIGNTEST/`: WeChat Pay's deliberately invalid probe.
    case signatureProbe
    /// No certificate or public key is known under this serial, even after one refresh.
    case unknownSerial(String)
    /// The certificate with this serial is outside its validity period.
    case certificateExpired(String)
    case badSignature

    public var description: String {
        switch self {
        case .missingHeader(let name): "missing header \(name)"
        case .malformedHeader(let name): "malformed header \(name)"
        case .unsupportedSignatureType(let type): "unsupported signature type \(type)"
        case .staleTimestamp(let seconds): "timestamp \(seconds) s away from now"
        case .signatureProbe: "signature probe (WECHATPAY/SIGNTEST/)"
        case .unknownSerial(let serial): "unknown serial \(serial)"
        case .certificateExpired(let serial): "certificate \(serial) is not valid now"
        case .badSignature: "signature does not verify"
        }
    }
}
