import CleanroomCore
import Testing

@Suite("Word-at-a-time byte scans")
struct ByteScanTests {
    /// Each word test against the plain byte test it stands for.
    static let cases: [(name: String, candidates: @Sendable (UInt64) -> UInt64, matches: @Sendable (UInt8) -> Bool)] = [
        ("backslash", { ByteScan.lanes(equalTo: 0x5C, in: $0) }, { $0 == 0x5C }),
        ("tab or newline", { ByteScan.lanes(below: 0x0B, in: $0) }, { $0 == 0x09 || $0 == 0x0A }),
        (
            "COPY escapes", { ByteScan.lanes(equalTo: 0x5C, in: $0) | ByteScan.lanes(below: 0x0E, in: $0) },
            { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        ),
        ("digit", ByteScan.digitLanes, { $0 >= 0x30 && $0 <= 0x39 }),
        (
            "control or quote", { ByteScan.lanes(below: 0x20, in: $0) | ByteScan.lanes(equalTo: 0x22, in: $0) },
            { $0 < 0x20 || $0 == 0x22 }
        ),
        ("0x80", { ByteScan.lanes(equalTo: 0x80, in: $0) }, { $0 == 0x80 }),
    ]

    @Test("finds the same byte as a plain loop, from every start, in buffers of every length up to 40")
    func agreesWithPlainLoop() {
        var state: UInt64 = 0x5CA1_AB1E
        for trial in 0..<400 {
            let length = trial % 41
            // Mostly letters, with the bytes the scans look for (and their neighbours) sprinkled in.
            let bytes: [UInt8] = (0..<length).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let r = Int(state >> 33)
                let pool: [UInt8] = [
                    0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x1F, 0x20, 0x22, 0x2F, 0x30, 0x39, 0x3A, 0x5B, 0x5C,
                    0x5D, 0x7F, 0x80, 0xB0, 0xFF,
                ]
                return r % 4 == 0 ? pool[r / 4 % pool.count] : UInt8(ascii: "a") + UInt8(r % 26)
            }
            bytes.withUnsafeBufferPointer { buffer in
                for c in Self.cases {
                    for start in 0...length {
                        let expected = buffer[start...].firstIndex(where: c.matches) ?? length
                        #expect(
                            ByteScan.firstIndex(in: buffer, from: start, candidates: c.candidates, matches: c.matches)
                                == expected,
                            "\(c.name) from \(start) in \(bytes)")
                    }
                }
            }
        }
    }
}
