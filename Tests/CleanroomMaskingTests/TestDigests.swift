/// Reproducible pseudo-random 32-byte digests for property tests (SplitMix64), so a failure replays.
struct TestDigests: Sequence, IteratorProtocol {
    private var state: UInt64
    private var remaining: Int

    init(count: Int, seed: UInt64 = 0x5EED_C1EA_4200_0001) {
        state = seed
        remaining = count
    }

    mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> [UInt8]? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        var out: [UInt8] = []
        for _ in 0..<4 {
            let w = nextWord()
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: w >> UInt64(shift)))
            }
        }
        return out
    }
}

/// The UTF-8 bytes of a string literal, for readable fixtures.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Text from UTF-8 bytes, for readable expectations.
func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }
