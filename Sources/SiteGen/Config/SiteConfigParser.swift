import DistFormat
import Foundation
import Personalize
import Templates

/// Reads `site.yml` into a `SiteConfig`, reporting every problem it can find with its position.
package struct SiteConfigParser {
    let siteID: String
    let file: String
    /// site.yml's lines, to tell an unquoted `#colour` (a YAML comment) from a missing value.
    var sourceLines: [Substring] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var locations: [String: SourceLocation] = [:]

    init(siteID: String, file: String) {
        self.siteID = siteID
        self.file = file
    }

    static func parse(siteID: String, file: String, text: String) throws(BuildFailure)
        -> SiteConfig
    {
        let (config, problems) = try parseCollecting(siteID: siteID, file: file, text: text)
        if let config, problems.isEmpty { return config }
        throw BuildFailure(problems)
    }

    /// Every problem, and the config as far as it could be read despite them (nil when a
    /// required part is unusable): `check` goes on with it to report the later stages too.
    /// Throws only when the file is not YAML at all.
    package static func parseCollecting(siteID: String, file: String, text: String) throws(BuildFailure)
        -> (SiteConfig?, [Diagnostic])
    {
        var parser = SiteConfigParser(siteID: siteID, file: file)
        parser.sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let root = try YAMLNode.parse(text, file: file)
        let config = parser.read(root)
        return (config, parser.diagnostics)
    }

    private mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(at: location, message))
    }

    private mutating func checkKeys(_ node: YAMLNode, allowed: [String], context: String) {
        for entry in node.entries ?? [] where !allowed.contains(entry.key) {
            error(
                entry.keyLocation,
                "unknown key '\(entry.key)' in \(context)\(didYouMean(entry.key, in: allowed))")
        }
    }

    private mutating func mapping(_ node: YAMLNode?, _ name: String) -> YAMLNode? {
        guard let node else { return nil }
        if case .scalar(.null) = node.kind { return nil }
        guard node.entries != nil else {
            error(node.location, "'\(name)' must be a mapping, not \(node.kindName)")
            return nil
        }
        return node
    }

    private mutating func list(_ node: YAMLNode?, _ name: String) -> [YAMLNode]? {
        guard let node else { return nil }
        if case .scalar(.null) = node.kind { return [] }
        guard let items = node.items else {
            error(node.location, "'\(name)' must be a list, not \(node.kindName)")
            return nil
        }
        return items
    }

    private mutating func text(_ node: YAMLNode?, _ name: String, required: Bool = false)
        -> String?
    {
        guard let node else {
            if required { error(SourceLocation(file: file, line: 1, column: 1), "missing '\(name)'") }
            return nil
        }
        locations[name] = node.location
        switch node.scalar {
        case .string(let value)?:
            if required && value.trimmingCharacters(in: .whitespaces).isEmpty {
                error(node.location, "'\(name)' must not be empty")
                return nil
            }
            return value
        case .int, .double, .bool:
            return node.scalar?.interpolated
        case .null?:
            if required { error(node.location, "'\(name)' must not be empty") }
            return nil
        default:
            error(node.location, "'\(name)' must be text, not \(node.kindName)")
            return nil
        }
    }

    private mutating func number(_ node: YAMLNode?, _ name: String) -> Double? {
        guard let node else { return nil }
        switch node.scalar {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        default:
            error(node.location, "'\(name)' must be a number, not \(node.kindName)")
            return nil
        }
    }

    private mutating func bool(_ node: YAMLNode?, _ name: String) -> Bool? {
        guard let node else { return nil }
        guard case .bool(let value)? = node.scalar else {
            error(node.location, "'\(name)' must be true or false, not \(node.kindName)")
            return nil
        }
        return value
    }

    private mutating func params(_ node: YAMLNode?, _ name: String) -> [String: TemplateValue] {
        guard let node = mapping(node, name), case .object(let object) = node.plain else {
            return [:]
        }
        return object
    }

    private mutating func read(_ root: YAMLNode) -> SiteConfig? {
        guard root.entries != nil else {
            error(root.location, "site.yml must be a mapping of settings, not \(root.kindName)")
            return nil
        }
        checkKeys(root, allowed: SiteSchema.keys.map(\.name), context: "site.yml")

        let title = text(root["title"], "title", required: true)
        let baseURL = text(root["base_url"], "base_url", required: true)
        if let baseURL, !isAbsoluteHTTPURL(baseURL) {
            error(location("base_url"), "'base_url' must be an absolute http(s) URL, got '\(baseURL)'")
        } else if let baseURL, !isHTTPOrigin(baseURL) {
            error(
                location("base_url"),
                "'base_url' must be an origin, scheme://host[:port], with no path, query, fragment or user, got '\(baseURL)'"
            )
        }
        let template = text(root["template"], "template", required: true)
        if let template, !isSafeTemplateName(template), let node = root["template"] {
            error(node.location, "'template' must name a folder under templates/, got '\(template)'")
        }
        let timezone = text(root["timezone"], "timezone") ?? "UTC"
        if TimeZone(identifier: timezone) == nil {
            error(location("timezone"), "unknown time zone '\(timezone)' (use an IANA name such as Europe/Paris)")
        }
        let language = text(root["language"], "language") ?? "en"
        let description = text(root["description"], "description") ?? ""
        let siteParams = params(root["params"], "params")

        var markdown = MarkdownOptions(unsafe: false, smart: true)
        if let node = mapping(root["markdown"], "markdown") {
            checkKeys(node, allowed: SiteSchema.keys(at: ["markdown"]).map(\.name), context: "markdown")
            markdown.unsafe = bool(node["unsafe"], "markdown.unsafe") ?? markdown.unsafe
            markdown.smart = bool(node["smart"], "markdown.smart") ?? markdown.smart
        }

        let variants = readVariants(root["variants"])
        let goals = readGoals(root["goals"])
        let destinations = readDestinations(root["destinations"])
        let qr = readQR(root["qr"], variantIDs: variants.map(\.id))
        // A repeated id is reported once, where it is written; the policy check sees each id once.
        var seenIDs = Set<String>()
        let distinctIDs = variants.map(\.id).filter { seenIDs.insert($0).inserted }
        let personalize = readPersonalize(root["personalize"], variantIDs: distinctIDs)

        guard let title, let baseURL, let template, let personalize else { return nil }
        return SiteConfig(
            id: siteID, file: file, title: title, baseURL: baseURL, template: template,
            timezone: timezone, language: language, description: description, params: siteParams,
            markdown: markdown, variants: variants, goals: goals, destinations: destinations,
            qr: qr, personalize: personalize, locations: locations)
    }

    private func location(_ path: String) -> SourceLocation {
        locations[path] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    private mutating func readVariants(_ node: YAMLNode?) -> [VariantConfig] {
        guard let items = list(node, "variants") else {
            return [VariantConfig(id: "default", params: [:], redirect: nil)]
        }
        if items.isEmpty, let node {
            error(node.location, "'variants' is empty: list at least one, or leave it out for one 'default' variant")
        }
        var variants: [VariantConfig] = []
        for (index, item) in items.enumerated() {
            guard let item = mapping(item, "variants[\(index)]") else { continue }
            checkKeys(item, allowed: SiteSchema.keys(at: ["variants"]).map(\.name), context: "a variant")
            locations["variants.\(index)"] = item.location
            guard let id = text(item["id"], "variants[\(index)].id") else {
                error(item.location, "a variant needs an 'id'")
                continue
            }
            let idLocation = item["id"]?.location ?? item.location
            if !isSafeID(id) {
                error(
                    idLocation,
                    "unsafe variant id '\(id)': use lowercase letters, digits and '-', starting with a letter or digit, at most 40 characters"
                )
            } else if variants.contains(where: { $0.id == id }) {
                error(idLocation, "duplicate variant id '\(id)'")
            }
            let redirect = text(item["redirect"], "variants[\(index)].redirect")
            if let redirect, !isAbsoluteHTTPURL(withClickPlaceholder: redirect), let node = item["redirect"] {
                error(node.location, "redirect of variant '\(id)' must be an absolute http(s) URL, got '\(redirect)'")
            }
            locations["variants.\(id)"] = item.location
            variants.append(
                VariantConfig(id: id, params: params(item["params"], "params"), redirect: redirect))
        }
        return variants
    }

    private mutating func readGoals(_ node: YAMLNode?) -> [GoalManifest] {
        guard let items = list(node, "goals") else { return [GoalManifest(id: "convert", value: 1)] }
        var goals: [GoalManifest] = []
        for (index, item) in items.enumerated() {
            guard let item = mapping(item, "goals[\(index)]") else { continue }
            checkKeys(item, allowed: SiteSchema.keys(at: ["goals"]).map(\.name), context: "a goal")
            guard let id = text(item["id"], "goals[\(index)].id") else {
                error(item.location, "a goal needs an 'id'")
                continue
            }
            let idLocation = item["id"]?.location ?? item.location
            if !isSafeID(id) {
                error(idLocation, "unsafe goal id '\(id)': use lowercase letters, digits and '-'")
            } else if goals.contains(where: { $0.id == id }) {
                error(idLocation, "duplicate goal id '\(id)'")
            }
            let value = number(item["value"], "value") ?? 1
            if !Bandit.acceptsReward(value), let node = item["value"] {
                error(node.location, "goal value must be a number from 0 to 1,000,000,000")
            }
            goals.append(GoalManifest(id: id, value: value, maxValue: readMaxValue(item["max_value"], value: value)))
        }
        return goals
    }

    /// A goal's `max_value`: what a browser may report at most, so it must hold the goal's own
    /// value, and be a number the learner accepts.
    private mutating func readMaxValue(_ node: YAMLNode?, value: Double) -> Double? {
        guard let node, let maxValue = number(node, "max_value") else { return nil }
        guard maxValue > 0, Bandit.acceptsReward(maxValue) else {
            error(node.location, "goal max_value must be a positive number up to 1,000,000,000")
            return nil
        }
        guard maxValue >= value else {
            error(
                node.location,
                "goal max_value (\(TemplateValue.double(maxValue).interpolated)) must be at least the goal's value (\(TemplateValue.double(value).interpolated))"
            )
            return nil
        }
        return maxValue
    }

    private mutating func readDestinations(_ node: YAMLNode?) -> [String] {
        guard let items = list(node, "destinations") else { return [] }
        var destinations: [String] = []
        for item in items {
            guard case .string(let value)? = item.scalar else {
                error(item.location, "a destination must be a URL, not \(item.kindName)")
                continue
            }
            if !(isAbsoluteHTTPURL(withClickPlaceholder: value) || value.hasPrefix("/\(siteID)/")) {
                error(
                    item.location,
                    "destination '\(value)' must be an absolute http(s) URL or a path starting with /\(siteID)/")
            }
            destinations.append(value)
        }
        return destinations
    }

    private mutating func readQR(_ node: YAMLNode?, variantIDs: [String]) -> QRSettings {
        var qr = QRSettings()
        guard let node = mapping(node, "qr") else { return qr }
        checkKeys(node, allowed: SiteSchema.keys(at: ["qr"]).map(\.name), context: "qr")
        for key in QRSettings.scalarKeys {
            if let child = node[key] { locations["qr.\(key)"] = child.location }
        }
        checkEmptyValues(node)
        if let level = text(node["error_correction"], "qr.error_correction") {
            if ["L", "M", "Q", "H"].contains(level.uppercased()) {
                qr.errorCorrection = level.uppercased()
            } else {
                error(location("qr.error_correction"), "qr.error_correction must be L, M, Q or H, got '\(level)'")
            }
        }
        if let zone = number(node["quiet_zone"], "qr.quiet_zone") {
            if zone < 4 || zone != zone.rounded() || zone > 40 {
                error(
                    location("qr.quiet_zone"),
                    "qr.quiet_zone must be a whole number of modules from 4 to 40 (scanners need at least 4), got \(TemplateValue.double(zone).interpolated)"
                )
            } else {
                qr.quietZone = Int(zone)
            }
        }
        qr.foreground = text(node["foreground"], "qr.foreground") ?? qr.foreground
        qr.background = text(node["background"], "qr.background") ?? qr.background
        if let scale = number(node["scale"], "qr.scale") {
            if scale < 1 || scale > 64 || scale != scale.rounded() {
                error(location("qr.scale"), "qr.scale must be a whole number from 1 to 64")
            } else {
                qr.scale = Int(scale)
            }
        }
        qr.force = bool(node["force"], "qr.force") ?? qr.force
        if let size = number(node["size_mm"], "qr.size_mm") {
            // A bad value is reported and not kept: `check` goes on drawing with the config.
            if size <= 0 { error(location("qr.size_mm"), "qr.size_mm must be positive") } else { qr.sizeMM = size }
        }
        if let logo = number(node["logo_size"], "qr.logo_size") {
            if logo < 0 || logo > 0.5 {
                error(location("qr.logo_size"), "qr.logo_size must be between 0 and 0.5")
            } else {
                qr.logoSize = logo
            }
        }
        readPrintOptions(node, into: &qr)
        if let items = list(node["placements"], "qr.placements") {
            var placements: [QRSettings.Placement] = []
            for (index, item) in items.enumerated() {
                guard let item = mapping(item, "qr.placements[\(index)]") else { continue }
                checkKeys(item, allowed: SiteSchema.keys(at: ["qr", "placements"]).map(\.name), context: "a placement")
                guard let id = text(item["id"], "placement id") else {
                    error(item.location, "a placement needs an 'id'")
                    continue
                }
                let idLocation = item["id"]?.location ?? item.location
                locations["qr.placements.\(id)"] = idLocation
                if !isSafeID(id) {
                    error(idLocation, "unsafe placement id '\(id)': use lowercase letters, digits and '-'")
                } else if placements.contains(where: { $0.id == id }) {
                    error(idLocation, "duplicate placement id '\(id)'")
                }
                let variant = text(item["variant"], "placement variant")
                if let variant, !variantIDs.contains(variant), let node = item["variant"] {
                    error(
                        node.location,
                        "placement '\(id)' pins unknown variant '\(variant)'\(didYouMean(variant, in: variantIDs))")
                }
                placements.append(QRSettings.Placement(id: id, variant: variant))
            }
            if placements.isEmpty, let node = node["placements"] {
                error(node.location, "qr.placements is empty: list at least one, or leave it out for one 'default'")
            } else {
                qr.placements = placements
            }
        }
        return qr
    }

    /// The print-file options of the `qr` block: resolution, version and logo.
    private mutating func readPrintOptions(_ node: YAMLNode, into qr: inout QRSettings) {
        if let dpi = number(node["print_dpi"], "qr.print_dpi") {
            let range = Double(QRSettings.printDPIRange.lowerBound)...Double(QRSettings.printDPIRange.upperBound)
            if !range.contains(dpi) || dpi != dpi.rounded() {
                error(
                    location("qr.print_dpi"),
                    "qr.print_dpi must be a whole number from \(QRSettings.printDPIRange.lowerBound) to "
                        + "\(QRSettings.printDPIRange.upperBound) dots per inch, got \(TemplateValue.double(dpi).interpolated)"
                )
            } else {
                qr.printDPI = Int(dpi)
            }
        }
        if let version = number(node["version"], "qr.version") {
            if version < 1 || version > 40 || version != version.rounded() {
                error(
                    location("qr.version"),
                    "qr.version must be a whole QR version from 1 to 40, got \(TemplateValue.double(version).interpolated)"
                )
            } else {
                qr.version = Int(version)
            }
        }
        qr.uniformVersion = bool(node["uniform_version"], "qr.uniform_version") ?? qr.uniformVersion
        if let logo = text(node["logo"], "qr.logo") {
            let parts = logo.split(separator: "/", omittingEmptySubsequences: false)
            if logo.hasPrefix("/") || parts.contains("..") || parts.contains("") {
                error(
                    location("qr.logo"),
                    "qr.logo must be a path below the site's assets/ folder, like images/logo.png, got '\(logo)'")
            } else {
                qr.logo = logo
                // A logo with no size given gets a modest one that fits even level M's budget.
                if node["logo_size"] == nil {
                    qr.logoSize = QRSettings.defaultLogoSize
                } else if qr.logoSize == 0 {
                    error(location("qr.logo_size"), "qr.logo_size is 0, so qr.logo would be drawn nowhere: try 0.2")
                }
            }
        }
    }

    /// `foreground: #1f3d2b` without quotes is a key followed by a YAML comment: the value is
    /// empty and would silently fall back to the default. Any `qr` setting written without a
    /// value is an error, and one whose line has a `#` where the value should be says why.
    private mutating func checkEmptyValues(_ node: YAMLNode) {
        for entry in node.entries ?? [] {
            guard case .scalar(.null) = entry.value.kind, entry.key != "placements" else { continue }
            let line = entry.keyLocation.line - 1
            let rest = line >= 0 && line < sourceLines.count ? afterKey(sourceLines[line], key: entry.key) : ""
            let value = rest.prefix { !$0.isWhitespace }
            // `#1f3d2b` right after the colon, not `# a remark` after an empty value.
            if value.hasPrefix("#"), value.count > 1 {
                error(
                    entry.keyLocation,
                    "qr.\(entry.key) is empty: a value starting with # must be quoted, "
                        + "like \(entry.key): \"\(value)\" (unquoted, YAML reads it as a comment)")
            } else {
                error(entry.keyLocation, "qr.\(entry.key) is empty: give it a value or remove the line")
            }
        }
    }

    /// What follows `key:` on a source line, leading spaces removed.
    private func afterKey(_ line: Substring, key: String) -> Substring {
        guard let range = line.range(of: key + ":") else { return "" }
        return line[range.upperBound...].drop { $0 == " " || $0 == "\t" }
    }

    mutating func readPersonalize(_ node: YAMLNode?, variantIDs: [String])
        -> PersonalizeConfig?
    {
        guard let node = mapping(node, "personalize") else { return PersonalizeConfig() }
        checkKeys(node, allowed: PersonalizeConfig.keys, context: "personalize")
        // Named before decoding, so an unknown policy is reported where it is written, with a
        // did-you-mean, rather than as a decoding failure of the whole block.
        if let policyNode = node["policy"], case .string(let name)? = policyNode.scalar,
            PolicyKind(rawValue: name) == nil
        {
            self.error(policyNode.location, "unknown policy '\(name)'\(didYouMean(name, in: PolicyKind.names))")
            return nil
        }
        let config: PersonalizeConfig
        do {
            config = try JSONDecoder().decode(
                PersonalizeConfig.self, from: JSONEncoder().encode(node.plain))
        } catch {
            self.error(node.location, "personalize: \(describeDecoding(error))")
            return nil
        }
        if let problem = PersonalizeValidation.problem(config, variantIDs: variantIDs) {
            let at = problem.key.map { node.deepest(at: $0).location } ?? node.location
            self.error(at, "personalize: \(problem.message)")
            return nil
        }
        return config
    }

    private func describeDecoding(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(path)' must be \(type)"
        case .dataCorrupted(let context):
            return context.debugDescription
        case .keyNotFound(let key, _):
            return "missing '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Template names become folder names: one plain path segment.
func isSafeTemplateName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64 && name != "." && name != ".."
        && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
}
