extension Duration {
    /// The duration in seconds as a `Double` (latencies, deadlines, rates); `Duration` offers only its components.
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
