import Foundation
import PayCore

/// `orders_first_frame_ms`, `orders_keypress_p99_ms`, `orders_rss_mb` on 10k, 100k and 1M seeded orders.
///
/// Names: the 1,000,000-row figures carry the standard names; the smaller databases are reported as
/// `NAME@10k` and `NAME@100k`. The reference of the 100k and 1M figures is the same figure at 10k measured in
/// this run, so the ratio shows how flat each figure stays as rows grow (1.0 = flat).
enum OrdersBench {
    static let sizes: [(rows: Int, suffix: String)] = [(10_000, "@10k"), (100_000, "@100k"), (1_000_000, "")]

    static func run() throws {
        var atTenThousand: OrdersMeasurement?
        for size in sizes {
            let measurement = try measure(rows: size.rows)
            let name = { (figure: String) in figure + size.suffix }
            let small = atTenThousand
            func figure(_ base: String, _ value: Double, unit: String, _ reference: (OrdersMeasurement) -> Double) -> Figure {
                guard let small else { return Figure(name: name(base), value: value, unit: unit) }
                return .compared(name(base), value: value, unit: unit, reference: base + "@10k",
                                 referenceValue: rounded(reference(small)))
            }
            emit(figure("orders_first_frame_ms", rounded(measurement.firstFrameMilliseconds), unit: "ms") {
                $0.firstFrameMilliseconds
            })
            emit(figure("orders_keypress_p99_ms", rounded(measurement.keypressP99Milliseconds), unit: "ms") {
                $0.keypressP99Milliseconds
            })
            emit(figure("orders_first_frame_cpu_ms", rounded(measurement.firstFrameCPUMilliseconds), unit: "ms") {
                $0.firstFrameCPUMilliseconds
            })
            emit(figure("orders_keypress_p99_cpu_ms", rounded(measurement.keypressP99CPUMilliseconds), unit: "ms") {
                $0.keypressP99CPUMilliseconds
            })
            emit(figure("orders_rss_mb", rounded(Double(measurement.peakKilobytes) / 1024), unit: "MB") {
                Double($0.peakKilobytes) / 1024
            })
            if atTenThousand == nil { atTenThousand = measurement }
        }
    }

    /// Seeds a fresh database of `rows` orders, runs the orders script in a child process and removes the files.
    static func measure(rows: Int) throws -> OrdersMeasurement {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("paydesk-bench-orders-\(getpid())-\(rows)", isDirectory: true)
        try? FileManager.default.removeItem(at: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("paydesk.sqlite").path
        try seed(rows: rows, path: path)
        let result = try ChildProcess.run([ChildProcess.selfPath, OrdersWorkload.childFlag, path])
        guard result.status == 0 else { throw BenchError("orders child exited with \(result.status)") }
        let measurement = try JSONDecoder().decode(OrdersMeasurement.self, from: result.output)
        FileHandle.standardError.write(Data(("orders \(rows) rows: \(measurement.keypresses) keys, worst " +
            "\(rounded(measurement.keypressMaxMilliseconds)) ms (\(measurement.slowestStep)), RSS at start " +
            "\(measurement.baselineKilobytes) kB, at end \(measurement.residentKilobytes) kB\n").utf8))
        return measurement
    }

    /// One merchant and `rows` demo orders, then a WAL checkpoint so the child reads the main file as a user would.
    static func seed(rows: Int, path: String) throws {
        let store = try Store.open(path: path)
        let merchant = try store.insertMerchant(
            MerchantRecord(name: "Bench shop", appID: "wxBENCH", merchantNumber: "1900000001", environment: "sandbox"))
        var bar = ProgressBar(label: "seeding \(rows) orders", total: rows)
        try store.seedDemoOrders(count: rows, merchantID: merchant.id ?? 0, progress: { bar.update($0) })
        try store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
