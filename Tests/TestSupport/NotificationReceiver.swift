import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import WeChatPay

/// An HTTP endpoint on 127.0.0.1:0 (`POST /notify`) that answers from a script and records what it got: the
/// merchant's notify URL in simulator tests, the merchant's own system in business-webhook tests.
public final class NotificationReceiver: Sendable {
    /// What one request carried.
    public struct Received: Sendable {
        public var headers: HTTPHeaders
        public var body: Data
        public var at: Date
    }

    /// Recorded requests and the scripted answers.
    public actor Log {
        public private(set) var received: [Received] = []
        private var script: [(Int, String)]
        private let fallback: (Int, String)

        init(script: [(Int, String)], fallback: (Int, String)) {
            self.script = script
            self.fallback = fallback
        }

        func record(_ item: Received) -> (Int, String) {
            received.append(item)
            return script.isEmpty ? fallback : script.removeFirst()
        }
    }

    public let log: Log
    public let url: String
    private let task: Task<Void, Never>

    private init(log: Log, url: String, task: Task<Void, Never>) {
        self.log = log
        self.url = url
        self.task = task
    }

    /// Starts a receiver answering `script` in order, then `fallback`.
    public static func start(script: [(Int, String)], fallback: (Int, String) = (204, "")) async throws -> NotificationReceiver {
        let log = Log(script: script, fallback: fallback)
        let router = Router()
        router.post("notify") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers = HTTPHeaders()
            for field in request.headers { headers.add(field.name.rawName, field.value) }
            let (status, body) = await log.record(Received(headers: headers, body: Data(buffer.readableBytesView), at: Date()))
            return Response(
                status: HTTPResponse.Status(code: status),
                body: body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test.receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { _ = try? await app.run() }
        var port = 0
        for await value in ready {
            port = value
            break
        }
        return NotificationReceiver(log: log, url: "http://127.0.0.1:\(port)/notify", task: task)
    }

    public func stop() async {
        task.cancel()
        await task.value
    }

    /// Waits until `count` requests arrived (or `seconds` pass) and returns what arrived.
    public func waitFor(_ count: Int, seconds: Double = 60) async -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let received = await log.received
            if received.count >= count { return received }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return await log.received
    }
}
