import COpenSSL
import Foundation
import WeChatPay

/// `sign_per_s`: WeChat Pay v3 request signing against raw OpenSSL SHA256withRSA (EVP_DigestSign).
enum SigningBench {
    static func run() throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        let signer = RequestSigner(
            mchid: "1900000109", serialNumber: "5F1C72E2A8931B72A2E13AF8DEE92471EB397115", privateKey: key)
        let body = Data(#"{"appid":"wxd678efh567hg6787","mchid":"1900000109","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"20261124120000AbCdEfGhIj","notify_url":"https://example.com/notify","amount":{"total":1250,"currency":"CNY"}}"#.utf8)
        let message = Array(RequestSigner.message(
            method: "POST", canonicalURL: "/v3/pay/transactions/native", timestamp: 1_764_000_000,
            nonce: "593BEC0C930BF1AFEB40B4A08C8FB242", body: body))

        let reference = try RawSigner(pem: key.pkcs8PEM, message: message)
        // Alternating slices, as for verification: one after the other, a burst of load on the host during either
        // half moved the ratio between 0.59 and 1.29 in four idle runs (docs/performance.md).
        let rates = try alternatingRates(
            ours: {
                try measure(seconds: 0.1) {
                    _ = try signer.authorization(method: "POST", canonicalURL: "/v3/pay/transactions/native", body: body)
                }
            },
            reference: { measure(seconds: 0.1) { reference.signOnce() } })
        guard reference.failures == 0 else { throw RawSigner.Failure(description: "\(reference.failures) raw signatures failed") }
        emit(.compared("sign_per_s", value: rates.ours.rounded(), unit: "1/s",
                       reference: "openssl_rsa2048_sign_per_s", referenceValue: rates.reference.rounded()))
    }
}

/// Raw OpenSSL SHA256withRSA signing (new EVP_MD_CTX, EVP_DigestSignInit, EVP_DigestSign per call), the reference
/// for request signing.
final class RawSigner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let key: OpaquePointer
    private let message: [UInt8]
    private var signature = [UInt8](repeating: 0, count: 512)
    private(set) var failures = 0

    init(pem: String, message: [UInt8]) throws {
        guard let key = readPEMKey(pem, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            throw Failure(description: "cannot read the key")
        }
        self.key = key
        self.message = message
    }

    deinit { EVP_PKEY_free(key) }

    func signOnce() {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var length = signature.count
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1,
            EVP_DigestSign(context, &signature, &length, message, message.count) == 1
        else { return failures += 1 }
    }
}
