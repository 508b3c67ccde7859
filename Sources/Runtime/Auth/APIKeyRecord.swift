import Foundation

/// A key as the database keeps it: everything but the key itself, whose SHA-256 stands in for it.
package struct APIKeyRecord: Sendable, Equatable {
    package var id: String
    /// What the key is for, as its creator wrote it (`--name`); nil when not given.
    package var name: String?
    package var scopes: Set<APIScope>
    package var hash: [UInt8]
    package var createdAt: Date
    /// When `sitegen keys revoke` withdrew it; a revoked key opens nothing.
    package var revokedAt: Date?

    package var isActive: Bool { revokedAt == nil }

    package init(
        id: String, name: String?, scopes: Set<APIScope>, hash: [UInt8], createdAt: Date, revokedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
