import Foundation
import PayCore
import WeChatPay

/// What every pane needs: the services, the strings, the session and a way to post results into the UI loop.
///
/// Immutable except `poster`, which `ConsoleApp` sets once the `UIApp` exists (before the loop starts);
/// it is read on the UI thread only.
public final class ConsoleEnvironment {
    /// The services.
    public let backend: any ConsoleBackend
    /// The string table.
    public let strings: Strings
    /// The session (sandbox, simulator URL).
    public let context: ConsoleContext
    /// The QR drawing style.
    public let qrStyle: QRStyle
    /// The current time (tests may pin it).
    public var now: @Sendable () -> Date = { Date() }
    /// Queues an event into the UI loop from any thread.
    public var poster: @Sendable (any Sendable) -> Void = { _ in }

    /// An environment.
    public init(backend: any ConsoleBackend, strings: Strings, context: ConsoleContext, qrStyle: QRStyle) {
        self.backend = backend
        self.strings = strings
        self.context = context
        self.qrStyle = qrStyle
    }

    /// The text of an error for the status line (PayCore errors describe themselves without secrets).
    func message(for error: any Error) -> String {
        strings[.errorPrefix] + ": " + String(describing: error)
    }

    /// Asks the simulator to pay `outTradeNo` as the customer would (SANDBOX `P`); nil when it said yes.
    static func simulatePay(baseURL: String, outTradeNo: String) async -> String? {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let request = HTTPRequest(method: "POST", url: "\(trimmed)/sim/orders/\(outTradeNo)/pay",
                                  headers: HTTPHeaders([("Content-Type", "application/json")]), body: Data("{}".utf8))
        do {
            let response = try await CurlTransport().send(request)
            if (200..<300).contains(response.status) { return nil }
            return "HTTP \(response.status) " + String(decoding: response.body.prefix(200), as: UTF8.self)
        } catch {
            return String(describing: error)
        }
    }
}
