/// What `sitegen check` reports about a printed code: whether modules are big enough for a phone
/// camera, and whether a logo over the centre leaves the code readable.
package struct QRPrintCheck: Sendable, Hashable {
    /// Printed side of one module in millimetres.
    package let moduleSizeMM: Double
    /// Modules per side including the quiet zone.
    package let totalModules: Int

    /// Below about 0.4 mm per module, typical phone cameras at arm's length stop resolving modules.
    package static let recommendedMinimumModuleMM = 0.4

    package init(code: QRCode, quietZone: Int, printedSizeMM: Double) {
        totalModules = code.totalWidth(quietZone: quietZone)
        moduleSizeMM = printedSizeMM / Double(totalModules)
    }

    package var modulesLargeEnough: Bool { moduleSizeMM >= Self.recommendedMinimumModuleMM }
}

/// How much of a symbol a centred square logo hides, against what the error correction restores.
package struct QRLogoCoverage: Sendable, Hashable {
    /// Share of the symbol's modules (quiet zone excluded) the logo touches, partly covered ones included.
    package let coveredFraction: Double
    /// The level's recovery capacity (L 7 %, M 15 %, Q 25 %, H 30 %).
    package let recoveryCapacity: Double

    /// What a logo may actually hide: half the nominal capacity. A phone's decoder does not know
    /// which modules the logo hides, and the square cuts through codewords, so a real logo stops
    /// scanning well before the nominal share: measured with zbar on versions 2–8, codes failed
    /// from 4 % hidden at L, 9 % at M, 14 % at Q and 20 % at H, and read below half of each.
    package var usableCapacity: Double { recoveryCapacity / 2 }

    /// The logo hides less than the usable share. Still a necessary condition, not a guarantee:
    /// `sitegen check` decodes every code with its logo to be sure.
    package var fits: Bool { coveredFraction < usableCapacity }
}

extension QRCode {
    /// `relativeSize` is the logo's side as a fraction of the symbol's side (quiet zone excluded),
    /// clamped to 0…1.
    package func logoCoverage(relativeSize: Double) -> QRLogoCoverage {
        let area = QRLogoArea(symbolWidth: width, relativeSize: relativeSize)
        return QRLogoCoverage(
            coveredFraction: Double(area.count * area.count) / Double(width * width),
            recoveryCapacity: errorCorrection.recoveryCapacity)
    }
}
