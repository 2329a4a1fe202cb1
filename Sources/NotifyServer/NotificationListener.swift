import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PayCore
import ServiceLifecycle
import Synchronization
import WeChatPay

/// The HTTP endpoint WeChat Pay delivers notifications to (Hummingbird): v3 JSON at `POST /notify`, v2 XML at
/// `POST /notify/v2/pay` and `POST /notify/v2/refund`. Each delivery goes through `NotificationIngestor`, which
/// stores it raw first and answers only after the commit that applies it.
public final class NotificationListener: Sendable {
    /// Bodies up to this size are read completely (and stored) before being refused as too large.
    public static let readLimit = 1 << 20
    let ingestor: NotificationIngestor
    let host: String
    let requestedPort: Int
    let maxBodyBytes: Int
    private let state = Mutex<(task: Task<Void, any Error>?, group: ServiceGroup?, port: Int?)>((nil, nil, nil))

    /// A listener on `host:port` (port 0: any free port).
    public init(ingestor: NotificationIngestor, host: String = "127.0.0.1", port: Int = 0, maxBodyBytes: Int = 64 * 1024) {
        self.ingestor = ingestor
        self.host = host
        self.requestedPort = port
        self.maxBodyBytes = maxBodyBytes
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
        let router = Router(context: NotifyRequestContext.self)
        let ingestor = ingestor
        let limit = maxBodyBytes
        for (path, kind) in [("notify", NotificationKind.v3), ("notify/v2/pay", .v2Pay), ("notify/v2/refund", .v2Refund)] {
            router.post(RouterPath(path)) { request, context -> Response in
                try await Self.handle(request, context: context, kind: kind, ingestor: ingestor, limit: limit)
            }
        }
        router.get("health") { _, _ -> Response in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok"))) }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "paydesk.notify", factory: DeferredMetadataLogHandler.init)
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: requestedPort)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        let task = Task { try await group.run() }
        state.withLock { $0.task = task; $0.group = group }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let bound, bound > 0 else {
            task.cancel()
            _ = try await task.value
            throw ListenerError.notStarted
        }
        state.withLock { $0.port = bound }
        return bound
    }

    /// Stops serving: a graceful shutdown first (in-flight requests finish and are answered), cancellation only
    /// if that takes more than 3 s. Cancelling straight away was seen to trap in NIOAsyncWriter's deinit when a
    /// connection became active during shutdown (apple/swift-nio#3481).
    public func stop() async {
        let (task, group) = state.withLock { state in
            defer { state.task = nil; state.group = nil }
            return (state.task, state.group)
        }
        guard let task else { return }
        await group?.triggerGracefulShutdown()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(3))
            task.cancel()
        }
        _ = try? await task.value
        watchdog.cancel()
    }

    private static func handle(
        _ request: Request, context: NotifyRequestContext, kind: NotificationKind, ingestor: NotificationIngestor,
        limit: Int
    ) async throws -> Response {
        var body = Data()
        var truncated = false
        for try await buffer in request.body {
            // Appended as raw bytes: a ByteBufferView went through Data's generic, element-wise append.
            let room = readLimit - body.count
            buffer.withUnsafeReadableBytes { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.prefix(room))) }
            if buffer.readableBytes > room {
                truncated = true
                break
            }
        }
        var headers = WeChatPay.HTTPHeaders()
        for field in request.headers { headers.add(field.name.canonicalName, field.value) }
        if truncated { headers.add("X-PayDesk-Truncated", "true") }
        let outcome = await ingestor.ingest(
            InboundNotification(
                kind: kind, path: request.uri.path, headers: headers, body: body, remoteAddress: context.remoteAddress))
        var fields = HTTPFields()
        fields[.contentType] = outcome.contentType
        return Response(
            status: HTTPTypes.HTTPResponse.Status(code: outcome.httpStatus), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: outcome.body)))
    }
}

/// Why the listener did not start.
public enum ListenerError: Error, Sendable {
    case notStarted
}

/// Request context carrying the peer address (stored with each notification).
struct NotifyRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
