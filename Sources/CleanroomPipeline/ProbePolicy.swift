import CleanroomCore
import CleanroomMasking

/// Which columns feed the leak probe and which outputs it checks.
///
/// Only text-like columns take part: dates, numbers and identifiers recur between rows by nature, so
/// a shifted date equal to another row's source date is no leak. Outputs drawn from name-like
/// dictionaries (first names, cities …) are not checked, because a realistic fake can equal some
/// other person's real first name by chance; what the probe exists to catch is a value carried over
/// unmasked, such as a kept column repeating a masked one.
enum ProbePolicy {
    static let textKinds: Set<ValueKind> = [.text, .other, .json]

    /// Source values of this column are recorded when its transform changes them. Perturbations
    /// (shift_date, noise) are not: another row's shifted date equal to this row's source date is
    /// no leak.
    static func recordsSource(_ column: PlannedColumn) -> Bool {
        guard textKinds.contains(column.column.kind) else { return false }
        switch column.rule.transform {
        case .keep, .shiftDate, .noise: return false
        default: return true
        }
    }

    /// Output values of this column are looked up in the probe.
    static func checksOutput(_ column: PlannedColumn) -> Bool {
        guard textKinds.contains(column.column.kind) else { return false }
        if case .fake(let kind) = column.rule.transform {
            return ![.firstName, .lastName, .fullName, .username, .street, .city, .company, .postcode].contains(kind)
        }
        return true
    }

    /// Kept text columns are scanned for PII patterns (e-mails, phones, cards, IBANs, SSNs).
    static func scansPatterns(_ column: PlannedColumn) -> Bool {
        column.rule.transform == .keep && column.column.kind == .text
    }
}
