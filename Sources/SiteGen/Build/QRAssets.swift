import DistFormat
import Foundation

/// The QR codes of one site: one per placement, encoding `base_url/<site>/?src=qr&p=<placement>`
/// (`&v=<variant>` when pinned), drawn as SVG and PNG.
enum QRAssets {
    struct Rendered: Sendable {
        var manifest: QRManifest
        var svg: [UInt8]
        var png: [UInt8]
    }

    static func url(for placement: QRSettings.Placement, config: SiteConfig) -> String {
        var url = config.siteURL + "?src=qr&p=" + placement.id
        if let variant = placement.variant { url += "&v=" + variant }
        return url
    }

    /// What templates and the manifest know of a placement's code; `modules` once it is drawn.
    static func manifest(for placement: QRSettings.Placement, config: SiteConfig, modules: Int) -> QRManifest {
        QRManifest(
            placement: placement.id, variant: placement.variant, url: url(for: placement, config: config),
            svg: "\(config.id)/qr/\(placement.id).svg", png: "\(config.id)/qr/\(placement.id).png",
            modules: modules)
    }

    static func options(_ config: SiteConfig) throws(BuildFailure) -> QRCodeOptions {
        let qr = config.qr
        do {
            let options = QRCodeOptions(
                errorCorrection: try QRErrorCorrection(parsing: qr.errorCorrection),
                quietZone: qr.quietZone,
                foreground: try color(qr.foreground, key: "foreground", config: config),
                background: try color(qr.background, key: "background", config: config),
                scale: qr.scale, force: qr.force)
            try options.validate()
            return options
        } catch let error as BuildFailure {
            throw error
        } catch {
            let key: String
            switch error as? QRError {
            case .lowContrast?, .lightOnDark?: key = "qr.foreground"
            case .quietZoneTooSmall?: key = "qr.quiet_zone"
            case .scaleOutOfRange?: key = "qr.scale"
            default: key = "qr.error_correction"
            }
            throw BuildFailure(Diagnostic(at: config.location(key), "\(error)"))
        }
    }

    private static func color(_ text: String, key: String, config: SiteConfig) throws(BuildFailure)
        -> QRColor
    {
        do {
            return try QRColor(parsing: text)
        } catch {
            throw BuildFailure(Diagnostic(at: config.location("qr.\(key)"), "qr.\(key): \(error)"))
        }
    }

    static func render(_ config: SiteConfig) throws(BuildFailure) -> [Rendered] {
        let options = try options(config)
        var rendered: [Rendered] = []
        for placement in config.qr.placements {
            let url = url(for: placement, config: config)
            let code: QRCode
            let svg: [UInt8]
            let png: [UInt8]
            do {
                code = try QRCode(encoding: url, options: options)
                svg = Array(try code.svg(options: options).utf8)
                png = try code.png(options: options)
            } catch {
                let at =
                    config.locations["qr.placements.\(placement.id)"] ?? config.location("base_url")
                throw BuildFailure(Diagnostic(at: at, "QR code for placement '\(placement.id)': \(error)"))
            }
            try checkLogo(code, placement: placement.id, config: config)
            rendered.append(
                Rendered(manifest: manifest(for: placement, config: config, modules: code.width), svg: svg, png: png))
        }
        return rendered
    }

    /// A logo printed over more modules than the error correction restores makes a code no phone
    /// reads: printing it is a mistake the build refuses, like low contrast.
    private static func checkLogo(_ code: QRCode, placement: String, config: SiteConfig) throws(BuildFailure) {
        guard config.qr.logoSize > 0 else { return }
        let coverage = code.logoCoverage(relativeSize: config.qr.logoSize)
        guard !coverage.fits else { return }
        func percent(_ fraction: Double) -> String { "\(Int((fraction * 100).rounded()))%" }
        throw BuildFailure(
            Diagnostic(
                at: config.location("qr.logo_size"),
                "a logo \(percent(config.qr.logoSize)) wide covers \(percent(coverage.coveredFraction)) of QR code "
                    + "'\(placement)', but error correction \(code.errorCorrection.rawValue) restores at most "
                    + "\(percent(coverage.recoveryCapacity)): use a smaller logo or a higher qr.error_correction"))
    }
}
