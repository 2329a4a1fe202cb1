import Foundation
import GRDB

extension Store {
    /// Inserts a merchant configuration and returns it with its id.
    public func insertMerchant(_ merchant: MerchantRecord) throws -> MerchantRecord {
        try write { db in
            var merchant = merchant
            try merchant.insert(db)
            return merchant
        }
    }

    /// The merchant with `id`, if any.
    public func merchant(id: Int64) throws -> MerchantRecord? {
        try read { db in try MerchantRecord.fetchOne(db, key: id) }
    }

    /// The merchant named `name`, if any.
    public func merchant(named name: String) throws -> MerchantRecord? {
        try read { db in try MerchantRecord.filter(Column("name") == name).fetchOne(db) }
    }

    /// All merchants by name.
    public func merchants() throws -> [MerchantRecord] {
        try read { db in try MerchantRecord.order(Column("name")).fetchAll(db) }
    }

    /// Saves changes to an existing merchant.
    public func updateMerchant(_ merchant: MerchantRecord) throws {
        try write { db in try merchant.update(db) }
    }
}
