import Foundation

/// Answer of the trade-bill and fund-flow-bill APIs: where to download the file and its SHA-1.
public struct BillResponse: Codable, Sendable, Equatable {
    /// `SHA1`.
    public var hashType: String
    /// Hex SHA-1 of the uncompressed bill.
    public var hashValue: String
    public var downloadURL: String

    public init(hashType: String = "SHA1", hashValue: String, downloadURL: String) {
        self.hashType = hashType
        self.hashValue = hashValue
        self.downloadURL = downloadURL
    }

    enum CodingKeys: String, CodingKey {
        case hashType = "hash_type"
        case hashValue = "hash_value"
        case downloadURL = "download_url"
    }
}
