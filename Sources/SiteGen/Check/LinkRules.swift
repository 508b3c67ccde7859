import DistFormat
import Foundation

/// Judges one reference found in a rendered page: does it lead to something the site will
/// serve? External URLs are the author's business; everything below `/<site>/` is ours to check.
enum LinkRules {
    /// A sentence saying what is wrong, or nil when the reference is fine.
    static func problem(_ reference: HTMLReference, pageURL: String, map: SiteMap) -> String? {
        if reference.attribute == "data-goal" { return goalProblem(reference.value, map: map) }
        // Most references are the site's own absolute URLs (navigation, assets, QR images) on
        // every page × variant; a plain lookup settles them without Foundation's URL parsing,
        // which the build pays for on every page.
        if reference.value.hasPrefix(map.prefix), map.isPlainKnownPath(reference.value) { return nil }
        var raw = reference.value.trimmingCharacters(in: .whitespacesAndNewlines)
        if raw.isEmpty || raw.hasPrefix("#") || raw.hasPrefix("//") { return nil }
        if raw.hasPrefix(map.siteURL) { raw = String(raw.dropFirst(map.siteURL.count - map.prefix.count)) }
        if hasScheme(raw) { return nil }
        let encoded = raw.replacingOccurrences(of: " ", with: "%20")
        guard let base = URL(string: "http://sitegen.invalid" + pageURL),
            let resolved = URL(string: encoded, relativeTo: base),
            let components = URLComponents(url: resolved, resolvingAgainstBaseURL: true)
        else { return "\(describe(reference)) is not a valid URL" }
        let path = components.path
        guard path.hasPrefix(map.prefix) else {
            if path + "/" == map.prefix { return nil }
            let first = path.split(separator: "/").first.map(String.init) ?? ""
            if map.otherSites.contains(first) { return nil }
            return "\(describe(reference)) leads to \(path), outside every site: the server only answers below /<site>/"
                + (raw.hasPrefix("/") ? " (did you mean '\(map.prefix)\(raw.dropFirst())'?)" : "")
        }
        let rest = String(path.dropFirst(map.prefix.count))
        if rest == "_convert" { return nil }
        if rest.hasPrefix("_go/") {
            return goProblem(
                goal: String(rest.dropFirst("_go/".count)),
                to: components.queryItems?.first { $0.name == "to" }?.value, reference: reference, map: map)
        }
        if map.files.contains(SiteMap.file(for: rest)) { return nil }
        let what = rest.hasPrefix("assets/") ? "asset" : "page, asset or QR image"
        return "\(describe(reference)) points nowhere: no \(what) at \(path)"
            + didYouMean(path, in: map.knownURLs)
            + (rest.hasPrefix("assets/") ? "; use {{#asset}}path{{/asset}} for fingerprinted asset URLs" : "")
    }

    /// `/<site>/_go/<goal>?to=<destination>`: the runtime answers 400 unless the goal is declared
    /// and the destination is one the site allows, so the visitor would land on an error.
    private static func goProblem(goal: String, to: String?, reference: HTMLReference, map: SiteMap) -> String? {
        if let problem = goalProblem(goal, map: map) { return "\(describe(reference)): \(problem)" }
        guard let to, !to.isEmpty else {
            return "\(describe(reference)) has no ?to=<destination>: the runtime would answer 400"
        }
        if map.destinations.contains(to) { return nil }
        if to.hasPrefix(map.prefix), !to.contains("//"),
            map.files.contains(SiteMap.file(for: String(to.dropFirst(map.prefix.count))))
        {
            return nil
        }
        return "\(describe(reference)) sends visitors to '\(to)', which is not under destinations: in site.yml "
            + "(the runtime refuses undeclared destinations so that _go is never an open redirect)"
            + didYouMean(to, in: map.destinations.sorted())
    }

    private static func goalProblem(_ goal: String, map: SiteMap) -> String? {
        guard !map.goals.contains(goal) else { return nil }
        return "goal '\(goal)' is not declared under goals: in site.yml (declared: "
            + map.goals.joined(separator: ", ") + ")" + didYouMean(goal, in: map.goals)
    }

    private static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), let first = text.first, first.isLetter else { return false }
        return text[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    private static func describe(_ reference: HTMLReference) -> String {
        "<\(reference.element) \(reference.attribute)=\"\(reference.value)\">"
    }
}
