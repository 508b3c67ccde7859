/// A variant that renders byte for byte what another one renders splits traffic for nothing:
/// the policy can learn no difference, and the author probably forgot its params or overrides.
enum IdenticalVariantsRule {
    /// `outputs`: every page variant's rendered pages, in page order.
    static func check(_ outputs: [(variant: String, pages: [String])], config: SiteConfig) -> [Diagnostic] {
        var firstWithOutput: [[String]: String] = [:]
        var found: [Diagnostic] = []
        for output in outputs {
            if let earlier = firstWithOutput[output.pages] {
                found.append(
                    Diagnostic(
                        .warning, at: config.locations["variants.\(output.variant)"] ?? config.location("variants"),
                        "variant '\(output.variant)' renders exactly the same pages as variant '\(earlier)': "
                            + "the policy cannot learn anything from it; give it params or page overrides "
                            + "(name.\(output.variant).md) that differ"))
            } else {
                firstWithOutput[output.pages] = output.variant
            }
        }
        return found
    }
}
