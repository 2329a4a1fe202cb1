import Foundation
import WeChatPay

/// Which key the simulator names in `Wechatpay-Serial`.
public enum SignatureMode: String, Sendable, CaseIterable {
    /// `PUB_KEY_ID_…` with the platform public key (the newer mode).
    case publicKey = "public-key"
    /// The platform certificate serial (clients download it from `/v3/certificates`).
    case certificate
}

/// Signs responses and notifications with the platform key under either identity.
struct ResponseSigning: Sendable {
    let defaultMode: SignatureMode
    let publicKeyID: String
    let certificateSerial: String
    private let publicKeySigner: PlatformSigner
    private let certificateSigner: PlatformSigner

    init(privateKey: RSAPrivateKey, publicKeyID: String, certificateSerial: String, defaultMode: SignatureMode) {
        self.defaultMode = defaultMode
        self.publicKeyID = publicKeyID
        self.certificateSerial = certificateSerial
        publicKeySigner = PlatformSigner(serial: publicKeyID, privateKey: privateKey)
        certificateSigner = PlatformSigner(serial: certificateSerial, privateKey: privateKey)
    }

    /// The mode named by a request's `Wechatpay-Serial` when it names one of ours, else `fallback`.
    func mode(requestSerial: String?, fallback: SignatureMode? = nil) -> SignatureMode {
        if let requestSerial {
            if requestSerial == publicKeyID { return .publicKey }
            if requestSerial.caseInsensitiveCompare(certificateSerial) == .orderedSame { return .certificate }
        }
        return fallback ?? defaultMode
    }

    /// `Wechatpay-Timestamp/-Nonce/-Signature/-Serial/-Signature-Type` and `Request-ID` for `body`.
    func headers(body: Data, mode: SignatureMode) throws -> HTTPHeaders {
        var headers = try (mode == .publicKey ? publicKeySigner : certificateSigner).signedHeaders(body: body)
        if headers["Wechatpay-Signature-Type"] == nil { headers["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048" }
        if headers["Request-ID"] == nil { headers["Request-ID"] = UUID().uuidString.lowercased() }
        return headers
    }
}
