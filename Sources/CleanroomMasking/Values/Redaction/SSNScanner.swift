/// Finds US social security numbers written `123-45-6789` in free text, only in the ranges the SSA
/// assigns: area 001–899 except 666, group 01–99, serial 0001–9999.
enum SSNScanner {
    static func scan(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        DigitGroups.matches(in: text, separators: [UInt8(ascii: "-")], parentheses: false) { run in
            guard run.lengths == [3, 2, 4] else { return nil }
            let area = run.value(of: 0, in: text)
            guard area != 0, area != 666, area < 900, run.value(of: 1, in: text) != 0, run.value(of: 2, in: text) != 0
            else {
                return nil
            }
            return run.span
        }
    }
}
