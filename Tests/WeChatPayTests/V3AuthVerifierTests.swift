import Foundation
import Testing
import WeChatPay

/// Counts calls of a certificate source (the verifier must refresh at most once per unknown serial).
actor CallCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}

@Suite("v3 response verification")
struct V3AuthVerifierTests {
    static let now: TimeInterval = 1_700_000_000
    // Computed: a `static let` of `Data` reads as a leak to LeakSanitizer (docs/hardening.md, session 4).
    static var body: Data { Data(#"{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}"#.utf8) }

    static func platform() throws -> PlatformSigner {
        PlatformSigner(serial: "F5765756002FDD77", privateKey: try CryptoFixture.goKey())
    }

    static func verifier(
        certificates: [X509Certificate]? = nil, clock: CryptoTestClock = CryptoTestClock(now),
        certificateSource: (@Sendable () async throws -> [X509Certificate])? = nil
    ) throws -> ResponseVerifier {
        ResponseVerifier(
            certificates: try certificates ?? [CryptoFixture.goCertificate()], clock: clock.closure,
            certificateSource: certificateSource)
    }

    static func headers(offset: Int = 0, body: Data = body) throws -> HTTPHeaders {
        try platform().signedHeaders(body: body, timestamp: Int(now) + offset, nonce: "n0nce", requestID: "REQ-1")
    }

    @Test func realPublicKeyModeResponseVerifies() async throws {
        let verifier = ResponseVerifier(
            publicKeyID: "PUB_KEY_ID_0114232134912410000000000000",
            publicKey: try CryptoFixture.publicKey("thirdparty_rust_wechatpay_public_key_response_vector.pem"),
            clock: { Date(timeIntervalSince1970: 1_722_850_421) })
        var headers = HTTPHeaders([
            ("Wechatpay-Timestamp", "1722850421"),
            ("Wechatpay-Nonce", "d824f2e086d3c1df967785d13fcd22ef"),
            ("Wechatpay-Serial", "PUB_KEY_ID_0114232134912410000000000000"),
            ("Wechatpay-Signature",
             "mfI1CPqvBrgcXfgXMFjdNIhBf27ACE2YyeWsWV9ZI7T7RU0vHvbQpu9Z32ogzc+k8ZC5n3kz7h70eWKjgqNdKQF0eRp8mVKlmfzMLBVHbssB9jEZEDXThOX1XFqX7s7ymia1hoHQxQagPGzkdWxtlZPZ4ZPvr1RiqkgAu6Is8MZgXXrRoBKqjmSdrP1N7uxzJ/cjfSiis9FiLjuADoqmQ1P7p2N876YPAol7Rn0+GswwAwxldbdLrmVSjfytfSBJFqTMHn4itojgxSWWN1byuckQt8hSTEv/Lg97QoeGniYP17T80pJeQyL3b+295FPHSO2AtvCgyIbKMZ0BALilAA=="),
        ])
        let body = Data(#"{"code_url":"weixin://wxpay/bizpayurl?pr=JyC91EIz1"}"#.utf8)
        try await verifier.validate(headers: headers, body: body)
        #expect(await verifier.preferredSerial() == "PUB_KEY_ID_0114232134912410000000000000")
        await #expect(throws: SignatureVerificationError.badSignature) {
            try await verifier.validate(headers: headers, body: body + Data(" ".utf8))
        }
        headers["Wechatpay-Serial"] = "PUB_KEY_ID_0114232134912410000000000001"
        await #expect(throws: SignatureVerificationError.unknownSerial("PUB_KEY_ID_0114232134912410000000000001")) {
            try await verifier.validate(headers: headers, body: body)
        }
    }

    @Test func acceptsPlatformSignedResponseWithOrWithoutSignatureType() async throws {
        let verifier = try Self.verifier()
        var headers = try Self.headers()
        #expect(headers["Wechatpay-Signature-Type"] == "WECHATPAY2-SHA256-RSA2048")
        #expect(headers["Request-ID"] == "REQ-1")
        try await verifier.validate(headers: headers, body: Self.body)
        headers["Wechatpay-Signature-Type"] = nil
        try await verifier.validate(headers: headers, body: Self.body)
        let empty = try Self.headers(body: Data())
        try await verifier.validate(headers: empty, body: Data())
    }

    @Test func rejectsMissingHeadersAndOtherSignatureTypes() async throws {
        let verifier = try Self.verifier()
        for name in ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"] {
            var headers = try Self.headers()
            headers[name] = nil
            await #expect(throws: SignatureVerificationError.missingHeader(name)) {
                try await verifier.validate(headers: headers, body: Self.body)
            }
        }
        var headers = try Self.headers()
        headers["Wechatpay-Signature-Type"] = "WECHATPAY2-SM2-WITH-SM3"
        await #expect(throws: SignatureVerificationError.unsupportedSignatureType("WECHATPAY2-SM2-WITH-SM3")) {
            try await verifier.validate(headers: headers, body: Self.body)
        }
        headers = try Self.headers()
        headers["Wechatpay-Timestamp"] = "17e8"
        await #expect(throws: SignatureVerificationError.malformedHeader("Wechatpay-Timestamp")) {
            try await verifier.validate(headers: headers, body: Self.body)
        }
    }

    @Test func rejectsTimestampsFiveMinutesOrMoreAwayInEitherDirection() async throws {
        let verifier = try Self.verifier()
        for offset in [-301, 301, -300, 300, 3600] {
            await #expect(throws: SignatureVerificationError.staleTimestamp(seconds: -offset), "offset \(offset)") {
                try await verifier.validate(headers: try Self.headers(offset: offset), body: Self.body)
            }
        }
        for offset in [-299, 299] {
            try await verifier.validate(headers: try Self.headers(offset: offset), body: Self.body)
        }
    }

    @Test func rejectsSignatureProbesAndTamperedBodies() async throws {
        let verifier = try Self.verifier()
        var headers = try Self.headers()
        headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + Data.random(count: 64).base64EncodedString()
        await #expect(throws: SignatureVerificationError.signatureProbe) {
            try await verifier.validate(headers: headers, body: Self.body)
        }
        await #expect(throws: SignatureVerificationError.badSignature) {
            try await verifier.validate(headers: try Self.headers(), body: Data(#"{"code_url":"weixin://evil"}"#.utf8))
        }
        headers = try Self.headers()
        headers["Wechatpay-Nonce"] = "other"
        await #expect(throws: SignatureVerificationError.badSignature) {
            try await verifier.validate(headers: headers, body: Self.body)
        }
        headers = try Self.headers()
        headers["Wechatpay-Signature"] = "%%%not-base64%%%"
        await #expect(throws: SignatureVerificationError.badSignature) {
            try await verifier.validate(headers: headers, body: Self.body)
        }
    }

    @Test func unknownSerialRefreshesOnceAndThenVerifies() async throws {
        let counter = CallCounter()
        let certificate = try CryptoFixture.goCertificate()
        let verifier = try Self.verifier(certificates: []) {
            await counter.increment()
            return [certificate]
        }
        try await verifier.validate(headers: try Self.headers(), body: Self.body)
        try await verifier.validate(headers: try Self.headers(), body: Self.body)
        #expect(await counter.count == 1)
        #expect(await verifier.certificateSerials() == ["F5765756002FDD77"])
    }

    @Test func unknownSerialFailsWhenRefreshFailsOrDoesNotHelp() async throws {
        struct Offline: Error {}
        let failures = CallCounter()
        let failing = try Self.verifier(certificates: []) {
            await failures.increment()
            throw Offline()
        }
        await #expect(throws: SignatureVerificationError.unknownSerial("F5765756002FDD77")) {
            try await failing.validate(headers: try Self.headers(), body: Self.body)
        }
        #expect(await failures.count == 1)

        let unrelated = CallCounter()
        let other = try CryptoFixture.certificate("java_download_certificate_plaintext.pem")
        let useless = try Self.verifier(certificates: []) {
            await unrelated.increment()
            return [other]
        }
        await #expect(throws: SignatureVerificationError.unknownSerial("F5765756002FDD77")) {
            try await useless.validate(headers: try Self.headers(), body: Self.body)
        }
        #expect(await unrelated.count == 1)

        let noSource = try Self.verifier(certificates: [])
        await #expect(throws: SignatureVerificationError.unknownSerial("F5765756002FDD77")) {
            try await noSource.validate(headers: try Self.headers(), body: Self.body)
        }
    }

    @Test func refreshesAreSpacedAndConcurrentLookupsShareOneDownload() async throws {
        struct Offline: Error {}
        let clock = CryptoTestClock(Self.now)
        let failures = CallCounter()
        let failing = try Self.verifier(certificates: [], clock: clock) {
            await failures.increment()
            throw Offline()
        }
        for _ in 0..<3 {
            await #expect(throws: SignatureVerificationError.unknownSerial("F5765756002FDD77")) {
                try await failing.validate(headers: try Self.headers(), body: Self.body)
            }
        }
        #expect(await failures.count == 1)
        clock.set(Self.now + 61)
        await #expect(throws: SignatureVerificationError.unknownSerial("F5765756002FDD77")) {
            try await failing.validate(
                headers: try Self.platform().signedHeaders(body: Self.body, timestamp: Int(Self.now) + 61), body: Self.body)
        }
        #expect(await failures.count == 2)

        let downloads = CallCounter()
        let certificate = try CryptoFixture.goCertificate()
        let slow = try Self.verifier(certificates: []) {
            await downloads.increment()
            try await Task.sleep(for: .milliseconds(100))
            return [certificate]
        }
        let headers = try Self.headers()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { try await slow.validate(headers: headers, body: Self.body) }
            }
            try await group.waitForAll()
        }
        #expect(await downloads.count == 1)
    }

    @Test func rejectsExpiredCertificate() async throws {
        let merchantCertificate = try CryptoFixture.certificate("java_merchant_certificate.pem")
        let clock = CryptoTestClock(1_700_000_000)
        let verifier = try Self.verifier(certificates: [merchantCertificate], clock: clock)
        let signer = PlatformSigner(
            serial: merchantCertificate.serialNumber, privateKey: try CryptoFixture.privateKey("java_merchant_private_key.pem"))
        try await verifier.validate(
            headers: try signer.signedHeaders(body: Self.body, timestamp: 1_700_000_000), body: Self.body)
        clock.set(1_800_000_000)  // 2027, after notAfter 2025-05-09
        await #expect(throws: SignatureVerificationError.certificateExpired("5F1C72E2A8931B72A2E13AF8DEE92471EB397115")) {
            try await verifier.validate(
                headers: try signer.signedHeaders(body: Self.body, timestamp: 1_800_000_000), body: Self.body)
        }
    }

    @Test func installKeepsBySerialAndDropsExpired() async throws {
        let verifier = try Self.verifier(certificates: [], clock: CryptoTestClock(1_800_000_000))
        await verifier.install(certificates: [
            try CryptoFixture.certificate("java_merchant_certificate.pem"),
            try CryptoFixture.goCertificate(),
            try CryptoFixture.goCertificate(),
        ])
        #expect(await verifier.certificateSerials() == ["F5765756002FDD77"])
    }

    @Test func preferredSerialIsPublicKeyIDElseNewestValidCertificate() async throws {
        let key = try CryptoFixture.goKey()
        let older = try X509Certificate.selfSigned(
            key: key, commonName: "platform", organization: nil, serialNumber: "0A01",
            notBefore: Date(timeIntervalSince1970: Self.now - 86400 * 30), notAfter: Date(timeIntervalSince1970: Self.now + 86400))
        let newer = try X509Certificate.selfSigned(
            key: key, commonName: "platform", organization: nil, serialNumber: "0A02",
            notBefore: Date(timeIntervalSince1970: Self.now - 86400), notAfter: Date(timeIntervalSince1970: Self.now + 86400 * 30))
        let future = try X509Certificate.selfSigned(
            key: key, commonName: "platform", organization: nil, serialNumber: "0A03",
            notBefore: Date(timeIntervalSince1970: Self.now + 86400), notAfter: Date(timeIntervalSince1970: Self.now + 86400 * 60))
        let certificates = try Self.verifier(certificates: [older, future, newer])
        #expect(await certificates.preferredSerial() == "0A02")
        #expect(try await Self.verifier(certificates: []).preferredSerial() == nil)

        let both = ResponseVerifier(
            publicKeyID: "PUB_KEY_ID_0100000000000000000000000001", publicKey: key.publicKey,
            certificates: [older], clock: { Date(timeIntervalSince1970: Self.now) })
        #expect(await both.preferredSerial() == "PUB_KEY_ID_0100000000000000000000000001")
        // Both modes side by side: the certificate serial still verifies.
        let signer = PlatformSigner(serial: "0A01", privateKey: key)
        try await both.validate(headers: try signer.signedHeaders(body: Self.body, timestamp: Int(Self.now)), body: Self.body)
        let byID = PlatformSigner(serial: "PUB_KEY_ID_0100000000000000000000000001", privateKey: key)
        try await both.validate(headers: try byID.signedHeaders(body: Self.body, timestamp: Int(Self.now)), body: Self.body)
    }
}
