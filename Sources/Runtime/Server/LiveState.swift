/// What requests read: the current deployment and the model of each of its sites. Swapped whole
/// on reload, so a request sees one consistent pair.
public final class LiveState: Sendable {
    public let deployment: Deployment
    public let models: [String: SiteModel]

    init(deployment: Deployment, models: [String: SiteModel]) {
        self.deployment = deployment
        self.models = models
    }
}
