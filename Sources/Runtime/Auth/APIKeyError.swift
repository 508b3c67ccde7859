/// Why `sitegen keys` could not do what it was asked.
package enum APIKeyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A scope name that is not `decide`, `read` or `admin`.
    case unknownScope(String, suggestion: String?)
    /// `--scope` was given nothing.
    case noScope
    /// A `--name` that would make `keys list` unreadable.
    case invalidName(String)
    /// `revoke` was given an id no key has in the store `keys list` names with `storeFlag`
    /// (`--db PATH` or `--store postgres://…`, the password hidden).
    case unknownKey(id: String, storeFlag: String)
    /// The database could not be read or written.
    case store(StoreError)

    package var description: String {
        switch self {
        case .unknownScope(let name, let suggestion):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            let known = APIScope.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown scope '\(name)'\(hint); the scopes are \(known)"
        case .noScope:
            return "give at least one scope: --scope decide, read or admin (several with commas: --scope decide,read)"
        case .invalidName(let reason):
            return "--name: \(reason)"
        case .unknownKey(let id, let storeFlag):
            return "no key with id '\(id)' there; `sitegen keys list \(storeFlag)` shows the ids"
        case .store(let error):
            return error.description
        }
    }
}
