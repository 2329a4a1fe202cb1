import Foundation

/// The raw settings of a configuration: dotted field names (`merchant.mchid`) with where each came from.
///
/// TOML and `PAYDESK_*` variables both fill it, so the typed reading in `PayDeskConfiguration+Load` can name the
/// field and its origin (file and line, or the environment variable) in every error.
struct ConfigurationSource {
    /// One raw value.
    enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case strings([String])
        case other(String)
    }

    /// A value and where it was read.
    struct Entry {
        var value: Value
        /// The file, or `environment variable PAYDESK_…`.
        var origin: String
        var line: Int?
    }

    var entries: [String: Entry] = [:]
    /// The configuration file, for errors about missing fields.
    var file: String

    /// Every field PayDesk reads; anything else in the file is reported as unknown (typos).
    static let knownFields: Set<String> = [
        "merchant.name", "merchant.mchid", "merchant.appid", "merchant.serial_no", "merchant.private_key",
        "merchant.certificate", "merchant.apiv3_key", "merchant.apiv2_key", "merchant.v2_sign_type", "merchant.api_version",
        "merchant.environment", "merchant.base_url", "merchant.fee_rate_ppm",
        "platform.public_key", "platform.public_key_id", "platform.certificates",
        "partner.sub_mchid", "partner.sub_appid",
        "checkout.qr_lifetime", "checkout.notify_url",
        "webhook.url", "webhook.secret",
        "ui.theme", "ui.language", "ui.qr_style",
        "storage.database",
    ]

    /// `PAYDESK_*` variables and the field each overrides.
    static let environmentOverrides: [(variable: String, field: String)] = [
        ("PAYDESK_MERCHANT_NAME", "merchant.name"), ("PAYDESK_MCHID", "merchant.mchid"),
        ("PAYDESK_APPID", "merchant.appid"), ("PAYDESK_SERIAL_NO", "merchant.serial_no"),
        ("PAYDESK_PRIVATE_KEY", "merchant.private_key"), ("PAYDESK_CERTIFICATE", "merchant.certificate"),
        ("PAYDESK_APIV3_KEY", "merchant.apiv3_key"), ("PAYDESK_APIV2_KEY", "merchant.apiv2_key"),
        ("PAYDESK_V2_SIGN_TYPE", "merchant.v2_sign_type"),
        ("PAYDESK_API_VERSION", "merchant.api_version"), ("PAYDESK_ENVIRONMENT", "merchant.environment"),
        ("PAYDESK_BASE_URL", "merchant.base_url"), ("PAYDESK_FEE_RATE_PPM", "merchant.fee_rate_ppm"),
        ("PAYDESK_PLATFORM_PUBLIC_KEY", "platform.public_key"),
        ("PAYDESK_PLATFORM_PUBLIC_KEY_ID", "platform.public_key_id"),
        ("PAYDESK_PLATFORM_CERTIFICATES", "platform.certificates"),
        ("PAYDESK_SUB_MCHID", "partner.sub_mchid"), ("PAYDESK_SUB_APPID", "partner.sub_appid"),
        ("PAYDESK_QR_LIFETIME", "checkout.qr_lifetime"), ("PAYDESK_NOTIFY_URL", "checkout.notify_url"),
        ("PAYDESK_WEBHOOK_URL", "webhook.url"), ("PAYDESK_WEBHOOK_SECRET", "webhook.secret"),
        ("PAYDESK_DATABASE", "storage.database"),
    ]

    /// Applies the `PAYDESK_*` variables present in `environment` (lists are comma-separated).
    mutating func applyEnvironment(_ environment: [String: String]) {
        for (variable, field) in Self.environmentOverrides {
            guard let text = environment[variable] else { continue }
            let value: Value =
                field == "platform.certificates"
                ? .strings(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                : .string(text)
            entries[field] = Entry(value: value, origin: "environment variable \(variable)", line: nil)
        }
    }

    // MARK: - Typed reading

    func error(_ field: String, _ message: String) -> ConfigurationError {
        let entry = entries[field]
        return ConfigurationError(file: entry?.origin ?? file, field: field, line: entry?.line, message: message)
    }

    func string(_ field: String) throws(ConfigurationError) -> String? {
        guard let entry = entries[field] else { return nil }
        switch entry.value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        default: throw error(field, "expected a string")
        }
    }

    func required(_ field: String) throws(ConfigurationError) -> String {
        guard let text = try string(field), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(field, "is required")
        }
        return text
    }

    func integer(_ field: String) throws(ConfigurationError) -> Int? {
        guard let entry = entries[field] else { return nil }
        switch entry.value {
        case .integer(let number): return number
        case .string(let text):
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw error(field, "expected an integer, got “\(text)”")
            }
            return number
        default: throw error(field, "expected an integer")
        }
    }

    func strings(_ field: String) throws(ConfigurationError) -> [String] {
        guard let entry = entries[field] else { return [] }
        switch entry.value {
        case .strings(let list): return list
        case .string(let text): return [text]
        default: throw error(field, "expected a list of strings")
        }
    }

    /// A duration: `90s`, `10m`, `2h`, `1d`, or a number of seconds.
    func duration(_ field: String) throws(ConfigurationError) -> TimeInterval? {
        guard let entry = entries[field] else { return nil }
        let text: String
        switch entry.value {
        case .integer(let number): return TimeInterval(number)
        case .string(let value): text = value
        default: throw error(field, "expected a duration like \"10m\"")
        }
        guard let seconds = Self.parseDuration(text) else {
            throw error(field, "expected a duration like \"90s\", \"10m\", \"2h\" or \"1d\", got “\(text)”")
        }
        return seconds
    }

    /// Seconds in `90s`, `10m`, `2h`, `1d` or a bare number of seconds; nil when malformed.
    static func parseDuration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last else { return nil }
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = units[last] {
            guard let number = Double(trimmed.dropLast()), number >= 0 else { return nil }
            return number * unit
        }
        guard let number = Double(trimmed), number >= 0 else { return nil }
        return number
    }
}
