import CCurl
import CCurlShim
import Foundation

/// An `HTTPTransport` that downloads with progress reports (the bill file download uses it when available).
public protocol ProgressReportingTransport: HTTPTransport {
    /// Like `send`, calling `progress(received, expected)` as body bytes arrive (`expected` is -1 when unknown).
    func send(
        _ request: HTTPRequest, clientCertificate: ClientCertificate?,
        progress: (@Sendable (Int64, Int64) -> Void)?
    ) async throws -> HTTPResponse
}

/// The production `HTTPTransport`: libcurl easy handles, pooled per origin for connection reuse.
///
/// `curl_easy_perform` blocks, so every transfer runs on a thread of its own and resumes the caller through
/// a continuation: Swift's cooperative threads are never blocked, and a slow transfer never waits for a
/// worker of a width-limited dispatch pool (2 on a 2-core machine). Bodies are never logged.
public final class CurlTransport: ProgressReportingTransport {
    /// Timeouts and pool size.
    public struct Configuration: Sendable {
        /// Time allowed to establish the TCP + TLS connection.
        public var connectTimeout: Duration
        /// Time allowed for the whole transfer.
        public var totalTimeout: Duration
        /// Idle easy handles kept per origin.
        public var maxIdleHandlesPerOrigin: Int

        public init(
            connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(30),
            maxIdleHandlesPerOrigin: Int = 4
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxIdleHandlesPerOrigin = maxIdleHandlesPerOrigin
        }
    }

    public let configuration: Configuration
    private let pool: CurlHandlePool

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        pool = CurlHandlePool(maxIdlePerOrigin: max(1, configuration.maxIdleHandlesPerOrigin))
    }

    /// Number of easy handles created so far; stays low when handles are reused.
    public var handlesCreated: Int { pool.handlesCreated }

    /// Number of TCP connections opened so far; stays low when keep-alive connections are reused.
    public var connectionsOpened: Int { pool.connectionsOpened }

    public func send(_ request: HTTPRequest, clientCertificate: ClientCertificate?) async throws -> HTTPResponse {
        try await send(request, clientCertificate: clientCertificate, progress: nil)
    }

    public func send(
        _ request: HTTPRequest, clientCertificate: ClientCertificate?,
        progress: (@Sendable (Int64, Int64) -> Void)?
    ) async throws -> HTTPResponse {
        guard let components = URLComponents(string: request.url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw TransportError.invalidURL(request.url) }
        let origin = "\(scheme)://\(host):\(components.port ?? (scheme == "https" ? 443 : 80))"
        let configuration = self.configuration
        let pool = self.pool
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                guard let handle = pool.checkOut(origin: origin) else {
                    continuation.resume(throwing: TransportError.connection("curl_easy_init failed"))
                    return
                }
                let result = CurlTransfer(
                    handle: handle, pool: pool, request: request, clientCertificate: clientCertificate,
                    configuration: configuration, progress: progress
                ).perform()
                pool.checkIn(handle, origin: origin)
                continuation.resume(with: result)
            }
            thread.name = "paydesk.curl"
            thread.start()
        }
    }
}
