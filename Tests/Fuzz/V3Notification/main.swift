// libFuzzer target: the API v3 notification envelope, its signature check and AEAD decryption (WeChatPay V3
// Notifications), and the decoding of the decrypted resource as PayCore does it; see docs/hardening.md.
//
// Input: the first line is the `Wechatpay-Signature` header, the rest is the HTTP body.
import Foundation
import PayCore
import WeChatPay

/// Not a secret: the public APIv3 test key of vector V-6, which the corpus seeds are sealed with. Bytes, not a global
/// `Data`: LeakSanitizer cannot follow the tagged pointer inside `Data` and would report the global as leaked.
let apiV3Key = Array("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".utf8)
/// The Go SDK's test key pair (vector V-4), used as the "WeChat Pay public key" `F5765756002FDD77`.
let publicKeyPEM = """
    -----BEGIN PUBLIC KEY-----
    MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2VCTd91fnUn73Xy9DLvt
    /V62TVxRTEEstVdeRaZ3B3leO0pldE806mXO4RwdHXagHQ4vGeZN0yqm++rDsGK+
    U3AH7kejyD2pXshNP9Cq5YwbptiLGtjcquw4HNxJQUOmDeJf2vg6byms9RUipiq4
    SzbJKqJFlUpbuIPDpSpWz10PYmyCNeDGUUK65E5h2B834uxl1zNLYQCrkdBzb8oU
    xwYeP5a2DNxmjL5lsJML7DGr5znsevnoqGRwTm9fxCGfy8wus7hwKz6clt3Whmmd
    a7UAdb1c08hEQFVRbF14AR73xbnd8N0obCWJPCbzMCtkaSef4FdEEgEXJiw0VAJT
    8wIDAQAB
    -----END PUBLIC KEY-----
    """
let verifier: ResponseVerifier = {
    guard let key = try? RSAPublicKey(pem: publicKeyPEM) else { fatalError("the fuzz target's public key does not load") }
    // The clock of vector V-4, so that its timestamp is fresh.
    return ResponseVerifier(
        publicKeyID: "F5765756002FDD77", publicKey: key, clock: { Date(timeIntervalSince1970: 1_624_523_846) })
}()

/// Lets every body through to the envelope and AEAD steps, which the real signature check would stop first.
struct AcceptingVerifier: ResponseValidating {
    func validate(headers: HTTPHeaders, body: Data) async throws {}
    func preferredSerial() async -> String? { nil }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV3Notification(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    let signature = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Data(bytes[min(newline + 1, bytes.count)...])
    let headers = HTTPHeaders([
        ("Wechatpay-Timestamp", "1624523846"), ("Wechatpay-Nonce", "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz"),
        ("Wechatpay-Serial", "F5765756002FDD77"), ("Wechatpay-Signature", signature),
    ])
    runBlocking {
        // The real check: Base64 of any length and any body reach OpenSSL's RSA verification.
        _ = try? await NotificationDecoder(verifier: verifier, apiV3Key: Data(apiV3Key)).decode(headers: headers, body: body)
        do {
            let decoded = try await NotificationDecoder(verifier: AcceptingVerifier(), apiV3Key: Data(apiV3Key))
                .decode(headers: headers, body: body)
            require(decoded.envelope.resourceType == NotificationEnvelope.encryptedResourceType, "wrong resource type")
            decodeResource(decoded.plaintext)
        } catch let error as NotificationError {
            require(!error.description.isEmpty, "empty description")
        } catch {
            require(false, "decode threw a non-NotificationError: \(error)")
        }
    }
    // The body as a decrypted resource too: authentication keeps fuzzed plaintexts from getting there otherwise.
    decodeResource(body)
    return 0
}

/// What the ingestor does with a decrypted resource: a transaction or a refund, with its times parsed.
func decodeResource(_ plaintext: Data) {
    if let transaction = try? JSONDecoder().decode(Transaction.self, from: plaintext) {
        _ = transaction.successTime.flatMap(WeChatPayTime.parse)
    }
    if let refund = try? JSONDecoder().decode(RefundNotificationResource.self, from: plaintext) {
        _ = refund.successTime.flatMap(WeChatPayTime.parse)
    }
    _ = WeChatPayTime.parse(String(decoding: plaintext, as: UTF8.self))
}
