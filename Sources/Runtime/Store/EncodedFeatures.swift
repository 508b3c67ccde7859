/// A visitor's features together with their stored form, the `decisions.features` column.
///
/// Visitors in the same context share one value (see `ContextFeatureCache`), so the page path
/// builds the dictionary once per context rather than per request, and the writer thread binds
/// the stored form instead of encoding every impression again.
package struct EncodedFeatures: Sendable, Equatable {
    package let values: [String: String]
    package let json: String

    package init(_ values: [String: String]) {
        self.values = values
        self.json = FeatureJSON.encode(values)
    }

    /// A row read back: the column text is already the stored form.
    init(values: [String: String], json: String) {
        self.values = values
        self.json = json
    }

    /// The stored form as another store kept it (the shared store); nil when it is not one
    /// `FeatureJSON` wrote.
    package init?(storedJSON json: String) {
        guard let values = try? FeatureJSON.decode(json) else { return nil }
        self.init(values: values, json: json)
    }

    /// The stored form follows from the values, so only they decide equality.
    package static func == (lhs: EncodedFeatures, rhs: EncodedFeatures) -> Bool {
        lhs.values == rhs.values
    }
}
