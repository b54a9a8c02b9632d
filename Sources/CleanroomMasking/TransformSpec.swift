/// A column's transform as written in a rules file, before it is keyed and compiled: one of the
/// ``TransformRegistry`` transforms with its parameters.
///
/// Each transform's file adds a factory, so rules read as they are written: `.keep`,
/// `.fake(.email)`, `.shiftDate(days: 30, per: "customer_id")`.
public struct TransformSpec: Sendable, Equatable, CustomStringConvertible {
    /// The transform and its parameters.
    public let transform: any Transform

    public init(_ transform: any Transform) {
        self.transform = transform
    }

    /// The name a rules file writes, e.g. `shift_date`.
    public var name: String { type(of: transform).name }

    /// A short description for plans, evidence and reports, e.g. `fake:email` or `fpe:digits`.
    public var summary: String { transform.summary }

    public var description: String { summary }

    /// The transform, when it is of type `T`.
    public func `as`<T: Transform>(_ type: T.Type) -> T? {
        transform as? T
    }

    public static func == (lhs: TransformSpec, rhs: TransformSpec) -> Bool {
        lhs.transform.isEqual(to: rhs.transform)
    }
}
