import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import WeChatPay

/// How to run a simulator.
public struct SimulatorOptions: Sendable {
    /// The state folder (`sandbox.json`, keys, `simulator.sqlite`).
    public var stateDirectory: URL
    /// Address to bind; loopback by default.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Multiplies every scheduled delay (notification retries, auto-settle, the v2 close interval).
    public var timeScale: Double
    /// Identity named in `Wechatpay-Serial` when the request does not choose one.
    public var signatureMode: SignatureMode
    /// When set, refunds settle to SUCCESS on their own after this many (scaled) seconds.
    public var autoSettleRefundsAfter: TimeInterval?
    /// Outbound HTTP for notifications; libcurl when nil.
    public var notificationTransport: (any HTTPTransport)?

    public init(
        stateDirectory: URL = SimulatorOptions.defaultStateDirectory(), host: String = "127.0.0.1", port: Int = 0,
        timeScale: Double = 1, signatureMode: SignatureMode = .publicKey, autoSettleRefundsAfter: TimeInterval? = nil,
        notificationTransport: (any HTTPTransport)? = nil
    ) {
        self.stateDirectory = stateDirectory
        self.host = host
        self.port = port
        self.timeScale = timeScale
        self.signatureMode = signatureMode
        self.autoSettleRefundsAfter = autoSettleRefundsAfter
        self.notificationTransport = notificationTransport
    }

    /// `$XDG_DATA_HOME/paydesk/sandbox`, else `~/.local/share/paydesk/sandbox`.
    public static func defaultStateDirectory() -> URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return base.appendingPathComponent("paydesk/sandbox")
    }
}

/// The offline WeChat Pay platform over loopback HTTP, embeddable in-process (console, tests) or run by `paydesk sim`.
///
/// ```swift
/// let server = SimulatorServer(options: SimulatorOptions(stateDirectory: dir))
/// let url = try await server.start()          // http://127.0.0.1:PORT
/// let sandbox = try await server.sandbox()     // what sandbox.json says
/// await server.stop()
/// ```
public actor SimulatorServer {
    public let options: SimulatorOptions
    private var state: SimulatorState?
    private var runTask: Task<Void, Never>?
    private var serviceGroup: ServiceGroup?
    private var tickTask: Task<Void, Never>?
    private var dispatcher: NotificationDispatcher?
    private var engine: PlatformEngine?
    private var boundURL: URL?

    public init(options: SimulatorOptions) {
        self.options = options
    }

    /// Errors of starting the server.
    public enum StartError: Error, CustomStringConvertible {
        case alreadyStarted
        case stoppedBeforeReady
        case noPort

        public var description: String {
            switch self {
            case .alreadyStarted: "the simulator is already running"
            case .stoppedBeforeReady: "the HTTP server stopped before it was listening"
            case .noPort: "the HTTP server did not report its port"
            }
        }
    }

    /// Opens the state folder, binds, publishes `base_url` in `sandbox.json` and returns the base URL.
    public func start() async throws -> URL {
        guard runTask == nil else { throw StartError.alreadyStarted }
        var state = try SimulatorState.openOrCreate(at: options.stateDirectory)
        let config = state.config
        // Like the key files: readable by the owner only. Created 0600 before SQLite opens it, so the WAL and
        // shared-memory files SQLite creates next to it take the same mode.
        if !FileManager.default.fileExists(atPath: state.databasePath) {
            _ = FileManager.default.createFile(atPath: state.databasePath, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: state.databasePath)
        let store = try SimulatorStore(path: state.databasePath)
        var settings = EngineSettings(timeScale: options.timeScale, autoSettleRefundsAfter: options.autoSettleRefundsAfter)
        settings.timeScale = options.timeScale
        let engine = try PlatformEngine(merchant: MerchantIdentity(mchid: config.mchid, appid: config.appid), settings: settings, store: store)
        let signing = ResponseSigning(
            privateKey: state.platformKey, publicKeyID: config.platformPublicKeyID,
            certificateSerial: state.platformCertificate.serialNumber, defaultMode: options.signatureMode)
        let faults = FaultStore()
        let transport = options.notificationTransport ?? CurlTransport(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(30)))
        let dispatcher = NotificationDispatcher(store: store, transport: transport, signing: signing, faults: faults, timeScale: options.timeScale)
        let handler = SimulatorHandler(
            config: config, engine: engine, dispatcher: dispatcher, signing: signing, faults: faults,
            authenticator: V3Authenticator(
                mchid: config.mchid, merchantSerial: config.merchantSerial,
                merchantPublicKey: state.merchantCertificate.publicKey, maxClockSkew: 300, clock: { Date() }),
            builder: NotificationBuilder(apiV3Key: config.apiV3Key, apiV2Key: config.apiV2Key), bills: BillTokens(),
            platformKey: state.platformKey, platformCertificate: state.platformCertificate)

        var logger = Logger(label: "paydesk.sim")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let (ready, readyContinuation) = AsyncStream<Result<Int, Error>>.makeStream()
        let application = Application(
            responder: SimulatorResponder(handler: handler),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { readyContinuation.yield(.success(port)) } else { readyContinuation.yield(.failure(StartError.noPort)) }
            },
            logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [application], logger: logger))
        serviceGroup = group
        runTask = Task {
            do { try await group.run() } catch { readyContinuation.yield(.failure(error)) }
            readyContinuation.yield(.failure(StartError.stoppedBeforeReady))
            readyContinuation.finish()
        }
        var outcome: Result<Int, Error> = .failure(StartError.stoppedBeforeReady)
        for await result in ready {
            outcome = result
            break
        }
        let port: Int
        do { port = try outcome.get() } catch {
            runTask = nil
            throw error
        }
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        let base = "http://\(host):\(port)"
        try state.publish(baseURL: base)
        self.state = state
        self.dispatcher = dispatcher
        self.engine = engine
        await dispatcher.resume()
        tickTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 200_000_000)
                await handler.publish(await engine.tick())
            }
        }
        let url = URL(string: base) ?? URL(fileURLWithPath: "/")
        boundURL = url
        return url
    }

    /// Stops serving and delivering; pending deliveries stay in the store for the next start.
    public func stop() async {
        tickTask?.cancel()
        tickTask = nil
        await dispatcher?.stop()
        if let runTask {
            // Graceful first (open connections finish); cancellation if that takes more than 3 s.
            await serviceGroup?.triggerGracefulShutdown()
            let watchdog = Task {
                try await Task.sleep(nanoseconds: 3_000_000_000)
                runTask.cancel()
            }
            await runTask.value
            watchdog.cancel()
        }
        runTask = nil
        serviceGroup = nil
    }

    /// The base URL once started.
    public var baseURL: URL? { boundURL }

    /// The merchant configuration as written to `sandbox.json` (with the bound `base_url` once started).
    public func sandbox() throws -> SandboxConfig {
        if let state { return state.config }
        return try SimulatorState.openOrCreate(at: options.stateDirectory).config
    }

    /// The engine, for in-process callers that want the platform's view without HTTP.
    public func platformEngine() -> PlatformEngine? { engine }
}
