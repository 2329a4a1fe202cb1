import WeChatPay

/// Why a service refused or failed; messages never contain secrets.
public enum PayCoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The caller's input is wrong (amount, description, lifetime…).
    case invalidInput(String)
    case orderNotFound(String)
    case refundNotFound(String)
    /// The order cannot take this action in its state (e.g. close a paid order).
    case orderNotPayable(String)
    /// Refunds need a paid or partially refunded order.
    case orderNotRefundable(status: OrderStatus)
    /// Refused locally: more than what is left to refund.
    case refundExceedsRemainder(requested: Int, remainder: Int)
    /// The same idempotency key was used with different parameters.
    case idempotencyConflict(String)
    /// WeChat Pay said no.
    case platform(code: String, message: String, status: Int?)
    /// Network trouble or 5xx after retries; safe to retry later.
    case unavailable(String)
    /// The database failed.
    case storage(String)

    public var description: String {
        switch self {
        case .invalidInput(let message): "invalid input: \(message)"
        case .orderNotFound(let number): "no order \(number)"
        case .refundNotFound(let number): "no refund \(number)"
        case .orderNotPayable(let message): message
        case .orderNotRefundable(let status): "an order in state \(status.rawValue) cannot be refunded"
        case .refundExceedsRemainder(let requested, let remainder):
            "refund of \(AmountParser.formatYuan(requested)) exceeds the refundable remainder \(AmountParser.formatYuan(remainder))"
        case .idempotencyConflict(let message): message
        case .platform(let code, let message, let status):
            "WeChat Pay refused (\(status.map { "HTTP \($0) " } ?? "")\(code)): \(message)"
        case .unavailable(let message): "WeChat Pay unavailable: \(message)"
        case .storage(let message): "database error: \(message)"
        }
    }

    /// Whether WeChat Pay may not have carried the call out, or may have done it without the answer arriving:
    /// network trouble, 5xx, 429, `SYSTEM_ERROR` / `BANK_ERROR` / `FREQUENCY_LIMITED` (v2: `SYSTEMERROR`…).
    /// Nothing may be concluded from such a failure: repeat the same idempotent call or query the outcome.
    public var isOutcomeUnknown: Bool {
        switch self {
        case .unavailable: return true
        case .platform(let code, let message, let status?):
            return WeChatPayError.api(status: status, code: code, message: message, detail: nil).isRetrySafe
        case .platform(let code, let message, nil):
            return V2Error.business(code: code, description: message).isRetrySafe
        default: return false
        }
    }

    /// WeChat Pay answered and refused: the call had no effect (a platform error whose outcome is known).
    public var isPlatformRefusal: Bool {
        if case .platform = self { return !isOutcomeUnknown }
        return false
    }

    /// Maps a client error: platform answers keep their code, transport trouble becomes `unavailable`.
    static func from(_ error: WeChatPayError) -> PayCoreError {
        switch error {
        case .api(let status, let code, let message, _): return .platform(code: code, message: message, status: status)
        case .transport, .unexpectedResponse: return .unavailable(error.description)
        default: return .unavailable(error.description)
        }
    }

    /// Maps any error thrown by the store or a client.
    static func wrap(_ error: any Error) -> PayCoreError {
        if let error = error as? PayCoreError { return error }
        if let error = error as? WeChatPayError { return from(error) }
        if let error = error as? V2Error { return .v2(error) }
        if let error = error as? StoreError {
            switch error {
            case .orderNotFound(let number): return .orderNotFound(number)
            case .refundNotFound(let number): return .refundNotFound(number)
            case .duplicateOrder(let number): return .idempotencyConflict("order \(number) already exists")
            case .duplicateRefund(let number): return .idempotencyConflict("refund \(number) already exists")
            case .refused(let reason): return .invalidInput(reason)
            }
        }
        return .storage("\(error)")
    }

    static func v2(_ error: V2Error) -> PayCoreError {
        if case .business(let code, let description) = error { return .platform(code: code, message: description, status: nil) }
        return error.isRetrySafe ? .unavailable(error.description) : .platform(code: "V2", message: error.description, status: nil)
    }
}
