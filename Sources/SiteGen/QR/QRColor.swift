import DistFormat
import Foundation

/// An sRGB colour written in site.yml as `#rrggbb` or `#rgb`.
package struct QRColor: Sendable, Hashable, CustomStringConvertible {
    package var red: UInt8
    package var green: UInt8
    package var blue: UInt8

    package static let black = QRColor(red: 0, green: 0, blue: 0)
    package static let white = QRColor(red: 255, green: 255, blue: 255)

    package init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    package init(parsing text: String) throws(QRError) {
        let digits = Array(text.utf8)
        guard digits.first == UInt8(ascii: "#") else { throw .invalidColor(text) }
        var values: [UInt8] = []
        for digit in digits.dropFirst() {
            guard let value = Self.hexValue(digit) else { throw .invalidColor(text) }
            values.append(value)
        }
        switch values.count {
        case 3:  // #abc means #aabbcc
            self.init(red: values[0] * 17, green: values[1] * 17, blue: values[2] * 17)
        case 6:
            self.init(
                red: values[0] << 4 | values[1], green: values[2] << 4 | values[3], blue: values[4] << 4 | values[5])
        default:
            throw .invalidColor(text)
        }
    }

    /// `#rrggbb`, lower case: how the colour is written into SVG.
    package var hex: String { "#" + Hex.encode([red, green, blue]) }
    package var description: String { hex }

    /// WCAG 2.x relative luminance: linearised sRGB channels weighted by the eye's sensitivity.
    package var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
