/// The WeChat Pay service fee charged on an order.
///
/// The fee rate is an integer in parts per million (0.6 % = 6000 ppm) so that no floating point is involved.
/// Rounding rule: WeChat Pay computes the service fee per transaction and rounds it to the fen half-up
/// (四舍五入): 0.6 % of 0.83 yuan is 0.498 fen → 0 fen; 0.6 % of 1.00 yuan is 0.6 fen → 1 fen; exactly half a fen
/// rounds up. A fee is never negative and never above the total.
public enum FeeCalculator {
    /// The fee in fen for `total` fen at `ratePPM` parts per million, rounded half-up to the fen.
    public static func fee(total: Int, ratePPM: Int) -> Int {
        guard total > 0, ratePPM > 0 else { return 0 }
        // total ≤ 10^10 and ratePPM ≤ 10^6 keep the product below 2^63; multipliedReportingOverflow guards the rest.
        let (product, overflow) = total.multipliedReportingOverflow(by: ratePPM)
        if overflow { return total }
        let fee = (product + 500_000) / 1_000_000
        return min(fee, total)
    }
}
