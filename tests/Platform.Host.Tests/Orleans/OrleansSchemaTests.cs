using System.Data;
using Npgsql;
using Platform.Host.Silo;
using Platform.Testing;

namespace Platform.Host.Tests.Silo;

/// <summary>
/// The schema script and its stored queries, run the way the providers run them (named parameters
/// typed by <see cref="DbType"/>), without a silo.
/// </summary>
public sealed class OrleansSchemaTests(TestDatabase db) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly string[] RequiredQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    public Task InitializeAsync() => OrleansSchema.EnsureAsync(db.ConnectionString);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_script_runs_again_and_concurrently_without_error()
    {
        await OrleansSchema.EnsureAsync(db.ConnectionString);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OrleansSchema.EnsureAsync(db.ConnectionString)));

        var keys = new List<string>();
        await using var conn = await OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }
        Assert.Equal(RequiredQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reminder_range_reads_use_the_grain_hash_index()
    {
        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'orleansreminderstable' " +
            "AND indexdef LIKE '%(serviceid, grainhash)%'"));

        await using var conn = await OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", conn))
        {
            await off.ExecuteNonQueryAsync();
        }
        foreach (var key in new[] { "ReadRangeRows1Key", "ReadRangeRows2Key" })
        {
            await using var cmd = new NpgsqlCommand("EXPLAIN " + await QueryTextAsync(conn, key), conn);
            Add(cmd, "ServiceId", DbType.String, "svc");
            Add(cmd, "BeginHash", DbType.Int32, -100);
            Add(cmd, "EndHash", DbType.Int32, 100);
            var plan = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
            Assert.Contains(plan, line => line.Contains("ix_orleansreminderstable_serviceid_grainhash", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Two_first_writes_of_the_same_grain_give_one_row_and_one_conflict()
    {
        var grain = new StorageKey(GrainIdHash: 42, N0: 0, N1: 7, TypeHash: 9, Type: "race", Extension: "first-" + Guid.NewGuid());
        var write = await QueryTextAsync(await OpenAsync(), "WriteToStorageKey");

        // A writes first and holds its transaction open; B's insert must wait for it, then lose.
        await using var a = await OpenAsync();
        await using var b = await OpenAsync();
        await using var txA = await a.BeginTransactionAsync();
        Assert.Equal(1, await StorageAsync(a, write, grain, version: null, payload: "{\"n\":1}", txA));

        var bTask = StorageAsync(b, write, grain, version: null, payload: "{\"n\":2}");
        await Task.Delay(300);
        Assert.False(bTask.IsCompleted, "the second first-write should wait for the first one's transaction");

        await txA.CommitAsync();
        Assert.Null(await bTask);
        Assert.Equal(1L, await CountAsync(grain));
        Assert.Equal("{\"n\":1}", await db.ScalarAsync<string>(
            $"SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE GrainIdExtensionString = '{grain.Extension}'"));
    }

    [Fact]
    public async Task A_burst_of_first_writes_with_a_null_key_extension_yields_one_winner()
    {
        // a long-keyed grain without extension: the identity contains a NULL, which must still collide
        var grain = new StorageKey(GrainIdHash: 7, N0: 0, N1: Random.Shared.NextInt64(), TypeHash: 3, Type: "burst", Extension: null);
        string write;
        await using (var conn = await OpenAsync())
        {
            write = await QueryTextAsync(conn, "WriteToStorageKey");
        }

        // open every connection first, then let all the writes go at once
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 8).Select(async i =>
        {
            await using var conn = await OpenAsync();
            await go.Task;
            return await StorageAsync(conn, write, grain, version: null, payload: $"{{\"n\":{i}}}");
        }).ToList();
        await Task.Delay(200);
        go.SetResult();
        var results = await Task.WhenAll(writers);

        Assert.Single(results, r => r is not null);
        Assert.Equal(1L, await CountAsync(grain));
    }

    [Fact]
    public async Task Storage_versions_follow_the_provider_contract()
    {
        await using var conn = await OpenAsync();
        var write = await QueryTextAsync(conn, "WriteToStorageKey");
        var clear = await QueryTextAsync(conn, "ClearStorageKey");
        var delete = await QueryTextAsync(conn, "DeleteStorageKey");
        var grain = new StorageKey(GrainIdHash: 1, N0: 11, N1: 12, TypeHash: 2, Type: "contract", Extension: "ext-" + Guid.NewGuid());
        var sameIdOtherType = grain with { Type = "contract-other" };

        Assert.Equal(1, await StorageAsync(conn, write, grain, null, "{\"v\":1}"));
        Assert.Equal(2, await StorageAsync(conn, write, grain, 1, "{\"v\":2}"));
        Assert.Null(await StorageAsync(conn, write, grain, 1, "{\"v\":3}"));   // stale
        Assert.Null(await StorageAsync(conn, write, grain, null, "{\"v\":3}")); // not a first write any more
        Assert.Equal(1, await StorageAsync(conn, write, sameIdOtherType, null, "{}")); // another identity

        var (payload, version) = await ReadAsync(conn, grain);
        Assert.Equal("{\"v\":2}", payload);
        Assert.Equal(2, version);

        Assert.Null(await StorageAsync(conn, clear, grain, 1, null));
        Assert.Equal(3, await StorageAsync(conn, clear, grain, 2, null));
        (payload, version) = await ReadAsync(conn, grain);
        Assert.Null(payload);
        Assert.Equal(3, version);

        Assert.Null(await StorageAsync(conn, delete, grain, 2, null));
        var deleted = await StorageAsync(conn, delete, grain, 3, null);
        Assert.NotNull(deleted);
        Assert.NotEqual(3, deleted);
        Assert.Equal(0L, await CountAsync(grain));
        Assert.Equal(1L, await CountAsync(sameIdOtherType));

        // the version wraps instead of overflowing
        await using (var max = new NpgsqlCommand(
            $"UPDATE OrleansStorage SET Version = 2147483647 WHERE GrainTypeString = 'contract-other' AND GrainIdExtensionString = '{grain.Extension}'", conn))
        {
            await max.ExecuteNonQueryAsync();
        }
        Assert.Equal(1, await StorageAsync(conn, write, sameIdOtherType, int.MaxValue, "{}"));
    }

    [Fact]
    public async Task Membership_writes_bump_the_table_version_only_when_they_succeed()
    {
        await using var conn = await OpenAsync();
        var deployment = "cluster-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(1, await ScalarQueryAsync(conn, "InsertMembershipVersionKey", c => Add(c, "DeploymentId", DbType.String, deployment)));
        Assert.Equal(0, await ScalarQueryAsync(conn, "InsertMembershipVersionKey", c => Add(c, "DeploymentId", DbType.String, deployment)));

        var now = DateTime.UtcNow;
        void Silo(NpgsqlCommand c, int version)
        {
            Add(c, "DeploymentId", DbType.String, deployment);
            Add(c, "Address", DbType.AnsiString, "10.0.0.1");
            Add(c, "Port", DbType.Int32, 11111);
            Add(c, "Generation", DbType.Int32, 1);
            Add(c, "SiloName", DbType.String, "s1");
            Add(c, "HostName", DbType.String, "h1");
            Add(c, "Status", DbType.Int32, 1);
            Add(c, "ProxyPort", DbType.Int32, 30000);
            Add(c, "StartTime", DbType.DateTime, now);
            Add(c, "IAmAliveTime", DbType.DateTime, now);
            Add(c, "Version", DbType.Int32, version);
        }

        Assert.Equal(0, await ScalarQueryAsync(conn, "InsertMembershipKey", c => Silo(c, 5))); // stale version
        Assert.Equal(0L, await VersionAsync());
        Assert.Equal(1, await ScalarQueryAsync(conn, "InsertMembershipKey", c => Silo(c, 0)));
        Assert.Equal(1L, await VersionAsync());
        Assert.Equal(0, await ScalarQueryAsync(conn, "InsertMembershipKey", c => Silo(c, 1))); // row exists
        Assert.Equal(1L, await VersionAsync());

        void Update(NpgsqlCommand c, int version, DateTime alive)
        {
            Add(c, "DeploymentId", DbType.String, deployment);
            Add(c, "Address", DbType.AnsiString, "10.0.0.1");
            Add(c, "Port", DbType.Int32, 11111);
            Add(c, "Generation", DbType.Int32, 1);
            Add(c, "Status", DbType.Int32, 3);
            Add(c, "SuspectTimes", DbType.String, null);
            Add(c, "IAmAliveTime", DbType.DateTime, alive);
            Add(c, "Version", DbType.Int32, version);
        }

        Assert.Equal(0, await ScalarQueryAsync(conn, "UpdateMembershipKey", c => Update(c, 0, now)));
        Assert.Equal(1L, await VersionAsync());
        Assert.Equal(1, await ScalarQueryAsync(conn, "UpdateMembershipKey", c => Update(c, 1, now.AddSeconds(-30))));
        Assert.Equal(2L, await VersionAsync());
        // the heartbeat did not go backwards
        Assert.Equal(now.Ticks / 10, (await db.ScalarAsync<DateTime>(
            $"SELECT IAmAliveTime FROM OrleansMembershipTable WHERE DeploymentId = '{deployment}'")).ToUniversalTime().Ticks / 10);

        await using (var gateways = new NpgsqlCommand(await QueryTextAsync(conn, "GatewaysQueryKey"), conn))
        {
            Add(gateways, "DeploymentId", DbType.String, deployment);
            Add(gateways, "Status", DbType.Int32, 3);
            await using var reader = await gateways.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("10.0.0.1", reader.GetString(reader.GetOrdinal("Address")));
            Assert.Equal(30000, reader.GetInt32(reader.GetOrdinal("ProxyPort")));
            Assert.Equal(1, reader.GetInt32(reader.GetOrdinal("Generation")));
        }

        await using (var delete = new NpgsqlCommand(await QueryTextAsync(conn, "DeleteMembershipTableEntriesKey"), conn))
        {
            Add(delete, "DeploymentId", DbType.String, deployment);
            await delete.ExecuteNonQueryAsync();
        }
        Assert.Equal(0L, await db.ScalarAsync<long>(
            $"SELECT count(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = '{deployment}'"));

        Task<long> VersionAsync() => db.ScalarAsync<long>(
            $"SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = '{deployment}'");
    }

    private sealed record StorageKey(int GrainIdHash, long N0, long N1, int TypeHash, string Type, string? Extension);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<string> QueryTextAsync(NpgsqlConnection conn, string key)
    {
        await using var cmd = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k", conn);
        cmd.Parameters.AddWithValue("k", key);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a stored query as the providers do: DbType-typed named parameters, NULL as DBNull.</summary>
    private static void Add(NpgsqlCommand cmd, string name, DbType type, object? value) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    private static async Task<int> ScalarQueryAsync(NpgsqlConnection conn, string key, Action<NpgsqlCommand> parameters)
    {
        await using var cmd = new NpgsqlCommand(await QueryTextAsync(conn, key), conn);
        parameters(cmd);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.FieldCount);
        return Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddKey(NpgsqlCommand cmd, StorageKey key)
    {
        Add(cmd, "GrainIdHash", DbType.Int32, key.GrainIdHash);
        Add(cmd, "GrainIdN0", DbType.Int64, key.N0);
        Add(cmd, "GrainIdN1", DbType.Int64, key.N1);
        Add(cmd, "GrainTypeHash", DbType.Int32, key.TypeHash);
        Add(cmd, "GrainTypeString", DbType.String, key.Type);
        Add(cmd, "GrainIdExtensionString", DbType.String, key.Extension);
        Add(cmd, "ServiceId", DbType.String, "svc");
    }

    /// <summary>Write/Clear/Delete: returns the new version, or null for a conflict (no row or a NULL).</summary>
    private static async Task<int?> StorageAsync(
        NpgsqlConnection conn, string query, StorageKey key, int? version, string? payload, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(query, conn, tx);
        AddKey(cmd, key);
        Add(cmd, "GrainStateVersion", DbType.Int32, version);
        if (payload is not null)
        {
            Add(cmd, "PayloadBinary", DbType.Binary, System.Text.Encoding.UTF8.GetBytes(payload));
        }
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || reader.IsDBNull(0))
        {
            return null;
        }
        return reader.GetInt32(0);
    }

    private static async Task<(string? Payload, int Version)> ReadAsync(NpgsqlConnection conn, StorageKey key)
    {
        await using var cmd = new NpgsqlCommand(await QueryTextAsync(conn, "ReadFromStorageKey"), conn);
        AddKey(cmd, key);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var payload = reader.IsDBNull(reader.GetOrdinal("PayloadBinary"))
            ? null
            : System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(reader.GetOrdinal("PayloadBinary")));
        var version = reader.GetInt32(reader.GetOrdinal("Version"));
        Assert.False(await reader.ReadAsync());
        return (payload, version);
    }

    private Task<long> CountAsync(StorageKey key) => db.ScalarAsync<long>(
        $"SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = '{key.Type}' AND GrainIdN1 = {key.N1} " +
        (key.Extension is null ? "AND GrainIdExtensionString IS NULL" : $"AND GrainIdExtensionString = '{key.Extension}'"));
}
