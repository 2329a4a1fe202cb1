/// Failures of an API v2 call, in the platform's two layers (communication, business) plus the local ones.
public enum V2Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// `return_code=FAIL`: the platform refused the request itself (signature, parameters); `return_msg`.
    case communication(String)
    /// `result_code=FAIL`: the request was understood and the business operation failed.
    case business(code: String, description: String)
    /// The response's `sign` does not verify with the API v2 key.
    case badSignature
    /// A `/secapi/` call (refund) needs the merchant's TLS client certificate and none was configured.
    case clientCertificateRequired
    /// The response is not the expected XML, or a required field is missing or not a number.
    case malformedResponse(String)
    /// A non-2xx HTTP status.
    case httpStatus(Int)
    /// Nothing was answered (connection, timeout, URL).
    case transport(TransportError)
    /// A caller-supplied value cannot be sent (e.g. a bill date that is not yyyyMMdd).
    case invalidArgument(String)

    /// Whether repeating the same idempotent request is safe and may succeed.
    public var isRetrySafe: Bool {
        switch self {
        case .business(let code, _):
            Self.transientCodes.contains(code)
        case .transport(.connection):
            true
        case .httpStatus(let status):
            status >= 500
        default:
            false
        }
    }

    /// The platform's `err_code` of a business failure (what `api_calls.error_code` holds, as for v3).
    public var code: String? {
        if case .business(let code, _) = self { return code }
        return nil
    }

    /// Business codes meaning "try again later" (both spellings of the document generations).
    static let transientCodes: Set<String> = ["SYSTEMERROR", "SYSTEM_ERROR", "FREQUENCY_LIMITED", "FREQUENCY_LIMIT"]

    public var description: String {
        switch self {
        case .communication(let message): "WeChat Pay v2 communication failure: \(message)"
        case .business(let code, let description): "WeChat Pay v2 business failure \(code): \(description)"
        case .badSignature: "WeChat Pay v2 response signature does not verify"
        case .clientCertificateRequired: "this v2 call needs the merchant client certificate (apiclient_cert.pem)"
        case .malformedResponse(let why): "malformed WeChat Pay v2 response: \(why)"
        case .httpStatus(let status): "WeChat Pay v2 answered HTTP \(status)"
        case .transport(let error): "WeChat Pay v2 transport failure: \(error)"
        case .invalidArgument(let why): "invalid v2 request argument: \(why)"
        }
    }
}
