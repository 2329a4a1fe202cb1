import Foundation

/// The JSON body WeChat Pay POSTs to `notify_url`; the business object is sealed in `resource`.
public struct NotificationEnvelope: Codable, Sendable, Equatable {
    /// The unique notification id (the idempotency key of a delivery).
    public var id: String
    /// RFC 3339 with offset, e.g. `2015-05-20T13:29:35+08:00`.
    public var createTime: String
    /// `encrypt-resource`.
    public var resourceType: String
    /// e.g. `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`.
    public var eventType: String
    /// Human-readable summary, e.g. `支付成功`.
    public var summary: String
    /// The sealed business object.
    public var resource: Resource

    /// The sealed business object.
    public struct Resource: Codable, Sendable, Equatable {
        /// `transaction` or `refund`.
        public var originalType: String
        /// `AEAD_AES_256_GCM`.
        public var algorithm: String
        /// Base64 of ciphertext ‖ 16-byte tag.
        public var ciphertext: String
        /// May be absent on the wire; then the empty string.
        public var associatedData: String
        /// 12 characters, used as UTF-8 bytes for the GCM nonce.
        public var nonce: String

        public init(originalType: String, algorithm: String, ciphertext: String, associatedData: String, nonce: String) {
            self.originalType = originalType
            self.algorithm = algorithm
            self.ciphertext = ciphertext
            self.associatedData = associatedData
            self.nonce = nonce
        }

        enum CodingKeys: String, CodingKey {
            case originalType = "original_type"
            case algorithm
            case ciphertext
            case associatedData = "associated_data"
            case nonce
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            originalType = try container.decode(String.self, forKey: .originalType)
            algorithm = try container.decode(String.self, forKey: .algorithm)
            ciphertext = try container.decode(String.self, forKey: .ciphertext)
            associatedData = try container.decodeIfPresent(String.self, forKey: .associatedData) ?? ""
            nonce = try container.decode(String.self, forKey: .nonce)
        }
    }

    public init(
        id: String, createTime: String, resourceType: String, eventType: String, summary: String, resource: Resource
    ) {
        self.id = id
        self.createTime = createTime
        self.resourceType = resourceType
        self.eventType = eventType
        self.summary = summary
        self.resource = resource
    }

    enum CodingKeys: String, CodingKey {
        case id
        case createTime = "create_time"
        case resourceType = "resource_type"
        case eventType = "event_type"
        case summary
        case resource
    }

    /// The only `resource_type` WeChat Pay sends.
    public static let encryptedResourceType = "encrypt-resource"

    /// Builds a notification body as WeChat Pay would (simulator side): `plaintext` sealed with AEAD_AES_256_GCM
    /// under `apiV3Key`, a fresh 12-character nonce, and `originalType` as associated data.
    public static func encode(
        eventType: String, summary: String, originalType: String, plaintext: Data, apiV3Key: some DataProtocol,
        id: String = UUID().uuidString.lowercased(), createTime: Date = Date()
    ) throws -> Data {
        let nonce = Nonce.make(length: 12)
        let ciphertext = try AEADAES256GCM.encrypt(
            plaintext: plaintext, key: apiV3Key, nonce: nonce, associatedData: originalType)
        let envelope = NotificationEnvelope(
            id: id, createTime: WeChatPayTime.format(createTime), resourceType: encryptedResourceType,
            eventType: eventType, summary: summary,
            resource: Resource(
                originalType: originalType, algorithm: AEADAES256GCM.algorithmName, ciphertext: ciphertext,
                associatedData: originalType, nonce: nonce))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(envelope)
    }
}
