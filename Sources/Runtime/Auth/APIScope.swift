import DistFormat
import Foundation

/// What an API key may open. `admin` opens everything, so a key with it needs no other scope.
package enum APIScope: String, CaseIterable, Comparable, Sendable {
    /// `POST /ml/bandit/select` and `/ml/bandit/update`: a server asking for decisions.
    case decide
    /// The models, `/metrics`, the reports, forecasts and anomaly checks: dashboards and monitors.
    case read
    /// Every endpoint.
    case admin

    package static func < (a: APIScope, b: APIScope) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }

    /// `decide,read` (commas, repeated options or both). Names are matched without regard to case
    /// and spaces around them; an unknown one is refused with the closest known name, and nothing
    /// at all with `noScope`.
    package static func parse(_ lists: [String]) throws(APIKeyError) -> Set<APIScope> {
        var scopes = Set<APIScope>()
        for list in lists {
            for name in list.split(separator: ",") {
                let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
                if trimmed.isEmpty { continue }
                guard let scope = APIScope(rawValue: trimmed) else {
                    throw .unknownScope(
                        String(name), suggestion: closestMatch(to: trimmed, in: allCases.map(\.rawValue)))
                }
                scopes.insert(scope)
            }
        }
        guard !scopes.isEmpty else { throw .noScope }
        return scopes
    }

    /// The stored and printed form: `decide,read`.
    package static func joined(_ scopes: Set<APIScope>) -> String {
        scopes.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// The scopes in a stored list; names this version does not know (a newer sitegen's) open
    /// nothing.
    package static func stored(_ text: String) -> Set<APIScope> {
        Set(text.split(separator: ",").compactMap { APIScope(rawValue: String($0)) })
    }
}

extension Set where Element == APIScope {
    /// Whether a key with these scopes may call an endpoint that needs `required`.
    func permits(_ required: APIScope) -> Bool {
        contains(required) || contains(.admin)
    }
}
