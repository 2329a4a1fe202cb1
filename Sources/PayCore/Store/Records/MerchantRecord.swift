import Foundation
import GRDB

/// One row of `merchants`: an interface configuration. Key material is referenced by path, never stored.
public struct MerchantRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "merchants"

    /// Direct merchant or service provider (partner) acting for a sub-merchant.
    public enum Mode: String, Codable, Sendable { case direct, partner }

    /// Row id; nil before insertion.
    public var id: Int64?
    /// Unique display name.
    public var name: String
    /// Direct or partner.
    public var mode: Mode
    /// `v3` or `v2`.
    public var apiVersion: String
    /// `production` or `sandbox`.
    public var environment: String
    /// API base URL when not the default.
    public var baseURL: String?
    /// App id (`sp_appid` in partner mode).
    public var appID: String
    /// Merchant id (`sp_mchid` in partner mode).
    public var merchantNumber: String
    /// Partner mode: sub-merchant app id.
    public var subAppID: String?
    /// Partner mode: sub-merchant id.
    public var subMerchantNumber: String?
    /// Serial of the merchant API certificate.
    public var merchantSerial: String?
    /// Path of the merchant private key PEM.
    public var privateKeyPath: String?
    /// Path of the merchant certificate PEM.
    public var certificatePath: String?
    /// Path of a file holding the APIv3 key.
    public var apiV3KeyPath: String?
    /// Path of a file holding the APIv2 key.
    public var apiV2KeyPath: String?
    /// Path of the WeChat Pay public key PEM.
    public var platformPublicKeyPath: String?
    /// `PUB_KEY_ID_…`.
    public var platformPublicKeyID: String?
    /// Path of the platform certificate PEM.
    public var platformCertificatePath: String?
    /// Default notify URL.
    public var notifyURL: String?
    /// Service fee rate in parts per million.
    public var feeRatePPM: Int
    /// `active` or `disabled`.
    public var status: String
    /// Free text.
    public var remark: String?
    /// Creation instant.
    public var createdAt: Date
    /// Last write.
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, mode, environment, status, remark
        case apiVersion = "api_version", baseURL = "base_url", appID = "appid", merchantNumber = "mchid"
        case subAppID = "sub_appid", subMerchantNumber = "sub_mchid", merchantSerial = "merchant_serial"
        case privateKeyPath = "private_key_path", certificatePath = "certificate_path"
        case apiV3KeyPath = "apiv3_key_path", apiV2KeyPath = "apiv2_key_path"
        case platformPublicKeyPath = "platform_public_key_path", platformPublicKeyID = "platform_public_key_id"
        case platformCertificatePath = "platform_certificate_path", notifyURL = "notify_url"
        case feeRatePPM = "fee_rate_ppm", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// A new active merchant configuration.
    public init(
        name: String, appID: String, merchantNumber: String, mode: Mode = .direct, apiVersion: String = "v3",
        environment: String = "production", feeRatePPM: Int = 6000, createdAt: Date = Date()
    ) {
        self.id = nil
        self.name = name
        self.mode = mode
        self.apiVersion = apiVersion
        self.environment = environment
        self.appID = appID
        self.merchantNumber = merchantNumber
        self.feeRatePPM = feeRatePPM
        self.status = "active"
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// Stores the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
