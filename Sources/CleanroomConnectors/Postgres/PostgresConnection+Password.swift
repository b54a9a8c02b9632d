import CLibPQ

extension PostgresConnection {
    /// Sets `role`'s password without the password ever reaching the server or its logs.
    ///
    /// libpq computes the SCRAM-SHA-256 verifier on this side (as psql's `\password` does) and only the
    /// verifier travels in `ALTER ROLE … PASSWORD`; a statement log then shows the verifier, from which
    /// the password cannot be recovered.
    /// - Throws: `ConnectorError.queryFailed` or `.postgres` naming the role, never with the password in it.
    public func setPassword(_ password: String, forRole role: String) throws {
        let context = "setting the password of role \(role)"
        guard let encrypted = PQencryptPasswordConn(handle, password, role, "scram-sha-256") else {
            throw failure(
                context: context,
                message: lastErrorMessage.isEmpty ? "libpq could not compute the SCRAM verifier" : lastErrorMessage)
        }
        let verifier = String(cString: encrypted)
        PQfreemem(encrypted)
        let literal = "'" + verifier.replacingOccurrences(of: "'", with: "''") + "'"
        let result = execute("ALTER ROLE \(PostgresSQL.quoteIdentifier(role)) PASSWORD \(literal)")
        guard result.succeeded else {
            throw serverFailure(
                context: context, message: PostgresConnection.redacting(message(for: result), password: password),
                sqlState: result.sqlState)
        }
    }
}
