import HTTPTypes

/// The key a request presents: `Authorization: Bearer <key>`, else `X-Api-Key: <key>`. Only the
/// first field of each counts.
enum APICredential {
    static func presented(in headers: HTTPFields) -> Substring? {
        if let authorization = headers[.authorization] {
            let trimmed = authorization[...].trimmingSpaces
            // The scheme is case-insensitive (RFC 9110 §11.1); any other scheme (Basic…) is
            // not ours, and an X-Api-Key beside it may still be.
            let scheme = trimmed.prefix { $0 != " " && $0 != "\t" }
            if scheme.lowercased() == "bearer" {
                return trimmed.dropFirst(scheme.count).trimmingSpaces
            }
        }
        for field in headers where field.name.canonicalName == "x-api-key" {
            return field.value[...].trimmingSpaces
        }
        return nil
    }
}
