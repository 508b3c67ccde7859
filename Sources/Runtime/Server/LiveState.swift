/// What requests read: the current deployment and the model of each of its sites. Swapped whole
/// on reload, so a request sees one consistent pair.
package final class LiveState: Sendable {
    package let deployment: Deployment
    package let models: [String: SiteModel]

    init(deployment: Deployment, models: [String: SiteModel]) {
        self.deployment = deployment
        self.models = models
    }
}
