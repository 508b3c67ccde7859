import Foundation
import Personalize

/// What the assignment service settled for one visitor or caller.
struct Assignment {
    /// Index into the site's variants.
    var variant: Int
    var decisionID: String
    /// The policy's decision; nil when a pinned placement chose the variant.
    var decision: Decision?
}

/// Where a variant is decided. Pages (both fast paths and the Hummingbird router reach them
/// through `siteAnswer`) and `POST /ml/bandit/select` all come here: a returning visitor keeps the
/// variant their cookie names, a pinned QR placement fixes it, otherwise the site's policy
/// decides; every new assignment is recorded as a decision row, and learned from unless the
/// visitor is a bot or the placement chose.
extension SitegenRuntime {
    /// The variant a QR placement pinned to it asks for: `?src=qr&p=<placement>&v=<id>`, where
    /// the site declares that placement pinned to that variant.
    static func pinnedVariant(site: LoadedSite, query: QueryString) -> Int? {
        guard !query.raw.isEmpty, let placement = query.value("p"), let variant = site.pinnedPlacements[placement],
            query.value("v") == variant
        else { return nil }
        return site.variantIndex[variant]
    }

    /// The variant and decision a valid assignment cookie names, unless a pinned placement asks
    /// for another variant (the placement wins: the visitor scanned a code printed for it).
    func returningAssignment(
        site: LoadedSite, headers: some RequestHeaders, pinned: Int?, at now: Date
    ) -> (variant: Int, decisionID: String)? {
        guard let raw = CookieHeader.value(named: site.cookieName, in: headers),
            let cookie = signer.verify(raw, site: site.id, now: Int(now.timeIntervalSince1970)),
            let index = site.variantIndex[cookie.variant], pinned == nil || pinned == index
        else { return nil }
        return (index, cookie.decisionID)
    }

    /// Decides (or takes the pinned variant), records the decision and counts it. `context`, when
    /// the features were read from a request, lets the model reuse its reading of them. Nil when
    /// the model names a variant the deployment does not have (a redeploy in flight).
    func assign(
        site: LoadedSite, model: SiteModel, features: EncodedFeatures, context: Context?, learn: Bool,
        pinned: Int?, origin: VisitOrigin, at now: Date
    ) -> Assignment? {
        let decisionID = DecisionID.make(at: now)
        let assignment: Assignment
        if let pinned {
            // The placement chose, not the policy: recorded for visit tracking and conversions,
            // never learned from (its propensity says nothing about the policy's choice).
            model.record(
                DecisionRecord.pinned(
                    id: decisionID, site: site.id, variant: site.variantIDs[pinned], features: features, at: now,
                    origin: origin))
            metrics.pinnedDecisions.increment()
            assignment = Assignment(variant: pinned, decisionID: decisionID, decision: nil)
        } else {
            let decision = model.decide(features.values, context: context, learn: learn) { decision, probabilities in
                DecisionRecord.make(
                    id: decisionID, site: site.id, decision: decision, probabilities: probabilities,
                    features: features, learn: learn, at: now, origin: origin)
            }
            guard let index = site.variantIndex[decision.variant] else { return nil }
            if !learn { metrics.botDecisions.increment() }
            assignment = Assignment(variant: index, decisionID: decisionID, decision: decision)
        }
        metrics.decisions.increment()
        return assignment
    }

    /// The `Set-Cookie` value that keeps a visitor on their assignment.
    func assignmentCookie(site: LoadedSite, _ assignment: Assignment, headers: some RequestHeaders, at now: Date)
        -> String
    {
        let cookie = signer.encode(
            AssignmentCookie(
                variant: site.variantIDs[assignment.variant], decisionID: assignment.decisionID,
                issuedAt: Int(now.timeIntervalSince1970)),
            site: site.id)
        return CookieHeader.setCookie(
            name: site.cookieName, value: cookie, path: site.pathPrefix,
            secure: site.httpsOrigin && Self.cameOverTLS(headers))
    }

    /// We listen on plain HTTP only; TLS, if any, ends at a proxy that says so.
    static func cameOverTLS(_ headers: some RequestHeaders) -> Bool {
        headers.lastListElement(of: .forwardedProto)?.caseInsensitiveEquals("https") ?? false
    }
}
