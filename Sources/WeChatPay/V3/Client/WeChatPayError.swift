import Foundation

/// Why a v3 call failed, from local refusal to platform answer.
public enum WeChatPayError: Error, Sendable, Equatable {
    /// A 4xx/5xx answer with the platform's JSON error body.
    case api(status: Int, code: String, message: String, detail: String?)
    /// A non-2xx answer without a JSON error body (body truncated to about 200 characters).
    case unexpectedResponse(status: Int, body: String)
    /// Nothing was answered (connection, TLS, timeout).
    case transport(TransportError)
    /// A 2xx answer whose signature did not verify: its content must not be trusted.
    case verification(String)
    /// A verified answer whose body is not the expected JSON.
    case decoding(String)
    /// Refused locally before any call was made.
    case invalidRequest(String)
    /// The downloaded bill does not match the SHA-1 announced by the bill API.
    case billHashMismatch(expected: String, actual: String)

    /// Codes whose failure is transient on the platform side, in both spellings.
    private static let retryableCodes = ["SYSTEM_ERROR", "BANK_ERROR", "FREQUENCY_LIMITED"]
    /// 500 answers that are not transient.
    private static let permanentServerCodes = ["OPENID_MISMATCH", "INVALID_TRANSACTIONID"]

    /// The platform error code, when the platform answered with one.
    public var code: String? {
        if case .api(_, let code, _, _) = self { return code }
        return nil
    }

    /// The HTTP status, when the platform answered.
    public var status: Int? {
        switch self {
        case .api(let status, _, _, _), .unexpectedResponse(let status, _): status
        default: nil
        }
    }

    /// Whether `code` names the same error as `other`, tolerating the older spelling without underscores
    /// (`ORDERNOTEXIST` = `ORDER_NOT_EXIST`) and letter case.
    public func hasCode(_ other: String) -> Bool {
        guard let code else { return false }
        return Self.normalized(code) == Self.normalized(other)
    }

    /// Whether sending the same request again cannot do harm *and* may succeed: connection failures (the
    /// request did not get through), 5xx, `SYSTEM_ERROR`, `BANK_ERROR`, `FREQUENCY_LIMITED` / 429.
    /// Timeouts are not included: the request may have been processed. The client still retries only
    /// idempotent calls.
    public var isRetrySafe: Bool {
        switch self {
        case .transport(.connection): return true
        case .api(let status, _, _, _):
            if Self.permanentServerCodes.contains(where: { hasCode($0) }) { return false }
            return status >= 500 || status == 429 || Self.retryableCodes.contains { hasCode($0) }
        case .unexpectedResponse(let status, _): return status >= 500 || status == 429
        default: return false
        }
    }

    /// Whether the request timed out (its outcome is unknown).
    public var isTimeout: Bool {
        if case .transport(.timeout) = self { return true }
        return false
    }

    private static func normalized(_ code: String) -> String {
        code.uppercased().filter { $0 != "_" }
    }
}

extension WeChatPayError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .api(let status, let code, let message, let detail):
            "WeChat Pay error \(status) \(code): \(message)" + (detail.map { " \($0)" } ?? "")
        case .unexpectedResponse(let status, let body): "unexpected HTTP \(status): \(body)"
        case .transport(let error): "transport: \(error)"
        case .verification(let reason): "response signature not verified: \(reason)"
        case .decoding(let reason): "cannot decode response: \(reason)"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .billHashMismatch(let expected, let actual): "bill SHA-1 \(actual) does not match \(expected)"
        }
    }
}
