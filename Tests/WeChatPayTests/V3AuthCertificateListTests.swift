import Foundation
import Testing
import WeChatPay

@Suite("v3 platform certificate list")
struct V3AuthCertificateListTests {
    // Computed: a `static let` of `Data` reads as a leak to LeakSanitizer (docs/hardening.md, session 4).
    static var apiV3Key: Data { Data("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".utf8) }

    @Test func decryptsJavaCertificateDownload() throws {
        let body = try CryptoFixture.data("java_download_certificate_response.json")
        let certificates = try ResponseVerifier.decryptCertificateList(body: body, apiV3Key: Self.apiV3Key)
        let certificate = try #require(certificates.first)
        #expect(certificates.count == 1)
        #expect(certificate.serialNumber == "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC")
        #expect(certificate.notBefore == Date(timeIntervalSince1970: 1_695_136_558))
        #expect(certificate.notAfter == Date(timeIntervalSince1970: 1_852_816_558))
        #expect(certificate == (try CryptoFixture.certificate("java_download_certificate_plaintext.pem")))
    }

    @Test func refusesWrongKeyMismatchedSerialAndNonJSON() throws {
        let body = try CryptoFixture.data("java_download_certificate_response.json")
        #expect(throws: CryptoError.authenticationFailed) {
            try ResponseVerifier.decryptCertificateList(body: body, apiV3Key: Data("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".utf8))
        }
        #expect(throws: CryptoError.wrongKeySize(expected: 32, actual: 31)) {
            try ResponseVerifier.decryptCertificateList(body: body, apiV3Key: Self.apiV3Key.prefix(31))
        }
        let renamed = Data(
            String(decoding: body, as: UTF8.self)
                .replacingOccurrences(of: "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC", with: "0123456789ABCDEF").utf8)
        #expect(throws: CertificateListError.serialMismatch(expected: "0123456789ABCDEF", actual: "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC")) {
            try ResponseVerifier.decryptCertificateList(body: renamed, apiV3Key: Self.apiV3Key)
        }
        #expect(throws: CertificateListError.notJSON) {
            try ResponseVerifier.decryptCertificateList(body: Data("<xml/>".utf8), apiV3Key: Self.apiV3Key)
        }
    }

    @Test func simulatorListRoundTripsThroughDecryption() throws {
        let certificates = [
            try CryptoFixture.goCertificate(), try CryptoFixture.certificate("go_notify_test_cert_D7CE59D1F522D701.pem"),
        ]
        let body = try ResponseVerifier.encryptCertificateList(certificates, apiV3Key: Self.apiV3Key)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let entries = try #require(json["data"] as? [[String: Any]])
        #expect(entries.first?["serial_no"] as? String == "F5765756002FDD77")
        #expect(entries.first?["effective_time"] as? String == "2021-04-27T16:40:32+08:00")
        let sealed = try #require(entries.first?["encrypt_certificate"] as? [String: String])
        #expect(sealed["algorithm"] == "AEAD_AES_256_GCM")
        #expect(sealed["associated_data"] == "certificate")
        #expect(sealed["nonce"]?.count == 12)
        #expect(try ResponseVerifier.decryptCertificateList(body: body, apiV3Key: Self.apiV3Key) == certificates)
    }
}
