import Foundation
import NIOCore
import NIOHTTP1
import PayCore
import WeChatPay

/// One connection's HTTP/1.1 requests, behind NIO's request decoder only: a notification is read whole (up to
/// `NotificationListener.readLimit`, the rest counted as truncated), handed to the ingestor, and answered with what
/// it decided once that is durable. Answers are written here as whole byte strings (`ListenerAnswer`).
///
/// Why not NIO's server pipeline (response encoder, pipelining and protocol-error handlers): in a notification storm
/// its pipelining handler stopped reading the socket while each answer was pending and started again after it — two
/// `epoll_ctl` calls per request — and every answer went through three handlers as three parts (docs/performance.md,
/// item 11). This handler does their jobs for the little a notify URL needs: answers leave in request order
/// (pipelined requests are ingested concurrently, at most `pipelineLimit` unanswered before it stops reading), a
/// request the decoder cannot parse is answered 400 and the connection closed, `Connection: close` is honoured.
final class NotifyHTTPHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The paths the listener serves, and what arrives on each.
    static let routes: [String: NotificationKind] = ["/notify": .v3, "/notify/v2/pay": .v2Pay, "/notify/v2/refund": .v2Refund]
    /// Unanswered requests on one connection before it stops reading more.
    static let pipelineLimit = 8

    private let ingestor: NotificationIngestor
    private let connections: ListenerConnections
    private var head: HTTPRequestHead?
    private var body = Data()
    private var truncated = false
    /// Answers not yet written, in request order; nil while the request is being ingested.
    private var unanswered = CircularBuffer<ListenerAnswer?>()
    /// Sequence number of `unanswered.first`.
    private var firstUnanswered = 0
    /// A request asked to close the connection, or one could not be parsed: later requests are ignored.
    private var closing = false
    /// NIO asked to read while `pipelineLimit` requests were unanswered.
    private var readHeld = false
    /// The peer's IP address, formatted once per connection rather than once per delivery.
    private var peerAddress: String?

    init(ingestor: NotificationIngestor, connections: ListenerConnections) {
        self.ingestor = ingestor
        self.connections = connections
    }

    /// An accepted connection knows its peer from the start.
    func handlerAdded(context: ChannelHandlerContext) {
        peerAddress = context.channel.remoteAddress?.ipAddress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
            truncated = false
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > 0 {
                body.reserveCapacity(min(length, NotificationListener.readLimit))
            }
            // A client that asks first (curl does for larger bodies) is told to go on, rather than left to time out;
            // not while earlier answers are due, which must come first (it then sends the body after its own wait).
            if unanswered.isEmpty, head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(ListenerAnswer.continue(head.version, context.channel.allocator)), promise: nil)
            }
        case .body(let chunk):
            guard !truncated else { return }
            let room = NotificationListener.readLimit - body.count
            chunk.withUnsafeReadableBytes { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.prefix(room))) }
            truncated = chunk.readableBytes > room
        case .end:
            guard let head else { return }
            self.head = nil
            if !head.isKeepAlive { closing = true }
            respond(to: head, sequence: awaitAnswer(), context: context)
        }
    }

    /// Holds NIO's next read while too many pipelined requests wait for their answers.
    func read(context: ChannelHandlerContext) {
        if unanswered.count >= Self.pipelineLimit {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// A request the decoder cannot parse is answered 400 (after the answers due before it) and the connection
    /// closed; any other error (a reset) closes it at once. A delivery being ingested on a broken connection still
    /// finishes and is stored, only its answer is lost, and WeChat Pay delivers it again.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, !closing else { return context.close(promise: nil) }
        closing = true
        let version = head?.version ?? .http1_1
        finish(awaitAnswer(),
               with: ListenerAnswer(version: version, status: 400, keepAlive: false, allocator: context.channel.allocator),
               context: context)
    }

    /// A place for the next request's answer, after those due before it; its sequence number.
    private func awaitAnswer() -> Int {
        unanswered.append(nil)
        return firstUnanswered + unanswered.count - 1
    }

    private func respond(to head: HTTPRequestHead, sequence: Int, context: ChannelHandlerContext) {
        let path = String(head.uri.prefix { $0 != "?" })
        let allocator = context.channel.allocator
        func answer(_ status: Int, allow: String? = nil, contentType: String? = nil, body: Data = Data()) {
            finish(sequence, with: ListenerAnswer(
                version: head.version, status: status, allow: allow, contentType: contentType,
                body: body, omittingBody: head.method == .HEAD, keepAlive: head.isKeepAlive, allocator: allocator),
                context: context)
        }
        if let kind = Self.routes[path] {
            guard head.method == .POST else { return answer(405, allow: "POST") }
            return ingest(head, kind: kind, path: path, sequence: sequence, context: context)
        }
        if path == "/health" {
            guard head.method == .GET || head.method == .HEAD else { return answer(405, allow: "GET, HEAD") }
            return answer(200, contentType: "text/plain", body: Data("ok".utf8))
        }
        answer(404)
    }

    private func ingest(
        _ head: HTTPRequestHead, kind: NotificationKind, path: String, sequence: Int, context: ChannelHandlerContext
    ) {
        var headers = WeChatPay.HTTPHeaders()
        // Lower-case names, as they were stored before (and as HTTP/2 sends them).
        for (name, value) in head.headers { headers.add(name.lowercased(), value) }
        if truncated { headers.add("X-PayDesk-Truncated", "true") }
        let notification = InboundNotification(
            kind: kind, path: path, headers: headers, body: body, remoteAddress: peerAddress)
        body = Data()
        connections.begin()
        // The ingestor answers from the thread that made the delivery durable; the promise brings it to this loop.
        let answered = context.eventLoop.makePromise(of: IngestOutcome.self)
        ingestor.ingest(notification) { answered.succeed($0) }
        answered.futureResult.assumeIsolated().whenSuccess { [connections] outcome in
            self.finish(sequence, with: ListenerAnswer(
                version: head.version, status: outcome.httpStatus, contentType: outcome.contentType,
                body: outcome.body, keepAlive: head.isKeepAlive, allocator: context.channel.allocator),
                context: context)
            connections.end()
        }
    }

    /// Records the answer to request `sequence` and writes every answer that is now due, in order; closes the
    /// connection after one that says so.
    private func finish(_ sequence: Int, with answer: ListenerAnswer, context: ChannelHandlerContext) {
        let position = sequence - firstUnanswered
        guard position >= 0, position < unanswered.count else { return }
        unanswered[unanswered.index(unanswered.startIndex, offsetBy: position)] = answer
        var wrote = false
        while let first = unanswered.first, let due = first {
            unanswered.removeFirst()
            firstUnanswered += 1
            if due.closesConnection {
                context.writeAndFlush(wrapOutboundOut(due.bytes)).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
                unanswered.removeAll()
                return
            }
            context.write(wrapOutboundOut(due.bytes), promise: nil)
            wrote = true
        }
        if wrote { context.flush() }
        if readHeld, unanswered.count < Self.pipelineLimit {
            readHeld = false
            context.read()
        }
    }
}

/// One whole HTTP/1.x answer as the bytes that go on the wire.
struct ListenerAnswer {
    let bytes: ByteBuffer
    /// `Connection: close` was sent: nothing may follow on this connection.
    let closesConnection: Bool

    /// Status line, the given headers, `content-length` and the connection's fate, then `body`, unless
    /// `omittingBody` (the answer to a HEAD request, which still states the length a GET would get).
    init(
        version: HTTPVersion, status: Int, allow: String? = nil, contentType: String? = nil, body: Data = Data(),
        omittingBody: Bool = false, keepAlive: Bool, allocator: ByteBufferAllocator
    ) {
        var bytes = allocator.buffer(capacity: 160 + body.count)
        bytes.writeString("HTTP/\(version.major).\(version.minor) \(status) ")
        bytes.writeString(HTTPResponseStatus(statusCode: status).reasonPhrase)
        if let contentType { bytes.writeString("\r\ncontent-type: \(contentType)") }
        if let allow { bytes.writeString("\r\nallow: \(allow)") }
        bytes.writeString("\r\ncontent-length: \(body.count)")
        // HTTP/1.1 keeps the connection unless told; HTTP/1.0 closes it unless told.
        if !keepAlive {
            bytes.writeString("\r\nconnection: close")
        } else if version.major == 1, version.minor == 0 {
            bytes.writeString("\r\nconnection: keep-alive")
        }
        bytes.writeString("\r\n\r\n")
        if !omittingBody { bytes.writeBytes(body) }
        self.bytes = bytes
        self.closesConnection = !keepAlive
    }

    /// The interim `100 Continue`.
    static func `continue`(_ version: HTTPVersion, _ allocator: ByteBufferAllocator) -> ByteBuffer {
        var bytes = allocator.buffer(capacity: 32)
        bytes.writeString("HTTP/\(version.major).\(version.minor) 100 Continue\r\n\r\n")
        return bytes
    }
}
