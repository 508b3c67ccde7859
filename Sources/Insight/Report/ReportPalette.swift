import Foundation

/// Variant colours and line dashes.
///
/// Colours are colour-blind safe (Okabe–Ito based) and alternate dark and light so neighbours
/// stay apart in greyscale print; every line also gets its own dash pattern so that printed in
/// black and white, variants are still told apart by shape rather than hue.
enum ReportPalette {
    static let colors = ["#1f4e99", "#e69f00", "#00876c", "#d45087", "#56b4e9", "#5b3a8e", "#a8781f", "#6b6b6b"]
    static let dashes = ["", "7 3", "2 2.5", "9 3 2 3", "4 4", "1 3", "12 3", "5 2 1 2 1 2"]

    static func color(_ i: Int) -> String { colors[((i % colors.count) + colors.count) % colors.count] }

    /// Beyond eight variants colours repeat, so the dash shifts to keep pairs distinct.
    static func dash(_ i: Int) -> String {
        let k = (((i + i / colors.count) % dashes.count) + dashes.count) % dashes.count
        return dashes[k]
    }

    static func dashAttribute(_ i: Int) -> String {
        let d = dash(i)
        return d.isEmpty ? "" : " stroke-dasharray=\"\(d)\""
    }

    static func cssDash(_ i: Int) -> String {
        switch dash(i) {
        case "": "solid"
        case "2 2.5", "1 3": "dotted"
        default: "dashed"
        }
    }

    /// HTML legend: a line swatch (colour + dash) or a filled swatch per variant.
    static func legend(_ ids: [String], filled: Bool = false, extra: [(label: String, cls: String)] = []) -> String {
        var out = "<ul class=\"legend\">"
        for (i, id) in ids.enumerated() {
            let style =
                filled
                ? "background:\(color(i));border-color:\(color(i))"
                : "border-top:3px \(cssDash(i)) \(color(i))"
            out +=
                "<li><span class=\"sw\(filled ? " sw-fill" : "")\" style=\"\(style)\"></span>\(ReportText.id(id, limit: 40))</li>"
        }
        for e in extra {
            out += "<li><span class=\"sw \(e.cls)\"></span>\(ReportFormat.html(e.label))</li>"
        }
        return out + "</ul>"
    }
}
