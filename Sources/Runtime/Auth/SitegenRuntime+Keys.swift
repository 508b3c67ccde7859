import Foundation
import Hummingbird

extension SitegenRuntime {
    /// Active API keys now; nil in development, which needs none.
    package var apiKeyCount: Int? { apiGate?.keys.count }

    /// Reads the API keys again (`KeyRingService` calls it every `keyReloadInterval`; tests call
    /// it to see a change at once). A failed read keeps the keys loaded before and is logged.
    /// Returns whether the set changed.
    @discardableResult
    package func reloadKeys() -> Bool {
        guard let keys = apiGate?.keys else { return false }
        do throws(StoreError) {
            let changed = try keys.reload()
            if changed { logger.info("api keys reloaded: \(keys.count) active") }
            return changed
        } catch .closed {
            return false  // shutting down
        } catch {
            logger.error("reading the api keys failed, the \(keys.count) loaded before still apply: \(error)")
            return false
        }
    }

    /// Reads the API keys again from wherever this node keeps them: the shared store with
    /// `--store`, else the node's database. `KeyRingService` calls it every `keyReloadInterval`.
    @discardableResult
    package func refreshKeys() async -> Bool {
        options.sharedStore == nil ? reloadKeys() : await reloadSharedKeys()
    }

    /// Reads the shared store's API keys and swaps them in. A failed read keeps the keys loaded
    /// before, so holders of known keys are not locked out while PostgreSQL is away; it is
    /// logged at debug only, since `/healthz` and the shipper already report the outage and this
    /// runs every 2 s. Returns whether the set changed.
    @discardableResult
    package func reloadSharedKeys() async -> Bool {
        guard let shared = options.sharedStore, let keys = apiGate?.keys else { return false }
        do {
            let changed = keys.replace(with: try await shared.activeAPIKeys())
            if changed { logger.info("api keys reloaded from the shared store: \(keys.count) active") }
            return changed
        } catch {
            logger.debug("reading the shared api keys failed, the \(keys.count) loaded before still apply: \(error)")
            return false
        }
    }

    /// Nil when the request may reach an endpoint that needs `scope`, else the refusal. Everything
    /// is open in development.
    func refusal(_ request: Request, context: RuntimeRequestContext, needs scope: APIScope) -> Response? {
        apiGate?.check(
            request, needs: scope,
            client: { [options] in
                Self.clientKey(peer: context.clientKey, headers: request.headers, proxies: options.trustedProxies)
            },
            metrics: metrics)
    }

    /// Whether the request carries a valid key with `scope`, asked without counting a failure:
    /// for public endpoints that show more to a caller who may read it (`/healthz`).
    func presentsKey(_ request: Request, with scope: APIScope) -> Bool {
        apiGate?.admits(request, needing: scope) ?? true
    }

    /// What `sitegen serve` says about keys at start: how many, and how to make one.
    package var apiKeysStartLine: String? {
        guard let count = apiKeyCount, let database = options.mode.database else { return nil }
        let storeFlag =
            options.sharedStore.map { "--store \(ShellWord.quoted($0.location))" }
            ?? "--db \(ShellWord.quoted(database.path))"
        let make = "sitegen keys create \(storeFlag) --scope read"
        if count == 0 {
            return "api keys: 0 (every /ml endpoint, /metrics and the reports answer 401); create one with: \(make)"
        }
        return "api keys: \(count) active (sitegen keys list \(storeFlag)); "
            + "/ml, /metrics and the reports need one"
    }
}
