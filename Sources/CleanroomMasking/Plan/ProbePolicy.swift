import CleanroomCore

/// Which columns feed the leak probe and which outputs it checks (the pipeline's probe, and `check`'s
/// run of it on a sample).
///
/// The probe looks for source values *carried through* into the output: a kept column repeating a
/// masked one (chinook's invoice billing address is the customer's address), or text that a
/// text-preserving transform (redact, json, partial, template) let through. Outputs that a transform
/// synthesises (fake, hash, fpe, constant, null, filler) or perturbs (shift_date, noise) are not
/// looked up: a realistic fake, or an FF1 phone number, can equal *another* person's real value by
/// chance, which reveals nothing about the row it stands in. Only text-like columns take part: dates, numbers and
/// identifiers recur between rows by nature.
public enum ProbePolicy {
    public static let textKinds: Set<ValueKind> = [.text, .other, .json]

    /// Source values of this column are recorded when its transform changes them; see ``ProbeRole``.
    public static func recordsSource(_ column: PlannedColumn) -> Bool {
        guard textKinds.contains(column.column.kind) else { return false }
        switch column.rule.transform.transform.probeRole {
        case .carriesText, .synthesises: return true
        case .keeps, .perturbs: return false
        }
    }

    /// Output values of this column are looked up in the probe.
    public static func checksOutput(_ column: PlannedColumn) -> Bool {
        guard textKinds.contains(column.column.kind) else { return false }
        switch column.rule.transform.transform.probeRole {
        case .keeps, .carriesText: return true
        case .synthesises, .perturbs: return false
        }
    }

    /// Kept text columns are scanned for PII patterns (e-mails, phones, cards, IBANs, SSNs).
    public static func scansPatterns(_ column: PlannedColumn) -> Bool {
        column.rule.transform.transform.probeRole == .keeps && column.column.kind == .text
    }

    /// Shorter values (codes, initials, empty strings) are not probed: they recur by chance.
    public static let minimumLength = 4
    /// Numbers with fewer digits (identifiers, years, short postcodes) are not probed either: in
    /// text-typed stores such as CSV they recur between unrelated columns by nature.
    public static let minimumDigitsOfNumbers = 7

    /// Whether a value is long and distinctive enough to be probed.
    public static func isProbed(_ value: UnsafeRawBufferPointer) -> Bool {
        guard value.count >= minimumLength else { return false }
        return value.count >= minimumDigitsOfNumbers || !value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
