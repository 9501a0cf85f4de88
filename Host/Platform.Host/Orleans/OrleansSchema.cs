using System.Reflection;
using Npgsql;

namespace Platform.Host.Silo;

/// <summary>
/// Creates or updates the tables, functions and stored queries that the Orleans ADO.NET providers
/// (clustering, grain storage, reminders) need in PostgreSQL. The script
/// (<c>Orleans/orleans-postgresql.sql</c>, embedded) is idempotent, so this runs on every start.
/// </summary>
internal static class OrleansSchema
{
    /// <summary>Key of the transaction-scoped advisory lock that serialises concurrent runs ("ORLNSQL1").</summary>
    internal const long AdvisoryLockKey = 0x4F524C4E_53514C31;

    private const string ScriptFileName = "orleans-postgresql.sql";

    private static readonly Lazy<string> Script = new(LoadScript);

    /// <summary>The embedded SQL script.</summary>
    internal static string Sql => Script.Value;

    /// <summary>
    /// Runs the schema script in one transaction, under <c>pg_advisory_xact_lock</c> so that two hosts
    /// starting together run it one after the other.
    /// </summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            command.CommandTimeout = 120;
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static string LoadScript()
    {
        var assembly = typeof(OrleansSchema).Assembly;
        var name = assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.EndsWith(ScriptFileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded resource '{ScriptFileName}' not found in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
