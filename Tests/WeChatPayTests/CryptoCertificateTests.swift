import Foundation
import Testing
import WeChatPay

@Suite("X.509 certificates")
struct CryptoCertificateTests {
    @Test func readsSerialsAsUpperCaseHex() throws {
        #expect(try CryptoFixture.goCertificate().serialNumber == "F5765756002FDD77")
        #expect(try CryptoFixture.certificate("go_notify_test_cert_D7CE59D1F522D701.pem").serialNumber == "D7CE59D1F522D701")
        #expect(
            try CryptoFixture.certificate("java_download_certificate_plaintext.pem").serialNumber
                == "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC")
        #expect(
            try CryptoFixture.certificate("java_merchant_certificate.pem").serialNumber
                == "5F1C72E2A8931B72A2E13AF8DEE92471EB397115")
        #expect(try CryptoFixture.certificate("axios_apiclient_cert.pem").serialNumber == "898DBAD30F416EC7")
    }

    @Test func readsValidityPeriod() throws {
        let certificate = try CryptoFixture.certificate("java_download_certificate_plaintext.pem")
        #expect(certificate.notBefore == Date(timeIntervalSince1970: 1_695_136_558))  // 2023-09-19T23:15:58+08:00
        #expect(certificate.notAfter == Date(timeIntervalSince1970: 1_852_816_558))  // 2028-09-17T23:15:58+08:00
        #expect(certificate.isValid(at: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(!certificate.isValid(at: Date(timeIntervalSince1970: 1_695_136_557)))
        #expect(!certificate.isValid(at: Date(timeIntervalSince1970: 1_852_816_559)))
    }

    @Test func pemRoundTripsAndPublicKeyLoadsFromCertificatePEM() throws {
        let certificate = try CryptoFixture.goCertificate()
        #expect(try X509Certificate(pem: certificate.pem) == certificate)
        let viaPublicKey = try RSAPublicKey(pem: certificate.pem)
        #expect(viaPublicKey.isSameKey(as: try CryptoFixture.publicKey("go_test_public_key_F5765756002FDD77.pem")))
    }

    @Test func selfSignedCertificateCarriesSerialValidityAndKey() throws {
        let key = try RSAPrivateKey.generate()
        let notBefore = Date(timeIntervalSince1970: 1_763_971_200)
        let notAfter = Date(timeIntervalSince1970: 1_921_737_600)
        let certificate = try X509Certificate.selfSigned(
            key: key, commonName: "1900000109", organization: "PayDesk Sandbox 商户",
            serialNumber: "5dea10ef55877e3cf6c33255c2e7defff7e427ec", notBefore: notBefore, notAfter: notAfter)
        #expect(certificate.serialNumber == "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC")
        #expect(certificate.notBefore == notBefore)
        #expect(certificate.notAfter == notAfter)
        #expect(certificate.publicKey.isSameKey(as: key.publicKey))
        let reloaded = try X509Certificate(pem: certificate.pem)
        #expect(reloaded.serialNumber == certificate.serialNumber)
        #expect(reloaded.publicKey.isSameKey(as: key.publicKey))
        let signature = try key.signSHA256(Data("minted".utf8))
        #expect(reloaded.publicKey.verifySHA256(signature: signature, data: Data("minted".utf8)))
    }

    @Test func selfSignedRefusesSerialsThatWouldNotReadBack() throws {
        let key = try CryptoFixture.goKey()
        let now = Date(timeIntervalSince1970: 1_763_971_200)
        for serial in ["", "XYZ", "ABC", "00AB", "PUB_KEY_ID_0114232134912410000000000000"] {
            #expect(throws: CryptoError.invalidSerialNumber(serial)) {
                try X509Certificate.selfSigned(
                    key: key, commonName: "x", organization: nil, serialNumber: serial, notBefore: now,
                    notAfter: now.addingTimeInterval(86400))
            }
        }
    }
}
