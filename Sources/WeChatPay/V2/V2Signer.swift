import Foundation

/// The two signature algorithms of API v2 (`sign_type`).
public enum V2SignType: String, Sendable, CaseIterable {
    case md5 = "MD5"
    case hmacSHA256 = "HMAC-SHA256"
}

/// Signs and verifies API v2 parameter sets with the merchant's API v2 key (protocol §6.2).
///
/// ```swift
/// let signer = V2Signer(apiKey: key)
/// fields["sign"] = signer.sign(fields, type: .hmacSHA256)
/// signer.verify(response)   // true when `sign` matches
/// ```
public struct V2Signer: Sendable {
    private let apiKey: String

    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// Upper-case hex signature over the non-empty parameters except `sign`, in ASCII order, then `&key=`.
    public func sign(_ params: [String: String], type: V2SignType) -> String {
        let message = Data(Self.signingString(params, apiKey: apiKey).utf8)
        let digest: Data = switch type {
        case .md5: Digest.md5(message)
        case .hmacSHA256: Digest.hmacSHA256(key: Data(apiKey.utf8), data: message)
        }
        return digest.hexString.uppercased()
    }

    /// Whether `params["sign"]` is the signature of `params`.
    ///
    /// The algorithm is `sign_type` when present. Without it, WeChat Pay means MD5, except that responses to
    /// HMAC-SHA256 requests omit `sign_type` too; a 64-hex-digit `sign` can only be HMAC-SHA256, so the
    /// length decides. The comparison takes the same time wherever the first difference is.
    public func verify(_ params: [String: String]) -> Bool {
        guard let received = params["sign"], !received.isEmpty else { return false }
        let type: V2SignType
        if let declared = params["sign_type"], !declared.isEmpty {
            guard let known = V2SignType(rawValue: declared) else { return false }
            type = known
        } else {
            type = received.utf8.count == 64 ? .hmacSHA256 : .md5
        }
        return Self.constantTimeEqual(sign(params, type: type), received.uppercased())
    }

    /// `k1=v1&k2=v2…&key=APIKEY`, the exact text that is hashed.
    static func signingString(_ params: [String: String], apiKey: String) -> String {
        let pairs = params
            .filter { $0.key != "sign" && !$0.value.isEmpty }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { "\($0.key)=\($0.value)" }
        return (pairs + ["key=\(apiKey)"]).joined(separator: "&")
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
