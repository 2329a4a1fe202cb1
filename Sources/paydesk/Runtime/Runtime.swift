import Foundation
import NotifyServer
import PayCore
import Simulator
import WeChatPay

/// Everything a command needs, wired once: configuration, database, `PaymentCore`, and in SANDBOX the embedded
/// simulator and notification listener (DESIGN §10).
///
/// Configuration is resolved in this order:
/// 1. `--sandbox DIR`: `DIR/sandbox.json` of a running `paydesk sim`;
/// 2. `--config PATH`, or the default config file when it exists;
/// 3. otherwise SANDBOX: an in-process simulator on a free loopback port, state in the default sandbox folder.
struct Runtime: Sendable {
    let core: PaymentCore
    let configuration: PayDeskConfiguration
    /// The in-process simulator (SANDBOX default only).
    let simulator: SimulatorServer?
    /// The notification listener (console, `serve`, `listen`).
    let listener: NotificationListener?
    /// The listener's base URL with the bound port, `http://127.0.0.1:PORT`.
    let listenerAddress: String?
    /// The simulator the orders go to, when it is one (embedded or `--sandbox`): the console's P key.
    var simulatorBaseURL: String?

    /// True when the merchant is a simulator.
    var isSandbox: Bool { configuration.environment == .sandbox }

    /// Where notifications go when nothing is configured and no listener is embedded: `paydesk serve`'s default.
    static let sandboxNotifyURL = "http://\(ListenAddress.serveDefault)/notify"

    /// Resolves the configuration, opens the database and wires the core; with `embedListener` also starts a
    /// notification listener on `listenAddress` (port 0: any free port) whose `/notify` URL new orders get unless
    /// one is configured.
    static func start(
        _ options: GlobalOptions, embedListener: Bool, listenAddress: ListenAddress = .loopbackAnyPort,
        notificationApply: NotificationApplyPolicy = .standard
    ) async throws -> Runtime {
        var simulator: SimulatorServer?
        var configuration: PayDeskConfiguration
        let environment = ProcessInfo.processInfo.environment
        if let directory = options.sandbox {
            configuration = try PayDeskConfiguration.sandbox(directory: absolute(directory), databasePath: options.db.map(absolute))
            try configuration.applySandboxOverrides(environment: environment)
        } else if let path = options.config ?? existingDefaultConfig() {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError(message: "configuration: \(path): no such file (create one with `paydesk config init`)")
            }
            configuration = try PayDeskConfiguration.load(path: path, environment: environment)
            if let db = options.db { configuration.databasePath = absolute(db) }
        } else {
            let directory = PayDeskConfiguration.defaultSandboxDirectory
            let server = SimulatorServer(options: SimulatorOptions(stateDirectory: URL(fileURLWithPath: directory), host: "127.0.0.1", port: 0))
            _ = try await server.start()
            simulator = server
            do {
                configuration = try PayDeskConfiguration.sandbox(directory: directory, databasePath: options.db.map(absolute))
                try configuration.applySandboxOverrides(environment: environment)
            } catch {
                await server.stop()
                throw error
            }
        }
        do {
            return try await wire(
                configuration, simulator: simulator, embedListener: embedListener, listenAddress: listenAddress,
                notificationApply: notificationApply)
        } catch {
            await simulator?.stop()
            throw error
        }
    }

    /// Opens the store, starts the listener when asked and builds the core.
    private static func wire(
        _ base: PayDeskConfiguration, simulator: SimulatorServer?, embedListener: Bool, listenAddress: ListenAddress,
        notificationApply: NotificationApplyPolicy
    ) async throws -> Runtime {
        var configuration = base
        try FileManager.default.createDirectory(
            atPath: (configuration.databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let store = try Store.open(path: configuration.databasePath)
        let transport = CurlTransport()
        guard embedListener else {
            if configuration.notifyURL == nil, configuration.environment == .sandbox {
                configuration.notifyURL = sandboxNotifyURL
            }
            let core = try await PaymentCore(
                configuration: configuration, store: store, transport: transport, notificationApply: notificationApply)
            return Runtime(core: core, configuration: configuration, simulator: simulator, listener: nil,
                           listenerAddress: nil, simulatorBaseURL: sandboxBaseURL(configuration))
        }
        // The listener needs the core's ingestor, and new orders need the listener's address: build the core,
        // bind the listener (port 0: the kernel picks, no reservation race), then hand the core its notify URL
        // before anything can create an order.
        let core = try await PaymentCore(
            configuration: configuration, store: store, transport: transport, notificationApply: notificationApply)
        let listener = NotificationListener(ingestor: core.ingestor, host: listenAddress.host, port: listenAddress.port)
        let port: Int
        do {
            port = try await listener.start()
        } catch {
            await core.shutdown()
            throw CLIError(message: "cannot listen on \(listenAddress): \(error)")
        }
        let address = "http://\(ListenAddress(host: listenAddress.host, port: port))"
        if configuration.notifyURL == nil {
            configuration.notifyURL = address + "/notify"
            do {
                try core.setNotifyURL(address + "/notify")
            } catch {
                await listener.stop()
                await core.shutdown()
                throw error
            }
        }
        // The process that receives notifications also applies what a crash (or a stop during a storm) left stored
        // but not applied; a command without a listener leaves that backlog to it rather than compete for the writer.
        core.ingestor.applyBacklog()
        return Runtime(core: core, configuration: configuration, simulator: simulator, listener: listener,
                       listenerAddress: address, simulatorBaseURL: sandboxBaseURL(configuration))
    }

    /// Stops the listener, the core and the embedded simulator.
    func shutdown() async {
        await listener?.stop()
        await core.shutdown()
        await simulator?.stop()
    }

    private static func sandboxBaseURL(_ configuration: PayDeskConfiguration) -> String? {
        configuration.environment == .sandbox ? configuration.baseURL : nil
    }

    private static func existingDefaultConfig() -> String? {
        let path = PayDeskConfiguration.defaultConfigPath
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Paths relative to the working directory.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}

extension Runtime {
    /// Runs `body` with a started runtime and always shuts it down.
    static func with<T>(
        _ options: GlobalOptions, embedListener: Bool = false, listenAddress: ListenAddress = .loopbackAnyPort,
        _ body: (Runtime) async throws -> T
    ) async throws -> T {
        let runtime = try await start(options, embedListener: embedListener, listenAddress: listenAddress)
        do {
            let result = try await body(runtime)
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
