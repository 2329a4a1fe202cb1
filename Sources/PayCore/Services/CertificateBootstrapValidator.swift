import Foundation
import WeChatPay

/// Verifies the answer of `GET /v3/certificates` with the certificates it carries (or the configured public key).
///
/// The main `ResponseVerifier` refreshes its certificates through this download when it meets an unknown serial;
/// verifying the download with the main verifier would wait on that same refresh, so the list is opened first
/// (the APIv3 key authenticates it: AEAD) and the signature is then checked against it.
struct CertificateBootstrapValidator: ResponseValidating {
    let apiV3Key: Data
    let publicKeyID: String?
    let publicKey: RSAPublicKey?

    func validate(headers: HTTPHeaders, body: Data) async throws {
        let certificates = try ResponseVerifier.decryptCertificateList(body: body, apiV3Key: apiV3Key)
        let verifier = ResponseVerifier(publicKeyID: publicKeyID, publicKey: publicKey, certificates: certificates)
        try await verifier.validate(headers: headers, body: body)
    }

    func preferredSerial() async -> String? { publicKeyID }
}
