using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Testing;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;

namespace Platform.Workflows.Tests;

/// <summary>
/// Issue 3, timers falling due together: their steps share commits (one transaction carries many), yet each step stays
/// all or nothing and a step that cannot commit fails alone. Rows written in one transaction share their <c>xmin</c>.
/// </summary>
public sealed class TimerCommitTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private PlatformFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new PlatformFactory(_database.ConnectionString, seedDemoData: false);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Timer_steps_falling_due_together_share_commits_and_a_conflicting_one_fails_alone()
    {
        var store = _factory.Services.GetRequiredService<InstanceStore>();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 80).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            await store.CommitAsync(Step(id, revision: 1, JournalKinds.Started, "Waiting", isNew: true, now), CancellationToken.None);
        }

        // 80 timer steps at once, and a second writer of the first instance's revision 2 (a duplicate activation)
        var steps = ids.Select(id => Step(id, revision: 2, JournalKinds.Timer, "FollowedUp", isNew: false, now))
            .Append(Step(ids[0], revision: 2, JournalKinds.Timer, "Stolen", isNew: false, now))
            .Select(async step =>
            {
                try
                {
                    await store.CommitAsync(step, CancellationToken.None);
                    return (step.Instance.State, Error: (Exception?)null);
                }
                catch (RevisionConflictException ex)
                {
                    return (step.Instance.State, Error: ex);
                }
            })
            .ToArray();
        var outcomes = await Task.WhenAll(steps);

        Assert.Equal(80, outcomes.Count(o => o.Error is null));
        Assert.Single(outcomes, o => o.Error is not null);
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(80L, await ScalarAsync(connection, "SELECT count(*) FROM workflows.journal WHERE kind = 'Timer'"));
        Assert.Equal(80L, await ScalarAsync(connection, "SELECT count(*) FROM workflows.instances WHERE state = 'FollowedUp' AND revision = 2"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM workflows.instances WHERE state = 'Stolen'"));
        // the 80 were carried by far fewer transactions than steps, and every step's journal and instance row share theirs
        var transactions = await ScalarAsync(connection, "SELECT count(DISTINCT xmin::text) FROM workflows.journal WHERE kind = 'Timer'");
        Assert.InRange(transactions, 1L, 40L);
        Assert.Equal(0L, await ScalarAsync(connection,
            "SELECT count(*) FROM workflows.journal j JOIN workflows.instances i ON i.id = j.instance_id AND i.revision = j.revision " +
            "WHERE j.kind = 'Timer' AND i.xmin::text <> j.xmin::text"));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StepWrite Step(Guid id, int revision, string kind, string state, bool isNew, DateTimeOffset now) => new(
        new InstanceRow
        {
            Id = id, Definition = "bench-timer", DefinitionVersion = 1, State = state, Status = "Active", Revision = revision, Data = "{}",
            CreatedBy = "test", CreatedAt = now, UpdatedAt = now, StateEnteredAt = now,
        },
        isNew,
        new JournalRow { InstanceId = id, Revision = revision, At = now, Kind = kind, ToState = state, Actor = "system", CommandId = Guid.NewGuid() },
        [], [], []);
}
