import Testing

@testable import CleanroomConnectors

/// The printed-form check that decides whether a table's written rows can be digested as written or
/// must be read back (StreamDigestTests runs it against live tables).
@Suite("Print shapes: which values print back as written")
struct PrintShapeTests {
    @Test(
        "only values in the printed form of their type pass",
        arguments: [
            (PrintShape.date, "2024-02-29", true), (.date, "0044-03-15 BC", true), (.date, "infinity", true),
            (.date, "2024-2-29", false), (.date, "12024-02-29", true), (.date, "2024-02-29 ", false),
            (.timestamp, "2024-02-29 23:59:59", true), (.timestamp, "2024-02-29 23:59:59.5", true),
            (.timestamp, "2024-02-29 23:59:59.50", false), (.timestamp, "2024-02-29 23:59:59.1234567", false),
            (.timestamp, "2024-02-29T23:59:59", false), (.timestamptz, "2024-02-29 23:59:59+00", true),
            (.timestamptz, "2024-02-29 23:59:59+02", false), (.timestamptz, "0001-01-01 00:00:00+00 BC", true),
            (.integer, "0", true), (.integer, "-12", true), (.integer, "007", false), (.integer, "-0", false),
            (.integer, "+1", false),
            (.numeric(scale: 2), "1.50", true), (.numeric(scale: 2), "1.5", false), (.numeric(scale: 0), "15", true),
            (.numeric(scale: nil), "0.001", true), (.numeric(scale: nil), "-0.00", false),
            (.numeric(scale: nil), "01.5", false),
            (.numeric(scale: nil), "NaN", true), (.numeric(scale: nil), "1e3", false), (.noTrailingSpace, "ab ", false),
            (.noTrailingSpace, "a b", true), (.integer, "\\N", true),
        ])
    func shapes(shape: PrintShape, text: String, expected: Bool) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { shape.matches($0) } == expected)
    }
}
