/// How simulated visitors are spread over context features: each feature drawn independently from
/// its categorical weights, then (optionally) a correlated segment overriding some features at
/// once, e.g. 20% of visitors are `{device: mobile, daypart: evening}` commuters.
package struct ContextDistribution: Sendable, Equatable {
    package struct Feature: Sendable, Equatable {
        package var name: String
        package var values: [String]
        /// Cumulative probabilities, last one 1.
        var cumulative: [Double]

        package init(name: String, weights: [(String, Double)]) {
            self.name = name
            values = weights.map(\.0)
            let total = weights.reduce(0) { $0 + $1.1 }
            var running = 0.0
            cumulative = weights.map {
                running += $0.1 / total
                return running
            }
        }
    }

    package struct Segment: Sendable, Equatable {
        package var probability: Double
        package var features: [String: String]

        package init(probability: Double, features: [String: String]) {
            self.probability = probability
            self.features = features
        }
    }

    package var features: [Feature]
    package var segments: [Segment]

    package init(features: [Feature], segments: [Segment] = []) {
        self.features = features
        self.segments = segments
    }

    /// One visitor. Draws a fixed number of uniforms whatever the outcome, so that visitor t is the
    /// same across scenarios that differ only in rates.
    func draw(using rng: inout SeededGenerator) -> [String: String] {
        var result: [String: String] = [:]
        for feature in features {
            let u = rng.nextUnit()
            let index = feature.cumulative.firstIndex { u < $0 } ?? (feature.values.count - 1)
            result[feature.name] = feature.values[index]
        }
        let u = rng.nextUnit()
        var running = 0.0
        for segment in segments {
            running += segment.probability
            if u < running {
                result.merge(segment.features) { _, new in new }
                break
            }
        }
        // Scenarios may speak in hours; the policies' default feature is the coarser daypart.
        if result["daypart"] == nil, let hour = result["hour"].flatMap({ Int($0) }) {
            result["daypart"] = Context.daypart(hour: hour)
        }
        return result
    }
}
