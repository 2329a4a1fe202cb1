import Foundation
import GRDB
import PayCore
import Testing

/// Reads every page of `query` and returns the out_trade_no of each row in order.
private func readAllPages(_ store: Store, _ query: OrderQuery) throws -> [String] {
    var query = query
    var numbers: [String] = []
    var pages = 0
    while true {
        let page = try store.orders(page: query)
        numbers += page.orders.map(\.outTradeNo)
        pages += 1
        guard let next = page.nextCursor, pages < 100_000 else { break }
        query.cursor = next
    }
    return numbers
}

@Suite struct OrderListTests {
    /// 120 orders over two merchants, 5 per second (many ties), statuses in rotation.
    private func populatedStore() throws -> (TemporaryStore, [OrderRecord], Int64) {
        let temporary = try TemporaryStore()
        let other = try temporary.store.insertMerchant(MerchantRecord(name: "Other", appID: "wxO", merchantNumber: "1900000003"))
        let otherID = try #require(other.id)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var orders: [OrderRecord] = []
        let statusCycle: [OrderFact?] = [
            nil, .prepayOK(codeURL: "weixin://q", prepayID: nil),
            .observedTradeState(TradeObservation(tradeState: "SUCCESS")), .localClose(reason: .expired),
        ]
        for index in 0..<120 {
            let number = String(format: "LIST%06d", index)
            try temporary.makeOrder(
                number, createdAt: start.addingTimeInterval(Double(index / 5)), merchantID: index % 3 == 0 ? otherID : nil)
            if let fact = statusCycle[index % statusCycle.count] {
                try temporary.store.applyFact(outTradeNo: number, fact: fact)
            }
            orders.append(try #require(try temporary.store.order(outTradeNo: number)))
        }
        return (temporary, orders, otherID)
    }

    @Test func keysetPagingReturnsEveryRowOnceForEveryFilterCombination() throws {
        let (temporary, orders, otherID) = try populatedStore()
        defer { temporary.remove() }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let statusSets: [Set<OrderStatus>] = [[], [.paid], [.pending, .closed], [.failed]]
        let merchants: [Int64?] = [nil, temporary.merchantID, otherID]
        let ranges: [(Date?, Date?)] = [(nil, nil), (start.addingTimeInterval(5), nil), (nil, start.addingTimeInterval(17)),
                                        (start.addingTimeInterval(3), start.addingTimeInterval(11))]
        for statuses in statusSets {
            for merchant in merchants {
                for (since, until) in ranges {
                    for limit in [1, 7, 50] {
                        let query = OrderQuery(
                            statuses: statuses, createdSince: since, createdUntil: until, merchantID: merchant, limit: limit)
                        let expected = orders.filter { order in
                            (statuses.isEmpty || statuses.contains(order.status))
                                && (merchant == nil || order.merchantID == merchant)
                                && (since == nil || order.createdAt >= since!)
                                && (until == nil || order.createdAt < until!)
                        }.sorted { ($0.createdAt, $0.id ?? 0) > ($1.createdAt, $1.id ?? 0) }.map(\.outTradeNo)
                        let actual = try readAllPages(temporary.store, query)
                        #expect(actual == expected, "statuses \(statuses) merchant \(String(describing: merchant)) limit \(limit)")
                    }
                }
            }
        }
    }

    @Test(arguments: [
        OrderQuery(), OrderQuery(statuses: [.paid]), OrderQuery(merchantID: 1),
        OrderQuery(statuses: [.paid], merchantID: 1),
        OrderQuery(statuses: [.pending], createdSince: Date(timeIntervalSince1970: 1_800_000_000)),
        OrderQuery(createdSince: Date(timeIntervalSince1970: 1_800_000_000), createdUntil: Date(timeIntervalSince1970: 1_800_000_100), merchantID: 1),
        OrderQuery(statuses: [.closed], createdUntil: Date(timeIntervalSince1970: 1_800_000_100), merchantID: 1,
                   cursor: OrderCursor(createdAt: Date(timeIntervalSince1970: 1_800_000_050), id: 10)),
    ])
    func filteredListUsesAnIndexWithoutSorting(query: OrderQuery) throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.store.seedDemoOrders(count: 2_000, merchantID: temporary.merchantID)
        try temporary.store.write { db in try db.execute(sql: "ANALYZE") }
        let plan = try temporary.store.orderListPlan(for: query).joined(separator: "\n")
        #expect(plan.contains("USING INDEX orders_by") || plan.contains("USING COVERING INDEX orders_by"), "\(plan)")
        #expect(!plan.contains("SCAN orders\n") && !plan.hasSuffix("SCAN orders"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    /// With search text the full-text index drives in rowid order and LIMIT stops it after a page: no sort of
    /// the matches, orders joined by primary key, for every filter combination.
    @Test(arguments: [
        OrderQuery(searchText: "咖啡"), OrderQuery(merchantID: 1, searchText: "Flat white"),
        OrderQuery(statuses: [.paid, .refunded], merchantID: 1, searchText: "s"),
        OrderQuery(statuses: [.closed], createdSince: Date(timeIntervalSince1970: 1_800_000_000), searchText: "muffin",
                   cursor: OrderCursor(createdAt: Date(timeIntervalSince1970: 1_800_000_050), id: 10)),
    ])
    func searchWalksTheFullTextIndexInRowidOrder(query: OrderQuery) throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.store.seedDemoOrders(count: 2_000, merchantID: temporary.merchantID)
        try temporary.store.write { db in try db.execute(sql: "ANALYZE") }
        let plan = try temporary.store.orderListPlan(for: query)
        #expect(plan.first?.hasPrefix("SCAN order_search VIRTUAL TABLE") == true, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH orders USING INTEGER PRIMARY KEY") }, "\(plan)")
        #expect(!plan.joined(separator: "\n").contains("TEMP B-TREE"), "\(plan)")
    }

    /// A long word matches by prefix through the index terms it begins (few: exact alternatives; many: a prefix
    /// query); a short one through the prefix index; a word no term begins matches nothing.
    @Test func prefixWordsMatchThroughCompletionsOrThePrefixIndex() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        for index in 0..<20 {
            try temporary.makeOrder(String(format: "MANYPREFIX%02d", index), description: index < 3 ? "Blueberry muffin" : "Bluebell tea")
        }
        try temporary.makeOrder("OTHER0001", description: "Blue cheese")
        func search(_ text: String) throws -> Set<String> {
            Set(try temporary.store.orders(page: OrderQuery(searchText: text, limit: 100)).orders.map(\.outTradeNo))
        }
        #expect(try search("blueberry") == Set((0..<3).map { String(format: "MANYPREFIX%02d", $0) }))
        #expect(try search("Blue").count == 21, "three completions: blue, bluebell, blueberry")
        #expect(try search("bluebe").count == 20)
        #expect(try search("manyprefix").count == 20, "20 completions: more than looked up, a prefix query")
        #expect(try search("manyprefix1") == Set((10..<20).map { String(format: "MANYPREFIX%02d", $0) }))
        #expect(try search("m").count == 20, "muffin and MANYPREFIX…: the one-character prefix index")
        #expect(try search("blueberries").isEmpty)
        #expect(try search("tea zzzz").isEmpty)
    }

    /// Search pages continue by id, in both directions, with filters: every match once, newest first.
    @Test func searchPagesByIdWithFilters() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.store.seedDemoOrders(count: 3_000, merchantID: temporary.merchantID)
        let query = OrderQuery(statuses: [.paid, .closed], searchText: "咖啡", limit: 37)
        let expected = try temporary.store.read { db in
            try String.fetchAll(db, sql: """
                SELECT out_trade_no FROM orders WHERE status IN ('PAID', 'CLOSED') AND description LIKE '%咖啡%'
                ORDER BY id DESC
                """)
        }
        #expect(expected.count > 100)
        #expect(try readAllPages(temporary.store, query) == expected)
    }

    @Test func fullTextSearchFindsNumbersTransactionIdsAndChinese() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = temporary.store
        try temporary.makeOrder("2026112417A1b2C3", description: "拿铁咖啡 大杯")
        try temporary.makeOrder("2026112418ZZ9900", description: "Blueberry muffin")
        try temporary.makeOrder("2026112500QQ1111", description: "美式咖啡")
        try store.applyFact(
            outTradeNo: "2026112418ZZ9900",
            fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "4200001234567890")))
        func search(_ text: String) throws -> Set<String> {
            Set(try store.orders(page: OrderQuery(searchText: text)).orders.map(\.outTradeNo))
        }
        #expect(try search("20261124") == ["2026112417A1b2C3", "2026112418ZZ9900"])
        #expect(try search("2026112417a1") == ["2026112417A1b2C3"], "case-insensitive")
        #expect(try search("42000012") == ["2026112418ZZ9900"])
        #expect(try search("咖啡") == ["2026112417A1b2C3", "2026112500QQ1111"])
        #expect(try search("铁咖") == ["2026112417A1b2C3"])
        #expect(try search("大杯 拿铁") == ["2026112417A1b2C3"], "every word must match")
        #expect(try search("blue") == ["2026112418ZZ9900"])
        #expect(try search("muffin 咖啡").isEmpty)
        #expect(try search("红茶").isEmpty)
    }

    /// Paging back up from the end (the console's `G` then `k`) gives exactly the forward list reversed, with
    /// search text and several statuses too.
    @Test(arguments: [
        OrderQuery(searchText: "咖啡", limit: 7), OrderQuery(statuses: [.paid, .refunded, .closed], limit: 9),
        OrderQuery(statuses: [.paid, .pending], searchText: "Flat", limit: 5), OrderQuery(searchText: "红茶", limit: 3),
    ])
    func newerPagesMirrorOlderPages(query: OrderQuery) throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.store.seedDemoOrders(count: 600, merchantID: temporary.merchantID)
        let forward = try readAllPages(temporary.store, query)
        var backward: [String] = []
        var page = query
        page.cursor = nil
        while true {
            let result = try temporary.store.newerOrders(page: page)
            backward = result.orders.map(\.outTradeNo) + backward
            guard let next = result.nextCursor, backward.count <= forward.count else { break }
            page.cursor = next
        }
        #expect(backward == forward)
        #expect(query.searchText != "红茶" ? !forward.isEmpty : forward.isEmpty)
    }

    @Test(arguments: ["\"", "AND", "OR NOT", "*", "'); DROP TABLE orders; --", "\"咖啡", "NEAR(a b)", "^x", "description:拿", "a\"b", "-", "()"])
    func hostileSearchTextIsHarmless(text: String) throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("ORDER000001", description: "拿铁咖啡 AND more")
        _ = try temporary.store.orders(page: OrderQuery(searchText: text))
        #expect(try temporary.store.order(outTradeNo: "ORDER000001") != nil)
        #expect(try temporary.store.estimatedOrderCount() == 1)
    }

    @Test func operatorWordsAreSearchedAsPlainWords() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("ORDER000001", description: "salt AND pepper")
        try temporary.makeOrder("ORDER000002", description: "salt only")
        let found = try temporary.store.orders(page: OrderQuery(searchText: "salt AND")).orders.map(\.outTradeNo)
        #expect(found == ["ORDER000001"])
    }

    @Test func searchCombinesWithFiltersAndPaging() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<30 {
            try temporary.makeOrder(
                String(format: "CAFE%06d", index), createdAt: start.addingTimeInterval(Double(index / 4)),
                description: index % 2 == 0 ? "拿铁咖啡" : "Tea")
        }
        let numbers = try readAllPages(temporary.store, OrderQuery(searchText: "咖啡", limit: 4))
        #expect(numbers.count == 15)
        #expect(Set(numbers).count == 15)
        #expect(numbers == numbers.sorted(by: >))
    }

    @Test func hundredThousandSeededRowsPageCorrectly() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let report = try temporary.store.seedDemoOrders(count: 100_000, merchantID: temporary.merchantID)
        #expect(report.count == 100_000)
        #expect(try temporary.store.estimatedOrderCount() == 100_000)
        let all = try readAllPages(temporary.store, OrderQuery(limit: 1_000))
        #expect(all.count == 100_000)
        #expect(Set(all).count == 100_000)
        let paidCount = try temporary.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE status IN ('PAID', 'REFUNDED')") ?? 0
        }
        let paid = try readAllPages(temporary.store, OrderQuery(statuses: [.paid, .refunded], limit: 500))
        #expect(paid.count == paidCount)
        #expect(Set(paid).count == paidCount)
        let refunded = try #require(try temporary.store.orders(page: OrderQuery(statuses: [.refunded], limit: 1)).orders.first)
        #expect(try temporary.store.refunds(outTradeNo: refunded.outTradeNo).map(\.amount) == [refunded.total])
        #expect(try temporary.store.refundableRemainder(outTradeNo: refunded.outTradeNo) == 0)
        let firstPage = try temporary.store.orders(page: OrderQuery(searchText: "拿铁", limit: 20))
        #expect(firstPage.orders.count == 20)
        #expect(firstPage.orders.allSatisfy { $0.description.contains("拿铁") })
    }
}
