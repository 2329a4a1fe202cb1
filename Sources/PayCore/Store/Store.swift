import Foundation
import GRDB

/// Why a Store operation failed.
public enum StoreError: Error, Equatable, Sendable {
    /// No order with this number.
    case orderNotFound(String)
    /// No refund with this number.
    case refundNotFound(String)
    /// An order with this `out_trade_no`, or this business number for the merchant, already exists.
    case duplicateOrder(String)
    /// A refund with this `out_refund_no` already exists.
    case duplicateRefund(String)
    /// The state machine refused the fact (nothing was written).
    case refused(String)
}

/// The PayDesk database: one SQLite file in WAL mode behind a GRDB `DatabasePool` (one writer, many readers).
///
/// Settings and why:
/// - WAL: readers (the order list, the detail pane) never wait for the writer (notifications, polling).
/// - `foreign_keys = ON`: refunds, snapshots and deliveries cannot point at missing orders.
/// - `busy_timeout = 5 s` on the writer: another process (`paydesk serve` next to the console) may hold the write
///   lock briefly. GRDB gives pool readers 10 s; in WAL they only wait during checkpoint recovery.
/// - `synchronous = FULL`: a notification is answered 200 only after its commit, and WeChat Pay will not resend
///   an answered notification, so a commit must survive power loss. NORMAL in WAL may lose the last commits on
///   power loss; FULL costs one extra fsync per commit, which is nothing at payment rates (bulk seeding uses one
///   transaction, so it pays it once).
/// - Readers keep a 512 KiB page cache instead of SQLite's 2 MiB: each pool reader has its own cache, the pages it
///   reads are in the operating system's file cache anyway, and a page of the order list touches a few dozen
///   pages; the 2 MiB filled up when paging through a million orders and counted in the console's resident memory.
public final class Store: Sendable {
    /// Page cache of each reader connection, in KiB (see above).
    static let readerCacheKilobytes = 512

    /// The underlying pool, for services that need GRDB directly (observation, custom reads).
    public let pool: DatabasePool
    /// Path of the database file.
    public let path: String

    private init(pool: DatabasePool, path: String) {
        self.pool = pool
        self.path = path
    }

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public static func open(path: String) throws -> Store {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "PayDesk"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            if db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -\(Store.readerCacheKilobytes)") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets NORMAL on the writer when it enables WAL; raise it on the one connection that writes.
        // Checkpoint every 8,192 WAL pages (32 MB) rather than SQLite's 1,000: a notification batch dirties a few
        // hundred pages, so the default checkpointed (two more fsyncs, on the writer's critical path) after
        // nearly every commit, and hot pages were copied to the database once per commit instead of once per
        // checkpoint (docs/performance.md).
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
            // Statement journals (the savepoints of a group-commit batch run again carefully) in memory, not temp files.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        try Migrations.migrator.migrate(pool)
        return Store(pool: pool, path: path)
    }

    /// Names of the migrations applied to this file, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// Runs `body` in one write transaction: everything it does commits together or not at all.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write(body)
    }

    /// Runs `body` on a read-only snapshot of the database.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }
}

extension DatabaseError {
    /// True for UNIQUE constraint violations.
    var isUniqueViolation: Bool { extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE }
}
