import CleanroomCore

/// Failures of the cryptographic layer. Messages never include key material.
public enum CryptoError: CleanroomError, Equatable {
    /// OpenSSL reported a failure in the named operation.
    case openSSL(operation: String)
    /// FF1 input whose domain radix^length is below the SP 800-38G minimum of one million.
    case ff1DomainTooSmall(radix: Int, length: Int)
    /// FF1 input longer than this implementation's maximum.
    case ff1InputTooLong(length: Int, maximum: Int)
    /// FF1 radix outside 2…65536 or a numeral not below the radix.
    case ff1InvalidRadix(Int)
    /// A key of the wrong length for the named algorithm.
    case invalidKeyLength(algorithm: String, expected: String, actual: Int)
    /// Sealed bytes (`AESGCM`) whose tag does not verify: changed, cut, or sealed under another key.
    case authenticationFailed

    public var exitStatus: ExitStatus { .runFailed }

    public var description: String {
        switch self {
        case .openSSL(let op):
            return "OpenSSL failed in \(op)"
        case .ff1DomainTooSmall(let radix, let length):
            return
                "FF1 input of \(length) characters over a \(radix)-character alphabet is below the minimum domain of 1,000,000 values that NIST SP 800-38G requires (radix^length ≥ 10^6); use a longer value, a larger alphabet, or another transform such as hash"
        case .ff1InputTooLong(let length, let maximum):
            return "FF1 input of \(length) characters is longer than the supported maximum of \(maximum)"
        case .ff1InvalidRadix(let radix):
            return "FF1 radix \(radix) is outside 2…65536"
        case .invalidKeyLength(let algorithm, let expected, let actual):
            return "\(algorithm) key has \(actual) bytes; \(expected) required"
        case .authenticationFailed:
            return "sealed data does not verify: it was changed or cut, or sealed under another key"
        }
    }
}
