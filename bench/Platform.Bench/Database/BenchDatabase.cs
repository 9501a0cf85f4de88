using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Platform.Bench.Data;
using Platform.BuildingBlocks.Persistence;
using Platform.Registries.Persistence;
using Platform.Registries.Seed;

namespace Platform.Bench.Database;

/// <summary>The bench database: created, migrated and seeded exactly as the host does it on start.</summary>
internal static class BenchDatabase
{
    /// <summary>The bench's own bookkeeping (saved index definitions, the insert baseline's scratch table).</summary>
    public const string BenchSchema = "bench";

    /// <summary>The Registries migrations the bench database has (for the report).</summary>
    public static IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    /// <summary>The options the app's AddDbContext builds: the module's Npgsql setup and connection options, snake_case names.</summary>
    public static DbContextOptions<RegistriesDbContext> ContextOptions(string connectionString, IInterceptor? interceptor = null)
    {
        var builder = new DbContextOptionsBuilder<RegistriesDbContext>().UseModuleNpgsql(TrigramThreshold.On(connectionString), RegistriesDbContext.Schema);
        if (interceptor is not null)
        {
            builder.AddInterceptors(interceptor);
        }

        return builder.Options;
    }

    public static async Task EnsureAsync(BenchOptions options, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(options.ServerConnectionString) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn) { Parameters = { new() { Value = BenchOptions.DatabaseName } } };
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                Log.Info($"creating database {BenchOptions.DatabaseName}");
                await using var create = new NpgsqlCommand($"CREATE DATABASE {BenchOptions.DatabaseName} ENCODING 'UTF8'", conn);
                await create.ExecuteNonQueryAsync(ct);
            }
        }

        // Colleagues iterate on migrations: a bench database that went through a migration this build does
        // not know (renamed, regenerated) no longer has the schema under test, so it is made again from scratch.
        await using (var db = new RegistriesDbContext(ContextOptions(options.ConnectionString)))
        {
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                Log.Info($"{BenchOptions.DatabaseName} has migrations this build does not know ({string.Join(", ", unknown)}): dropping and recreating it");
                NpgsqlConnection.ClearAllPools();
                await using var conn = new NpgsqlConnection(admin.ConnectionString);
                await conn.OpenAsync(ct);
                await ExecuteAsync(conn, $"DROP DATABASE {BenchOptions.DatabaseName} WITH (FORCE)", ct);
                await ExecuteAsync(conn, $"CREATE DATABASE {BenchOptions.DatabaseName} ENCODING 'UTF8'", ct);
            }
        }

        Log.Info("applying the Registries migrations and the demo data (as the host does on start)");
        await using (var db = new RegistriesDbContext(ContextOptions(options.ConnectionString)))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15)); // a migration may go over every row
            await db.Database.MigrateAsync(ct);
            await DemoData.SeedAsync(db, ct);
            AppliedMigrations = [.. await db.Database.GetAppliedMigrationsAsync(ct)];
        }

        await using var c = new NpgsqlConnection(options.ConnectionString);
        await c.OpenAsync(ct);
        await ExecuteAsync(c, $"""
            CREATE SCHEMA IF NOT EXISTS {BenchSchema};
            CREATE TABLE IF NOT EXISTS {BenchSchema}.saved_indexes (name text PRIMARY KEY, definition text NOT NULL, saved_at timestamptz NOT NULL DEFAULT now());
            """, ct);
        await RestoreSavedIndexesAsync(c, ct);
    }

    public static async Task<IReadOnlyList<MunicipalityInfo>> MunicipalitiesAsync(string connectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, name, population FROM registries.municipalities ORDER BY population DESC", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<MunicipalityInfo>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(MunicipalityInfo.From(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return list.Count > 0 ? list : throw new InvalidOperationException("registries.municipalities is empty: the demo data did not load.");
    }

    /// <summary>
    /// The secondary indexes of registries.beneficiaries (not the primary key) as the migration made them;
    /// saved in bench.saved_indexes before the bulk load drops them, so an interrupted load is repaired on the next run.
    /// </summary>
    public static async Task<IReadOnlyList<(string Name, string Definition)>> SaveAndDropSecondaryIndexesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var indexes = new List<(string, string)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'registries' AND t.relname = 'beneficiaries'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY i.relname
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, definition) in indexes)
        {
            await using var save = new NpgsqlCommand($"""
                INSERT INTO {BenchSchema}.saved_indexes (name, definition) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, saved_at = now()
                """, conn)
            { Parameters = { new() { Value = name }, new() { Value = definition } } };
            await save.ExecuteNonQueryAsync(ct);
            await ExecuteAsync(conn, $"DROP INDEX registries.\"{name}\"", ct);
        }

        return indexes;
    }

    /// <summary>Creates every saved index that is missing and forgets the saved ones; returns (name, seconds) per index built.</summary>
    public static async Task<IReadOnlyList<(string Name, TimeSpan Took)>> RestoreSavedIndexesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var saved = new List<(string Name, string Definition)>();
        await using (var cmd = new NpgsqlCommand($"SELECT name, definition FROM {BenchSchema}.saved_indexes WHERE to_regclass('registries.' || quote_ident(name)) IS NULL ORDER BY name", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                saved.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var built = new List<(string, TimeSpan)>();
        if (saved.Count > 0)
        {
            await ExecuteAsync(conn, "SET maintenance_work_mem = '1GB'", ct);
        }

        foreach (var (name, definition) in saved)
        {
            Log.Info($"building index {name}");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ExecuteAsync(conn, definition, ct, timeoutSeconds: 0);
            built.Add((name, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
        }

        await ExecuteAsync(conn, $"DELETE FROM {BenchSchema}.saved_indexes WHERE to_regclass('registries.' || quote_ident(name)) IS NOT NULL", ct);
        if (saved.Count > 0)
        {
            await ExecuteAsync(conn, "RESET maintenance_work_mem", ct);
        }

        return built;
    }

    public static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct, int timeoutSeconds = 300)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = timeoutSeconds };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 300 };
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
