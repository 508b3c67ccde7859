import Crypto

extension SHA256Digest {
    /// Lower-case hex, as the manifest's `sha256` fields and fingerprinted names spell digests.
    package var hex: String { withUnsafeBytes { Hex.encode($0) } }
}
