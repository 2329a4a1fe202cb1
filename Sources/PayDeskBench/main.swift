// `make bench`: one JSON line per figure, each with a reference measured in the same run where one exists
// (absolute times drift on shared machines; ratios do not). Figures still to come are listed in issue [bench].
import COpenSSL
import Foundation
import TerminalUI
import WeChatPay

struct Figure: Encodable {
    var name: String
    var value: Double
    var unit: String
    var reference: String?
    var referenceValue: Double?
    var ratio: Double?

    enum CodingKeys: String, CodingKey {
        case name, value, unit, reference, ratio
        case referenceValue = "reference_value"
    }
}

func emit(_ figure: Figure) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if let data = try? encoder.encode(figure) { print(String(decoding: data, as: UTF8.self)) }
}

/// Calls `body` repeatedly for about `seconds` and returns calls per second.
func rate(seconds: Double = 2, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var count = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<16 { try body() }
        count += 16
        elapsed = clock.now - start
    }
    let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(count) / total
}

/// Raw OpenSSL SHA256withRSA signing (EVP_DigestSign), the reference for request signing.
func rawOpenSSLSignsPerSecond(pem: String, message: [UInt8]) -> Double {
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

let key = try RSAPrivateKey.generate(bits: 2048)
let signer = RequestSigner(mchid: "1900000109", serialNumber: "5F1C72E2A8931B72A2E13AF8DEE92471EB397115", privateKey: key)
let body = Data(#"{"appid":"wxd678efh567hg6787","mchid":"1900000109","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"20261124120000AbCdEfGhIj","notify_url":"https://example.com/notify","amount":{"total":1250,"currency":"CNY"}}"#.utf8)
let message = Array(RequestSigner.message(
    method: "POST", canonicalURL: "/v3/pay/transactions/native", timestamp: 1_764_000_000,
    nonce: "593BEC0C930BF1AFEB40B4A08C8FB242", body: body))

let reference = rawOpenSSLSignsPerSecond(pem: key.pkcs8PEM, message: message)
let signs = try rate {
    _ = try signer.authorization(method: "POST", canonicalURL: "/v3/pay/transactions/native", body: body)
}
emit(Figure(name: "sign_per_s", value: signs.rounded(), unit: "1/s", reference: "openssl_rsa2048_sign_per_s",
            referenceValue: reference.rounded(), ratio: reference > 0 ? (signs / reference * 1000).rounded() / 1000 : nil))

let codeURL = "weixin://wxpay/bizpayurl?pr=Abc1234XYZ"
let renders = try rate {
    let matrix = try QRMatrix.encode(codeURL)
    _ = QRRenderer.rows(matrix, style: .halfBlocks)
}
emit(Figure(name: "qr_render_us", value: (1_000_000 / renders * 10).rounded() / 10, unit: "us"))
