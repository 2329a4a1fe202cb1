import GRDB

/// The numbered schema migrations. Never edit a shipped migration: add the next one.
enum Migrations {
    /// All migrations in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1_initial", migrate: createInitialSchema)
        migrator.registerMigration("v2_webhook_attempts", migrate: createWebhookAttempts)
        migrator.registerMigration("v3_order_search_prefixes", migrate: rebuildOrderSearchWithPrefixes)
        migrator.registerMigration("v4_notifications_queued", migrate: indexQueuedNotifications)
        migrator.registerMigration("v5_first_deliveries", migrate: indexFirstDeliveriesOnly)
        return migrator
    }

    private static func createInitialSchema(_ db: Database) throws {
        try createMerchants(db)
        try createOrders(db)
        try createRefunds(db)
        try createAPICalls(db)
        try createNotifications(db)
        try createSnapshots(db)
        try createWebhookDeliveries(db)
        try createOrderSearch(db)
    }

    /// Interface configurations (seed `pay_interface`). Key material by path only, never contents.
    private static func createMerchants(_ db: Database) throws {
        try db.create(table: "merchants") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("name", .text).notNull().unique()
            table.column("mode", .text).notNull().defaults(to: "direct").check(sql: "mode IN ('direct', 'partner')")
            table.column("api_version", .text).notNull().defaults(to: "v3").check(sql: "api_version IN ('v2', 'v3')")
            table.column("environment", .text).notNull().defaults(to: "production")
            table.column("base_url", .text)
            table.column("appid", .text).notNull()
            table.column("mchid", .text).notNull()
            table.column("sub_appid", .text)
            table.column("sub_mchid", .text)
            table.column("merchant_serial", .text)
            table.column("private_key_path", .text)
            table.column("certificate_path", .text)
            table.column("apiv3_key_path", .text)
            table.column("apiv2_key_path", .text)
            table.column("platform_public_key_path", .text)
            table.column("platform_public_key_id", .text)
            table.column("platform_certificate_path", .text)
            table.column("notify_url", .text)
            table.column("fee_rate_ppm", .integer).notNull().defaults(to: 6000).check(sql: "fee_rate_ppm BETWEEN 0 AND 1000000")
            table.column("status", .text).notNull().defaults(to: "active").check(sql: "status IN ('active', 'disabled')")
            table.column("remark", .text)
            table.column("created_at", .datetime).notNull()
            table.column("updated_at", .datetime).notNull()
        }
    }

    /// Orders and their payment fields (seed `pay_orders`, `pay_order_result`, design `orders` + `payments`).
    private static func createOrders(_ db: Database) throws {
        let statuses = OrderStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.create(table: "orders") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("merchant_id", .integer).notNull().references("merchants", onDelete: .restrict)
            table.column("out_trade_no", .text).notNull().unique()
            table.column("business_no", .text)
            table.column("description", .text).notNull()
            table.column("attach", .text)
            table.column("trade_type", .text).notNull().defaults(to: "NATIVE")
            table.column("total", .integer).notNull().check(sql: "total > 0")
            table.column("currency", .text).notNull().defaults(to: "CNY")
            table.column("points", .integer).notNull().defaults(to: 0)
            table.column("fee_rate_ppm", .integer).notNull().defaults(to: 0)
            table.column("fee", .integer).notNull().defaults(to: 0)
            table.column("status", .text).notNull().check(sql: "status IN (\(statuses))")
            table.column("sub_state", .text)
            table.column("trade_state", .text)
            table.column("trade_state_desc", .text)
            table.column("transaction_id", .text)
            table.column("bank_type", .text)
            table.column("payer_openid", .text)
            table.column("payer_total", .integer)
            table.column("code_url", .text)
            table.column("prepay_id", .text)
            table.column("notify_url", .text)
            table.column("created_at", .datetime).notNull()
            table.column("expires_at", .datetime)
            table.column("paid_at", .datetime)
            table.column("closed_at", .datetime)
            table.column("close_reason", .text)
            table.column("failure_reason", .text)
            table.column("refunded_total", .integer).notNull().defaults(to: 0)
            table.column("refund_count", .integer).notNull().defaults(to: 0)
            table.column("alert_codes", .text).notNull().defaults(to: "")
            table.column("alert_message", .text)
            table.column("needs_query", .boolean).notNull().defaults(to: false)
            table.column("updated_at", .datetime).notNull()
            table.column("version", .integer).notNull().defaults(to: 1)
            table.uniqueKey(["merchant_id", "business_no"])
        }
        // Keyset list order is (created_at DESC, id DESC); each filter combination gets an index whose equality
        // columns come first, so `WHERE … AND (created_at, id) < (?, ?)` is one index range read backwards.
        try db.create(index: "orders_by_created", on: "orders", columns: ["created_at", "id"])
        try db.create(index: "orders_by_status_created", on: "orders", columns: ["status", "created_at", "id"])
        try db.create(index: "orders_by_merchant_created", on: "orders", columns: ["merchant_id", "created_at", "id"])
        try db.create(
            index: "orders_by_merchant_status_created", on: "orders",
            columns: ["merchant_id", "status", "created_at", "id"])
        try db.create(index: "orders_by_transaction", on: "orders", columns: ["transaction_id"])
        try db.create(index: "orders_needing_query", on: "orders", columns: ["needs_query"], condition: Column("needs_query") == true)
    }

    private static func createRefunds(_ db: Database) throws {
        let statuses = RefundState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.create(table: "refunds") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("order_id", .integer).notNull().references("orders", onDelete: .cascade)
            table.column("out_refund_no", .text).notNull().unique()
            table.column("refund_id", .text)
            table.column("amount", .integer).notNull().check(sql: "amount > 0")
            table.column("currency", .text).notNull().defaults(to: "CNY")
            table.column("reason", .text)
            table.column("status", .text).notNull().check(sql: "status IN (\(statuses))")
            table.column("channel", .text)
            table.column("funds_account", .text)
            table.column("user_received_account", .text)
            table.column("payer_refund", .integer)
            table.column("created_at", .datetime).notNull()
            table.column("succeeded_at", .datetime)
            table.column("updated_at", .datetime).notNull()
        }
        try db.create(index: "refunds_by_order", on: "refunds", columns: ["order_id", "created_at"])
        try db.create(index: "refunds_by_refund_id", on: "refunds", columns: ["refund_id"])
    }

    private static func createAPICalls(_ db: Database) throws {
        try db.create(table: "api_calls") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("order_id", .integer).references("orders", onDelete: .setNull)
            table.column("out_trade_no", .text)
            table.column("out_refund_no", .text)
            table.column("operation", .text).notNull()
            table.column("method", .text).notNull()
            table.column("endpoint", .text).notNull()
            table.column("request_body", .text)
            table.column("request_id", .text)
            table.column("http_status", .integer)
            table.column("error_code", .text)
            table.column("error_message", .text)
            table.column("response_body", .text)
            table.column("latency_ms", .integer)
            table.column("started_at", .datetime).notNull()
        }
        try db.create(index: "api_calls_by_order", on: "api_calls", columns: ["order_id", "started_at"])
        try db.create(index: "api_calls_by_out_trade_no", on: "api_calls", columns: ["out_trade_no", "started_at"])
        try db.create(index: "api_calls_by_time", on: "api_calls", columns: ["started_at"])
    }

    /// Every inbound notification (seed `pay_order_notify`, design `payment_notifications`), stored raw first.
    private static func createNotifications(_ db: Database) throws {
        try db.create(table: "notifications") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("received_at", .datetime).notNull()
            table.column("protocol", .text).notNull().defaults(to: "v3")
            table.column("path", .text)
            table.column("remote_address", .text)
            table.column("headers_json", .text).notNull()
            table.column("body", .text).notNull()
            table.column("notification_id", .text)
            table.column("event_type", .text)
            table.column("resource_type", .text)
            table.column("summary", .text)
            table.column("out_trade_no", .text)
            table.column("out_refund_no", .text)
            table.column("verdict", .text).notNull().defaults(to: "PENDING")
            table.column("verdict_detail", .text)
            table.column("decrypt_verdict", .text)
            table.column("decrypted_resource", .text)
            table.column("outcome", .text)
            table.column("outcome_detail", .text)
            table.column("http_status", .integer)
            table.column("delivery_count", .integer).notNull().defaults(to: 1)
            table.column("duplicate_of", .integer).references("notifications", onDelete: .setNull)
            table.column("processed_at", .datetime)
        }
        try db.create(index: "notifications_by_time", on: "notifications", columns: ["received_at"])
        try db.create(index: "notifications_by_notification_id", on: "notifications", columns: ["notification_id"])
        try db.create(index: "notifications_by_out_trade_no", on: "notifications", columns: ["out_trade_no", "received_at"])
        try db.create(index: "notifications_by_verdict", on: "notifications", columns: ["verdict", "received_at"])
    }

    /// Transaction and refund objects as returned (seed `pay_order_snapshot`, part of `pay_order_result`).
    private static func createSnapshots(_ db: Database) throws {
        try db.create(table: "snapshots") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("kind", .text).notNull().check(sql: "kind IN ('transaction', 'refund')")
            table.column("source", .text).notNull().check(sql: "source IN ('query', 'notification', 'create', 'replay')")
            table.column("order_id", .integer).references("orders", onDelete: .cascade)
            table.column("refund_row_id", .integer).references("refunds", onDelete: .setNull)
            table.column("out_trade_no", .text)
            table.column("out_refund_no", .text)
            table.column("json", .text).notNull()
            table.column("taken_at", .datetime).notNull()
        }
        try db.create(index: "snapshots_by_order", on: "snapshots", columns: ["order_id", "taken_at"])
    }

    private static func createWebhookDeliveries(_ db: Database) throws {
        try db.create(table: "webhook_deliveries") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("order_id", .integer).notNull().references("orders", onDelete: .cascade)
            table.column("event", .text).notNull()
            table.column("url", .text).notNull()
            table.column("payload", .text).notNull()
            table.column("status", .text).notNull().defaults(to: "PENDING")
                .check(sql: "status IN ('PENDING', 'DELIVERED', 'FAILED', 'GAVE_UP')")
            table.column("attempts", .integer).notNull().defaults(to: 0)
            table.column("last_http_status", .integer)
            table.column("last_error", .text)
            table.column("created_at", .datetime).notNull()
            table.column("last_attempt_at", .datetime)
            table.column("next_attempt_at", .datetime)
            table.column("delivered_at", .datetime)
            table.uniqueKey(["order_id", "event", "url"])
        }
        try db.create(index: "webhook_deliveries_due", on: "webhook_deliveries", columns: ["status", "next_attempt_at"])
    }

    /// One row per POST of a webhook delivery (`webhook_deliveries` keeps the totals and the state).
    private static func createWebhookAttempts(_ db: Database) throws {
        try db.create(table: "webhook_attempts") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("delivery_id", .integer).notNull().references("webhook_deliveries", onDelete: .cascade)
            table.column("number", .integer).notNull()
            table.column("attempted_at", .datetime).notNull()
            table.column("http_status", .integer)
            table.column("error", .text)
            table.uniqueKey(["delivery_id", "number"])
        }
    }

    /// Full-text index; maintained by the Store (not triggers) because description text is pre-segmented
    /// so that Chinese matches character by character (see `SearchText`). rowid = orders.id.
    private static func createOrderSearch(_ db: Database) throws {
        try db.create(virtualTable: "order_search", using: FTS5()) { table in
            table.tokenizer = .unicode61()
            table.column("out_trade_no")
            table.column("transaction_id")
            table.column("description")
        }
    }

    /// The search index again, now with prefix indexes for 1–3 characters, plus `order_search_terms` (fts5vocab) to
    /// look index terms up by prefix (`SearchText.matchExpression`).
    ///
    /// Without a prefix index FTS5 answers `"s"*` by gathering the rows of every term starting with s before the
    /// first match is returned: a million order numbers on a million orders, 156 ms per page (sqlite3 CLI) and a
    /// multi-megabyte buffer. A prefix index makes a short prefix one term read lazily in rowid order, like an exact
    /// word. FTS5 cannot add one to an existing table, so the rows are copied into a new table (their stored,
    /// already segmented text) and it takes the old name. Costs: the index about doubles in size.
    private static func rebuildOrderSearchWithPrefixes(_ db: Database) throws {
        try db.create(virtualTable: "order_search_v3", using: FTS5()) { table in
            table.tokenizer = .unicode61()
            table.prefixes = Set(SearchText.indexedPrefixLengths)
            table.column("out_trade_no")
            table.column("transaction_id")
            table.column("description")
        }
        try db.execute(sql: """
            INSERT INTO order_search_v3(rowid, out_trade_no, transaction_id, description)
            SELECT rowid, out_trade_no, transaction_id, description FROM order_search
            """)
        try db.execute(sql: "DROP TABLE order_search")
        try db.execute(sql: "ALTER TABLE order_search_v3 RENAME TO order_search")
        try db.execute(sql: "CREATE VIRTUAL TABLE order_search_terms USING fts5vocab(order_search, 'instance')")
    }

    /// The backlog of notifications stored but not applied yet (outcome `queued`, docs/notification-ingest.md):
    /// the applier reads it oldest first, and a delivery asks whether its order has queued deliveries before it may
    /// be applied at once. Partial indexes hold only those rows (none while the writer keeps up), rather than an
    /// index on every outcome.
    private static func indexQueuedNotifications(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX notifications_queued ON notifications(id) WHERE outcome = 'queued'")
        try db.execute(sql: """
            CREATE INDEX notifications_queued_by_order ON notifications(out_trade_no) WHERE outcome = 'queued'
            """)
    }

    /// The index on `notification_id` served one query: the first acknowledged delivery of a notification id
    /// (`NotificationSettlement.firstDelivery`). It held every row, and a notification id is a random UUID, so
    /// every stored delivery dirtied a page of it at a random place: about 13 µs per row when SQLite's inserts were
    /// measured alone (docs/performance.md, "Notification ingestion", item 10). The partial index holds only the
    /// rows that query can return, so a queued, rejected or duplicate delivery costs it nothing, and a queued one
    /// enters it when the backlog applies it, after the storm.
    private static func indexFirstDeliveriesOnly(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX notifications_by_notification_id")
        try db.execute(sql: """
            CREATE INDEX notifications_first_delivery ON notifications(notification_id)
            WHERE duplicate_of IS NULL AND outcome IN ('applied', 'ignored')
            """)
    }
}
