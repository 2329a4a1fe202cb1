import Foundation
import PayCore
import WeChatPay

/// A temporary folder with a simulator state (keys, `sandbox.json`) and a PayDesk database, removed at the end.
struct BenchSandbox {
    let directory: String
    var state: String { directory + "/sandbox" }
    var database: String { directory + "/paydesk.sqlite" }

    /// Creates the folder and lets `paydesk sim` write its keys and `sandbox.json` (it is stopped again unless
    /// `keepSimulator`; then it is returned, started with `simulatorArguments`).
    static func make(name: String, keepSimulator: Bool = false, simulatorArguments: [String] = [])
        throws -> (BenchSandbox, PayDeskProcess?)
    {
        let directory = FileManager.default.temporaryDirectory.path + "/paydesk-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sandbox = BenchSandbox(directory: directory)
        let (simulator, _) = try PayDeskProcess.start(
            ["sim", "--state", sandbox.state, "--listen", "127.0.0.1:0"] + simulatorArguments,
            ready: "paydesk sim listening on", directory: directory)
        if keepSimulator { return (sandbox, simulator) }
        simulator.stop()
        return (sandbox, nil)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// The merchant configuration `paydesk --sandbox` uses.
    func configuration() throws -> PayDeskConfiguration {
        try PayDeskConfiguration.sandbox(directory: state, databasePath: database)
    }

    /// The simulator's platform identity: its signing key, public key id and the APIv3 key, from `sandbox.json`.
    func platform() throws -> NotificationSet.Platform {
        let data = try Data(contentsOf: URL(fileURLWithPath: state + "/sandbox.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let configuration = try configuration()
        let keyPath = object["platform_private_key"] as? String ?? "platform_private_key.pem"
        let pem = try String(contentsOfFile: keyPath.hasPrefix("/") ? keyPath : state + "/" + keyPath, encoding: .utf8)
        return NotificationSet.Platform(
            key: try RSAPrivateKey(pem: pem), publicKeyID: configuration.platformPublicKeyID ?? "",
            apiV3Key: Data(configuration.apiV3Key.value.utf8), mchid: configuration.mchid, appid: configuration.appid)
    }

    /// Opens the database with PaymentCore once (creating the schema and the merchant row) and inserts one order
    /// of `total` fen per number, in one transaction.
    func seedOrders(_ numbers: [String], total: Int) throws {
        let configuration = try configuration()
        try blocking {
            let store = try Store.open(path: configuration.databasePath)
            let core = try await PaymentCore(configuration: configuration, store: store, transport: CurlTransport())
            let merchantID = core.merchantID
            let now = Date()
            try store.write { db in
                for number in numbers {
                    _ = try Store.insertOrder(
                        OrderRecord(merchantID: merchantID, outTradeNo: number, description: "bench", total: total,
                                    createdAt: now, expiresAt: now.addingTimeInterval(3600)),
                        in: db)
                }
            }
            await core.shutdown()
        }
    }
}
