import Foundation
import Testing
import WeChatPay

@Suite("AES-GCM")
struct CryptoAESGCMTests {
    // Computed: a `static let` of `Data` reads as a leak to LeakSanitizer (docs/hardening.md, session 4).
    static var apiV3Key: Data { Data("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".utf8) }

    @Test func decryptsGoVectorWithSixteenByteKey() throws {
        let plaintext = try AESGCM.decrypt(
            ciphertextBase64: "FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC", key: Data("testAPIv3Key0000".utf8),
            nonce: "wCq51qZv4Yfg", associatedData: "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8")
        #expect(String(decoding: plaintext, as: UTF8.self) == "Hello World")
    }

    @Test func goVectorFailsWithTheWrongKeyOrACiphertextWithoutTag() {
        #expect(throws: CryptoError.authenticationFailed) {
            try AESGCM.decrypt(
                ciphertextBase64: "FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC", key: Data("testAPIv3Key1111".utf8),
                nonce: "wCq51qZv4Yfg", associatedData: "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8")
        }
        #expect(throws: CryptoError.truncatedCiphertext) {
            try AESGCM.decrypt(
                ciphertextBase64: "SGVsbG8gV29ybGQK", key: Data("testAPIv3Key0000".utf8),
                nonce: "wCq51qZv4Yfg", associatedData: "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8")
        }
    }

    @Test func strictVariantRefusesSixteenByteKeys() {
        #expect(throws: CryptoError.wrongKeySize(expected: 32, actual: 16)) {
            try AEADAES256GCM.decrypt(
                ciphertextBase64: "FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC", key: Data("testAPIv3Key0000".utf8),
                nonce: "wCq51qZv4Yfg", associatedData: "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8")
        }
    }

    @Test func javaVectorEncryptsAndDecrypts() throws {
        let sealed = try AEADAES256GCM.encrypt(
            plaintext: Data("message".utf8), key: Self.apiV3Key, nonce: "uluk4a9R25RW", associatedData: "associatedData")
        #expect(sealed == "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=")
        let opened = try AEADAES256GCM.decrypt(
            ciphertextBase64: "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", key: Self.apiV3Key, nonce: "uluk4a9R25RW",
            associatedData: "associatedData")
        #expect(String(decoding: opened, as: UTF8.self) == "message")
    }

    @Test func javaVectorFailsWithBadAssociatedDataOrNonce() {
        #expect(throws: CryptoError.authenticationFailed) {
            try AEADAES256GCM.decrypt(
                ciphertextBase64: "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", key: Self.apiV3Key, nonce: "uluk4a9R25RW",
                associatedData: "bad-associatedData")
        }
        #expect(throws: CryptoError.authenticationFailed) {
            try AEADAES256GCM.decrypt(
                ciphertextBase64: "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", key: Self.apiV3Key, nonce: "bad-4a9R25RW",
                associatedData: "associatedData")
        }
    }

    @Test func axiosVectorsWithSixteenByteNonce() throws {
        let key = Data("0123456789abcdef0123456789abcdef".utf8)
        #expect(
            try AEADAES256GCM.encrypt(plaintext: Data(), key: key, nonce: "0123456789abcdef", associatedData: "")
                == "GvpmmdtYwexXIPhySs9Tlg==")
        #expect(
            try AEADAES256GCM.encrypt(
                plaintext: Data("hello".utf8), key: key, nonce: "0123456789abcdef", associatedData: "world")
                == "APoZlYpivU3HjbAiB4CvW1rAFr8J")
        let empty = try AEADAES256GCM.decrypt(
            ciphertextBase64: "GvpmmdtYwexXIPhySs9Tlg==", key: key, nonce: "0123456789abcdef", associatedData: "")
        #expect(empty.isEmpty)
    }

    @Test func refusesKeysThatAreNotThirtyTwoBytes() {
        for size in [0, 16, 31, 33] {
            #expect(throws: CryptoError.wrongKeySize(expected: 32, actual: size)) {
                try AEADAES256GCM.encrypt(
                    plaintext: Data("x".utf8), key: Data(repeating: 0x61, count: size), nonce: "uluk4a9R25RW",
                    associatedData: "")
            }
        }
        #expect(throws: CryptoError.wrongKeySize(expected: 32, actual: 31)) {
            try AESGCM.decrypt(
                ciphertextBase64: "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", key: Data(repeating: 0x61, count: 31),
                nonce: "uluk4a9R25RW", associatedData: "")
        }
    }

    @Test func typedErrorsForBadBase64TruncationEmptyNonceAndTampering() throws {
        #expect(throws: CryptoError.invalidBase64) {
            try AEADAES256GCM.decrypt(
                ciphertextBase64: "not base64!!", key: Self.apiV3Key, nonce: "uluk4a9R25RW", associatedData: "")
        }
        #expect(throws: CryptoError.truncatedCiphertext) {
            try AEADAES256GCM.decrypt(
                ciphertextBase64: Data(count: 15).base64EncodedString(), key: Self.apiV3Key, nonce: "uluk4a9R25RW",
                associatedData: "")
        }
        #expect(throws: CryptoError.invalidNonce) {
            try AEADAES256GCM.encrypt(plaintext: Data("x".utf8), key: Self.apiV3Key, nonce: "", associatedData: "")
        }
        var sealed = try #require(Data(base64Encoded: "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="))
        sealed[0] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) {
            try AEADAES256GCM.decrypt(
                ciphertextBase64: sealed.base64EncodedString(), key: Self.apiV3Key, nonce: "uluk4a9R25RW",
                associatedData: "associatedData")
        }
    }

    @Test func roundTripsLargePlaintextWithEveryKeySize() throws {
        let plaintext = Data.random(count: 70_000)
        for size in [16, 24, 32] {
            let key = Data.random(count: size)
            let sealed = try AESGCM.encrypt(plaintext: plaintext, key: key, nonce: "Kj7QIyUiYx1q", associatedData: "x")
            #expect(
                try AESGCM.decrypt(ciphertextBase64: sealed, key: key, nonce: "Kj7QIyUiYx1q", associatedData: "x")
                    == plaintext)
        }
    }
}
