import Foundation

/// The parsed `Authorization` header of a v3 request:
/// `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`.
public struct AuthorizationHeader: Sendable, Equatable {
    /// The only scheme PayDesk signs and accepts.
    public static let schemeName = "WECHATPAY2-SHA256-RSA2048"

    /// `WECHATPAY2-SHA256-RSA2048` for every request PayDesk accepts.
    public var scheme: String
    /// The signing merchant (`sp_mchid` in partner mode).
    public var mchid: String
    /// `nonce_str`, line 4 of the signed message.
    public var nonce: String
    /// Decimal Unix seconds, exactly as written (it is part of the signed message).
    public var timestamp: String
    /// `serial_no`: the merchant API certificate serial whose key signed.
    public var serialNumber: String
    /// Base64 SHA256withRSA signature.
    public var signature: String

    public init(
        scheme: String = AuthorizationHeader.schemeName, mchid: String, nonce: String, timestamp: String,
        serialNumber: String, signature: String
    ) {
        self.scheme = scheme
        self.mchid = mchid
        self.nonce = nonce
        self.timestamp = timestamp
        self.serialNumber = serialNumber
        self.signature = signature
    }

    /// The header value in Go/Java parameter order.
    public var value: String {
        "\(scheme) mchid=\"\(mchid)\",nonce_str=\"\(nonce)\",timestamp=\"\(timestamp)\","
            + "serial_no=\"\(serialNumber)\",signature=\"\(signature)\""
    }

    /// Parses a header value; parameters may come in any order, each exactly once, all five present.
    public static func parse(_ header: String) throws -> AuthorizationHeader {
        guard let space = header.firstIndex(of: " ") else { throw AuthorizationHeaderError.malformed("no scheme") }
        let scheme = String(header[..<space])
        guard !scheme.isEmpty else { throw AuthorizationHeaderError.malformed("empty scheme") }
        var parameters: [String: String] = [:]
        for pair in header[header.index(after: space)...].split(separator: ",", omittingEmptySubsequences: false) {
            let (name, value) = try parseParameter(pair)
            guard parameters.updateValue(value, forKey: name) == nil else {
                throw AuthorizationHeaderError.duplicateParameter(name)
            }
        }
        func required(_ name: String) throws -> String {
            guard let value = parameters[name], !value.isEmpty else {
                throw AuthorizationHeaderError.missingParameter(name)
            }
            return value
        }
        let known: Set = ["mchid", "nonce_str", "timestamp", "serial_no", "signature"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw AuthorizationHeaderError.unknownParameter(unknown)
        }
        let timestamp = try required("timestamp")
        guard timestamp.allSatisfy(\.isASCII), timestamp.allSatisfy(\.isNumber) else {
            throw AuthorizationHeaderError.malformed("timestamp is not decimal seconds")
        }
        return AuthorizationHeader(
            scheme: scheme, mchid: try required("mchid"), nonce: try required("nonce_str"), timestamp: timestamp,
            serialNumber: try required("serial_no"), signature: try required("signature"))
    }

    /// `name="value"` with no quotes inside the value.
    private static func parseParameter(_ pair: Substring) throws -> (String, String) {
        guard let equals = pair.firstIndex(of: "=") else {
            throw AuthorizationHeaderError.malformed("parameter without '='")
        }
        let name = String(pair[..<equals])
        let quoted = pair[pair.index(after: equals)...]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }),
            quoted.count >= 2, quoted.first == "\"", quoted.last == "\""
        else { throw AuthorizationHeaderError.malformed("bad parameter syntax") }
        let value = quoted.dropFirst().dropLast()
        guard !value.contains("\"") else { throw AuthorizationHeaderError.malformed("quote inside a value") }
        return (name, String(value))
    }
}

/// Why an `Authorization` header could not be parsed.
public enum AuthorizationHeaderError: Error, Equatable, Sendable {
    case malformed(String)
    case missingParameter(String)
    case duplicateParameter(String)
    case unknownParameter(String)
}
