import CleanroomCore

/// A statement, COPY or session that PostgreSQL (or libpq, talking to it) failed, as a value: what was
/// being done, the SQLSTATE, and the server's message.
///
/// The server's message can quote row values (`invalid input syntax for type integer: "…"`, a
/// duplicate key's value), so `description`, which the command line prints and evidence keeps,
/// names only what was being done and the SQLSTATE; `serverMessage` holds the rest for a caller that
/// chooses to show it. Neither ever holds the connection's password.
public struct PostgresError: CleanroomError, Equatable {
    /// What was being done, naming the table or entry (e.g. "COPY public.customer FROM STDIN").
    public var context: String
    /// The five-character SQLSTATE (`42P01` undefined table, `57P01` session terminated, …); nil when
    /// libpq failed without an answer from the server (the connection broke).
    public var sqlState: String?
    /// The server's or libpq's message: primary text, detail, hint. It can quote row values.
    public var serverMessage: String

    public init(context: String, sqlState: String?, serverMessage: String) {
        self.context = context
        self.sqlState = sqlState
        self.serverMessage = serverMessage
    }

    public var exitStatus: ExitStatus { .runFailed }

    public var description: String {
        guard let sqlState else { return "\(context) failed: the connection to the server broke (no SQLSTATE)" }
        return
            "\(context) failed: PostgreSQL error \(sqlState) (the server's message, which may quote row values, is withheld)"
    }
}
