import COpenSSL
import Dispatch
import Foundation
import Synchronization
import WeChatPay

/// `notify_verify_decrypt_per_s`: what the ingestor does to every v3 payment notification before touching the
/// database (SHA256withRSA verification of `Wechatpay-Signature`, AEAD_AES_256_GCM decryption of the resource,
/// JSON decoding of envelope and transaction), on one core, against raw OpenSSL RSA-2048 verifications
/// (EVP_DigestVerify) of the same signed messages.
///
/// The two are measured in alternating slices on one CPU (20 × 0.1 s each, the median of each side), so that load
/// from other processes on a shared machine hits both alike. `NOTIFY_PROFILE=N` instead runs exactly N of each, untimed, in two functions for
/// `valgrind --tool=callgrind --toggle-collect='*profileDecode*'` (or `*profileReference*`).
enum NotifyBench {
    static func run() throws {
        let profiled = ProcessInfo.processInfo.environment["NOTIFY_PROFILE"].flatMap(Int.init)
        // Under valgrind, signing 512 would take minutes and age the signatures past the 5-minute window.
        let set = try NotificationSet.make(
            platform: try .generated(),
            orderNumbers: (0..<(profiled == nil ? 512 : 32)).map { String(format: "PD2026112812%08d", $0) })
        let reference = try RawVerifier(set)
        let decoder = NotificationDecoder(verifier: set.platform.verifier, apiV3Key: set.platform.apiV3Key)
        if let iterations = profiled {
            profileReference(reference, iterations)
            try blocking { try await profileDecode(decoder, set, iterations) }
            return
        }
        let rates = try alternatingRates(
            ours: { try measuredDecodes(decoder, set, seconds: 0.1) },
            reference: { measure(seconds: 0.1) { reference.verifyNext() } })
        guard reference.failures == 0 else { throw RawVerifier.Failure() }
        emit(.compared("notify_verify_decrypt_per_s", value: rates.ours.rounded(), unit: "1/s",
                       reference: "openssl_rsa2048_verify_per_s", referenceValue: rates.reference.rounded()))
    }

    /// Notifications verified, decrypted and decoded per second on one core, as the ingestor does it.
    static func inProcessRate(_ set: NotificationSet, seconds: Double = 2) throws -> Double {
        let decoder = NotificationDecoder(verifier: set.platform.verifier, apiV3Key: set.platform.apiV3Key)
        let measured = try measuredDecodes(decoder, set, seconds: seconds)
        return measured.calls / measured.seconds
    }

    private static func measuredDecodes(_ decoder: NotificationDecoder, _ set: NotificationSet, seconds: Double) throws
        -> (calls: Double, seconds: Double)
    {
        let deliveries = set.deliveries
        nonisolated(unsafe) var index = 0
        let rate = try blockingRate(seconds: seconds) {
            let delivery = deliveries[index % deliveries.count]
            index += 1
            let decoded = try await decoder.decode(headers: delivery.headers, body: delivery.body)
            _ = try decoded.transaction()
        }
        return (Double(index), Double(index) / rate)
    }

    @inline(never)
    static func profileReference(_ reference: RawVerifier, _ iterations: Int) {
        for _ in 0..<iterations { reference.verifyNext() }
    }

    @inline(never)
    static func profileDecode(_ decoder: NotificationDecoder, _ set: NotificationSet, _ iterations: Int) async throws {
        for index in 0..<iterations {
            let delivery = set.deliveries[index % set.deliveries.count]
            let decoded = try await decoder.decode(headers: delivery.headers, body: delivery.body)
            _ = try decoded.transaction()
        }
    }

}

/// Raw OpenSSL SHA256withRSA verification (new EVP_MD_CTX, EVP_DigestVerifyInit with EVP_sha256(),
/// EVP_DigestVerify per call) of each notification's signed message, `timestamp\nnonce\nbody\n`.
final class RawVerifier {
    struct Failure: Error {}

    private let key: OpaquePointer
    private let messages: [(message: [UInt8], signature: [UInt8])]
    private var index = 0
    private(set) var failures = 0

    init(_ set: NotificationSet) throws {
        let pem = set.platform.key.publicKey.spkiPEM
        guard let key = readPEMKey(pem, { PEM_read_bio_PUBKEY($0, nil, nil, nil) }) else { throw Failure() }
        self.key = key
        messages = set.deliveries.map { delivery in
            let message = ResponseVerifier.message(
                timestamp: delivery.headers["Wechatpay-Timestamp"] ?? "", nonce: delivery.headers["Wechatpay-Nonce"] ?? "",
                body: delivery.body)
            return (Array(message), Array(Data(base64Encoded: delivery.headers["Wechatpay-Signature"] ?? "") ?? Data()))
        }
    }

    deinit { EVP_PKEY_free(key) }

    func verifyNext() {
        let (message, signature) = messages[index % messages.count]
        index += 1
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key)
        if EVP_DigestVerify(context, signature, signature.count, message, message.count) != 1 { failures += 1 }
    }
}

/// Realistic signed, encrypted payment notifications made with the simulator's `PlatformSigner`, all distinct
/// (own order number, transaction id, nonce and signature).
struct NotificationSet {
    struct Delivery: Sendable {
        var headers: HTTPHeaders
        var body: Data
    }

    /// Who signs and seals: the platform key and its id, the APIv3 key, and the merchant named inside.
    struct Platform: Sendable {
        var key: RSAPrivateKey
        var publicKeyID: String
        var apiV3Key: Data
        var mchid: String
        var appid: String

        /// A fresh RSA-2048 platform key and made-up merchant (in-process benchmarks).
        static func generated() throws -> Platform {
            Platform(
                key: try RSAPrivateKey.generate(bits: 2048), publicKeyID: "PUB_KEY_ID_0119000001092026112800000001",
                apiV3Key: Data("0123456789abcdefghijKLMNOPQRSTUV".utf8), mchid: "1900000109", appid: "wxd678efh567hg6787")
        }

        /// The verifier a merchant configured with this platform's public key uses.
        var verifier: ResponseVerifier { ResponseVerifier(publicKeyID: publicKeyID, publicKey: key.publicKey) }
    }

    let platform: Platform
    let deliveries: [Delivery]

    /// `orderNumbers.count` notifications (one per order, paying `total` fen), signed on all cores.
    static func make(platform: Platform, orderNumbers: [String], total: Int = 1250) throws -> NotificationSet {
        let signer = PlatformSigner(serial: platform.publicKeyID, privateKey: platform.key)
        let now = Date()
        let parts = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let built = Mutex<[Int: Result<[Delivery], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = stride(from: part, to: orderNumbers.count, by: parts)
            let result = Result<[Delivery], any Error> {
                try range.map { index in
                    let plaintext = transactionJSON(
                        platform: platform, outTradeNo: orderNumbers[index], index: index, total: total, paidAt: now)
                    let body = try NotificationEnvelope.encode(
                        eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction",
                        plaintext: plaintext, apiV3Key: platform.apiV3Key, createTime: now)
                    var headers = try signer.signedHeaders(body: body)
                    headers["Content-Type"] = "application/json"
                    return Delivery(headers: headers, body: body)
                }
            }
            built.withLock { $0[part] = result }
        }
        // Interleave the parts back into order-number order.
        let results = try built.withLock { parts in try (0..<parts.count).map { try parts[$0]!.get() } }
        var deliveries: [Delivery] = []
        deliveries.reserveCapacity(orderNumbers.count)
        for index in orderNumbers.indices { deliveries.append(results[index % parts][index / parts]) }
        return NotificationSet(platform: platform, deliveries: deliveries)
    }

    /// A payment result as WeChat Pay sends it for a Native order (the fields of the protocol's example).
    static func transactionJSON(platform: Platform, outTradeNo: String, index: Int, total: Int, paidAt: Date) -> Data {
        let transactionID = "4200002026112" + String(format: "%015d", index)
        let time = WeChatPayTime.format(paidAt)
        return Data("""
            {"mchid":"\(platform.mchid)","appid":"\(platform.appid)","out_trade_no":"\(outTradeNo)",\
            "transaction_id":"\(transactionID)","trade_type":"NATIVE","trade_state":"SUCCESS",\
            "trade_state_desc":"支付成功","bank_type":"CMB_DEBIT","attach":"","success_time":"\(time)",\
            "payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},\
            "amount":{"total":\(total),"payer_total":\(total),"currency":"CNY","payer_currency":"CNY"}}
            """.utf8)
    }
}
