import Foundation
import Templates

public struct VariantManifest: Codable, Sendable, Equatable {
    public var id: String
    public var params: [String: TemplateValue]
    /// A redirect variant has no pages: the runtime answers 302 to this URL.
    public var redirect: String?
    public var pages: [FileEntry]

    public init(
        id: String, params: [String: TemplateValue], redirect: String?, pages: [FileEntry]
    ) {
        self.id = id
        self.params = params
        self.redirect = redirect
        self.pages = pages
    }
}
