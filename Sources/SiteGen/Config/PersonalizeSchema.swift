import Personalize

/// The `personalize:` keys, described for humans; the types and defaults live in
/// `PersonalizeConfig`, whose key list this must match (a test holds them together).
enum PersonalizeSchema {
    static let keys: [SchemaKey] = [
        SchemaKey(
            "policy", PolicyKind.names.joined(separator: ", "),
            default: PersonalizeConfig().policy.rawValue,
            "`adaptive` (default): rate and order value learned apart, context effects that must earn their weight, forgetting chosen from the data and change detection instead of a half-life, exact propensities. `uniform`: fixed split (A/B test). `thompson`: Beta-Bernoulli Thompson sampling, revenue-aware. `lints`: contextual Thompson sampling whose per-context effects shrink towards each variant's overall rate. `linucb`: contextual upper confidence bound. `epsilon-greedy`: best so far, random with probability `epsilon`."
        ),
        SchemaKey(
            "features", "list", default: PersonalizeConfig().features.joined(separator: ", "),
            "Context the policy may use: \(PersonalizeConfig.builtInFeatures.joined(separator: ", "))."
        ),
        SchemaKey(
            "interactions", "list of lists", default: "none",
            "Feature combinations that get an effect of their own, e.g. `[[device, daypart]]`."),
        SchemaKey(
            "min_probability", "0 – 1/variants", default: String(PersonalizeConfig().minProbability),
            "Floor under every variant's share of traffic: keep exploring a little, always."),
        SchemaKey(
            "warmup", "impressions", default: String(PersonalizeConfig().warmup),
            "Split evenly until every variant has this many impressions."),
        SchemaKey(
            "half_life", "impressions", default: "none",
            "Forget old evidence: it counts half after this many impressions."),
        SchemaKey(
            "weights", "mapping variant → weight", default: "even",
            "Traffic weights for `uniform`."),
        SchemaKey(
            "epsilon", "0–1", default: String(PersonalizeConfig().epsilon),
            "Exploration rate for `epsilon-greedy`."),
        SchemaKey(
            "alpha", "number > 0", default: String(PersonalizeConfig().alpha),
            "Width of the confidence bonus for `linucb`."),
        SchemaKey(
            "country_headers", "list of header names",
            default: PersonalizeConfig.defaultCountryHeaders.joined(separator: ", "),
            "Trusted CDN headers that carry the visitor's country; the first present wins."),
        SchemaKey(
            "extras", "list", default: "none",
            "Extra categorical features: a query parameter name (`utm_campaign`), or `{name, query}` / `{name, header}`."
        ),
    ]
}
