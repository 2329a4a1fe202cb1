import Foundation
import Testing
import WeChatPay

/// A validator that records calls and accepts everything: checks the decoder's ordering, nothing else.
actor RecordingValidator: ResponseValidating {
    private(set) var calls = 0
    func validate(headers: HTTPHeaders, body: Data) async throws { calls += 1 }
    func preferredSerial() async -> String? { nil }
}

@Suite("v3 notifications")
struct NotificationDecoderTests {
    static let now: TimeInterval = 1_700_000_000
    // Computed: a `static let` of `Data` reads as a leak to LeakSanitizer (docs/hardening.md, session 4).
    static var apiV3Key: Data { Data("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".utf8) }
    static var transaction: Data {
        Data(
            #"{"mchid":"1900000109","out_trade_no":"PD20231114000001","trade_state":"SUCCESS","amount":{"total":1250}}"#.utf8)
    }

    static func platform() throws -> PlatformSigner {
        PlatformSigner(serial: "F5765756002FDD77", privateKey: try CryptoFixture.goKey())
    }

    static func decoder(key: Data = apiV3Key, maxBodyBytes: Int = 64 * 1024) throws -> NotificationDecoder {
        let verifier = ResponseVerifier(
            certificates: [try CryptoFixture.goCertificate()], clock: { Date(timeIntervalSince1970: now) })
        return NotificationDecoder(verifier: verifier, apiV3Key: key, maxBodyBytes: maxBodyBytes)
    }

    static func signed(_ body: Data) throws -> HTTPHeaders {
        try platform().signedHeaders(body: body, timestamp: Int(now))
    }

    @Test func goNotificationVerifiesAndDecryptsWithSixteenByteKey() async throws {
        let body = try CryptoFixture.data("go_notify_body.json")
        let headers = HTTPHeaders([
            ("Wechatpay-Nonce", "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz"),
            ("Wechatpay-Timestamp", "1624523846"),
            ("Wechatpay-Serial", "D7CE59D1F522D701"),
            ("Wechatpay-Signature",
             "tJHIiIS9eB2hAYstmAmbbD3ZE5LiIm/Ug5tuL4fC0YOFRWIHV39UFIZXC0e9Wl6lBu6sKvkqDkzpqzBsVHyXFlbYZTOQrVdG4b6LfTnK4mikv9++ixJMd3vTf2yCqvBkh98zs3Ds5zsYQakzbcwhmw4fMJs4nPLws28H0UW9FjDR//rxELLwXvV1VEA1IBLX70xptjL8hrfUjEE8kkry6yNJTHZRU8CAc7qHli2Ng1V1qb9ARbK8A3ThmFmPQvRGrapI/jS2laKKgYUmfdEdkNO6B2Cke5e8VTxY406ArAmQ90GAihDwIcb16TQMnzCMBoutnwZKNiKRACrFmtxw2Q=="),
        ])
        let verifier = ResponseVerifier(
            certificates: [try CryptoFixture.certificate("go_notify_test_cert_D7CE59D1F522D701.pem")],
            clock: { Date(timeIntervalSince1970: 1_624_523_846) })
        try await verifier.validate(headers: headers, body: body)

        let envelope = try JSONDecoder().decode(NotificationEnvelope.self, from: body)
        #expect(envelope.id == "3119dfba-e649-5eec-ab1e-3412bc4d2e17")
        #expect(envelope.eventType == "PAYSCORE.USER_OPEN_SERVICE")
        #expect(envelope.resource.associatedData == "payscore")
        let plaintext = try AESGCM.decrypt(
            ciphertextBase64: envelope.resource.ciphertext, key: Data("testMchAPIv3Key0".utf8),
            nonce: envelope.resource.nonce, associatedData: envelope.resource.associatedData)
        #expect(
            String(decoding: plaintext, as: UTF8.self)
                == #"{"mchid":"1234567890","appid":"054aa7d7a2a54ab5898df65bd96f001c","create_time":"2020-06-30T12:12:00+08:00","out_contract_code":"21640bdbd08e473e828f3206a2741c6e"}"#)

        // The product decoder is strict: the signature passes, the 16-byte key is refused.
        let strict = NotificationDecoder(verifier: verifier, apiV3Key: Data("testMchAPIv3Key0".utf8))
        await #expect(throws: NotificationError.decryption(.wrongKeySize(expected: 32, actual: 16))) {
            try await strict.decode(headers: headers, body: body)
        }
    }

    @Test func simulatorNotificationRoundTrips() async throws {
        let body = try NotificationEnvelope.encode(
            eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction",
            plaintext: Self.transaction, apiV3Key: Self.apiV3Key, id: "EV-2018022511223320873",
            createTime: Date(timeIntervalSince1970: 1_432_099_775))
        let decoded = try await Self.decoder().decode(headers: try Self.signed(body), body: body)
        #expect(decoded.plaintext == Self.transaction)
        #expect(decoded.envelope.id == "EV-2018022511223320873")
        #expect(decoded.envelope.createTime == "2015-05-20T13:29:35+08:00")
        #expect(decoded.envelope.resourceType == "encrypt-resource")
        #expect(decoded.envelope.eventType == "TRANSACTION.SUCCESS")
        #expect(decoded.envelope.summary == "支付成功")
        #expect(decoded.envelope.resource.originalType == "transaction")
        #expect(decoded.envelope.resource.associatedData == "transaction")
        #expect(decoded.envelope.resource.algorithm == "AEAD_AES_256_GCM")
        #expect(decoded.envelope.resource.nonce.count == 12)
    }

    @Test func refusesOversizedBodyBeforeVerifying() async throws {
        let recorder = RecordingValidator()
        let decoder = NotificationDecoder(verifier: recorder, apiV3Key: Self.apiV3Key, maxBodyBytes: 100)
        await #expect(throws: NotificationError.tooLarge(101)) {
            try await decoder.decode(headers: HTTPHeaders(), body: Data(repeating: 0x20, count: 101))
        }
        #expect(await recorder.calls == 0)
        await #expect(throws: NotificationError.notJSON) {
            try await decoder.decode(headers: HTTPHeaders(), body: Data(repeating: 0x20, count: 100))
        }
        #expect(await recorder.calls == 1)
    }

    @Test func verifiesSignatureBeforeParsing() async throws {
        let garbage = Data("not json at all".utf8)
        var headers = try Self.signed(garbage)
        await #expect(throws: NotificationError.notJSON) {
            try await Self.decoder().decode(headers: headers, body: garbage)
        }
        headers["Wechatpay-Signature"] = try Self.platform().signature(timestamp: String(Int(Self.now)), nonce: "x", body: garbage)
        await #expect(throws: NotificationError.signature(.badSignature)) {
            try await Self.decoder().decode(headers: headers, body: garbage)
        }
    }

    @Test func refusesTamperedProbeStaleAndUnsignedNotifications() async throws {
        let body = try NotificationEnvelope.encode(
            eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction",
            plaintext: Self.transaction, apiV3Key: Self.apiV3Key)
        let headers = try Self.signed(body)
        var tampered = body
        tampered[tampered.count - 2] ^= 0x01
        await #expect(throws: NotificationError.signature(.badSignature)) {
            try await Self.decoder().decode(headers: headers, body: tampered)
        }
        var probe = headers
        probe["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + (headers["Wechatpay-Signature"] ?? "")
        await #expect(throws: NotificationError.signature(.signatureProbe)) {
            try await Self.decoder().decode(headers: probe, body: body)
        }
        let stale = try Self.platform().signedHeaders(body: body, timestamp: Int(Self.now) - 301)
        await #expect(throws: NotificationError.signature(.staleTimestamp(seconds: 301))) {
            try await Self.decoder().decode(headers: stale, body: body)
        }
        await #expect(throws: NotificationError.signature(.missingHeader("Wechatpay-Timestamp"))) {
            try await Self.decoder().decode(headers: HTTPHeaders(), body: body)
        }
    }

    @Test func refusesUnsupportedResourceTypeAndAlgorithm() async throws {
        let plain = Data(
            #"{"id":"1","create_time":"2015-05-20T13:29:35+08:00","resource_type":"plain","event_type":"X","summary":"s","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"","nonce":"n"}}"#.utf8)
        await #expect(throws: NotificationError.unsupportedResource("plain")) {
            try await Self.decoder().decode(headers: try Self.signed(plain), body: plain)
        }
        let sm4 = Data(
            #"{"id":"1","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"X","summary":"s","resource":{"original_type":"transaction","algorithm":"AEAD_SM4_GCM","ciphertext":"","nonce":"n"}}"#.utf8)
        await #expect(throws: NotificationError.unsupportedResource("AEAD_SM4_GCM")) {
            try await Self.decoder().decode(headers: try Self.signed(sm4), body: sm4)
        }
    }

    @Test func refusesResourceSealedUnderAnotherKey() async throws {
        let body = try NotificationEnvelope.encode(
            eventType: "REFUND.SUCCESS", summary: "退款成功", originalType: "refund", plaintext: Self.transaction,
            apiV3Key: Data("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".utf8))
        await #expect(throws: NotificationError.decryption(.authenticationFailed)) {
            try await Self.decoder().decode(headers: try Self.signed(body), body: body)
        }
        await #expect(throws: NotificationError.decryption(.wrongKeySize(expected: 32, actual: 31))) {
            try await Self.decoder(key: Self.apiV3Key.prefix(31)).decode(headers: try Self.signed(body), body: body)
        }
    }

    @Test func envelopeWithoutAssociatedDataDecodesAsEmpty() throws {
        let json = Data(
            #"{"id":"1","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"REFUND.SUCCESS","summary":"退款成功","resource":{"original_type":"refund","algorithm":"AEAD_AES_256_GCM","ciphertext":"abc","nonce":"n"}}"#.utf8)
        let envelope = try JSONDecoder().decode(NotificationEnvelope.self, from: json)
        #expect(envelope.resource.associatedData == "")
        let again = try JSONDecoder().decode(NotificationEnvelope.self, from: try JSONEncoder().encode(envelope))
        #expect(again == envelope)
    }
}
