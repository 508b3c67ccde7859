/// Numbers as SVG attributes and PDF operands want them: a dot, no exponent, no trailing zeros
/// (`30`, `85.04`, `-2.5`), the same on every machine whatever the locale.
enum DecimalText {
    static func format(_ value: Double, decimals: Int) -> String {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        // Beyond Int's range (a size_mm of 1e300 reaching an error message) the exponent form is
        // still readable, and converting would trap.
        guard value.isFinite, abs(value) * Double(scale) < 1e15 else { return "\(value)" }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let whole = scaled / scale
        var fraction = decimals > 0 ? String(scaled % scale) : ""
        fraction = String(repeating: "0", count: max(decimals - fraction.count, 0)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
