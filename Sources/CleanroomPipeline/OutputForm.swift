import CleanroomConnectors
import CleanroomMasking

/// Whether the COPY text the pipeline writes for a column is exactly what the target prints for it
/// when read back, so that a table's digest can be taken from the stream instead of a second read.
///
/// It holds between a source and a target that print values the same way (`PrintForms`; so far
/// PostgreSQL to PostgreSQL, whose sessions pin every setting that changes how values print): a kept
/// value was printed by the same type's output function, and a transformed value is checked against
/// the printed form of its type. Anything not known to print back unchanged makes the table fall back
/// to the read-back.
typealias OutputForm = PrintForm

extension OutputForm {
    /// The form of a planned column's output.
    /// - Parameter forms: how the target prints the types of columns a transform leaves to it.
    static func of(_ planned: PlannedColumn, printing forms: PrintForms) -> OutputForm {
        let type = planned.column.typeName
        switch planned.rule.transform.transform.printBack {
        case .source: return type == "money" ? .unknown : .verbatim
        case .null: return .verbatim
        case .sourceDocument where type == "jsonb":
            // The rewriter replaces values with JSON strings or null, escaped as jsonb prints them,
            // inside a document printed by jsonb: key order and spacing stay jsonb's own.
            return .verbatim
        case .sourceDocument, .synthesised: break
        }
        return forms.form(of: planned.column)
    }
}
