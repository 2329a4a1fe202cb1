import Foundation
import Testing
@testable import WeChatPay

/// Reading the vector files in Tests/Fixtures/wechatpay-vectors.
enum V2Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wechatpay-vectors")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// API key and req_info of vector V-9 (GOPAY wechat/notify_test.go).
    static let v9APIKey = "ziR0QKsTUfMOuochC9RfCdmfHECorQAP"
    static let v9ReqInfo = """
        YYwp8C48th0wnQzTqeI+41pflB26v+smFj9z6h9RPBgxTyZyxc+4YNEz7QEgZNWj/6rIb2MfyWMZmCc41CfjKSssoSZPXxOhUayb6KvNSZ1p6frOX1PDWzhyruXK7ouNND+gDsG4yZ0XXzsL4/pYNwLLba/71QrnkJ/BHcByk4EXnglju5DLup9pJQSnTxjomI9Rxu57m9jg5lLQFxMWXyeASZJNvof0ulnHlWJswS4OxKOkmW7VEyKyLGV6npoOm03Qsx2wkRxLsSa9gPpg4hdaReeUqh1FMbm7aWjyrVYT/MEZWg98p4GomEIYvz34XfDncTezX4bf/ZiSLXt79aE1/YTZrYfymXeCrGjlbe0rg/T2ezJHAC870u2vsVbY1/KcE2A443N+DEnAziXlBQ1AeWq3Rqk/O6/TMM0lomzgctAOiAMg+bh5+Gu1ubA9O3E+vehULydD5qx2o6i3+qA9ORbH415NyRrQdeFq5vmCiRikp5xYptWiGZA0tkoaLKMPQ4ndE5gWHqiBbGPfULZWokI+QjjhhBmwgbd6J0VqpRorwOuzC/BHdkP72DCdNcm7IDUpggnzBIy0+seWIkcHEryKjge3YDHpJeQCqrAH0CgxXHDt1xtbQbST1VqFyuhPhUjDXMXrknrGPN/oE1t0rLRq+78cI+k8xe5E6seeUXQsEe8r3358mpcDYSmXWSXVZxK6er9EF98APqHwcndyEJD2YyCh/mMVhERuX+7kjlRXSiNUWa/Cv/XAKFQuvUYA5ea2eYWtPRHa4DpyuF1SNsaqVKfgqKXZrJHfAgslVpSVqUpX4zkKszHF4kwMZO3M7J1P94Mxa7Tm9mTOJePOoHPXeEB+m9rX6pSfoi3mJDQ5inJ+Vc4gOkg/Wd/lqiy6TTyP/dHDN6/v+AuJx5AXBo/2NDD3fWhHjkqEKIuARr2ClZt9ZRQO4HkXdZo7CN06sGCHk48Tg8PmxnxKcMZm7Aoquv5yMIM2gWSWIRJhwJ8cUpafIHc+GesDlbF6Zbt+/KXkafJAQq2RklEN+WvZ/zFz113EPgWPjp16TwBoziq96MMekvWKY/vdhjol8VFtGH9F61Oy1Xwf6DJtPw==
        """
}

/// Records every request and answers with a scripted response per attempt (pure logic: no network involved).
struct ScriptedV2Transport: HTTPTransport {
    actor Log {
        private(set) var entries: [(request: HTTPRequest, certificate: ClientCertificate?)] = []
        func append(_ request: HTTPRequest, _ certificate: ClientCertificate?) -> Int {
            entries.append((request, certificate))
            return entries.count - 1
        }
        var requests: [HTTPRequest] { entries.map(\.request) }
        var certificates: [ClientCertificate?] { entries.map(\.certificate) }
    }

    let log = Log()
    /// Gets the request and its zero-based attempt number across the transport's life.
    let respond: @Sendable (HTTPRequest, Int) throws -> HTTPResponse

    func send(_ request: HTTPRequest, clientCertificate: ClientCertificate?) async throws -> HTTPResponse {
        let index = await log.append(request, clientCertificate)
        return try respond(request, index)
    }
}

/// Builds platform answers signed like WeChat Pay signs them.
struct V2Platform {
    let apiKey: String
    var signType: V2SignType = .hmacSHA256

    func answer(_ fields: [String: String]) -> HTTPResponse {
        var signed = fields
        signed["sign"] = V2Signer(apiKey: apiKey).sign(fields, type: signType)
        return HTTPResponse(status: 200, body: XMLCodec.encode(signed))
    }

    func success(_ fields: [String: String]) -> HTTPResponse {
        answer(fields.merging(["return_code": "SUCCESS", "return_msg": "OK", "result_code": "SUCCESS",
                               "nonce_str": Nonce.make(length: 16)]) { first, _ in first })
    }

    func businessFailure(_ code: String, _ description: String) -> HTTPResponse {
        answer(["return_code": "SUCCESS", "return_msg": "OK", "result_code": "FAIL", "err_code": code,
                "err_code_des": description])
    }
}
