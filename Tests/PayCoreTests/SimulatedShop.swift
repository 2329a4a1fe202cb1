import Foundation
import NotifyServer
import PayCore
import Simulator
import Synchronization
import WeChatPay

/// The core against an in-process simulator over loopback, notifications through a real listener.
///
/// Wired the way the runtime wires it: the configuration names no notify URL, the listener binds port 0 first,
/// then the core is handed the listener's URL (`PaymentCore.setNotifyURL`).
final class SimulatedShop: Sendable {
    let directory: URL
    let simulator: SimulatorServer
    let core: PaymentCore
    let listener: NotificationListener
    let transport = CurlTransport(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(30)))
    let baseURL: String
    /// Shifts the core's clock (not the simulator's).
    let box: OffsetBox

    private init(
        directory: URL, simulator: SimulatorServer, core: PaymentCore, listener: NotificationListener, baseURL: String,
        box: OffsetBox
    ) {
        self.box = box
        self.directory = directory
        self.simulator = simulator
        self.core = core
        self.listener = listener
        self.baseURL = baseURL
    }

    /// A shop on a fresh simulator. `timeScale` compresses the simulator's notification schedule;
    /// `settleRefundsAfter` lets refunds settle on their own; `retry` is the core's client retry policy; `adjust`
    /// changes the sandbox configuration (API v2, partner mode, webhook).
    static func start(
        timeScale: Double = 0.001, settleRefundsAfter: TimeInterval? = nil, retry: RetryPolicy = .default,
        webhookSchedule: WebhookSchedule = .standard, adjust: (inout PayDeskConfiguration) -> Void = { _ in }
    ) async throws -> SimulatedShop {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paycore-sim-\(UUID().uuidString)")
        let simulator = SimulatorServer(
            options: SimulatorOptions(
                stateDirectory: directory, port: 0, timeScale: timeScale, autoSettleRefundsAfter: settleRefundsAfter))
        let url = try await simulator.start()
        var configuration = try PayDeskConfiguration.sandbox(
            directory: directory.path, databasePath: directory.appendingPathComponent("paydesk.sqlite").path)
        adjust(&configuration)
        let store = try Store.open(path: configuration.databasePath)
        let box = OffsetBox()
        let core = try await PaymentCore(
            configuration: configuration, store: store, transport: CurlTransport(),
            polling: PollingSchedule(initial: 0.2, maximum: 0.5, factor: 1.5), webhookSchedule: webhookSchedule,
            retry: retry, now: { Date().addingTimeInterval(box.value) })
        let listener = NotificationListener(ingestor: core.ingestor)
        try await listener.start()
        if configuration.notifyURL == nil { try core.setNotifyURL(listener.notifyURL) }
        return SimulatedShop(
            directory: directory, simulator: simulator, core: core, listener: listener, baseURL: url.absoluteString, box: box)
    }

    /// The simulator stops first and the listener a second later, so that no notification delivery (an abandoned
    /// one of the notify_timeout fault may still be connecting) reaches the listener while it shuts down: a
    /// Hummingbird server accepting a connection during shutdown was seen to trap in NIOAsyncWriter's deinit.
    func stop() async {
        await simulator.stop()
        try? await Task.sleep(for: .seconds(1))
        await listener.stop()
        await core.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    func control(_ path: String, json: String = "{}", method: String = "POST") async throws -> HTTPResponse {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return try await transport.send(
            HTTPRequest(method: method, url: base + path, headers: HTTPHeaders([("Content-Type", "application/json")]),
                        body: method == "GET" ? Data() : Data(json.utf8)))
    }

    /// A control API answer decoded as a JSON object.
    func controlObject(_ path: String) async throws -> [String: Any] {
        let response = try await control(path, method: "GET")
        guard response.status == 200, let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw SimulatorAnswerError(path: path, status: response.status)
        }
        return object
    }

    /// Watches until `predicate` holds or `seconds` pass; returns the last row seen.
    func waitFor(_ outTradeNo: String, seconds: Double = 60, _ predicate: @escaping @Sendable (OrderRecord) -> Bool) async -> OrderRecord? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let order = try? core.store.order(outTradeNo: outTradeNo), predicate(order) { return order }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try? core.store.order(outTradeNo: outTradeNo)
    }

    /// Polls until a stored notification about the order satisfies `predicate` (or `seconds` pass).
    func waitForNotification(
        _ outTradeNo: String, seconds: Double = 60, _ predicate: @escaping @Sendable (NotificationRecord) -> Bool
    ) async -> NotificationRecord? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let found = (try? core.store.notifications(outTradeNo: outTradeNo))?.first(where: predicate) { return found }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}

/// A shifted clock for expiry tests.
final class OffsetBox: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    var value: TimeInterval { offset.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

/// The control API did not answer 200 with a JSON object.
struct SimulatorAnswerError: Error {
    let path: String
    let status: Int
}
