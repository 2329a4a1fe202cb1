import Foundation
import Testing
@testable import WeChatPay

@Suite struct AESECBTests {
    /// FIPS-197 appendix C.3 (AES-256): the first block of a PKCS#7 encryption is the raw block cipher output.
    @Test func matchesFIPS197KnownAnswer() throws {
        let key = Data((0..<32).map { UInt8($0) })
        let plaintext = Data([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff])
        let ciphertext = try AESECB.encryptPKCS7(plaintext, key: key)
        #expect(ciphertext.count == 32)
        #expect(ciphertext.prefix(16).hexString == "8ea2b7ca516745bfeafc49904b496089")
        #expect(try AESECB.decryptPKCS7(ciphertext, key: key) == plaintext)
    }

    @Test func roundTripsEveryLengthAroundBlockBoundaries() throws {
        let key = Data(repeating: 0x42, count: 32)
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 1000] {
            let plaintext = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            let ciphertext = try AESECB.encryptPKCS7(plaintext, key: key)
            #expect(ciphertext.count == (length / 16 + 1) * 16)
            #expect(try AESECB.decryptPKCS7(ciphertext, key: key) == plaintext)
        }
    }

    @Test func rejectsKeysThatAreNot32Bytes() {
        #expect(throws: CryptoError.wrongKeySize(expected: 32, actual: 16)) {
            try AESECB.encryptPKCS7(Data("x".utf8), key: Data(repeating: 1, count: 16))
        }
        #expect(throws: CryptoError.wrongKeySize(expected: 32, actual: 33)) {
            try AESECB.decryptPKCS7(Data(repeating: 0, count: 16), key: Data(repeating: 1, count: 33))
        }
    }

    @Test func rejectsCiphertextThatIsNotWholeBlocks() {
        let key = Data(repeating: 1, count: 32)
        for length in [0, 1, 15, 17, 31] {
            #expect(throws: CryptoError.truncatedCiphertext) {
                try AESECB.decryptPKCS7(Data(repeating: 0, count: length), key: key)
            }
        }
    }

    @Test func rejectsBadPadding() throws {
        let key = Data(repeating: 7, count: 32)
        // The first block alone decrypts to "ABCDEFGHIJKLMNOP": its last byte 0x50 is no PKCS#7 padding.
        let ciphertext = try AESECB.encryptPKCS7(Data("ABCDEFGHIJKLMNOP".utf8), key: key)
        #expect(throws: CryptoError.openssl("bad padding")) {
            try AESECB.decryptPKCS7(ciphertext.prefix(16), key: key)
        }
    }
}
