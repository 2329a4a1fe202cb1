// libFuzzer target: the API v2 flat XML codec and the notifications built on it (WeChatPay V2), see docs/hardening.md.
import Foundation
import WeChatPay

/// Not a secret: the public test API v2 key of vector V-9, which the `req_info` and signed seeds use.
let apiV2Key = "ziR0QKsTUfMOuochC9RfCdmfHECorQAP"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV2XML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = Data(inputBytes(data, size))
    let signer = V2Signer(apiKey: apiV2Key)
    if let fields = try? XMLCodec.decode(body) {
        _ = signer.verify(fields)
        // Whatever decodes must survive encode → decode unchanged, except values that spell a DOCTYPE or ENTITY
        // declaration (entity-escaped in the input, refused anywhere in the output by design).
        if !fields.values.contains(where: mentionsDeclaration) {
            for root in ["xml", "root"] {
                let encoded = XMLCodec.encode(fields, root: root)
                let again = try? XMLCodec.decode(encoded, limit: Int.max)
                require(again == fields, "round trip changed \(fields) into \(String(describing: again))")
            }
        }
    }
    _ = try? V2PayNotification.parse(body, signer: signer)
    _ = try? V2RefundNotification.parse(body, apiKey: apiV2Key)
    // The raw input as encrypted req_info: Base64 text and whole AES blocks reach OpenSSL's ECB decryption.
    _ = try? V2RefundNotification.decryptReqInfo(String(decoding: body, as: UTF8.self), apiKey: apiV2Key)
    if let plaintext = try? AESECB.decryptPKCS7(body, key: Data(repeating: 0x41, count: AESECB.keySize)) {
        require(plaintext.count < body.count, "PKCS#7 removed no padding")
    }
    return 0
}

private func mentionsDeclaration(_ value: String) -> Bool {
    let upper = value.uppercased()
    return upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")
}
