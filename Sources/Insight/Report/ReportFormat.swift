import Foundation

/// Number, date and text formatting shared by the HTML and CSV renderings.
///
/// Every function accepts `nil` and non-finite values and answers "–" for them, which is how the
/// report guarantees that "NaN" or "Infinity" never reaches a page.
enum ReportFormat {
    static let missing = "–"

    static func finite(_ x: Double?) -> Double? {
        guard let x, x.isFinite else { return nil }
        return x
    }

    /// Fixed decimals with a POSIX dot, independent of the machine's locale.
    static func decimal(_ x: Double?, digits: Int) -> String {
        guard let x = finite(x) else { return missing }
        let s = String(format: "%.\(max(0, digits))f", x)
        // "-0.0" reads as a negative number that is not there.
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    static func grouped(_ x: Double?, digits: Int) -> String {
        guard let x = finite(x) else { return missing }
        let plain = decimal(abs(x), digits: digits)
        let parts = plain.split(separator: ".", maxSplits: 1)
        let intPart = String(parts.first ?? "0")
        var out = ""
        for (i, ch) in intPart.enumerated() {
            if i > 0, (intPart.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        if parts.count > 1 { out += "." + parts[1] }
        let isZero = plain.allSatisfy { $0 == "0" || $0 == "." }
        return (x < 0 && !isZero ? "−" : "") + out
    }

    static func integer(_ n: Int) -> String { grouped(Double(n), digits: 0) }

    /// Digits that keep small rates readable: 4.1%, 0.42%, 0.042%.
    static func percent(_ x: Double?, digits: Int? = nil) -> String {
        guard let x = finite(x) else { return missing }
        let p = x * 100
        let d = digits ?? (abs(p) >= 10 || p == 0 ? 1 : abs(p) >= 1 ? 2 : 3)
        return decimal(p, digits: d) + "%"
    }

    static func signedPercent(_ x: Double?, digits: Int = 1) -> String {
        guard let x = finite(x) else { return missing }
        let body = decimal(abs(x * 100), digits: digits)
        if body.allSatisfy({ $0 == "0" || $0 == "." }) { return "±" + body + "%" }
        return (x < 0 ? "−" : "+") + body + "%"
    }

    static func interval(_ values: [Double]?, _ format: (Double?) -> String) -> String {
        guard let values, values.count == 2, finite(values[0]) != nil, finite(values[1]) != nil else { return missing }
        return format(values[0]) + " – " + format(values[1])
    }

    static func probability(_ x: Double?) -> String {
        guard let x = finite(x) else { return missing }
        // 100% or 0% would claim a certainty the posterior does not have.
        if x > 0.999 { return ">99.9%" }
        if x < 0.001 && x > 0 { return "<0.1%" }
        return decimal(x * 100, digits: 1) + "%"
    }

    static func pValue(_ x: Double?) -> String {
        guard let x = finite(x) else { return missing }
        if x < 0.0001 { return "< 0.0001" }
        return decimal(x, digits: x < 0.01 ? 4 : 3)
    }

    /// "p = 0.412" or "p < 0.0001", never "p = < 0.0001".
    static func pStatement(_ x: Double?) -> String {
        let v = pValue(x)
        return v.hasPrefix("<") ? "p " + v : "p = " + v
    }

    static func currencySymbol(_ code: String?) -> String? {
        switch code?.uppercased() {
        case "EUR": "€"
        case "USD": "$"
        case "GBP": "£"
        case "JPY": "¥"
        case "CHF": "CHF "
        default: nil
        }
    }

    /// Money with its unit: "€1,234.50", or "1,234.50 points" when revenue is not a known currency.
    static func money(_ x: Double?, units: SiteReportUnits, digits: Int = 2) -> String {
        guard let x = finite(x) else { return missing }
        let body = grouped(abs(x), digits: digits)
        let sign = x < 0 && body != grouped(0, digits: digits) ? "−" : ""
        if let symbol = currencySymbol(units.currency) { return sign + symbol + body }
        return sign + body + " " + units.revenue
    }

    static func duration(seconds: Double?) -> String {
        guard let s = finite(seconds) else { return missing }
        if s < 90 { return "\(Int(s.rounded())) s" }
        if s < 90 * 60 { return "\(Int((s / 60).rounded())) min" }
        if s < 36 * 3600 { return "\(Int((s / 3600).rounded())) h" }
        return "\(Int((s / 86400).rounded())) days"
    }

    static func utcCalendar() -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func date(_ d: Date) -> String {
        let c = utcCalendar().dateComponents([.year, .month, .day], from: d)
        let m = months[max(0, min(11, (c.month ?? 1) - 1))]
        return "\(c.day ?? 0) \(m) \(c.year ?? 0)"
    }

    static func shortDate(_ d: Date, hour: Bool) -> String {
        let c = utcCalendar().dateComponents([.month, .day, .hour], from: d)
        let m = months[max(0, min(11, (c.month ?? 1) - 1))]
        // Interpolation rather than %@: passing a Swift String to %@ is not portable to Linux.
        return hour ? "\(c.day ?? 0) \(m) " + String(format: "%02d:00", c.hour ?? 0) : "\(c.day ?? 0) \(m)"
    }

    static func dateTime(_ d: Date) -> String {
        let c = utcCalendar().dateComponents([.hour, .minute], from: d)
        return date(d) + String(format: ", %02d:%02d UTC", c.hour ?? 0, c.minute ?? 0)
    }

    static func iso(_ d: Date?) -> String {
        guard let d else { return "" }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    /// Escapes text for HTML element content and quoted attribute values.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in HTML text; drop them rather than break parsing.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
