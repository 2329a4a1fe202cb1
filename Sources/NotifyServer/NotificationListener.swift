import NIOCore
import NIOHTTP1
import NIOPosix
import PayCore

/// The HTTP endpoint WeChat Pay delivers notifications to: v3 JSON at `POST /notify`, v2 XML at
/// `POST /notify/v2/pay` and `POST /notify/v2/refund`, and `GET /health`. Each delivery goes through
/// `NotificationIngestor`, which stores it raw first and answers only after the commit that applies it.
///
/// Plain SwiftNIO HTTP/1.1 (NIO's request decoder and `NotifyHTTPHandler`) rather than Hummingbird, which the
/// simulator uses: three fixed routes need no router, and in a notification storm Hummingbird's per-request
/// machinery (the async channel bridge, request context, router, logger) cost more CPU than verifying the signature
/// (docs/performance.md, "Notification ingestion", item 9).
public final class NotificationListener: Sendable {
    /// Bodies up to this size are read completely (and stored) before being refused as too large.
    public static let readLimit = 1 << 20
    let ingestor: NotificationIngestor
    let host: String
    let requestedPort: Int
    private let connections = ListenerConnections()
    private let state = Locked<(channel: (any Channel)?, port: Int?)>((nil, nil))

    /// A listener on `host:port` (port 0: any free port).
    public init(ingestor: NotificationIngestor, host: String = "127.0.0.1", port: Int = 0) {
        self.ingestor = ingestor
        self.host = host
        self.requestedPort = port
    }

    /// `http://HOST:PORT` once started; an IPv6 host is bracketed (`http://[::1]:PORT`), as URLs require.
    public var baseURL: String {
        let authority = host.contains(":") ? "[\(host)]" : host
        return "http://\(authority):\(state.withLock { $0.port } ?? requestedPort)"
    }
    /// The v3 notify URL.
    public var notifyURL: String { baseURL + "/notify" }

    /// Starts serving and returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        let ingestor = ingestor
        let connections = connections
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Answers are small and the next request waits for them: no Nagle delay.
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.opened(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                    try channel.pipeline.syncOperations.addHandler(
                        NotifyHTTPHandler(ingestor: ingestor, connections: connections))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: requestedPort).get()
        guard let port = channel.localAddress?.port, port > 0 else {
            try? await channel.close()
            throw ListenerError.notStarted
        }
        state.withLock { $0 = (channel, port) }
        return port
    }

    /// Stops serving: no new connections, requests being ingested are answered (for up to 3 s), then every
    /// connection is closed.
    public func stop() async {
        guard let channel = state.withLock({ state in defer { state.channel = nil }; return state.channel }) else { return }
        try? await channel.close()
        await connections.closeAll(waitingAtMost: .seconds(3))
    }
}

/// Why the listener did not start.
public enum ListenerError: Error, Sendable {
    case notStarted
}

/// The listener's open connections and the requests being ingested on them, for a graceful stop. Behind `Locked`
/// (a pthread mutex), not `Mutex`, so that ThreadSanitizer sees the event loops' hand-overs (see `Locked`).
final class ListenerConnections: Sendable {
    private let state = Locked<(channels: [ObjectIdentifier: any Channel], inFlight: Int)>(([:], 0))

    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { $0.channels[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in _ = state.withLock { $0.channels.removeValue(forKey: id) } }
    }

    func begin() { state.withLock { $0.inFlight += 1 } }
    func end() { state.withLock { $0.inFlight -= 1 } }

    /// Waits until no request is being ingested (at most `limit`), then closes every connection.
    func closeAll(waitingAtMost limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while state.withLock({ $0.inFlight }) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        for channel in state.withLock({ Array($0.channels.values) }) {
            try? await channel.close()
        }
    }
}
