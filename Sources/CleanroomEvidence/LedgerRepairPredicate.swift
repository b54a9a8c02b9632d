import Foundation

/// A damaged tail moved out of the ledger by `cleanroom evidence repair` (`ledger-repair`): where it
/// went, from which byte offset, and its size and digest, so the record and the moved file can be
/// matched. Its target is the ledger; its subject is the moved file.
public struct LedgerRepairPredicate: RunPredicate {
    public static let kinds: Set<RunKind> = [.ledgerRepair]

    public var header: RunHeader
    /// What was moved aside.
    public var repair: MovedTail

    /// A repair that moved `tail` aside (`header.kind` is `ledger-repair`).
    public init(header: RunHeader, repair: MovedTail) {
        precondition(header.kind == .ledgerRepair, "a LedgerRepairPredicate records a ledger repair")
        self.header = header
        self.repair = repair
    }

    public init(from decoder: any Decoder) throws {
        let (container, header) = try Self.container(decoding: decoder)
        self.header = header
        repair = try container.decode(MovedTail.self, forKey: .repair)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = try container(encoding: encoder, emptyColumns: true)
        try container.encode(repair, forKey: .repair)
    }

    /// The bytes after the ledger's last complete line, and where they are now.
    public struct MovedTail: Codable, Sendable, Hashable {
        /// The file that holds them now, `<ledger>.damaged-<UTC timestamp>`.
        public var movedTo: String
        /// Their byte offset in the ledger: the ledger's size after the repair, before its record.
        public var offset: Int
        /// How many bytes were moved.
        public var bytes: Int
        /// Lower-case hex SHA-256 of the moved bytes.
        public var sha256: String

        public init(movedTo: String, offset: Int, bytes: Int, sha256: String) {
            self.movedTo = movedTo
            self.offset = offset
            self.bytes = bytes
            self.sha256 = sha256
        }
    }
}

extension Statement where Predicate == LedgerRepairPredicate {
    /// A repair statement: its subject is the moved file, `file:<path>`, by the digest of its bytes.
    public init(repair predicate: LedgerRepairPredicate) {
        self.init(
            subject: [Subject(name: "file:\(predicate.repair.movedTo)", sha256: predicate.repair.sha256)],
            predicate: predicate)
    }
}
