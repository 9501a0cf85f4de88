using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Platform.Host.Tests.Silo;

/// <summary>
/// The real Orleans ADO.NET providers (clustering, storage, reminders) against the project's schema, in a
/// two-silo cluster.
/// </summary>
public sealed class PostgresClusterTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private const int Active = 3;
    private const int Dead = 6;

    private IGrainFactory Client => fixture.Cluster.Client;

    private IServiceProvider SiloServices => ((InProcessSiloHandle)fixture.Cluster.Silos[0]).ServiceProvider;

    [Fact]
    public async Task Both_silos_are_active_in_the_membership_table_and_the_client_reaches_a_grain()
    {
        Assert.Equal(2, fixture.Cluster.Silos.Count);
        var active = await WaitForAsync(
            () => fixture.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{fixture.ClusterId}' AND Status = {Active}"),
            n => n == 2);
        Assert.Equal(2, active);

        var ports = await fixture.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT Port) FROM OrleansMembershipTable WHERE DeploymentId = '{fixture.ClusterId}' AND ProxyPort > 0");
        Assert.Equal(2, ports);

        // the client found its gateways through GatewaysQueryKey
        Assert.Equal(1, await Client.GetGrain<ICounterGrain>("hello-" + Guid.NewGuid()).Increment("hi"));

        var table = SiloServices.GetRequiredService<IMembershipTable>();
        var data = await table.ReadAllAsync();
        Assert.Equal(2, data.Members.Count(m => m.Item1.Status == SiloStatus.Active));
        Assert.True(data.Version.Version > 0);
    }

    [Fact]
    public async Task Grain_state_is_written_read_back_after_deactivation_and_cleared()
    {
        var key = "counter-" + Guid.NewGuid().ToString("N");
        var grain = Client.GetGrain<ICounterGrain>(key);

        Assert.Equal(1, await grain.Increment("πρώτο"));
        Assert.Equal(2, await grain.Increment("δεύτερο"));
        await grain.Deactivate();

        Assert.Equal(2, await grain.Get());
        Assert.Equal("δεύτερο", await grain.GetLabel());
        Assert.True(await grain.RecordExists());

        var (payload, version) = await ReadRowAsync(key);
        Assert.NotNull(payload);
        Assert.Equal(2, version);

        // System.Text.Json, no .NET type names
        var json = Encoding.UTF8.GetString(payload);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(json))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("Count").GetInt32());
            Assert.Equal("δεύτερο", doc.RootElement.GetProperty("Label").GetString());
        }
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{key}' " +
            $"AND convert_from(PayloadBinary, 'UTF8')::jsonb ? 'Count'"));

        await grain.Clear();
        (payload, version) = await ReadRowAsync(key);
        Assert.Null(payload);
        Assert.Equal(3, version);

        await grain.Deactivate();
        Assert.Equal(0, await grain.Get());
        Assert.False(await grain.RecordExists());

        // the row (and its version) survived the clear: the next write continues from it
        Assert.Equal(1, await grain.Increment(null));
        (payload, version) = await ReadRowAsync(key);
        Assert.NotNull(payload);
        Assert.Equal(4, version);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{key}'"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_raises_InconsistentStateException_in_the_provider()
    {
        var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = GrainId.Create("counter", "stale-" + Guid.NewGuid().ToString("N"));
        const string grainType = "Platform.Tests.Counter";

        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.ReadStateAsync(grainType, grainId, first);
        Assert.Null(first.ETag);
        Assert.False(first.RecordExists);
        await storage.WriteStateAsync(grainType, grainId, first);
        Assert.Equal("1", first.ETag);

        // a second "first write" (no ETag) of the same grain: the row exists, so it is a conflict
        var concurrentFirst = new GrainState<CounterState>(new CounterState { Count = 99 });
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(grainType, grainId, concurrentFirst));

        var stale = new GrainState<CounterState>(new CounterState { Count = 5 }) { ETag = first.ETag };
        first.State!.Count = 2;
        await storage.WriteStateAsync(grainType, grainId, first);
        Assert.Equal("2", first.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(grainType, grainId, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(grainType, grainId, stale));

        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(grainType, grainId, read);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_grain_whose_row_changed_behind_its_back_gets_InconsistentStateException()
    {
        var key = "behind-" + Guid.NewGuid().ToString("N");
        var grain = Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await grain.Increment(null));

        // another writer (a duplicate activation elsewhere) moved the version on
        await fixture.Database.ScalarAsync<int>(
            $"UPDATE OrleansStorage SET Version = Version + 1 WHERE GrainIdExtensionString = '{key}' RETURNING Version");

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment(null));
    }

    [Fact]
    public async Task Reminders_are_stored_read_back_by_range_and_fire_on_the_fake_clock()
    {
        var grainKey = Guid.NewGuid();
        var grain = Client.GetGrain<IReminderProbeGrain>(grainKey);
        await grain.Register("tick");

        var grainId = ((GrainReference)grain).GrainId;
        var hash = unchecked((int)grainId.GetUniformHashCode());
        var table = SiloServices.GetRequiredService<IReminderTable>();

        var row = await table.ReadRow(grainId, "tick");
        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Equal(grainId, row.GrainId);
        Assert.False(string.IsNullOrEmpty(row.ETag));
        Assert.Single((await table.ReadRows(grainId)).Reminders);

        Assert.Equal(hash, await fixture.Database.ScalarAsync<int>(
            $"SELECT GrainHash FROM OrleansRemindersTable WHERE GrainId = '{grainId}' AND ReminderName = 'tick'"));

        bool InRange(ReminderTableData d) => d.Reminders.Any(r => r.GrainId == grainId && r.ReminderName == "tick");
        if (hash != int.MinValue && hash != int.MaxValue)
        {
            // ReadRangeRows1Key: (begin, end] with signed begin < end
            Assert.True(InRange(await table.ReadRows(unchecked((uint)(hash - 1)), unchecked((uint)hash))));
            Assert.False(InRange(await table.ReadRows(unchecked((uint)hash), unchecked((uint)(hash + 1)))));
            // ReadRangeRows2Key: the wrapping range (begin, max] + [min, end]
            Assert.True(InRange(await table.ReadRows(unchecked((uint)int.MaxValue), unchecked((uint)hash))));
            Assert.True(InRange(await table.ReadRows(unchecked((uint)(hash - 1)), unchecked((uint)int.MinValue))));
            Assert.False(InRange(await table.ReadRows(unchecked((uint)hash), unchecked((uint)(hash - 1)))));
        }
        // the whole ring
        Assert.True(InRange(await table.ReadRows(0u, 0u)));

        // the reminder fires when the reminder service's clock moves on
        var ticks = 0;
        for (var i = 0; i < 20 && ticks < 2; i++)
        {
            var before = ticks;
            fixture.ReminderClock.Advance(TimeSpan.FromMinutes(1));
            ticks = await WaitForAsync(() => grain.Ticks(), t => t > before, timeout: TimeSpan.FromMilliseconds(500));
        }
        Assert.True(ticks >= 2, $"expected the reminder to tick twice, it ticked {ticks} times");

        await grain.Unregister("tick");
        Assert.Null(await table.ReadRow(grainId, "tick"));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM OrleansRemindersTable WHERE GrainId = '{grainId}'"));
    }

    [Fact]
    public async Task Cleanup_removes_only_old_dead_silo_rows()
    {
        var old = DateTime.UtcNow.AddHours(-2);
        await using (var conn = new NpgsqlConnection(fixture.Database.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO OrleansMembershipTable
                    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                VALUES (@d, '10.9.9.9', 11111, 1, 'ghost', 'ghost-host', @s, 0, @t, @t)
                """, conn);
            cmd.Parameters.AddWithValue("d", fixture.ClusterId);
            cmd.Parameters.AddWithValue("s", Dead);
            cmd.Parameters.AddWithValue("t", old);
            await cmd.ExecuteNonQueryAsync();
        }

        var table = SiloServices.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{fixture.ClusterId}' AND SiloName = 'ghost'"));
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{fixture.ClusterId}' AND Status = {Active}"));
    }

    private async Task<(byte[]? Payload, int Version)> ReadRowAsync(string key)
    {
        await using var conn = new NpgsqlConnection(fixture.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT PayloadBinary, Version FROM OrleansStorage WHERE GrainIdExtensionString = @k", conn);
        cmd.Parameters.AddWithValue("k", key);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no storage row for {key}");
        var payload = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
        var version = reader.GetInt32(1);
        Assert.False(await reader.ReadAsync(), $"more than one storage row for {key}");
        return (payload, version);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(25);
        }
    }
}
