import Foundation
import Personalize

extension ContextExtractor {
    /// The context of a request as the runtime's header types hold it. Built only for new
    /// visitors (returning ones skip the context entirely).
    package func context(headers: some RequestHeaders, query: QueryString, date: Date) -> Context {
        context(for: RequestDescription(headers: headers, readBy: self, query: query, date: date))
    }
}

extension RequestDescription {
    /// The request as `Personalize` sees it: only the fields `extractor` reads, and values beyond
    /// 1 KiB cut (the extractor needs only prefixes).
    fileprivate init(headers: some RequestHeaders, readBy extractor: ContextExtractor, query: QueryString, date: Date) {
        var fields = headers.fieldList(readBy: extractor)
        for i in fields.indices where fields[i].value.utf8.count > 1024 {
            fields[i].value = String(fields[i].value.prefix(1024))
        }
        self.init(headers: fields, query: query.raw.isEmpty ? [:] : query.pairs, date: date)
    }
}
