import Crypto
import DistFormat

/// Signs and verifies click tokens (`ClickToken`) with a key of their own, derived from the store's
/// secret: tokens survive restarts exactly as cookies do, and a token can never pass as a cookie.
package struct ClickSigner: Sendable {
    private let keyed: HMAC<SHA256>

    package init(secret: [UInt8]) {
        let derived = HMAC<SHA256>.authenticationCode(
            for: Array("sitegen click token v1".utf8), using: SymmetricKey(data: secret))
        keyed = HMAC<SHA256>(key: SymmetricKey(data: Array(derived)))
    }

    package func encode(_ token: ClickToken) -> String {
        let issued = String(token.issuedAt)
        return "\(token.site).\(token.decisionID).\(issued).\(Hex.encode(mac(token.site, token.decisionID, issued)))"
    }

    /// Nil for anything we did not sign, or signed longer ago than `ClickToken.lifetime`. Every
    /// field is hostile: lengths and alphabets are checked before the MAC.
    package func verify(_ value: Substring, now: Int) -> ClickToken? {
        guard value.utf8.count <= 128 else { return nil }
        let parts = value.split(separator: ".", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let site = parts[0], id = parts[1], issued = parts[2], macHex = parts[3]
        guard VariantIdentifier.isValid(site), DecisionID.isValid(id),
            issued.utf8.count <= 12, let issuedAt = Int(issued), issuedAt > 0,
            macHex.utf8.count == ClickToken.macBytes * 2, macHex.utf8.allSatisfy(\.isLowerHexDigit)
        else { return nil }
        guard issuedAt <= now + AssignmentCookie.futureTolerance, now - issuedAt <= ClickToken.lifetime else {
            return nil
        }
        let expected = mac(String(site), String(id), String(issuedAt))
        guard constantTimeEquals(Array(macHex.utf8), Array(Hex.encode(expected).utf8)) else { return nil }
        return ClickToken(site: String(site), decisionID: String(id), issuedAt: issuedAt)
    }

    private func mac(_ site: String, _ decisionID: String, _ issued: String) -> [UInt8] {
        var authenticator = keyed
        authenticator.update(data: Array("\(site)|\(decisionID)|\(issued)".utf8))
        return Array(authenticator.finalize().prefix(ClickToken.macBytes))
    }
}
