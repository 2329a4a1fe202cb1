import Foundation

extension PayDeskConfiguration {
    /// The fields of the simulator's `sandbox.json` (DESIGN §6).
    struct SandboxFile: Decodable {
        var baseURL: String
        var mchid: String
        var appid: String
        var merchantSerial: String
        var merchantPrivateKey: String
        var merchantCertificate: String?
        var apiV3Key: String
        var apiV2Key: String?
        var platformPublicKey: String?
        var platformPublicKeyID: String?
        var platformCertificate: String?
        var platformSerial: String?

        enum CodingKeys: String, CodingKey {
            case mchid, appid
            case baseURL = "base_url", merchantSerial = "merchant_serial", merchantPrivateKey = "merchant_private_key"
            case merchantCertificate = "merchant_certificate", apiV3Key = "apiv3_key", apiV2Key = "apiv2_key"
            case platformPublicKey = "platform_public_key", platformPublicKeyID = "platform_public_key_id"
            case platformCertificate = "platform_certificate", platformSerial = "platform_serial"
        }
    }

    /// The merchant of a running `paydesk sim`, read from `DIR/sandbox.json`; environment = sandbox.
    ///
    /// The database defaults to `DIR/paydesk.sqlite` so that sandbox orders never mix with real ones.
    public static func sandbox(
        directory: String, databasePath: String? = nil
    ) throws(ConfigurationError) -> PayDeskConfiguration {
        let path = directory + "/sandbox.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, message: "no sandbox here (start one with `paydesk sim`)")
        }
        let file: SandboxFile
        do {
            file = try JSONDecoder().decode(SandboxFile.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw ConfigurationError(file: path, field: key.stringValue, message: "is required")
        } catch DecodingError.typeMismatch(_, let context) {
            throw ConfigurationError(
                file: path, field: context.codingPath.map(\.stringValue).joined(separator: "."),
                message: "has the wrong type")
        } catch {
            throw ConfigurationError(file: path, message: "not a sandbox.json document")
        }
        var configuration = PayDeskConfiguration(
            mchid: file.mchid, appid: file.appid, merchantSerial: file.merchantSerial,
            merchantPrivateKeyPath: resolve(file.merchantPrivateKey, in: directory), apiV3Key: Secret(file.apiV3Key),
            baseURL: file.baseURL, environment: .sandbox, apiVersion: .v3, merchantName: "Sandbox \(file.mchid)",
            databasePath: databasePath ?? directory + "/paydesk.sqlite")
        configuration.merchantCertificatePath = file.merchantCertificate.map { resolve($0, in: directory) }
        configuration.apiV2Key = file.apiV2Key.map(Secret.init)
        if let key = file.platformPublicKey, let keyID = file.platformPublicKeyID {
            configuration.platformPublicKeyPath = resolve(key, in: directory)
            configuration.platformPublicKeyID = keyID
        }
        configuration.platformCertificatePaths = file.platformCertificate.map { [resolve($0, in: directory)] } ?? []
        configuration.sourcePath = path
        return configuration
    }

    private static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    /// A commented `config.toml` to start from (`paydesk config init`), written at `configPath`.
    ///
    /// Key files are expected next to the configuration file and the database is the default one under
    /// `$XDG_DATA_HOME`; both are written as absolute paths, so the template means the same whatever HOME or
    /// XDG variables the reader has later.
    public static func template(
        configPath: String = defaultConfigPath, databasePath: String = defaultDatabasePath
    ) -> String {
        let keys = (configPath as NSString).deletingLastPathComponent
        func quoted(_ path: String) -> String {
            "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return """
        # PayDesk configuration (see docs/configuration.md).
        # Key material is referenced by path; key files must have mode 0600.
        # Every setting can be overridden by a PAYDESK_* environment variable (e.g. PAYDESK_APIV3_KEY).

        [merchant]
        name = "My shop"
        mchid = "1900000001"
        appid = "wxd678efh567hg6787"
        serial_no = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
        private_key = \(quoted(keys + "/apiclient_key.pem"))
        certificate = \(quoted(keys + "/apiclient_cert.pem"))
        apiv3_key = "replace-with-your-32-char-apiv3k"
        # apiv2_key = "…"             # only for api_version = "v2"
        # v2_sign_type = "HMAC-SHA256"  # or "MD5" (api_version = "v2")
        api_version = "v3"            # "v3" or "v2"
        environment = "production"    # "production" or "sandbox"
        base_url = "https://api.mch.weixin.qq.com"
        fee_rate_ppm = 6000           # 0.6 %

        [platform]
        # WeChat Pay public key mode:
        # public_key = \(quoted(keys + "/pub_key.pem"))
        # public_key_id = "PUB_KEY_ID_0000000000000000000000000000000000"
        # and/or platform certificates (more are downloaded from /v3/certificates when needed):
        # certificates = [\(quoted(keys + "/wechatpay_cert.pem"))]

        # [partner]                   # service provider mode: mchid/appid above are sp_mchid/sp_appid
        # sub_mchid = "1900000109"
        # sub_appid = "wx8888888888888888"

        [checkout]
        qr_lifetime = "10m"           # 1m … 90d
        notify_url = "https://example.com/notify"

        # [webhook]                   # tell your own system about PAID / REFUNDED orders
        # url = "https://example.com/paydesk-events"
        # secret = "…"

        [ui]
        theme = "default"
        language = "en"
        qr_style = "blocks"           # "blocks" or "wide"

        [storage]
        # database = \(quoted(databasePath))   # the default

        """
    }
}
