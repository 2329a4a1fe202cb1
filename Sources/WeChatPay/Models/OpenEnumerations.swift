import Foundation

/// A string-coded enumeration that keeps values it does not know, so a new platform value never fails decoding.
public protocol OpenStringEnumeration: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension OpenStringEnumeration {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// State of a payment order as the platform reports it (`trade_state`).
public enum TradeState: OpenStringEnumeration {
    case success
    case refund
    case notPay
    case closed
    case revoked
    case userPaying
    case payError
    /// A value this build does not know, kept verbatim.
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "SUCCESS": self = .success
        case "REFUND": self = .refund
        case "NOTPAY": self = .notPay
        case "CLOSED": self = .closed
        case "REVOKED": self = .revoked
        case "USERPAYING": self = .userPaying
        case "PAYERROR": self = .payError
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .success: "SUCCESS"
        case .refund: "REFUND"
        case .notPay: "NOTPAY"
        case .closed: "CLOSED"
        case .revoked: "REVOKED"
        case .userPaying: "USERPAYING"
        case .payError: "PAYERROR"
        case .unknown(let value): value
        }
    }
}

/// How the order is paid (`trade_type`).
public enum TradeType: OpenStringEnumeration {
    case jsapi
    case native
    case app
    case micropay
    case mweb
    case facepay
    /// A value this build does not know, kept verbatim.
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "JSAPI": self = .jsapi
        case "NATIVE": self = .native
        case "APP": self = .app
        case "MICROPAY": self = .micropay
        case "MWEB": self = .mweb
        case "FACEPAY": self = .facepay
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .jsapi: "JSAPI"
        case .native: "NATIVE"
        case .app: "APP"
        case .micropay: "MICROPAY"
        case .mweb: "MWEB"
        case .facepay: "FACEPAY"
        case .unknown(let value): value
        }
    }
}

/// State of a refund (`status` in refund objects, `refund_status` in refund notifications).
public enum RefundStatus: OpenStringEnumeration {
    case success
    case closed
    case processing
    case abnormal
    /// A value this build does not know, kept verbatim.
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "SUCCESS": self = .success
        case "CLOSED": self = .closed
        case "PROCESSING": self = .processing
        case "ABNORMAL": self = .abnormal
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .success: "SUCCESS"
        case .closed: "CLOSED"
        case .processing: "PROCESSING"
        case .abnormal: "ABNORMAL"
        case .unknown(let value): value
        }
    }
}

/// Merchant account a refund is paid from (`funds_account`).
public enum FundsAccount: OpenStringEnumeration {
    case unsettled
    case available
    case unavailable
    case operation
    case basic
    /// A value this build does not know, kept verbatim.
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "UNSETTLED": self = .unsettled
        case "AVAILABLE": self = .available
        case "UNAVAILABLE": self = .unavailable
        case "OPERATION": self = .operation
        case "BASIC": self = .basic
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .unsettled: "UNSETTLED"
        case .available: "AVAILABLE"
        case .unavailable: "UNAVAILABLE"
        case .operation: "OPERATION"
        case .basic: "BASIC"
        case .unknown(let value): value
        }
    }
}

/// Where refunded money goes (`channel`).
public enum RefundChannel: OpenStringEnumeration {
    case original
    case balance
    case otherBalance
    case otherBankcard
    /// A value this build does not know, kept verbatim.
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "ORIGINAL": self = .original
        case "BALANCE": self = .balance
        case "OTHER_BALANCE": self = .otherBalance
        case "OTHER_BANKCARD": self = .otherBankcard
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .original: "ORIGINAL"
        case .balance: "BALANCE"
        case .otherBalance: "OTHER_BALANCE"
        case .otherBankcard: "OTHER_BANKCARD"
        case .unknown(let value): value
        }
    }
}
