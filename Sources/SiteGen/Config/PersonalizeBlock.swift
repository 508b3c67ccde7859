import Personalize

/// A `personalize:` block read and validated exactly as site.yml's is, for the other files that
/// carry one (simulation scenarios), so a setting means the same and fails the same everywhere.
package enum PersonalizeBlock {
    package static func read(_ node: YAMLNode, variantIDs: [String]) -> Result<PersonalizeConfig, BuildFailure> {
        var parser = SiteConfigParser(siteID: "", file: node.location.file)
        if let config = parser.readPersonalize(node, variantIDs: variantIDs), parser.diagnostics.isEmpty {
            return .success(config)
        }
        return .failure(BuildFailure(parser.diagnostics))
    }
}
