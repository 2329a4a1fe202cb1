import Foundation
import Testing
import WeChatPay

@Suite("RSA keys")
struct CryptoKeyTests {
    @Test func loadsPKCS8PrivateKeysOfTheFixtures() throws {
        for name in [
            "official_doc_test_private_key.pem", "go_test_private_key_F5765756002FDD77.pem",
            "java_merchant_private_key.pem", "java_wechat_pay_private_key.pem", "axios_apiclient_key.pem",
        ] {
            #expect(try CryptoFixture.privateKey(name).bits == 2048, "\(name)")
        }
    }

    @Test func loadsPKCS1PrivateAndPublicKeysOfOnePair() throws {
        let privateKey = try RSAPrivateKey(pem: CryptoTestKeys.rsaPKCS1PrivateKey)
        let publicKey = try RSAPublicKey(pem: CryptoTestKeys.rsaPKCS1PublicKey)
        #expect(privateKey.bits == 2048)
        #expect(publicKey.isSameKey(as: privateKey.publicKey))
        let signature = try privateKey.signSHA256(Data("pkcs1".utf8))
        #expect(publicKey.verifySHA256(signature: signature, data: Data("pkcs1".utf8)))
    }

    @Test func fixtureKeyPairsMatchTheirCertificatesAndPublicKeys() throws {
        let pairs: [(String, String)] = [
            ("java_merchant_private_key.pem", "java_merchant_certificate.pem"),
            ("java_wechat_pay_private_key.pem", "java_wechat_pay_certificate.pem"),
            ("java_wechat_pay_private_key.pem", "java_wechat_pay_public_key.pem"),
            ("axios_apiclient_key.pem", "axios_apiclient_cert.pem"),
            ("go_test_private_key_F5765756002FDD77.pem", "go_test_cert_F5765756002FDD77.pem"),
            ("go_test_private_key_F5765756002FDD77.pem", "go_test_public_key_F5765756002FDD77.pem"),
            ("go_test_private_key_F5765756002FDD77.pem", "go_notify_test_cert_D7CE59D1F522D701.pem"),
        ]
        for (keyName, publicName) in pairs {
            let key = try CryptoFixture.privateKey(keyName)
            let publicKey = try CryptoFixture.publicKey(publicName)
            #expect(key.publicKey.isSameKey(as: publicKey), "\(keyName) vs \(publicName)")
        }
    }

    @Test func keysOfDifferentPairsDoNotMatch() throws {
        let merchant = try CryptoFixture.privateKey("java_merchant_private_key.pem")
        let platform = try CryptoFixture.publicKey("java_wechat_pay_certificate.pem")
        #expect(!merchant.publicKey.isSameKey(as: platform))
    }

    @Test func refusesKeysShorterThan2048Bits() {
        #expect(throws: CryptoError.weakKey(bits: 1024)) { try RSAPrivateKey(pem: CryptoTestKeys.rsa1024PKCS8) }
        #expect(throws: CryptoError.weakKey(bits: 1024)) { try RSAPrivateKey.generate(bits: 1024) }
    }

    @Test func refusesNonRSAKeys() {
        #expect {
            try RSAPrivateKey(pem: CryptoTestKeys.ecPrivateKey)
        } throws: { error in
            guard case CryptoError.unsupportedKey = error else { return false }
            return true
        }
    }

    @Test func refusesPEMOfTheWrongType() throws {
        let certificate = try CryptoFixture.text("go_test_cert_F5765756002FDD77.pem")
        let privateKey = try CryptoFixture.text("official_doc_test_private_key.pem")
        let publicKey = try CryptoFixture.text("go_test_public_key_F5765756002FDD77.pem")
        #expect(throws: CryptoError.unexpectedPEMType("CERTIFICATE")) { try RSAPrivateKey(pem: certificate) }
        #expect(throws: CryptoError.unexpectedPEMType("PUBLIC KEY")) { try RSAPrivateKey(pem: publicKey) }
        #expect(throws: CryptoError.unexpectedPEMType("PRIVATE KEY")) { try RSAPublicKey(pem: privateKey) }
        #expect(throws: CryptoError.unexpectedPEMType("PUBLIC KEY")) { try X509Certificate(pem: publicKey) }
        #expect(throws: CryptoError.unexpectedPEMType("ENCRYPTED PRIVATE KEY")) {
            try RSAPrivateKey(pem: CryptoTestKeys.encryptedPrivateKey)
        }
    }

    @Test func refusesMalformedPEM() throws {
        let truncated = String(try CryptoFixture.text("official_doc_test_private_key.pem").prefix(400))
        let garbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
        let garbageCertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
        for text in ["", "hello", truncated, garbage] {
            #expect(throws: CryptoError.self) { try RSAPrivateKey(pem: text) }
        }
        #expect {
            try RSAPrivateKey(pem: "no pem here")
        } throws: { error in
            guard case CryptoError.malformedPEM = error else { return false }
            return true
        }
        #expect {
            try X509Certificate(pem: garbageCertificate)
        } throws: { error in
            guard case CryptoError.malformedPEM = error else { return false }
            return true
        }
        #expect(throws: CryptoError.self) { try RSAPublicKey(pem: garbageCertificate) }
    }

    @Test func pkcs8AndSPKIExportsReloadToTheSameKey() throws {
        let key = try CryptoFixture.officialKey()
        #expect(key.pkcs8PEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let reloaded = try RSAPrivateKey(pem: key.pkcs8PEM)
        let message = Data("round trip".utf8)
        #expect(try reloaded.signSHA256(message) == key.signSHA256(message))
        let spki = key.publicKey.spkiPEM
        #expect(spki.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(try RSAPublicKey(pem: spki).isSameKey(as: key.publicKey))
        #expect(!String(describing: key).contains("PRIVATE"))
    }

    @Test func oaepRoundTripsAndRefusesTheWrongKey() throws {
        let platform = try CryptoFixture.privateKey("java_wechat_pay_private_key.pem")
        let certificateKey = try CryptoFixture.publicKey("java_wechat_pay_certificate.pem")
        let secret = Data("张三 13800138000".utf8)
        let sealed = try certificateKey.encryptOAEP(secret)
        #expect(sealed.count == 256)
        #expect(try platform.decryptOAEP(sealed) == secret)
        let other = try CryptoFixture.privateKey("java_merchant_private_key.pem")
        #expect(throws: CryptoError.authenticationFailed) { try other.decryptOAEP(sealed) }
        #expect(throws: CryptoError.authenticationFailed) { try platform.decryptOAEP(Data("short".utf8)) }
    }

    @Test func oneKeySignsAndVerifiesFromManyTasksAtOnce() async throws {
        let key = try CryptoFixture.officialKey()
        let expected = try key.signSHA256(Data("message 0".utf8))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let message = Data("message \(index % 4)".utf8)
                    let signature = try key.signSHA256(message)
                    let verified = key.publicKey.verifySHA256(signature: signature, data: message)
                    return verified && (index % 4 != 0 || signature == expected)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }

    @Test func generatedKeysSignAndVerify() throws {
        let key = try RSAPrivateKey.generate()
        #expect(key.bits == 2048)
        let signature = try key.signSHA256(Data("generated".utf8))
        #expect(key.publicKey.verifySHA256(signature: signature, data: Data("generated".utf8)))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: Data("generated!".utf8)))
    }
}
