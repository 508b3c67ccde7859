import Foundation
import Hummingbird
import Personalize

extension RequestDescription {
    /// The request as `Personalize` sees it. Built only for new visitors (returning ones skip the
    /// context entirely). Header values beyond 1 KiB are cut: the extractor needs only prefixes.
    init(_ request: Request, query: QueryString, date: Date) {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(request.headers.count)
        for field in request.headers {
            let value = field.value.utf8.count > 1024 ? String(field.value.prefix(1024)) : field.value
            fields.append((name: field.name.canonicalName, value: value))
        }
        self.init(headers: fields, query: query.raw.isEmpty ? [:] : query.pairs, date: date)
    }
}
