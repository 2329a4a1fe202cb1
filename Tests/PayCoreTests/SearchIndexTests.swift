import Foundation
import GRDB
import Testing

@testable import PayCore

/// Search-index writes of a group-commit batch are held back to its end (SearchIndex.deferringWrites), and never
/// outlive the work that made them.
@Suite("Search index")
struct SearchIndexTests {
    static func paid(_ transactionID: String) -> OrderFact {
        .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: transactionID, payerTotal: 1000, payerOpenID: "o"))
    }

    static func indexed(_ transactionID: String, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM order_search WHERE order_search MATCH ?", arguments: ["transaction_id:\(transactionID)"]) ?? 0
    }

    @Test func heldEntriesAreWrittenAtTheEndOfTheBatchInItsTransaction() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("SEARCHHELD00001")
        try temporary.store.write { db in
            let during = try SearchIndex.deferringWrites(in: db) {
                _ = try Store.applyFact(outTradeNo: "SEARCHHELD00001", fact: Self.paid("4200000000000000001"), now: Date(), in: db)
                return try Self.indexed("4200000000000000001", in: db)
            }
            #expect(during == 0, "held back while the batch runs")
            #expect(try Self.indexed("4200000000000000001", in: db) == 1)
        }
        #expect(try temporary.store.orders(page: OrderQuery(searchText: "4200000000000000001")).orders.map(\.outTradeNo) == ["SEARCHHELD00001"])
    }

    @Test func aFailedBatchDropsWhatItHeldAndStopsHolding() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("SEARCHDROP00001")
        try temporary.makeOrder("SEARCHDROP00002")
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try temporary.store.write { db in
                try SearchIndex.deferringWrites(in: db) {
                    _ = try Store.applyFact(outTradeNo: "SEARCHDROP00001", fact: Self.paid("4200000000000000002"), now: Date(), in: db)
                    throw Refused()
                }
            }
        }
        try temporary.store.write { db in
            _ = try Store.applyFact(outTradeNo: "SEARCHDROP00002", fact: Self.paid("4200000000000000003"), now: Date(), in: db)
            #expect(try Self.indexed("4200000000000000003", in: db) == 1, "written at once outside a batch")
            #expect(try Self.indexed("4200000000000000002", in: db) == 0)
        }
    }

    /// Through the group committer: a unit whose payment is undone (the batch ran again with savepoints) leaves no
    /// search entry, and every other unit's payment is searchable once its write returned.
    @Test func onlyCommittedPaymentsBecomeSearchable() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        for index in 0..<24 { try temporary.makeOrder(String(format: "SEARCHBATCH%04d", index)) }
        let committer = GroupCommitter(store: temporary.store)
        struct Refused: Error {}
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                group.addTask {
                    _ = try? await committer.write { db, isolation in
                        try isolation.isolated(db) {
                            _ = try Store.applyFact(
                                outTradeNo: String(format: "SEARCHBATCH%04d", index),
                                fact: Self.paid(String(format: "42000000000000%05d", index)), now: Date(), in: db)
                            if index % 8 == 5 { throw Refused() }
                        }
                    }
                }
            }
        }
        let counts = try temporary.store.read { db in
            try (0..<24).map { try Self.indexed(String(format: "42000000000000%05d", $0), in: db) }
        }
        #expect(counts == (0..<24).map { $0 % 8 == 5 ? 0 : 1 })
    }
}
