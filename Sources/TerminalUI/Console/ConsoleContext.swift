/// What the console shows about the session it runs in (status bar, SANDBOX-only keys).
public struct ConsoleContext: Sendable {
    /// Merchant name for the status bar.
    public var merchantName: String
    /// Whether the merchant is the in-process or local simulator (SANDBOX badge, `P` key).
    public var isSandbox: Bool
    /// Where the notification listener accepts notifications, e.g. `http://127.0.0.1:38211`.
    public var listenerAddress: String?
    /// The simulator's base URL, for `P` (POST /sim/orders/{no}/pay).
    public var simulatorBaseURL: String?

    /// A context; all but the merchant name optional.
    public init(merchantName: String, isSandbox: Bool, listenerAddress: String? = nil, simulatorBaseURL: String? = nil) {
        self.merchantName = merchantName
        self.isSandbox = isSandbox
        self.listenerAddress = listenerAddress
        self.simulatorBaseURL = simulatorBaseURL
    }
}

/// User choices for the console's look (from `--theme`, `--lang`, `--qr-style` or the configuration).
public struct ConsoleOptions: Sendable {
    /// Theme name (`themes/NAME.toml` or a built-in); nil for the default.
    public var theme: String?
    /// `en` or `zh-CN`; nil to follow `LANG`.
    public var language: String?
    /// `blocks` or `wide`; nil for blocks.
    public var qrStyle: String?

    /// Options; nil means the default.
    public init(theme: String? = nil, language: String? = nil, qrStyle: String? = nil) {
        self.theme = theme
        self.language = language
        self.qrStyle = qrStyle
    }

    /// The QR style these options ask for (`wide` for `wide`, half blocks otherwise).
    public var resolvedQRStyle: QRStyle {
        qrStyle?.lowercased() == "wide" ? .wide : .halfBlocks
    }
}
