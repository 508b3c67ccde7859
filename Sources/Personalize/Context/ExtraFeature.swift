/// A site-defined categorical feature read from a query parameter or a header, e.g. `utm_campaign`.
///
/// In `site.yml`, under `personalize.extras`, either a bare name (a query parameter of that name)
/// or `{ name: segment, header: X-Segment }` / `{ name: campaign, query: utm_campaign }`.
/// Values are sanitised like `src`: lowercase `[a-z0-9_-]`, at most 32 characters, else `unknown`.
package struct ExtraFeature: Codable, Sendable, Equatable {
    package enum Origin: Sendable, Equatable {
        case query(String)
        case header(String)
    }

    /// The feature name the bandit sees.
    package var name: String
    package var origin: Origin

    package init(name: String, origin: Origin) {
        self.name = name
        self.origin = origin
    }

    /// Shorthand: the query parameter `name` becomes the feature `name`.
    package static func query(_ name: String) -> ExtraFeature {
        ExtraFeature(name: name, origin: .query(name))
    }

    enum CodingKeys: String, CodingKey { case name, query, header }

    package init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(),
            let name = try? single.decode(String.self)
        {
            self = .query(name)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let query = try c.decodeIfPresent(String.self, forKey: .query)
        let header = try c.decodeIfPresent(String.self, forKey: .header)
        switch (query, header) {
        case (let q?, nil):
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? q
            origin = .query(q)
        case (nil, let h?):
            name = try c.decode(String.self, forKey: .name)
            origin = .header(h)
        default:
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "an extra feature takes exactly one of `query:` or `header:`")
            )
        }
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        switch origin {
        case .query(let q): try c.encode(q, forKey: .query)
        case .header(let h): try c.encode(h, forKey: .header)
        }
    }
}
