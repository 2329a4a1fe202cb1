import Foundation
import PayCore
import Testing
import WeChatPay

@Suite("Configuration")
struct ConfigurationTests {
    /// A temp directory with a config.toml of `text`.
    static func write(_ text: String) throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("config.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    static let valid = """
        [merchant]
        mchid = "1900000001"
        appid = "wxd678efh567hg6787"
        serial_no = "5F1C72E2A8931B72A2E13AF8DEE92471EB397115"
        private_key = "/tmp/key.pem"
        apiv3_key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"
        fee_rate_ppm = 2000

        [checkout]
        qr_lifetime = "15m"
        notify_url = "https://shop.example/notify"

        [storage]
        database = "/tmp/paydesk-test.sqlite"
        """

    @Test func readsSectionsAndDurations() throws {
        let (directory, path) = try Self.write(Self.valid)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try PayDeskConfiguration.load(path: path, environment: [:])
        #expect(configuration.mchid == "1900000001")
        #expect(configuration.qrLifetime == 900)
        #expect(configuration.feeRatePPM == 2000)
        #expect(configuration.apiVersion == .v3)
        #expect(configuration.databasePath == "/tmp/paydesk-test.sqlite")
        #expect(configuration.notifyURL == "https://shop.example/notify")
        #expect(!"\(configuration)".contains("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"))
    }

    @Test func environmentOverridesTheFile() throws {
        let (directory, path) = try Self.write(Self.valid)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try PayDeskConfiguration.load(
            path: path, environment: ["PAYDESK_MCHID": "1900000002", "PAYDESK_DATABASE": "/tmp/other.sqlite"])
        #expect(configuration.mchid == "1900000002")
        #expect(configuration.databasePath == "/tmp/other.sqlite")
    }

    @Test func errorsNameFieldFileAndLine() throws {
        let missing = try Self.write(Self.valid.replacingOccurrences(of: "appid = \"wxd678efh567hg6787\"\n", with: ""))
        defer { try? FileManager.default.removeItem(at: missing.directory) }
        #expect {
            try PayDeskConfiguration.load(path: missing.path, environment: [:])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.field == "merchant.appid" && error?.file == missing.path
        }

        let badLifetime = try Self.write(Self.valid.replacingOccurrences(of: "\"15m\"", with: "\"20s\""))
        defer { try? FileManager.default.removeItem(at: badLifetime.directory) }
        #expect {
            try PayDeskConfiguration.load(path: badLifetime.path, environment: [:])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.field == "checkout.qr_lifetime" && error?.line == 10 && "\(error!)".contains("config.toml:10")
        }

        let typo = try Self.write(Self.valid + "\n[ui]\nqrstyle = \"wide\"\n")
        defer { try? FileManager.default.removeItem(at: typo.directory) }
        #expect {
            try PayDeskConfiguration.load(path: typo.path, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.field == "ui.qrstyle" && (error as? ConfigurationError)?.line == 16
        }

        let syntax = try Self.write("[merchant]\nmchid = \n")
        defer { try? FileManager.default.removeItem(at: syntax.directory) }
        #expect {
            try PayDeskConfiguration.load(path: syntax.path, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.line == 2
        }
    }

    @Test func errorsNeverContainTheKey() throws {
        let short = try Self.write(Self.valid.replacingOccurrences(of: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb", with: "secret-but-short"))
        defer { try? FileManager.default.removeItem(at: short.directory) }
        do {
            _ = try PayDeskConfiguration.load(path: short.path, environment: [:])
            Issue.record("a 16-character APIv3 key was accepted")
        } catch {
            #expect(error.field == "merchant.apiv3_key")
            #expect(!error.description.contains("secret-but-short"))
        }
    }

    @Test func checkCatchesLooseModeAndKeyCertificateMismatch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = try CoreHarness.makeConfiguration(directory: directory)
        // The fixture certificate expired in 2025; everything else about the pair is sound.
        #expect(configuration.check().filter { $0.severity == .error && !$0.message.contains("expired") }.isEmpty)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: configuration.merchantPrivateKeyPath)
        let loose = configuration.check()
        #expect(loose.contains { $0.field == "merchant.private_key" && $0.message.contains("0644") && $0.severity == .error })

        let other = directory.appendingPathComponent("axios_apiclient_cert.pem")
        try FileManager.default.copyItem(at: Fixtures.directory.appendingPathComponent("axios_apiclient_cert.pem"), to: other)
        configuration.merchantCertificatePath = other.path
        let mismatch = configuration.check()
        #expect(mismatch.contains { $0.field == "merchant.certificate" && $0.message.contains("does not match") })

        configuration.merchantPrivateKeyPath = directory.appendingPathComponent("missing.pem").path
        #expect(configuration.check().contains { $0.field == "merchant.private_key" && $0.file == configuration.merchantPrivateKeyPath })
    }

    @Test func sandboxReadsSimulatorContract() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = """
            {"base_url": "http://127.0.0.1:8380", "mchid": "1900000001", "appid": "wxSANDBOX",
             "merchant_serial": "ABCDEF", "merchant_private_key": "merchant_key.pem", "apiv3_key": "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
             "apiv2_key": "k2", "platform_public_key": "/abs/pub.pem", "platform_public_key_id": "PUB_KEY_ID_1",
             "platform_certificate": "platform_cert.pem", "platform_serial": "1234"}
            """
        try json.write(to: directory.appendingPathComponent("sandbox.json"), atomically: true, encoding: .utf8)
        let configuration = try PayDeskConfiguration.sandbox(directory: directory.path)
        #expect(configuration.environment == .sandbox)
        #expect(configuration.baseURL == "http://127.0.0.1:8380")
        #expect(configuration.merchantPrivateKeyPath == directory.path + "/merchant_key.pem")
        #expect(configuration.platformPublicKeyPath == "/abs/pub.pem")
        #expect(configuration.platformCertificatePaths == [directory.path + "/platform_cert.pem"])
        #expect(configuration.databasePath == directory.path + "/paydesk.sqlite")

        #expect {
            try PayDeskConfiguration.sandbox(directory: directory.path + "/nothing")
        } throws: { error in
            (error as? ConfigurationError)?.file.hasSuffix("nothing/sandbox.json") == true
        }
    }

    @Test func templateLoads() throws {
        let (directory, path) = try Self.write(PayDeskConfiguration.template())
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try PayDeskConfiguration.load(path: path, environment: [:])
        #expect(configuration.qrLifetime == 600)
        #expect(configuration.ui.qrStyle == "blocks")
        #expect(configuration.v2SignType == .hmacSHA256)
    }

    @Test func templatePointsNextToItsOwnFileWithAbsolutePaths() throws {
        let home = "/srv/shop \"one\""
        let text = PayDeskConfiguration.template(
            configPath: home + "/xdg-config/paydesk/config.toml", databasePath: home + "/xdg-data/paydesk/paydesk.sqlite")
        #expect(!text.contains("~"))
        let (directory, path) = try Self.write(text)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try PayDeskConfiguration.load(path: path, environment: ["HOME": "/elsewhere"])
        #expect(configuration.merchantPrivateKeyPath == home + "/xdg-config/paydesk/apiclient_key.pem")
        #expect(configuration.merchantCertificatePath == home + "/xdg-config/paydesk/apiclient_cert.pem")
        #expect(text.contains(#"# database = "/srv/shop \"one\"/xdg-data/paydesk/paydesk.sqlite""#))
    }

    @Test func v2SignTypeIsReadAndChecked() throws {
        let (directory, path) = try Self.write(Self.valid + "\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let md5 = try PayDeskConfiguration.load(path: path, environment: ["PAYDESK_V2_SIGN_TYPE": "md5"])
        #expect(md5.v2SignType == .md5)
        #expect {
            try PayDeskConfiguration.load(path: path, environment: ["PAYDESK_V2_SIGN_TYPE": "SHA1"])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.field == "merchant.v2_sign_type" && error?.file == "environment variable PAYDESK_V2_SIGN_TYPE"
        }
    }
}
