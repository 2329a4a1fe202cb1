import Foundation

/// Local checks that refuse a request before it is signed or sent.
enum RequestValidation {
    private static let identifierCharacters = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-|*")
    private static let refundNumberCharacters = identifierCharacters.union(["@"])

    /// `out_trade_no`: 6–32 of `[0-9A-Za-z_\-|*]`.
    static func outTradeNo(_ value: String) throws(WeChatPayError) {
        guard (6...32).contains(value.count), value.allSatisfy(identifierCharacters.contains) else {
            throw .invalidRequest("out_trade_no must be 6-32 characters of 0-9 A-Z a-z _ - | *")
        }
    }

    /// `out_refund_no`: 1–64 of `[0-9A-Za-z_\-|*@]`.
    static func outRefundNo(_ value: String) throws(WeChatPayError) {
        guard (1...64).contains(value.count), value.allSatisfy(refundNumberCharacters.contains) else {
            throw .invalidRequest("out_refund_no must be 1-64 characters of 0-9 A-Z a-z _ - | * @")
        }
    }

    /// A non-empty identifier that goes into a URL path or query.
    static func identifier(_ value: String, name: String) throws(WeChatPayError) {
        guard !value.isEmpty, value.count <= 64 else { throw .invalidRequest("\(name) must be 1-64 characters") }
    }

    /// A positive amount in fen.
    static func amount(_ total: Int) throws(WeChatPayError) {
        guard total >= 1 else { throw .invalidRequest("amount total must be at least 1 fen") }
    }

    /// `notify_url`: absolute http(s) URL without a query string.
    static func notifyURL(_ value: String) throws(WeChatPayError) {
        guard let components = URLComponents(string: value),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            components.host?.isEmpty == false, components.query == nil
        else { throw .invalidRequest("notify_url must be an absolute http(s) URL without a query string") }
    }

    /// `time_expire`, when given, must parse as RFC 3339.
    static func timeExpire(_ value: String?) throws(WeChatPayError) {
        guard let value else { return }
        guard WeChatPayTime.parse(value) != nil else { throw .invalidRequest("time_expire is not RFC 3339") }
    }

    /// A bill date `yyyy-MM-dd`.
    static func billDate(_ value: String) throws(WeChatPayError) {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { throw .invalidRequest("bill date must be yyyy-MM-dd") }
    }

    /// Checks shared by every prepay request.
    static func prepay(
        outTradeNo: String, description: String, notifyURL: String, amount: Amount, timeExpire: String?
    ) throws(WeChatPayError) {
        try self.outTradeNo(outTradeNo)
        guard !description.isEmpty, description.count <= 127 else {
            throw .invalidRequest("description must be 1-127 characters")
        }
        try self.notifyURL(notifyURL)
        try self.amount(amount.total)
        try self.timeExpire(timeExpire)
    }
}
