import Foundation
import Personalize

extension RequestDescription {
    /// The request as `Personalize` sees it. Built only for new visitors (returning ones skip the
    /// context entirely). Header values beyond 1 KiB are cut: the extractor needs only prefixes.
    init(headers: some RequestHeaders, readBy extractor: ContextExtractor, query: QueryString, date: Date) {
        var fields = headers.fieldList(readBy: extractor)
        for i in fields.indices where fields[i].value.utf8.count > 1024 {
            fields[i].value = String(fields[i].value.prefix(1024))
        }
        self.init(headers: fields, query: query.raw.isEmpty ? [:] : query.pairs, date: date)
    }
}
