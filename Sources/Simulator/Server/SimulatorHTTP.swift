import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WeChatPay

/// A request as the simulator's handlers see it: raw target, headers, exact body bytes.
struct SimRequest: Sendable {
    var method: String
    /// Path plus `?query` exactly as received (the v3 canonical URL).
    var target: String
    var headers: HTTPHeaders
    var body: Data
    var isLoopbackPeer: Bool

    /// The path without the query.
    var path: String { String(target.prefix { $0 != "?" }) }

    /// Path segments, percent-decoded.
    var segments: [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// Query parameters, percent-decoded (`+` is a space).
    var query: [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            out[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }
}

/// A response before it is written.
struct SimResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer.
    static func json(_ status: Int, _ object: Any) -> SimResponse {
        SimResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: WireViews.data(object))
    }

    /// A v3 error body `{code, message}`.
    static func error(_ error: PlatformError) -> SimResponse {
        json(error.status, ["code": error.code, "message": error.message])
    }
}

/// Request context that remembers the peer address (the control API is loopback only).
struct SimulatorRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Requests up to 4 MiB (bills are downloaded, not uploaded; this is generous).
    var maxUploadSize: Int { 4 * 1024 * 1024 }
}

/// Bridges Hummingbird to `SimulatorHandler`.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext
    let handler: SimulatorHandler

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        var headers = HTTPHeaders()
        for field in request.headers { headers.add(field.name.rawName, field.value) }
        // HTTPTypes moves `Host` into the authority pseudo-header; put it back for the handlers.
        if headers["Host"] == nil, let authority = request.head.authority { headers["Host"] = authority }
        let simRequest = SimRequest(
            method: request.method.rawValue, target: request.head.path ?? request.uri.string, headers: headers,
            body: Data(buffer.readableBytesView), isLoopbackPeer: Self.isLoopback(context.remoteAddress))
        let answer = await handler.handle(simRequest)
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: answer.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// 127.0.0.0/8, ::1 and IPv4-mapped loopback.
    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
