using Npgsql;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// A database of its own on the test PostgreSQL server (started by <c>./platform test</c>), created
/// before the tests of a class and dropped after them, so test classes can run in parallel.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    /// <summary>The server the README's test command brings up; overridable for a developer's own server.</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("PLATFORM_TEST_PG") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=55433;Username=postgres" + LocalPassword();

    /// <summary>
    /// For `dotnet test` run by hand after `./platform test` started the server: its password file
    /// (.data/pg-test.password) in the repository above the test binaries.
    /// </summary>
    private static string LocalPassword()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".data", "pg-test.password");
            if (File.Exists(file))
            {
                return ";Password=" + File.ReadAllText(file).Trim();
            }
        }

        return "";
    }

    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>The application's database role (not the owner of the tables; issue 4), made by the host at start.</summary>
    public const string AppRole = "platform_app";

    /// <summary>
    /// The application role's password: the same in every test process on this server (they make the role in turn),
    /// derived from the server's own password so that it is not a constant in the repository.
    /// </summary>
    public static string AppPassword { get; } = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes("platform_app:" + new NpgsqlConnectionStringBuilder(ServerConnectionString).Password)))[..32];

    /// <summary>This database as the application role sees it.</summary>
    public string AppConnectionString => AppConnectionFor(ConnectionString);

    public static string AppConnectionFor(string ownerConnectionString) => new NpgsqlConnectionStringBuilder(ownerConnectionString)
    {
        Username = AppRole,
        Password = AppPassword,
    }.ConnectionString;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString)
    {
        Database = Name,
        // Tests open many short-lived pools (silos, hosts); keep each small.
        MaxPoolSize = 30,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        await using var conn = new NpgsqlConnection(ServerConnectionString + ";Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(ServerConnectionString + ";Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var result = await cmd.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
