import ArgumentParser
import Dispatch
import Foundation
import Simulator

/// `paydesk sim`: runs the offline WeChat Pay platform until interrupted.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the offline WeChat Pay simulator (API v3 + v2, real signatures, notifications).",
        discussion: """
            On first start the state folder gets merchant and platform keys, certificates, API keys and \
            sandbox.json; later starts reuse them. When ready, one line is printed: \
            "paydesk sim listening on http://HOST:PORT". Control API under /sim/ (loopback only).
            """)

    @Option(help: "HOST:PORT to listen on; port 0 picks a free port.")
    var listen = "127.0.0.1:8380"

    @Option(help: "State folder (default: $XDG_DATA_HOME/paydesk/sandbox or ~/.local/share/paydesk/sandbox).")
    var state: String?

    @Option(name: .customLong("time-scale"), help: "Multiplies every scheduled delay (notification retries, auto-settle).")
    var timeScale: Double = 1

    @Option(name: .customLong("sign-with"), help: "Identity named in Wechatpay-Serial: public-key or certificate.")
    var signWith = "public-key"

    @Option(name: .customLong("settle-refunds-after"), help: "Settle refunds to SUCCESS on their own after SECONDS (scaled).")
    var settleRefundsAfter: Double?

    func validate() throws {
        guard SignatureMode(rawValue: signWith) != nil else { throw ValidationError("--sign-with must be public-key or certificate") }
        guard timeScale > 0 else { throw ValidationError("--time-scale must be greater than 0") }
        _ = try Self.split(listen)
    }

    /// `127.0.0.1:8380`, `[::1]:0` → host and port.
    static func split(_ address: String) throws -> (host: String, port: Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (0...65_535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT, got \(address)") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen must name a host, got \(address)") }
        return (host, port)
    }

    func run() async throws {
        let (host, port) = try Self.split(listen)
        let directory = state.map { URL(fileURLWithPath: $0) } ?? SimulatorOptions.defaultStateDirectory()
        let server = SimulatorServer(options: SimulatorOptions(
            stateDirectory: directory, host: host, port: port, timeScale: timeScale,
            signatureMode: SignatureMode(rawValue: signWith) ?? .publicKey, autoSettleRefundsAfter: settleRefundsAfter))
        let url = try await server.start()
        // Written straight to the file descriptor so the ready line is never held in a buffer.
        FileHandle.standardOutput.write(Data("paydesk sim listening on \(url.absoluteString)\n".utf8))
        FileHandle.standardError.write(Data("sandbox: \(directory.appendingPathComponent("sandbox.json").path)\n".utf8))
        await Self.waitForTermination()
        await server.stop()
    }

    /// Suspends until SIGINT or SIGTERM.
    static func waitForTermination() async {
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}
