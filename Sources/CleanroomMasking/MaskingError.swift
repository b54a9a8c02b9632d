import CleanroomCore

/// Failures of keys, rules and transforms. Messages name the file, line, table and column where they
/// apply, and never contain key material or the values being masked.
public enum MaskingError: CleanroomError, Equatable {
    // Keys
    /// No masking key configured.
    case keyMissing
    /// The key decodes to fewer than 32 bytes.
    case keyTooShort(bytes: Int, source: String)
    /// The key text is not hex, nor prefixed `hex:` or `base64:` with valid text after it.
    case keyUnreadable(source: String)
    /// The key repeats a short block or has few distinct bytes: typed, not drawn at random.
    case keyLowEntropy(source: String)
    /// The key file can be read by group or others.
    case keyFilePermissions(path: String, mode: String)
    /// A key file that `keys init` would overwrite.
    case keyFileExists(path: String)
    /// A key file could not be read or written.
    case keyFileIO(path: String, message: String)

    // Rules
    /// The rules file is not valid YAML or not of the expected shape.
    case rulesSyntax(SourceLocation, String)
    /// A transform name that does not exist.
    case unknownTransform(SourceLocation, name: String)
    /// A transform's parameter is missing, of the wrong type, or out of range.
    case invalidParameter(SourceLocation, transform: String, message: String)
    /// A JSON path that cannot be parsed.
    case malformedJSONPath(SourceLocation?, path: String, reason: String)
    /// A rule names a table the source does not have.
    case unknownTable(SourceLocation, table: String)
    /// A rule names a column the table does not have.
    case unknownColumn(SourceLocation, table: String, column: String)
    /// Columns that no rule names: the run is refused (fail closed).
    case uncoveredColumns(file: String, columns: [String])
    /// Tables that no rule names: the run is refused (fail closed).
    case uncoveredTables(file: String, tables: [String])
    /// A transform that cannot produce a value of the column's type.
    case incompatibleType(SourceLocation, table: String, column: String, transform: String, type: String)
    /// A transform whose values cannot fit the column's declared length.
    case outputTooLong(SourceLocation, table: String, column: String, transform: String, maximumLength: Int)
    /// A foreign-key column masked differently from the column it references.
    case foreignKeyMismatch(SourceLocation, table: String, column: String, references: String)
    /// A copied table references a table whose rows are not copied (`rows: none`).
    case referencedRowsMissing(SourceLocation, table: String, references: String)
    /// `null` on a column that does not accept NULL.
    case nullIntoNotNull(SourceLocation, table: String, column: String)
    /// `unique: true` on a transform whose outputs cannot be kept distinct.
    case uniqueUnsupported(SourceLocation, table: String, column: String, transform: String)

    // Subsets (`subset:`, `references:`)
    /// `subset:` or `references:` names a table or column (`what`) the source does not have.
    case subsetUnknownName(SourceLocation, section: String, what: String)
    /// A root whose table's rows are not copied (`rows: none`).
    case subsetRootNotCopied(SourceLocation, table: String)
    /// `trim_parents:` lists a cut table (a root, or downstream of `root`), which keeps only the rows
    /// whose keys point at kept rows already.
    case trimmedTableCut(SourceLocation, table: String, root: String)
    /// `trim_parents:` lists a table no copied table references: it would keep no row.
    case trimmedTableUnreferenced(SourceLocation, table: String)
    /// `table` (cut or trimmed, so `trimmed` keeps what it references) references `references`, which
    /// follows `trimmed` and keeps only the rows pointing at its kept rows: the two depend on each other.
    case trimmedParentFollows(SourceLocation, table: String, references: String, trimmed: String, key: String)
    /// `break:` names a column that is in no foreign key (of the source or `references:`).
    case breakNotForeignKey(SourceLocation, column: String)
    /// `break:` names a NOT NULL column, which cannot be written NULL.
    case breakNotNullable(SourceLocation, column: String)

    // Values
    /// A value the transform cannot process (e.g. an FF1 value below the minimum domain).
    case valueRejected(table: String, column: String, reason: String)
    /// `unique: true` could not find a distinct output.
    case uniqueExhausted(table: String, column: String)
    /// A value a `json` rule applies to is not valid JSON; `offset` is the byte where parsing failed.
    case invalidJSON(offset: Int, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .uncoveredColumns, .uncoveredTables: return .guardRefused
        case .valueRejected, .uniqueExhausted, .keyFileIO, .invalidJSON: return .runFailed
        default: return .usage
        }
    }

    public var description: String {
        switch self {
        case .keyMissing:
            return
                "no masking key: set CLEANROOM_MASKING_KEY (hex, or base64: prefixed, ≥ 32 bytes) or pass --key-file (create one with `cleanroom keys init`)"
        case .keyTooShort(let bytes, let source):
            return "masking key from \(source) has \(bytes) bytes; at least 32 random bytes are required"
        case .keyUnreadable(let source):
            return "masking key from \(source) is not readable: write hex digits, or prefix the text with `hex:` or "
                + "`base64:` (unprefixed text that is not hex is not guessed at)"
        case .keyLowEntropy(let source):
            return "masking key from \(source) repeats a short pattern or has few distinct bytes, so it was not drawn "
                + "at random; create one with `cleanroom keys init` (32 random bytes)"
        case .keyFilePermissions(let path, let mode):
            return "key file \(path) has mode \(mode), readable by group or others; run `chmod 600 \(path)`"
        case .keyFileExists(let path):
            return
                "\(path) already exists; refusing to overwrite a key (move it away first if you really mean to replace it)"
        case .keyFileIO(let path, let message):
            return "\(path): \(message)"
        case .rulesSyntax(let loc, let message):
            return "\(loc): \(message)"
        case .unknownTransform(let loc, let name):
            return "\(loc): unknown transform '\(name)'; known: \(TransformRegistry.names.joined(separator: ", "))"
        case .invalidParameter(let loc, let transform, let message):
            return "\(loc): \(transform): \(message)"
        case .malformedJSONPath(let loc, let path, let reason):
            let prefix = loc.map { "\($0): " } ?? ""
            return "\(prefix)malformed JSON path '\(path)': \(reason)"
        case .unknownTable(let loc, let table):
            return "\(loc): table \(table) does not exist in the source"
        case .unknownColumn(let loc, let table, let column):
            return "\(loc): column \(table).\(column) does not exist in the source"
        case .uncoveredColumns(let file, let columns):
            return
                "\(file): no rule for \(columns.count == 1 ? "column" : "columns") \(columns.joined(separator: ", ")); every column needs a rule (use `keep` to copy one as it is)"
        case .uncoveredTables(let file, let tables):
            return
                "\(file): no rule for \(tables.count == 1 ? "table" : "tables") \(tables.joined(separator: ", ")); name each table (use `{ rows: none }` to copy only its structure)"
        case .incompatibleType(let loc, let table, let column, let transform, let type):
            return "\(loc): \(table).\(column) is of type \(type); transform '\(transform)' cannot produce it"
        case .outputTooLong(let loc, let table, let column, let transform, let maximumLength):
            return
                "\(loc): \(table).\(column) holds at most \(maximumLength) characters; transform '\(transform)' writes longer values "
                + "(choose a shorter format or length, or widen the column)"
        case .foreignKeyMismatch(let loc, let table, let column, let references):
            return
                "\(loc): \(table).\(column) references \(references) but is masked differently; joins would break (give it the same rule, or leave it out of `domain:` overrides)"
        case .referencedRowsMissing(let loc, let table, let references):
            return
                "\(loc): \(table) has a foreign key to \(references), whose rows are not copied (rows: none); copy both or neither"
        case .nullIntoNotNull(let loc, let table, let column):
            return "\(loc): \(table).\(column) is NOT NULL; `null` cannot be written there (use constant, fake or hash)"
        case .uniqueUnsupported(let loc, let table, let column, let transform):
            return "\(loc): \(table).\(column): unique: true is not possible with '\(transform)'"
        case .subsetUnknownName(let loc, let section, let what):
            return "\(loc): \(section) names \(what), which the source does not have"
        case .subsetRootNotCopied(let loc, let table):
            return "\(loc): the root \(table) is `rows: none`; cut a table whose rows are copied, or copy its rows"
        case .trimmedTableCut(let loc, let table, let root):
            return
                "\(loc): \(table) is in `trim_parents:` but is cut by the root \(root) (it is \(table == root ? "that root" : "downstream of it")), "
                + "so it keeps only rows whose keys point at kept rows already; remove it from `trim_parents:`"
        case .trimmedTableUnreferenced(let loc, let table):
            return
                "\(loc): \(table) is in `trim_parents:` but no copied table references it (through a followed key), so it would keep no row; "
                + "remove it, or declare the key it is referenced by in `references:`"
        case .trimmedParentFollows(let loc, let table, let references, let trimmed, let key):
            return
                "\(loc): \(table) references \(references), which follows the trimmed \(trimmed) (it keeps only rows pointing at its kept rows), "
                + "while \(trimmed) keeps what \(table) references: remove \(trimmed) from `trim_parents:`, or `break:` \(key)"
        case .breakNotForeignKey(let loc, let column):
            return
                "\(loc): `break:` names \(column), which is in no foreign key; name a column of a key (declare implicit keys in `references:`)"
        case .breakNotNullable(let loc, let column):
            return
                "\(loc): `break:` names \(column), which is NOT NULL and cannot be written NULL where its row is left out; break a nullable key of the cycle instead"
        case .valueRejected(let table, let column, let reason):
            return "\(table).\(column): \(reason)"
        case .uniqueExhausted(let table, let column):
            return
                "\(table).\(column): no distinct output left for unique: true (the column has more distinct values than the transform can produce)"
        case .invalidJSON(let offset, let reason):
            return
                "invalid JSON at byte \(offset): \(reason); a json rule needs every non-NULL value of the column to be a JSON document"
        }
    }
}
