/// The kind of device a request comes from, as far as the User-Agent (and client hints) tell.
///
/// Smart TVs, set-top boxes and game consoles count as `desktop`: what matters for picking a
/// variant is a large screen without a touch-first phone layout, not the box under the TV.
package enum Device: String, Sendable, Codable, CaseIterable {
    case mobile, tablet, desktop, bot
}
