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

        let reference = rawOpenSSLSignsPerSecond(pem: key.pkcs8PEM, message: message)
        let signs = try rate {
            _ = try signer.authorization(method: "POST", canonicalURL: "/v3/pay/transactions/native", body: body)
        }
        emit(.compared("sign_per_s", value: signs.rounded(), unit: "1/s",
                       reference: "openssl_rsa2048_sign_per_s", referenceValue: reference.rounded()))
    }

    /// Raw OpenSSL SHA256withRSA signing (EVP_DigestSign), the reference for request signing.
    static func rawOpenSSLSignsPerSecond(pem: String, message: [UInt8]) -> Double {
        let bio = pem.withCString { BIO_new_mem_buf($0, -1) }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { return 0 }
        defer { EVP_PKEY_free(key) }
        var signature = [UInt8](repeating: 0, count: 512)
        return rate {
            let context = EVP_MD_CTX_new()
            defer { EVP_MD_CTX_free(context) }
            var length = signature.count
            EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key)
            EVP_DigestSign(context, &signature, &length, message, message.count)
        }
    }
}
