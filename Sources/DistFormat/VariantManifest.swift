import Foundation
import Templates

package struct VariantManifest: Codable, Sendable, Equatable {
    package var id: String
    package var params: [String: TemplateValue]
    /// A redirect variant has no pages: the runtime answers 302 to this URL.
    package var redirect: String?
    package var pages: [FileEntry]

    package init(
        id: String, params: [String: TemplateValue], redirect: String?, pages: [FileEntry]
    ) {
        self.id = id
        self.params = params
        self.redirect = redirect
        self.pages = pages
    }
}
