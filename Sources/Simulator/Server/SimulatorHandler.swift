import Foundation
import Logging
import WeChatPay

/// Routes every request to the v3 API, the v2 API or the control API, applying faults and signatures.
struct SimulatorHandler: Sendable {
    let config: SandboxConfig
    let engine: PlatformEngine
    let dispatcher: NotificationDispatcher
    let signing: ResponseSigning
    let faults: FaultStore
    let authenticator: V3Authenticator
    let builder: NotificationBuilder
    let bills: BillTokens
    let platformKey: RSAPrivateKey
    let platformCertificate: X509Certificate
    let logger = Logger(label: "paydesk.sim.http")

    /// v2 XML endpoints.
    static let v2Paths: Set<String> = [
        "/pay/unifiedorder", "/pay/orderquery", "/pay/closeorder", "/secapi/pay/refund", "/pay/refundquery",
        "/pay/downloadbill",
    ]

    func handle(_ request: SimRequest) async -> SimResponse {
        let path = request.path
        if path == "/sim" || path.hasPrefix("/sim/") { return await control(request) }
        if path.hasPrefix("/v3/") { return await v3(request) }
        if Self.v2Paths.contains(path) { return await v2(request) }
        return .error(PlatformError(status: 404, code: "NOT_FOUND", message: "no such API: \(request.method) \(path)"))
    }

    /// Applies the latency fault and draws the API fault of this call, if any.
    func injectedFault() async -> APIFault? {
        let settings = await faults.settings
        if settings.latencyMilliseconds > 0 {
            try? await Task.sleep(nanoseconds: UInt64(settings.latencyMilliseconds) * 1_000_000)
        }
        return APIFault.draw(settings)
    }

    /// What a gateway in front of the platform answers: 503, plain text, `Retry-After`, no platform signature.
    static func gatewayError(retryAfter: Int) -> SimResponse {
        SimResponse(
            status: 503,
            headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "\(retryAfter)")]),
            body: Data("503 Service Temporarily Unavailable (injected fault)".utf8))
    }

    /// Turns platform events into notification deliveries.
    func publish(_ events: [PlatformEvent]) async {
        for event in events {
            do {
                for delivery in try builder.deliveries(for: event, now: Date()) { await dispatcher.enqueue(delivery) }
            } catch {
                logger.error("cannot build notification", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The scheme and host the client used, for URLs the simulator hands out.
    func baseURL(of request: SimRequest) -> String {
        if let host = request.headers["Host"], !host.isEmpty { return "http://" + host }
        return config.baseURL
    }
}
