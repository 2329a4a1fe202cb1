import Foundation

/// The API v3 client: signs each request, verifies each 2xx answer, maps errors, retries idempotent calls.
///
/// Every request body is encoded once and those exact bytes are both signed and sent; the canonical URL
/// (path plus `?query`) is built once, escaped, and both signed and sent.
///
/// Idempotency, which decides retries: queries, close (re-entrant by the platform's rules), refund creation
/// (the platform deduplicates on `out_refund_no`), prepay (deduplicated on `out_trade_no` when the parameters
/// are identical), bills and certificates may be sent again. Abnormal-refund applications are treated as not
/// idempotent. A timed-out non-idempotent call is never retried; its outcome must be queried.
public struct WeChatPayClient: Sendable {
    public static let userAgent = "PayDesk/0.1 (Linux) Swift"

    /// Scheme and host (and port), e.g. `https://api.mch.weixin.qq.com`, without a trailing slash.
    public let baseURL: String
    let authorizer: any RequestAuthorizing
    let validator: any ResponseValidating
    let transport: any HTTPTransport
    let retry: RetryPolicy
    let observer: (any APICallObserver)?

    public init(
        baseURL: String, authorizer: any RequestAuthorizing, validator: any ResponseValidating,
        transport: any HTTPTransport, retry: RetryPolicy = .default, observer: (any APICallObserver)? = nil
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.authorizer = authorizer
        self.validator = validator
        self.transport = transport
        self.retry = retry
        self.observer = observer
    }

    // MARK: - Request execution

    /// One logical call: method, canonical URL, body bytes, and how to treat its answer.
    struct Call: Sendable {
        var method: String
        var canonicalURL: String
        var body: Data
        var idempotent: Bool
        /// Verify 2xx answers (all JSON APIs; not the bill file).
        var verifiesResponse = true
        /// Send to this absolute URL instead of `baseURL + canonicalURL` (bill files on another host).
        var absoluteURL: String?
        var progress: (@Sendable (Int64, Int64) -> Void)?
    }

    /// Encodes `value` as the request body (nil fields omitted).
    static func encodeBody(_ value: some Encodable) throws(WeChatPayError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw .invalidRequest("cannot encode body: \(error)")
        }
    }

    /// Decodes a verified answer body.
    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws(WeChatPayError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw .decoding("\(T.self): \(error)")
        }
    }

    /// Runs `call` with retries (exponential backoff with jitter, at least the answer's `Retry-After`) and returns
    /// the 2xx (verified) response.
    func perform(_ call: Call) async throws(WeChatPayError) -> HTTPResponse {
        var attempt = 1
        while true {
            var retryAfter: Duration?
            do {
                return try await attemptOnce(call, attempt: attempt) { retryAfter = RetryPolicy.retryAfter($0) }
            } catch {
                let retryable = call.idempotent && (error.isRetrySafe || error.isTimeout)
                guard retryable, attempt < retry.maxAttempts, !Task.isCancelled,
                    let pause = retry.delay(beforeAttempt: attempt + 1, retryAfter: retryAfter)
                else { throw error }
                attempt += 1
                try? await Task.sleep(for: pause)
            }
        }
    }

    /// One attempt; `retryAfter` receives the `Retry-After` header of a non-2xx answer.
    private func attemptOnce(
        _ call: Call, attempt: Int, retryAfter: (String?) -> Void
    ) async throws(WeChatPayError) -> HTTPResponse {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        var response: HTTPResponse?
        var failure: WeChatPayError?
        do {
            let request = try await makeRequest(call)
            let answer = try await send(request, progress: call.progress)
            response = answer
            try await check(answer, verify: call.verifiesResponse)
        } catch {
            failure = error
        }
        if let observer {
            let record = APICallRecord(
                method: call.method, path: call.canonicalURL, requestBody: APICallRedaction.redactedBody(call.body),
                status: response?.status, errorCode: failure?.code, errorMessage: failure.map { "\($0)" },
                responseBody: call.verifiesResponse
                    ? APICallRedaction.capped(String(decoding: response?.body ?? Data(), as: UTF8.self))
                    : "[\(response?.body.count ?? 0) bytes]",
                latency: clock.now - start, attempt: attempt, startedAt: startedAt)
            await observer.record(record)
        }
        if let failure {
            retryAfter(response?.headers["Retry-After"])
            throw failure
        }
        guard let response else { throw .decoding("no response") }
        return response
    }

    /// Signs and assembles the HTTP request (a fresh signature per attempt).
    private func makeRequest(_ call: Call) async throws(WeChatPayError) -> HTTPRequest {
        let authorization: String
        do {
            authorization = try authorizer.authorization(
                method: call.method, canonicalURL: call.canonicalURL, body: call.body)
        } catch {
            throw .invalidRequest("cannot sign request: \(error)")
        }
        var headers = HTTPHeaders()
        headers["Authorization"] = authorization
        headers["Accept"] = "application/json"
        if !call.body.isEmpty { headers["Content-Type"] = "application/json" }
        headers["User-Agent"] = Self.userAgent
        if let serial = await validator.preferredSerial() { headers["Wechatpay-Serial"] = serial }
        return HTTPRequest(
            method: call.method, url: call.absoluteURL ?? baseURL + call.canonicalURL, headers: headers,
            body: call.body)
    }

    private func send(
        _ request: HTTPRequest, progress: (@Sendable (Int64, Int64) -> Void)?
    ) async throws(WeChatPayError) -> HTTPResponse {
        do {
            if let progress, let reporting = transport as? any ProgressReportingTransport {
                return try await reporting.send(request, clientCertificate: nil, progress: progress)
            }
            return try await transport.send(request, clientCertificate: nil)
        } catch let error as TransportError {
            throw .transport(error)
        } catch {
            throw .transport(.connection("\(error)"))
        }
    }

    /// Verifies a 2xx answer or turns a non-2xx answer into its error.
    private func check(_ response: HTTPResponse, verify: Bool) async throws(WeChatPayError) {
        guard (200..<300).contains(response.status) else { throw Self.error(from: response) }
        guard verify else { return }
        do {
            try await validator.validate(headers: response.headers, body: response.body)
        } catch {
            throw .verification("\(error)")
        }
    }

    /// The error a non-2xx answer stands for.
    static func error(from response: HTTPResponse) -> WeChatPayError {
        if let body = try? JSONDecoder().decode(APIErrorBody.self, from: response.body) {
            return .api(status: response.status, code: body.code, message: body.message, detail: body.detail)
        }
        let text = String(decoding: response.body, as: UTF8.self)
        return .unexpectedResponse(status: response.status, body: APICallRedaction.capped(text, limit: 200))
    }
}
