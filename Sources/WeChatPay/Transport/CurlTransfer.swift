import CCurl
import CCurlShim
import Foundation

/// One blocking request on one easy handle: sets the options, performs, collects, maps errors.
struct CurlTransfer {
    let handle: CurlEasyHandle
    let pool: CurlHandlePool
    let request: HTTPRequest
    let clientCertificate: ClientCertificate?
    let configuration: CurlTransport.Configuration
    let progress: (@Sendable (Int64, Int64) -> Void)?

    /// Runs the transfer on the current thread (must not be a Swift concurrency thread).
    func perform() -> Result<HTTPResponse, any Error> {
        let result = performTransfer()
        var newConnections = 0
        if pd_curl_getinfo_long(handle.pointer, CURLINFO_NUM_CONNECTS, &newConnections) == CURLE_OK {
            pool.countConnections(newConnections)
        }
        return result
    }

    private func performTransfer() -> Result<HTTPResponse, any Error> {
        let curl = handle.pointer
        // Reset clears options but keeps the handle's connection cache, so connections are reused.
        curl_easy_reset(curl)
        handle.errorBuffer[0] = 0
        let collector = CurlResponseCollector(progress: progress)
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        for field in request.headers {
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        // An empty `Expect:` stops curl from waiting for 100-continue on larger bodies.
        headerList = curl_slist_append(headerList, "Expect:")

        var code = setOptions(curl, headerList: headerList, userData: unmanaged.toOpaque())
        if code == CURLE_OK { code = curl_easy_perform(curl) }
        guard code == CURLE_OK else { return .failure(mapError(code)) }
        var status = 0
        _ = pd_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: collector.headers, body: collector.body))
    }

    private func setOptions(
        _ curl: UnsafeMutableRawPointer, headerList: UnsafeMutablePointer<curl_slist>?, userData: UnsafeMutableRawPointer
    ) -> CURLcode {
        var codes: [CURLcode] = [
            pd_curl_setopt_str(curl, CURLOPT_URL, request.url),
            pd_curl_setopt_ptr(curl, CURLOPT_ERRORBUFFER, handle.errorBuffer),
            pd_curl_setopt_long(curl, CURLOPT_NOSIGNAL, 1),
            pd_curl_setopt_str(curl, CURLOPT_PROTOCOLS_STR, "http,https"),
            pd_curl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)),
            pd_curl_setopt_long(curl, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.totalTimeout)),
            pd_curl_setopt_long(curl, CURLOPT_TCP_KEEPALIVE, 1),
            pd_curl_setopt_long(curl, CURLOPT_TCP_KEEPIDLE, 60),
            pd_curl_setopt_long(curl, CURLOPT_TCP_KEEPINTVL, 30),
            pd_curl_setopt_slist(curl, CURLOPT_HTTPHEADER, headerList),
            pd_curl_setopt_writefunction(curl, CURLOPT_HEADERFUNCTION, curlHeaderCallback),
            pd_curl_setopt_ptr(curl, CURLOPT_HEADERDATA, userData),
            pd_curl_setopt_writefunction(curl, CURLOPT_WRITEFUNCTION, curlBodyCallback),
            pd_curl_setopt_ptr(curl, CURLOPT_WRITEDATA, userData),
        ]
        codes += methodOptions(curl)
        if let clientCertificate {
            codes += [
                pd_curl_setopt_str(curl, CURLOPT_SSLCERT, clientCertificate.certificatePath),
                pd_curl_setopt_str(curl, CURLOPT_SSLCERTTYPE, "PEM"),
                pd_curl_setopt_str(curl, CURLOPT_SSLKEY, clientCertificate.privateKeyPath),
                pd_curl_setopt_str(curl, CURLOPT_SSLKEYTYPE, "PEM"),
            ]
        }
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    private func methodOptions(_ curl: UnsafeMutableRawPointer) -> [CURLcode] {
        let method = request.method.uppercased()
        if method == "GET" && request.body.isEmpty { return [pd_curl_setopt_long(curl, CURLOPT_HTTPGET, 1)] }
        if method == "HEAD" { return [pd_curl_setopt_long(curl, CURLOPT_NOBODY, 1)] }
        var codes = [pd_curl_setopt_str(curl, CURLOPT_CUSTOMREQUEST, method)]
        if !request.body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            codes.append(pd_curl_setopt_off(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            // COPYPOSTFIELDS copies the bytes, so the Data buffer need not outlive this call.
            if request.body.isEmpty {
                codes.append(pd_curl_setopt_str(curl, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                codes.append(
                    request.body.withUnsafeBytes { raw in
                        pd_curl_setopt_ptr(curl, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                    })
            }
        }
        return codes
    }

    private func mapError(_ code: CURLcode) -> TransportError {
        let summary = String(cString: curl_easy_strerror(code))
        let detail = handle.errorDetail
        let message = detail.isEmpty ? summary : "\(summary): \(detail)"
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout(message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidURL(message)
        default: return .connection(message)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// libcurl header callback: one whole header line per call.
private func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let userData else { return length }
    let collector = Unmanaged<CurlResponseCollector>.fromOpaque(userData).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        collector.receiveHeaderLine(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

/// libcurl write callback: a chunk of the response body.
private func curlBodyCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userData: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let userData else { return length }
    let collector = Unmanaged<CurlResponseCollector>.fromOpaque(userData).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        collector.receiveBody(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}
