import Foundation

/// Field rules of the platform, each throwing a `PARAM_ERROR` that names the field and the rule.
enum Validation {
    private static let orderNumberCharacters = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-|*")

    /// `out_trade_no`: 6–32 of `[0-9A-Za-z_-|*]`.
    static func outTradeNo(_ value: String?) throws -> String {
        guard let value, !value.isEmpty else { throw PlatformError.param("out_trade_no is required") }
        guard (6...32).contains(value.count), value.allSatisfy(orderNumberCharacters.contains) else {
            throw PlatformError.param("out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*], got \"\(value)\"")
        }
        return value
    }

    /// `out_refund_no`: 1–64 of `[0-9A-Za-z_-|*@]`.
    static func outRefundNo(_ value: String?) throws -> String {
        guard let value, !value.isEmpty else { throw PlatformError.param("out_refund_no is required") }
        guard value.count <= 64, value.allSatisfy({ orderNumberCharacters.contains($0) || $0 == "@" }) else {
            throw PlatformError.param("out_refund_no must be 1-64 characters of [0-9A-Za-z_-|*@]")
        }
        return value
    }

    /// `appid`-shaped: `wx` followed by 16 letters or digits.
    static func isAppID(_ value: String) -> Bool {
        value.count == 18 && value.hasPrefix("wx") && value.dropFirst(2).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// `notify_url`: absolute http(s), a host, no query string, at most 256 characters.
    static func notifyURL(_ value: String?, field: String = "notify_url") throws -> String {
        guard let value, !value.isEmpty else { throw PlatformError.param("\(field) is required") }
        guard value.count <= 256 else { throw PlatformError.param("\(field) is longer than 256 characters") }
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw PlatformError.param("\(field) must be an absolute http or https URL, got \"\(value)\"") }
        guard components.query == nil, !value.contains("?") else {
            throw PlatformError.param("\(field) must not carry a query string")
        }
        return value
    }

    /// `description`: 1–127 characters.
    static func description(_ value: String?) throws -> String {
        guard let value, !value.isEmpty else { throw PlatformError.param("description is required") }
        guard value.count <= 127 else { throw PlatformError.param("description is longer than 127 characters") }
        return value
    }

    /// `sub_mchid`: the simulator accepts any 10 digits.
    static func subMchid(_ value: String?) throws -> String {
        guard let value, !value.isEmpty else { throw PlatformError.param("sub_mchid is required") }
        guard value.count == 10, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw PlatformError.param("sub_mchid must be 10 digits")
        }
        return value
    }
}
