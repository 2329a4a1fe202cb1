import Foundation
import Testing

@testable import WeChatPay

@Suite("CurlTransport against a loopback Hummingbird server")
struct TransportCurlTests {
    @Test func getReturnsStatusBodyAndRepeatedHeaders() async throws {
        let transport = CurlTransport()
        let response = try await TransportTestServer.withServer { base in
            try await transport.send(
                HTTPRequest(method: "GET", url: base + "/hello", headers: HTTPHeaders([("Authorization", "token")])))
        }
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers.filter { $0.name.lowercased() == "x-multi" }.map(\.value) == ["a", "b"])
        #expect(response.headers["X-Seen-Auth"] == "token")
    }

    @Test func postsBodyAndHeadersWithoutExpectContinue() async throws {
        let transport = CurlTransport()
        // Large enough that curl would otherwise send `Expect: 100-continue`.
        let payload = Data((0..<200_000).map { UInt8($0 % 251) })
        let response = try await TransportTestServer.withServer { base in
            try await transport.send(
                HTTPRequest(
                    method: "POST", url: base + "/echo",
                    headers: HTTPHeaders([("Content-Type", "application/json")]), body: payload))
        }
        #expect(response.status == 201)
        #expect(response.body == payload)
        #expect(response.headers["X-Method"] == "POST")
        #expect(response.headers["X-Content-Type"] == "application/json")
        #expect(response.headers["X-Expect"] == "none")
    }

    @Test(arguments: ["PUT", "PATCH", "DELETE"])
    func sendsArbitraryMethodsWithBody(method: String) async throws {
        let transport = CurlTransport()
        let response = try await TransportTestServer.withServer { base in
            try await transport.send(HTTPRequest(method: method, url: base + "/echo", body: Data("x=1".utf8)))
        }
        #expect(response.headers["X-Method"] == method)
        #expect(String(decoding: response.body, as: UTF8.self) == "x=1")
    }

    @Test func noContentHasEmptyBody() async throws {
        let transport = CurlTransport()
        let response = try await TransportTestServer.withServer { base in
            try await transport.send(HTTPRequest(method: "GET", url: base + "/empty"))
        }
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
    }

    @Test func errorStatusIsAResponseNotAThrow() async throws {
        let transport = CurlTransport()
        let response = try await TransportTestServer.withServer { base in
            try await transport.send(HTTPRequest(method: "GET", url: base + "/missing"))
        }
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self).contains("ORDER_NOT_EXIST"))
    }

    @Test func refusedConnectionIsConnectionError() async throws {
        let transport = CurlTransport()
        let port = TransportTestServer.closedPort()
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"))
        } throws: { error in
            guard case .connection(let message) = error as? TransportError else { return false }
            return !message.isEmpty
        }
    }

    /// The handler answers after 3 s and the transport gives up after 300 ms: a `.timeout` error (not an answer)
    /// proves the limit applied. No elapsed-time assertion: speed is for `make bench`, and a loaded machine
    /// stretches any wall-clock bound.
    @Test func slowHandlerTimesOut() async throws {
        let transport = CurlTransport(configuration: .init(totalTimeout: .milliseconds(300)))
        try await TransportTestServer.withServer { base in
            await #expect {
                _ = try await transport.send(HTTPRequest(method: "GET", url: base + "/slow"))
            } throws: { error in
                if case .timeout = error as? TransportError { return true }
                return false
            }
        }
    }

    @Test func invalidURLIsRefused() async throws {
        let transport = CurlTransport()
        await #expect(throws: TransportError.invalidURL("ftp://example.com/x")) {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "ftp://example.com/x"))
        }
    }

    @Test func reusesOneHandleForSequentialRequests() async throws {
        let transport = CurlTransport()
        try await TransportTestServer.withServer { base in
            for _ in 0..<5 {
                let response = try await transport.send(HTTPRequest(method: "GET", url: base + "/hello"))
                #expect(response.status == 200)
            }
        }
        #expect(transport.handlesCreated == 1)
        #expect(transport.connectionsOpened == 1)
    }

    @Test func concurrentRequestsAllSucceed() async throws {
        let transport = CurlTransport()
        let statuses = try await TransportTestServer.withServer { base in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await transport.send(
                            HTTPRequest(method: "POST", url: base + "/echo", body: Data("\(index)".utf8))
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        #expect(statuses == Array(repeating: 201, count: 8))
        #expect(transport.handlesCreated <= 8)
    }

    @Test func reportsDownloadProgress() async throws {
        let transport = CurlTransport()
        let seen = ProgressLog()
        let payload = Data(repeating: 7, count: 100_000)
        _ = try await TransportTestServer.withServer { base in
            try await transport.send(
                HTTPRequest(method: "POST", url: base + "/echo", body: payload), clientCertificate: nil,
                progress: { received, expected in seen.append(received, expected) })
        }
        let last = try #require(seen.values.last)
        #expect(last.0 == 100_000)
        #expect(last.1 == 100_000)
    }
}

/// Thread-safe list of progress callbacks.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(Int64, Int64)] = []
    func append(_ received: Int64, _ expected: Int64) { lock.withLock { entries.append((received, expected)) } }
    var values: [(Int64, Int64)] { lock.withLock { entries } }
}
