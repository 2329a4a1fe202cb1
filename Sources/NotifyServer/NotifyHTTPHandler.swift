import Foundation
import NIOCore
import NIOHTTP1
import PayCore
import WeChatPay

/// One connection's HTTP/1.1 requests, answered one at a time (NIO's pipeline handler holds back pipelined ones):
/// a notification is read whole (up to `NotificationListener.readLimit`, the rest counted as truncated), handed to
/// the ingestor, and answered with what it decided once that is durable.
final class NotifyHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The paths the listener serves, and what arrives on each.
    static let routes: [String: NotificationKind] = ["/notify": .v3, "/notify/v2/pay": .v2Pay, "/notify/v2/refund": .v2Refund]

    private let ingestor: NotificationIngestor
    private let connections: ListenerConnections
    private var head: HTTPRequestHead?
    private var body = Data()
    private var truncated = false

    init(ingestor: NotificationIngestor, connections: ListenerConnections) {
        self.ingestor = ingestor
        self.connections = connections
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
            truncated = false
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > 0 {
                body.reserveCapacity(min(length, NotificationListener.readLimit))
            }
            // A client that asks first (curl does for larger bodies) is told to go on, rather than left to time out.
            if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
        case .body(let chunk):
            guard !truncated else { return }
            let room = NotificationListener.readLimit - body.count
            chunk.withUnsafeReadableBytes { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.prefix(room))) }
            truncated = chunk.readableBytes > room
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    /// A broken connection (reset, malformed request after NIO's 400) is closed; a delivery being ingested on it
    /// still finishes and is stored, only its answer is lost, and WeChat Pay delivers it again.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(head.uri.prefix { $0 != "?" })
        if let kind = Self.routes[path] {
            guard head.method == .POST else { return answer(head, 405, allow: "POST", context: context) }
            return ingest(head, kind: kind, path: path, context: context)
        }
        if path == "/health" {
            guard head.method == .GET || head.method == .HEAD else { return answer(head, 405, allow: "GET, HEAD", context: context) }
            return answer(head, 200, contentType: "text/plain", body: Data("ok".utf8), context: context)
        }
        answer(head, 404, context: context)
    }

    private func ingest(_ head: HTTPRequestHead, kind: NotificationKind, path: String, context: ChannelHandlerContext) {
        var headers = WeChatPay.HTTPHeaders()
        // Lower-case names, as they were stored before (and as HTTP/2 sends them).
        for (name, value) in head.headers { headers.add(name.lowercased(), value) }
        if truncated { headers.add("X-PayDesk-Truncated", "true") }
        let notification = InboundNotification(
            kind: kind, path: path, headers: headers, body: body, remoteAddress: context.channel.remoteAddress?.ipAddress)
        body = Data()
        let ingestor = ingestor
        connections.begin()
        let promise = context.eventLoop.makePromise(of: IngestOutcome.self)
        promise.completeWithTask { await ingestor.ingest(notification) }
        promise.futureResult.assumeIsolated().whenSuccess { [connections] outcome in
            self.answer(head, outcome.httpStatus, contentType: outcome.contentType, body: outcome.body, context: context)
            connections.end()
        }
    }

    /// Writes one whole response; closes the connection after it unless the request asked to keep it.
    private func answer(
        _ request: HTTPRequestHead, _ status: Int, allow: String? = nil, contentType: String? = nil, body: Data = Data(),
        context: ChannelHandlerContext
    ) {
        var headers = NIOHTTP1.HTTPHeaders()
        if let contentType { headers.add(name: "content-type", value: contentType) }
        if let allow { headers.add(name: "allow", value: allow) }
        headers.add(name: "content-length", value: String(body.count))
        if !request.isKeepAlive { headers.add(name: "connection", value: "close") }
        let response = HTTPResponseHead(
            version: request.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        if !body.isEmpty, request.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
