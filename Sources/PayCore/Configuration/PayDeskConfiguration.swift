import Foundation
import WeChatPay

/// Partner (service provider) mode: PayDesk acts for a sub-merchant; `mchid`/`appid` are the provider's.
public struct PartnerSettings: Sendable, Equatable {
    /// `sub_mchid`.
    public var subMchid: String
    /// `sub_appid`, when the sub-merchant has its own app id.
    public var subAppid: String?

    /// Creates partner settings.
    public init(subMchid: String, subAppid: String? = nil) {
        self.subMchid = subMchid
        self.subAppid = subAppid
    }
}

/// The merchant's own system, told about PAID and REFUNDED orders (see `BusinessWebhook`).
public struct WebhookSettings: Sendable, Equatable {
    /// Where to POST events.
    public var url: String
    /// HMAC-SHA256 key of the `PayDesk-Signature` header.
    public var secret: Secret

    /// Creates webhook settings.
    public init(url: String, secret: Secret) {
        self.url = url
        self.secret = secret
    }
}

/// Console preferences.
public struct UISettings: Sendable, Equatable {
    /// Colour theme name.
    public var theme: String?
    /// `en` or `zh`.
    public var language: String?
    /// QR rendering: `blocks` or `wide`.
    public var qrStyle: String?

    /// Creates UI settings.
    public init(theme: String? = nil, language: String? = nil, qrStyle: String? = nil) {
        self.theme = theme
        self.language = language
        self.qrStyle = qrStyle
    }
}

/// Everything PayDesk needs to talk to WeChat Pay for one merchant; key material is referenced by path.
///
/// Built by `load(path:environment:)` (TOML plus `PAYDESK_*` overrides) or `sandbox(directory:databasePath:)`.
/// The APIv3/APIv2 keys are `Secret`s: printing a configuration never shows them.
public struct PayDeskConfiguration: Sendable {
    /// Where the merchant lives.
    public enum Environment: String, Sendable { case sandbox, production }
    /// Which WeChat Pay API generation the merchant uses.
    public enum APIVersion: String, Sendable { case v3, v2 }

    /// The production API host.
    public static let productionBaseURL = "https://api.mch.weixin.qq.com"
    /// Default QR lifetime: 10 minutes.
    public static let defaultQRLifetime: TimeInterval = 600
    /// Allowed QR lifetimes: `time_expire` must lie in [now + 1 min, now + 90 days].
    public static let qrLifetimeBounds: ClosedRange<TimeInterval> = 60...(90 * 86_400)

    public var environment: Environment
    public var apiVersion: APIVersion
    /// Display name of the merchant (unique in the database).
    public var merchantName: String
    public var baseURL: String
    public var mchid: String
    public var appid: String
    /// Serial of the merchant API certificate.
    public var merchantSerial: String
    public var merchantPrivateKeyPath: String
    /// The merchant API certificate (needed for v2 refunds, and for `check()` to match the key).
    public var merchantCertificatePath: String?
    public var apiV3Key: Secret
    public var apiV2Key: Secret?
    /// How v2 requests are signed (and so how WeChat Pay signs their notifications): HMAC-SHA256 unless set.
    public var v2SignType: V2SignType
    /// WeChat Pay public key PEM (public key mode).
    public var platformPublicKeyPath: String?
    /// `PUB_KEY_ID_…` of the public key.
    public var platformPublicKeyID: String?
    /// Platform certificate PEMs (certificate mode); more are downloaded from `/v3/certificates` when needed.
    public var platformCertificatePaths: [String]
    public var partner: PartnerSettings?
    /// Default notify URL of new orders.
    public var notifyURL: String?
    /// Service fee rate in parts per million (0.6 % = 6000).
    public var feeRatePPM: Int
    /// Default QR lifetime in seconds.
    public var qrLifetime: TimeInterval
    /// The SQLite database file.
    public var databasePath: String
    public var webhook: WebhookSettings?
    public var ui: UISettings
    /// The file this configuration was read from, for messages.
    public var sourcePath: String?

    /// A configuration with defaults for everything but the merchant identity and keys.
    public init(
        mchid: String, appid: String, merchantSerial: String, merchantPrivateKeyPath: String, apiV3Key: Secret,
        baseURL: String = PayDeskConfiguration.productionBaseURL, environment: Environment = .production,
        apiVersion: APIVersion = .v3, merchantName: String? = nil, databasePath: String? = nil
    ) {
        self.environment = environment
        self.apiVersion = apiVersion
        self.merchantName = merchantName ?? mchid
        self.baseURL = baseURL
        self.mchid = mchid
        self.appid = appid
        self.merchantSerial = merchantSerial
        self.merchantPrivateKeyPath = merchantPrivateKeyPath
        self.merchantCertificatePath = nil
        self.apiV3Key = apiV3Key
        self.apiV2Key = nil
        self.v2SignType = .hmacSHA256
        self.platformPublicKeyPath = nil
        self.platformPublicKeyID = nil
        self.platformCertificatePaths = []
        self.partner = nil
        self.notifyURL = nil
        self.feeRatePPM = 6000
        self.qrLifetime = Self.defaultQRLifetime
        self.databasePath = databasePath ?? Self.defaultDatabasePath
        self.webhook = nil
        self.ui = UISettings()
        self.sourcePath = nil
    }

    // MARK: - Default locations

    /// `$XDG_CONFIG_HOME/paydesk/config.toml` (`~/.config/paydesk/config.toml`).
    public static var defaultConfigPath: String {
        xdgDirectory("XDG_CONFIG_HOME", fallback: ".config") + "/paydesk/config.toml"
    }

    /// `$XDG_DATA_HOME/paydesk/sandbox` (`~/.local/share/paydesk/sandbox`).
    public static var defaultSandboxDirectory: String {
        xdgDirectory("XDG_DATA_HOME", fallback: ".local/share") + "/paydesk/sandbox"
    }

    /// `$XDG_DATA_HOME/paydesk/paydesk.sqlite`.
    public static var defaultDatabasePath: String {
        xdgDirectory("XDG_DATA_HOME", fallback: ".local/share") + "/paydesk/paydesk.sqlite"
    }

    static func xdgDirectory(_ variable: String, fallback: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment[variable], value.hasPrefix("/") { return value }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/" + fallback
    }
}

extension PayDeskConfiguration: CustomStringConvertible {
    /// A summary without secrets.
    public var description: String {
        "PayDeskConfiguration(\(environment.rawValue), \(apiVersion.rawValue), mchid \(mchid), appid \(appid), "
            + "base \(baseURL), key \(merchantPrivateKeyPath), apiv3_key \(apiV3Key))"
    }
}
