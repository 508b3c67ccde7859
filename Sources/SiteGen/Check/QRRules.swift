import Templates

/// The printed QR codes of one site: drawn as the build draws them (which refuses bad colours and
/// a logo eating the error-correction budget), then judged as a phone would meet them: module
/// size on paper, and whether a real decoder reads back the exact URL.
enum QRRules {
    static func check(_ source: SiteSource, decoder: QRDecoderTool?) -> [Diagnostic] {
        let config = source.config
        let rendered: [QRAssets.Rendered]
        do {
            rendered = try QRAssets.render(source).codes
        } catch {
            // Contrast, colours, quiet zone, text too long, logo too large or unreadable, print
            // size: the build's own errors.
            return error.diagnostics
        }
        var found: [Diagnostic] = []
        var prints: [(placement: String, check: QRPrintCheck)] = []
        for code in rendered {
            let placement = code.manifest.placement
            let at = config.locations["qr.placements.\(placement)"] ?? config.location("qr")
            // The code as drawn: `uniform_version` may have made it larger than its URL needs.
            prints.append(
                (
                    placement,
                    QRPrintCheck(code: code.code, quietZone: config.qr.quietZone, printedSizeMM: config.qr.sizeMM)
                )
            )
            found += roundTrip(code, at: at, decoder: decoder)
        }
        found += printSize(prints, config: config)
        if decoder == nil, !rendered.isEmpty {
            found.append(
                Diagnostic(
                    .warning, at: config.location("qr"),
                    "QR decode round trip skipped: zbarimg is not installed (Debian: apt-get install zbar-tools)"))
        }
        return found
    }

    /// One warning for all codes that print too small: they share `size_mm`, and so the fix.
    private static func printSize(_ prints: [(placement: String, check: QRPrintCheck)], config: SiteConfig)
        -> [Diagnostic]
    {
        let small = prints.filter { !$0.check.modulesLargeEnough }
        guard let densest = small.max(by: { $0.check.totalModules < $1.check.totalModules }) else { return [] }
        let sizes = small.map(\.check.moduleSizeMM)
        let lowest = format(sizes.min() ?? 0), highest = format(sizes.max() ?? 0)
        let minimum = QRPrintCheck.recommendedMinimumModuleMM * Double(densest.check.totalModules)
        let names = small.map { "'\($0.placement)'" }.joined(separator: ", ")
        return [
            Diagnostic(
                .warning, at: config.location("qr.size_mm"),
                "QR code\(small.count == 1 ? "" : "s") \(names) printed \(format(config.qr.sizeMM)) mm wide "
                    + "\(small.count == 1 ? "has" : "have") modules of \(lowest == highest ? lowest : "\(lowest)–\(highest)") mm, "
                    + "under the \(format(QRPrintCheck.recommendedMinimumModuleMM)) mm phone cameras resolve at arm's "
                    + "length: print at least \(format(minimum.rounded(.up))) mm wide (\(densest.check.totalModules) "
                    + "modules per side with the quiet zone), or shorten the URL")
        ]
    }

    private static func roundTrip(_ code: QRAssets.Rendered, at: SourceLocation, decoder: QRDecoderTool?)
        -> [Diagnostic]
    {
        guard let decoder else { return [] }
        let placement = code.manifest.placement
        switch decoder.decode(png: code.png) {
        case .decoded(let text) where text == code.manifest.url:
            return []
        case .decoded(let text):
            return [Diagnostic(at: at, "QR code '\(placement)' decodes to '\(text)', not '\(code.manifest.url)'")]
        case .unreadable:
            return [
                Diagnostic(
                    at: at,
                    "QR code '\(placement)' cannot be read back by zbarimg: check its colours, contrast and logo")
            ]
        case .failed(let reason):
            return [Diagnostic(.warning, at: at, "QR decode round trip of '\(placement)' skipped: \(reason)")]
        }
    }

    /// Two decimals at most, none for whole numbers: `0.29`, `17`.
    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
