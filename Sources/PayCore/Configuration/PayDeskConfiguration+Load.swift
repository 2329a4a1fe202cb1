import Foundation
import TOMLKit
import WeChatPay

extension PayDeskConfiguration {
    /// Reads the TOML file at `path`, then applies `PAYDESK_*` overrides from `environment`.
    ///
    /// Every error names the file (or the environment variable), the dotted field and, when known, the line.
    /// A missing file is allowed when the environment supplies the required fields.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> PayDeskConfiguration {
        var source = ConfigurationSource(file: path)
        if FileManager.default.fileExists(atPath: path) {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError(file: path, message: "cannot read: \(error.localizedDescription)")
            }
            source = try parse(toml: text, file: path)
        } else if !environment.keys.contains("PAYDESK_MCHID") {
            throw ConfigurationError(
                file: path, message: "no configuration file (create one with `paydesk config init`)")
        }
        source.applyEnvironment(environment)
        var configuration = try build(from: source)
        configuration.sourcePath = path
        return configuration
    }

    /// Parses TOML text into raw fields, rejecting unknown sections and keys.
    static func parse(toml text: String, file: String) throws(ConfigurationError) -> ConfigurationSource {
        if let problem = TOMLPreflight.firstProblem(in: text) {
            throw ConfigurationError(file: file, line: problem.line, message: problem.message)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(file: file, line: error.source.begin.line, message: error.description)
        } catch {
            throw ConfigurationError(file: file, message: "not valid TOML: \(error)")
        }
        var source = ConfigurationSource(file: file)
        let lines = TOMLLineFinder(text: text)
        for section in table.keys {
            guard let sectionTable = table[section]?.table else {
                throw ConfigurationError(
                    file: file, field: section, line: lines.line(section: nil, key: section),
                    message: "expected a [\(section)] section")
            }
            for key in sectionTable.keys {
                let field = "\(section).\(key)"
                let line = lines.line(section: section, key: key)
                guard ConfigurationSource.knownFields.contains(field) else {
                    throw ConfigurationError(file: file, field: field, line: line, message: "unknown setting")
                }
                guard let value = sectionTable[key] else { continue }
                source.entries[field] = ConfigurationSource.Entry(value: convert(value), origin: file, line: line)
            }
        }
        return source
    }

    private static func convert(_ value: any TOMLValueConvertible) -> ConfigurationSource.Value {
        if let text = value.string { return .string(text) }
        if let number = value.int { return .integer(number) }
        if let flag = value.bool { return .boolean(flag) }
        if let array = value.array {
            let texts = array.compactMap { $0.string }
            if texts.count == array.count { return .strings(texts) }
        }
        return .other("\(value)")
    }

    /// Builds and validates the typed configuration.
    static func build(from source: ConfigurationSource) throws(ConfigurationError) -> PayDeskConfiguration {
        let mchid = try source.required("merchant.mchid")
        let appid = try source.required("merchant.appid")
        let serial = try source.required("merchant.serial_no")
        let privateKey = expandHome(try source.required("merchant.private_key"))
        let apiV3Key = try source.required("merchant.apiv3_key")
        guard apiV3Key.utf8.count == 32 else {
            throw source.error("merchant.apiv3_key", "must be 32 characters (it has \(apiV3Key.utf8.count))")
        }
        var environment = Environment.production
        if let text = try source.string("merchant.environment") {
            guard let value = Environment(rawValue: text) else {
                throw source.error("merchant.environment", "expected \"production\" or \"sandbox\", got “\(text)”")
            }
            environment = value
        }
        var apiVersion = APIVersion.v3
        if let text = try source.string("merchant.api_version") {
            guard let value = APIVersion(rawValue: text.lowercased()) else {
                throw source.error("merchant.api_version", "expected \"v3\" or \"v2\", got “\(text)”")
            }
            apiVersion = value
        }
        let baseURL = try source.string("merchant.base_url") ?? productionBaseURL
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw source.error("merchant.base_url", "expected an http(s) URL")
        }
        var configuration = PayDeskConfiguration(
            mchid: mchid, appid: appid, merchantSerial: serial, merchantPrivateKeyPath: privateKey,
            apiV3Key: Secret(apiV3Key), baseURL: baseURL, environment: environment, apiVersion: apiVersion,
            merchantName: try source.string("merchant.name"),
            databasePath: try source.string("storage.database").map(expandHome))
        configuration.merchantCertificatePath = try source.string("merchant.certificate").map(expandHome)
        configuration.apiV2Key = try source.string("merchant.apiv2_key").map(Secret.init)
        if apiVersion == .v2, configuration.apiV2Key == nil {
            throw source.error("merchant.apiv2_key", "is required when api_version = \"v2\"")
        }
        if let text = try source.string("merchant.v2_sign_type") {
            guard let type = V2SignType(rawValue: text.uppercased()) else {
                throw source.error("merchant.v2_sign_type", "expected \"HMAC-SHA256\" or \"MD5\", got “\(text)”")
            }
            configuration.v2SignType = type
        }
        if let rate = try source.integer("merchant.fee_rate_ppm") {
            guard (0...1_000_000).contains(rate) else {
                throw source.error("merchant.fee_rate_ppm", "must be between 0 and 1000000 parts per million")
            }
            configuration.feeRatePPM = rate
        }
        configuration.platformPublicKeyPath = try source.string("platform.public_key").map(expandHome)
        configuration.platformPublicKeyID = try source.string("platform.public_key_id")
        if configuration.platformPublicKeyPath != nil, configuration.platformPublicKeyID == nil {
            throw source.error("platform.public_key_id", "is required with platform.public_key")
        }
        configuration.platformCertificatePaths = try source.strings("platform.certificates").map(expandHome)
        if let subMchid = try source.string("partner.sub_mchid") {
            configuration.partner = PartnerSettings(subMchid: subMchid, subAppid: try source.string("partner.sub_appid"))
        }
        if let lifetime = try qrLifetime(in: source) { configuration.qrLifetime = lifetime }
        configuration.notifyURL = try source.string("checkout.notify_url")
        if let url = try source.string("webhook.url") {
            let secret = try source.required("webhook.secret")
            configuration.webhook = WebhookSettings(url: url, secret: Secret(secret))
        }
        configuration.ui = UISettings(
            theme: try source.string("ui.theme"), language: try source.string("ui.language"),
            qrStyle: try source.string("ui.qr_style"))
        if let style = configuration.ui.qrStyle, !["blocks", "wide"].contains(style) {
            throw source.error("ui.qr_style", "expected \"blocks\" or \"wide\", got “\(style)”")
        }
        return configuration
    }

    static func expandHome(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}

/// Finds the line of `key = …` inside `[section]` (TOMLKit reports lines only for syntax errors).
struct TOMLLineFinder {
    let lines: [Substring]

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    func line(section: String?, key: String) -> Int? {
        var current: String?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                if section == nil, current == key { return index + 1 }
                continue
            }
            guard current == section, line.hasPrefix(key) else { continue }
            let rest = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("=") { return index + 1 }
        }
        return nil
    }
}

extension PayDeskConfiguration {
    /// `checkout.qr_lifetime` of `source`, checked against WeChat Pay's bounds for `time_expire`.
    static func qrLifetime(in source: ConfigurationSource) throws(ConfigurationError) -> TimeInterval? {
        guard let lifetime = try source.duration("checkout.qr_lifetime") else { return nil }
        guard qrLifetimeBounds.contains(lifetime) else {
            throw source.error("checkout.qr_lifetime", "must be between 1 minute and 90 days")
        }
        return lifetime
    }

    /// Applies to a SANDBOX configuration (which has no file) the overrides that describe the till rather than the
    /// merchant: `PAYDESK_QR_LIFETIME`. The merchant itself always comes from the simulator's `sandbox.json`.
    public mutating func applySandboxOverrides(environment: [String: String]) throws(ConfigurationError) {
        var source = ConfigurationSource(file: sourcePath ?? "sandbox")
        source.applyEnvironment(environment.filter { $0.key == "PAYDESK_QR_LIFETIME" })
        if let lifetime = try Self.qrLifetime(in: source) { qrLifetime = lifetime }
    }
}
