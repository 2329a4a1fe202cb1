/// A refusal by the simulated platform: HTTP status, v3 `code` and a message naming what is wrong.
public struct PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }

    static func param(_ message: String) -> PlatformError { .init(status: 400, code: "PARAM_ERROR", message: message) }
    static func invalid(_ message: String) -> PlatformError { .init(status: 400, code: "INVALID_REQUEST", message: message) }
    static func orderNotExist(_ outTradeNo: String) -> PlatformError {
        .init(status: 404, code: "ORDER_NOT_EXIST", message: "order \(outTradeNo) does not exist")
    }
    static func refundNotExist(_ outRefundNo: String) -> PlatformError {
        .init(status: 404, code: "RESOURCE_NOT_EXISTS", message: "refund \(outRefundNo) does not exist")
    }
    static let systemError = PlatformError(status: 500, code: "SYSTEM_ERROR", message: "system error (injected fault), retry with the same parameters")
}
