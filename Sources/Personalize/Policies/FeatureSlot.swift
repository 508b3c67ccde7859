/// One input of the contextual model: a single feature (`device`) or an interaction of several
/// (`device×daypart`), with the values seen so far numbered in order of first sight.
///
/// Values are learned from traffic rather than declared, because countries, hours and extras are
/// open-ended; a value never seen simply has no evidence yet and is shrunk to the variant's rate.
struct FeatureSlot: Sendable, Equatable {
    /// `device`, or `device×daypart` for an interaction.
    let name: String
    let features: [String]
    /// For an interaction, the indices of its features' own slots (when configured), so that its
    /// effect is measured on top of theirs rather than counted twice.
    var parents: [Int] = []
    private(set) var index: [String: Int] = [:]
    private(set) var values: [String] = []
    /// For an interaction whose features are all configured slots: its value id by its parents'
    /// value ids (packed, `comboKey`), so that reading a visitor needs no joined string. Derived
    /// from what was learned, filled as values are learned and never stored.
    private(set) var comboIndex: [Int: Int] = [:]

    /// Whether this slot's value ids can be found from its parents' ids (see `comboIndex`).
    var readsFromParents: Bool { features.count > 1 && parents.count == features.count }

    /// Parents' value ids packed 10 bits each (`capacity` is 512); nil when one is unknown. Keys
    /// with an overflow parent (which stands for many raw values) are never registered.
    static func comboKey(_ parents: [Int], ids: UnsafeBufferPointer<Int>) -> Int? {
        var key = 0
        var shift = 0
        for parent in parents {
            let id = ids[parent]
            guard id >= 0, shift < 60 else { return nil }
            key |= id << shift
            shift += 10
        }
        return key
    }

    func isOverflow(_ id: Int) -> Bool { id < values.count && values[id] == Self.overflow }

    @inline(__always)
    func comboID(_ key: Int) -> Int? { comboIndex[key] }

    mutating func register(combo key: Int, id: Int) { comboIndex[key] = id }

    static func == (a: FeatureSlot, b: FeatureSlot) -> Bool {
        a.name == b.name && a.features == b.features && a.parents == b.parents && a.values == b.values
    }

    init(features: [String]) {
        self.features = features
        self.name = features.joined(separator: "×")
    }

    /// The value this slot reads off a visitor's features; a missing feature reads as `unknown`, as the context
    /// reports absent ones.
    @inline(__always)
    func value(of context: [String: String]) -> String {
        if features.count == 1 { return context[features[0]] ?? Context.unknown }
        var joined = ""
        for (i, feature) in features.enumerated() {
            if i > 0 { joined.append("\u{1F}") }
            joined.append(context[feature] ?? Context.unknown)
        }
        return joined
    }

    @inline(__always)
    func id(of value: String) -> Int? { index[value] ?? (values.count >= Self.capacity ? index[Self.overflow] : nil) }

    /// Values a slot keeps apart. Request fields are hostile: without a cap, a client sending a
    /// fresh `src` per request would grow the model (and its stored state) without bound.
    static let capacity = 512
    /// Where values beyond the capacity pool their evidence.
    static let overflow = "\u{1F}other"

    mutating func intern(_ value: String) -> Int {
        if let id = index[value] { return id }
        let key = values.count < Self.capacity - 1 ? value : Self.overflow
        if let id = index[key] { return id }
        index[key] = values.count
        values.append(key)
        return values.count - 1
    }
}
