import CQRencode
import Foundation

/// An encoded QR symbol: the module matrix libqrencode produced for a text, ready to draw.
package struct QRCode: Sendable, Hashable {
    package let text: String
    package let errorCorrection: QRErrorCorrection
    /// QR version 1…40 (the symbol grows by 4 modules per version).
    package let version: Int
    /// Modules per side, without the quiet zone.
    package let width: Int
    /// Row-major, `width * width` entries, `true` for a dark module.
    package let modules: [Bool]
    /// Row-major, `true` for finder, timing, alignment, format and version modules: a logo
    /// leaves them drawn, because a decoder locates and samples the symbol by them and cannot
    /// correct their loss the way error correction restores hidden data.
    let functionModules: [Bool]

    /// Encodes `text` as-is (byte mode for anything outside the alphanumeric set, case kept) at the
    /// smallest version that fits.
    package init(encoding text: String, errorCorrection: QRErrorCorrection = .medium) throws(QRError) {
        try self.init(encoding: text, errorCorrection: errorCorrection, minimumVersion: 0)
    }

    /// As above, but at least at `minimumVersion` (0: no minimum). libqrencode treats its version
    /// argument as such a minimum, which is what lets a site print every code with the same
    /// module count.
    init(encoding text: String, errorCorrection: QRErrorCorrection, minimumVersion: Int) throws(QRError) {
        guard QRCodeOptions.versionRange.contains(minimumVersion) else { throw .versionOutOfRange(minimumVersion) }
        guard !text.isEmpty else { throw .emptyText }
        guard !text.utf8.contains(0) else { throw .textContainsNUL }
        let (symbol, failure) = text.withCString { cString -> (UnsafeMutablePointer<QRcode>?, Int32) in
            let symbol = QRcode_encodeString(
                cString, Int32(minimumVersion), errorCorrection.libqrencodeLevel, QR_MODE_8, 1)
            return (symbol, symbol == nil ? errno : 0)
        }
        guard let symbol else {
            if failure == ERANGE {
                throw .textTooLong(
                    length: text.utf8.count, level: errorCorrection, limit: errorCorrection.maximumBytes)
            }
            throw .encoderFailed(errno: failure)
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        self.text = text
        self.errorCorrection = errorCorrection
        self.version = Int(symbol.pointee.version)
        self.width = width
        // Bit 0 is the module colour; the other bits are libqrencode's bookkeeping.
        self.modules = data.map { $0 & 1 == 1 }
        // Bit 7 marks non-data modules (qrencode.h).
        self.functionModules = data.map { $0 & 0x80 != 0 }
    }

    /// Encodes at the options' level after checking the options, so an invalid `qr:` block fails
    /// before anything is drawn.
    package init(encoding text: String, options: QRCodeOptions) throws(QRError) {
        try options.validate()
        try self.init(
            encoding: text, errorCorrection: options.errorCorrection, minimumVersion: options.minimumVersion)
    }

    func isFunction(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < width else { return false }
        return functionModules[y * width + x]
    }

    package func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < width else { return false }
        return modules[y * width + x]
    }

    /// Modules per side including the quiet zone on both sides.
    package func totalWidth(quietZone: Int) -> Int {
        width + 2 * quietZone
    }
}
