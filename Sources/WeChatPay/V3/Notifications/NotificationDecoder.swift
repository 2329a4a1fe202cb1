import Foundation

/// Why a notification was refused; every case means "answer 4xx/5xx so that WeChat Pay retries".
public enum NotificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The body exceeds the limit (its size in bytes).
    case tooLarge(Int)
    case notJSON
    case signature(SignatureVerificationError)
    /// `resource_type` or `algorithm` is not one PayDesk can open (the offending value).
    case unsupportedResource(String)
    case decryption(CryptoError)

    public var description: String {
        switch self {
        case .tooLarge(let bytes): "body too large (\(bytes) bytes)"
        case .notJSON: "body is not a notification envelope"
        case .signature(let error): "signature rejected: \(error)"
        case .unsupportedResource(let what): "unsupported resource \(what)"
        case .decryption(let error): "cannot decrypt resource: \(error)"
        }
    }
}

/// A verified, decrypted notification.
public struct DecodedNotification: Sendable, Equatable {
    public var envelope: NotificationEnvelope
    /// The business object JSON (a transaction or a refund).
    public var plaintext: Data

    public init(envelope: NotificationEnvelope, plaintext: Data) {
        self.envelope = envelope
        self.plaintext = plaintext
    }
}

extension DecodedNotification {
    /// The resource of a `TRANSACTION.*` notification as a payment result.
    public func transaction() throws -> Transaction {
        try Transaction.decode(plaintext)
    }
}

/// Turns an inbound notification request into its plaintext: size → signature → envelope → AEAD.
public struct NotificationDecoder: Sendable {
    private let verifier: any ResponseValidating
    private let apiV3Key: Data
    private let maxBodyBytes: Int

    public init(verifier: any ResponseValidating, apiV3Key: Data, maxBodyBytes: Int = 64 * 1024) {
        self.verifier = verifier
        self.apiV3Key = apiV3Key
        self.maxBodyBytes = maxBodyBytes
    }

    /// Verifies the signature before trusting anything in the body, then opens the resource.
    public func decode(headers: HTTPHeaders, body: Data) async throws -> DecodedNotification {
        guard body.count <= maxBodyBytes else { throw NotificationError.tooLarge(body.count) }
        do {
            try await verifier.validate(headers: headers, body: body)
        } catch let error as SignatureVerificationError {
            throw NotificationError.signature(error)
        }
        guard let envelope = try? NotificationEnvelope.decode(body) else {
            throw NotificationError.notJSON
        }
        guard envelope.resourceType == NotificationEnvelope.encryptedResourceType else {
            throw NotificationError.unsupportedResource(envelope.resourceType)
        }
        guard envelope.resource.algorithm == AEADAES256GCM.algorithmName else {
            throw NotificationError.unsupportedResource(envelope.resource.algorithm)
        }
        do {
            let plaintext = try AEADAES256GCM.decrypt(
                ciphertextBase64: envelope.resource.ciphertext, key: apiV3Key, nonce: envelope.resource.nonce,
                associatedData: envelope.resource.associatedData)
            return DecodedNotification(envelope: envelope, plaintext: plaintext)
        } catch let error as CryptoError {
            throw NotificationError.decryption(error)
        }
    }

    /// Builds a sealed notification body (simulator side); see `NotificationEnvelope.encode`.
    public static func encode(
        eventType: String, summary: String, originalType: String, plaintext: Data, apiV3Key: some DataProtocol,
        id: String = UUID().uuidString.lowercased(), createTime: Date = Date()
    ) throws -> Data {
        try NotificationEnvelope.encode(
            eventType: eventType, summary: summary, originalType: originalType, plaintext: plaintext,
            apiV3Key: apiV3Key, id: id, createTime: createTime)
    }
}
