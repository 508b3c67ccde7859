/// An 8-bit RGBA picture with straight (not premultiplied) alpha, rows top to bottom: a decoded
/// logo, ready to be scaled into a code.
struct QRImage: Sendable, Hashable {
    let width: Int
    let height: Int
    /// `width * height * 4` bytes: red, green, blue, alpha.
    let rgba: [UInt8]

    /// The largest `width`×`height` that keeps the picture's proportions inside a square of
    /// `side`, at least 1×1.
    func fitted(in side: Int) -> (width: Int, height: Int) {
        if width >= height {
            return (max(side, 1), max(Int((Double(side) * Double(height) / Double(width)).rounded()), 1))
        }
        return (max(Int((Double(side) * Double(width) / Double(height)).rounded()), 1), max(side, 1))
    }

    /// The picture at `width`×`height`. Each target pixel averages the source pixels it covers,
    /// weighted by their alpha so that the colour of transparent pixels (often black) does not
    /// darken the edges; enlarging repeats pixels. A box filter is plenty for a logo a few
    /// hundred pixels wide, and keeps the output exactly reproducible.
    func resampled(width targetWidth: Int, height targetHeight: Int) -> QRImage {
        var out = [UInt8](repeating: 0, count: targetWidth * targetHeight * 4)
        for ty in 0..<targetHeight {
            let y0 = ty * height / targetHeight
            let y1 = max(y0 + 1, (ty + 1) * height / targetHeight)
            for tx in 0..<targetWidth {
                let x0 = tx * width / targetWidth
                let x1 = max(x0 + 1, (tx + 1) * width / targetWidth)
                var red = 0, green = 0, blue = 0, alpha = 0
                for y in y0..<y1 {
                    for x in x0..<x1 {
                        let i = (y * width + x) * 4
                        let a = Int(rgba[i + 3])
                        red += Int(rgba[i]) * a
                        green += Int(rgba[i + 1]) * a
                        blue += Int(rgba[i + 2]) * a
                        alpha += a
                    }
                }
                let o = (ty * targetWidth + tx) * 4
                let count = (y1 - y0) * (x1 - x0)
                if alpha > 0 {
                    out[o] = UInt8((red + alpha / 2) / alpha)
                    out[o + 1] = UInt8((green + alpha / 2) / alpha)
                    out[o + 2] = UInt8((blue + alpha / 2) / alpha)
                }
                out[o + 3] = UInt8((alpha + count / 2) / count)
            }
        }
        return QRImage(width: targetWidth, height: targetHeight, rgba: out)
    }

    /// The colour channels alone, and the alpha channel alone: how PDF stores an image and its
    /// soft mask.
    var rgb: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(width * height * 3)
        for i in stride(from: 0, to: rgba.count, by: 4) {
            out.append(rgba[i])
            out.append(rgba[i + 1])
            out.append(rgba[i + 2])
        }
        return out
    }

    var alpha: [UInt8] { stride(from: 3, to: rgba.count, by: 4).map { rgba[$0] } }

    var isOpaque: Bool { alpha.allSatisfy { $0 == 255 } }
}
