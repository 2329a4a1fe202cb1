import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Runs a real Hummingbird server on 127.0.0.1, port 0, for the duration of `body`.
enum TransportTestServer {
    @discardableResult
    static func withServer<T: Sendable>(
        _ body: @Sendable (_ baseURL: String) async throws -> T
    ) async throws -> T {
        let router = Router()
        routes(router)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "transport-test-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            var port = 0
            for await value in ports {
                port = value
                break
            }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    /// `/hello`, `/echo` (POST/PUT/PATCH/DELETE), `/v3/billdownload/file` (the bill fixture), `/empty` (204), `/missing` (404), `/slow` (3 s).
    static func routes(_ router: Router<BasicRequestContext>) {
        router.get("hello") { request, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain"
            headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "a"))
            headers.append(HTTPField(name: HTTPField.Name("X-Multi")!, value: "b"))
            headers[HTTPField.Name("X-Seen-Auth")!] = request.headers[.authorization] ?? "none"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "hello")))
        }
        for method in [HTTPTypes.HTTPRequest.Method.post, .put, .patch, .delete] {
            router.on("echo", method: method) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 4 << 20)
                var headers = HTTPFields()
                headers[HTTPField.Name("X-Method")!] = request.method.rawValue
                headers[HTTPField.Name("X-Content-Type")!] = request.headers[.contentType] ?? "none"
                headers[HTTPField.Name("X-Expect")!] = request.headers[.expect] ?? "none"
                return Response(status: .created, headers: headers, body: .init(byteBuffer: body))
            }
        }
        router.get("v3/billdownload/file") { _, _ -> Response in
            let csv = try ClientBillTests.fixture()
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: csv)))
        }
        router.get("empty") { _, _ -> Response in Response(status: .noContent) }
        router.get("missing") { _, _ -> Response in
            Response(
                status: .notFound,
                body: .init(byteBuffer: ByteBuffer(string: #"{"code":"ORDER_NOT_EXIST","message":"no"}"#)))
        }
        router.get("slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
    }

    /// A free loopback port with nothing listening (bound, then closed).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
