using Npgsql;

namespace Platform.Host.Composition;

/// <summary>
/// The Platform runs as a role that does not own its tables: migrations run as the owner
/// (<c>ConnectionStrings:PlatformOwner</c>), requests as the application role (<c>ConnectionStrings:Platform</c>),
/// which may read and write rows but may not change tables, and may only add to the audit: on every
/// <c>audit_log</c> table it has SELECT and INSERT, no UPDATE, DELETE or TRUNCATE (append-only, issue 4).
/// </summary>
internal static class DatabaseRoles
{
    /// <summary>
    /// Creates the application role if it is missing and the owner may create roles (a private server; in production
    /// the DBA makes it), then grants it what it needs on every schema the owner's migrations made. Run after migrations.
    /// </summary>
    public static async Task GrantApplicationRoleAsync(string ownerConnectionString, string appConnectionString, CancellationToken ct)
    {
        var app = new NpgsqlConnectionStringBuilder(appConnectionString);
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        if (string.IsNullOrEmpty(app.Username) || string.Equals(app.Username, owner.Username, StringComparison.Ordinal))
        {
            return; // one role for both: nothing to separate (a developer's own server)
        }

        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        var role = Quote(app.Username);
        await EnsureRoleAsync(conn, app.Username, app.Password, ct);

        var schemas = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT DISTINCT schemaname FROM pg_tables WHERE tableowner = current_user AND schemaname NOT IN ('pg_catalog','information_schema') ORDER BY 1", conn))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                schemas.Add(reader.GetString(0));
            }
        }

        var sql = new System.Text.StringBuilder();
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"GRANT CONNECT, TEMPORARY ON DATABASE {Quote(conn.Database)} TO {role};\n");
        foreach (var schema in schemas.Select(Quote))
        {
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                GRANT USAGE ON SCHEMA {schema} TO {role};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role};
                GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role};
                GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role};

                """);
        }

        // The audit is append-only for the application: whatever it did, it cannot erase or rewrite the trace.
        await using (var audits = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE tablename = 'audit_log' AND tableowner = current_user", conn))
        await using (var reader = await audits.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"REVOKE UPDATE, DELETE, TRUNCATE ON {reader.GetString(0)} FROM {role};\n");
            }
        }

        await using var grant = new NpgsqlCommand(sql.ToString(), conn);
        try
        {
            await grant.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.TransactionRollback || ex.SqlState == "XX000")
        {
            // "tuple concurrently updated": another host granted the same at the same moment; once is enough.
        }
    }

    private static async Task EnsureRoleAsync(NpgsqlConnection conn, string name, string? password, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", conn) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        var withPassword = password is null ? "" : $" PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'";
        await using var create = new NpgsqlCommand($"CREATE ROLE {Quote(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE{withPassword}", conn);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
        {
            // made by a host (or a test database) starting at the same moment
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
