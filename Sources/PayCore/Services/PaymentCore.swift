import Foundation
import GRDB
import Logging
import WeChatPay

/// The PayDesk core for one merchant: configuration, store, clients and every service, wired once.
///
/// At init the merchant row is created or updated from the configuration (key file paths only, never key
/// contents), the merchant key and the WeChat Pay public key / platform certificates are loaded, and the
/// v3 (direct or partner) or v2 client is chosen by `api_version`.
public final class PaymentCore: Sendable {
    public let configuration: PayDeskConfiguration
    public let store: Store
    public let events: EventHub
    public let checkout: CheckoutService
    public let watcher: StatusWatcher
    public let refunds: RefundService
    public let ingestor: NotificationIngestor
    public let reconciler: Reconciler
    /// The "sync pending" sweep over orders and refunds not yet final.
    public let sync: PendingSync
    public let webhooks: BusinessWebhook
    /// The merchant row of this configuration.
    public let merchantID: Int64
    /// The v3 response and notification verifier (platform keys).
    public let verifier: ResponseVerifier
    private let defaultNotifyURL: NotifyURLSetting

    /// Wires the core. `polling`, `webhookSchedule` and `now` exist for tests (the console uses the defaults);
    /// `now` drives the services (expiry, timestamps), while signatures are always checked against the real clock.
    public init(
        configuration: PayDeskConfiguration, store: Store, transport: any HTTPTransport,
        polling: PollingSchedule = .standard, webhookSchedule: WebhookSchedule = .standard,
        retry: RetryPolicy = .default, notificationApply: NotificationApplyPolicy = .standard,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "paydesk.core")
    ) async throws {
        self.configuration = configuration
        self.store = store
        let events = EventHub()
        self.events = events
        let privateKey = try Self.loadPrivateKey(configuration)
        let publicKey = try configuration.platformPublicKeyPath.map { path throws(ConfigurationError) in
            try Self.readKeyFile(path, field: "platform.public_key", configuration: configuration) { try RSAPublicKey(pem: $0) }
        }
        var certificates: [X509Certificate] = []
        for path in configuration.platformCertificatePaths {
            certificates.append(
                try Self.readKeyFile(path, field: "platform.certificates", configuration: configuration) {
                    try X509Certificate(pem: $0)
                })
        }
        let apiV3Key = Data(configuration.apiV3Key.value.utf8)
        let signer = RequestSigner(mchid: configuration.mchid, serialNumber: configuration.merchantSerial, privateKey: privateKey)
        let recorder = APICallRecorder(store: store, logger: logger)
        // Certificates come from their own client: see CertificateBootstrapValidator.
        let certificateClient = WeChatPayClient(
            baseURL: configuration.baseURL, authorizer: signer,
            validator: CertificateBootstrapValidator(
                apiV3Key: apiV3Key, publicKeyID: configuration.platformPublicKeyID, publicKey: publicKey),
            transport: transport, retry: retry, observer: recorder)
        let certificateSource: @Sendable () async throws -> [X509Certificate] = {
            let body = try await certificateClient.certificates()
            return try ResponseVerifier.decryptCertificateList(body: body, apiV3Key: apiV3Key)
        }
        let verifier = ResponseVerifier(
            publicKeyID: configuration.platformPublicKeyID, publicKey: publicKey, certificates: certificates,
            certificateSource: certificateSource)
        self.verifier = verifier
        let gateway: any PaymentGateway
        switch configuration.apiVersion {
        case .v3:
            let client = WeChatPayClient(
                baseURL: configuration.baseURL, authorizer: signer, validator: verifier, transport: transport,
                retry: retry, observer: recorder)
            gateway = V3Gateway(client: client, mchid: configuration.mchid, appid: configuration.appid, partner: configuration.partner)
        case .v2:
            let clientCertificate = configuration.merchantCertificatePath.map {
                ClientCertificate(certificatePath: $0, privateKeyPath: configuration.merchantPrivateKeyPath)
            }
            gateway = V2Gateway(
                client: WeChatPayV2Client(
                    baseURL: configuration.baseURL, appid: configuration.appid, mchid: configuration.mchid,
                    apiKey: configuration.apiV2Key?.value ?? "", signType: configuration.v2SignType,
                    transport: transport, clientCertificate: clientCertificate, observer: recorder))
        }
        let merchantID = try Self.upsertMerchant(configuration, store: store, now: now())
        self.merchantID = merchantID
        let defaultNotifyURL = NotifyURLSetting(configuration.notifyURL)
        self.defaultNotifyURL = defaultNotifyURL
        let context = CoreContext(
            configuration: configuration, store: store, events: events, gateway: gateway, merchantID: merchantID,
            notifyURL: defaultNotifyURL, logger: logger, now: now)
        let checkout = CheckoutService(context: context)
        self.checkout = checkout
        watcher = StatusWatcher(context: context, checkout: checkout, schedule: polling)
        let refunds = RefundService(context: context)
        self.refunds = refunds
        sync = PendingSync(context: context, checkout: checkout, refunds: refunds)
        let replayPublicKey = publicKey
        let configuredCertificates = certificates
        ingestor = NotificationIngestor(
            context: context, verifier: verifier,
            replayVerifier: { arrival in
                ResponseVerifier(
                    publicKeyID: configuration.platformPublicKeyID, publicKey: replayPublicKey,
                    certificates: configuredCertificates, clock: { arrival }, certificateSource: certificateSource)
            }, apiV3Key: apiV3Key, apiV2Key: configuration.apiV2Key?.value, applyPolicy: notificationApply)
        reconciler = Reconciler(context: context)
        webhooks = BusinessWebhook(
            context: context, settings: configuration.webhook, transport: transport, schedule: webhookSchedule)
        await webhooks.start()
    }

    /// The notify URL new orders get when their request names none: `configuration.notifyURL` until
    /// `setNotifyURL(_:)` replaces it.
    public var notifyURL: String? { defaultNotifyURL.current }

    /// Makes `url` the notify URL of new orders and of the merchant row. The runtime calls it once its
    /// notification listener has bound (port 0 allowed), before any order is created.
    public func setNotifyURL(_ url: String) throws {
        defaultNotifyURL.set(url)
        try store.write { db in
            try db.execute(sql: "UPDATE merchants SET notify_url = ? WHERE id = ?", arguments: [url, merchantID])
        }
    }

    /// Stops background work (webhook delivery, the notification backlog) and ends event streams.
    public func shutdown() async {
        await ingestor.stopApplyingBacklog()
        await webhooks.stop()
        events.finish()
    }

    // MARK: - Wiring helpers

    private static func loadPrivateKey(_ configuration: PayDeskConfiguration) throws(ConfigurationError) -> RSAPrivateKey {
        try readKeyFile(configuration.merchantPrivateKeyPath, field: "merchant.private_key", configuration: configuration) {
            try RSAPrivateKey(pem: $0)
        }
    }

    /// Reads and parses a key file; errors name the field and the file, never the contents.
    private static func readKeyFile<T>(
        _ path: String, field: String, configuration: PayDeskConfiguration, parse: (String) throws -> T
    ) throws(ConfigurationError) -> T {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(file: path, field: field, message: "cannot read the file")
        }
        do {
            return try parse(text)
        } catch {
            throw ConfigurationError(file: path, field: field, message: "cannot parse the PEM")
        }
    }

    /// Creates or updates the merchant row named after the configuration; stores paths, never secrets.
    static func upsertMerchant(_ configuration: PayDeskConfiguration, store: Store, now: Date) throws -> Int64 {
        var merchant =
            try store.merchant(named: configuration.merchantName)
            ?? MerchantRecord(name: configuration.merchantName, appID: configuration.appid,
                              merchantNumber: configuration.mchid, createdAt: now)
        merchant.mode = configuration.partner == nil ? .direct : .partner
        merchant.apiVersion = configuration.apiVersion.rawValue
        merchant.environment = configuration.environment.rawValue
        merchant.baseURL = configuration.baseURL
        merchant.appID = configuration.appid
        merchant.merchantNumber = configuration.mchid
        merchant.subAppID = configuration.partner?.subAppid
        merchant.subMerchantNumber = configuration.partner?.subMchid
        merchant.merchantSerial = configuration.merchantSerial
        merchant.privateKeyPath = configuration.merchantPrivateKeyPath
        merchant.certificatePath = configuration.merchantCertificatePath
        merchant.platformPublicKeyPath = configuration.platformPublicKeyPath
        merchant.platformPublicKeyID = configuration.platformPublicKeyID
        merchant.platformCertificatePath = configuration.platformCertificatePaths.first
        merchant.notifyURL = configuration.notifyURL
        merchant.feeRatePPM = configuration.feeRatePPM
        merchant.updatedAt = now
        if let id = merchant.id {
            try store.updateMerchant(merchant)
            return id
        }
        guard let id = try store.insertMerchant(merchant).id else { throw StoreError.refused("merchant row has no id") }
        return id
    }
}
