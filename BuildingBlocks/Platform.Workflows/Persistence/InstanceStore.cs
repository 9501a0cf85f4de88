using Npgsql;
using NpgsqlTypes;
using Platform.BuildingBlocks.Concurrency;

namespace Platform.Workflows.Persistence;

/// <summary>What one instance grain holds in memory: its row, the command ids it has already applied, its pending timers.</summary>
internal sealed class LoadedInstance
{
    public required InstanceRow Row { get; init; }

    public required Dictionary<Guid, AppliedCommand> Commands { get; init; }

    public required List<TimerRow> Timers { get; init; }
}

internal sealed record AppliedCommand(string Hash, int Revision);

/// <summary>Everything one step writes. <see cref="InstanceStore.CommitAsync"/> writes it in one implicit transaction.</summary>
internal sealed record StepWrite(
    InstanceRow Instance,
    bool IsNew,
    JournalRow Journal,
    IReadOnlyCollection<Guid> TimersRemoved,
    IReadOnlyCollection<TimerRow> TimersAdded,
    IReadOnlyCollection<OutboxRow> Outbox);

/// <summary>Two writers reached the same revision of one instance (a duplicate activation): the later one loses and reloads.</summary>
internal sealed class RevisionConflictException(Guid instanceId, int revision)
    : Exception($"Instance {instanceId} already has revision {revision}");

/// <summary>The runtime's own connection pool (raw Npgsql, beside EF), so no other module's data source is taken by mistake.</summary>
internal sealed class WorkflowsDatabase(NpgsqlDataSource source) : IAsyncDisposable
{
    public NpgsqlDataSource Source { get; } = source;

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}

/// <summary>
/// The grain's reads and writes. A step is one <see cref="NpgsqlBatch"/> without an explicit transaction:
/// PostgreSQL runs the statements up to the batch's Sync as one implicit transaction, so the journal row,
/// the instance row (state and read model), the timer changes and the outbox rows commit together in one
/// round trip, or not at all. The journal's primary key (instance, revision) is the optimistic lock.
/// </summary>
internal sealed class InstanceStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly LoadCoalescer _loads;
    private readonly Coalescer<StepWrite, bool> _timerCommits;

    private readonly Queries.SharedReads _shared;

    public InstanceStore(WorkflowsDatabase database, Queries.SharedReads shared)
    {
        _shared = shared;
        dataSource = database.Source;
        _loads = new LoadCoalescer(LoadManyAsync);
        _timerCommits = new Coalescer<StepWrite, bool>(MaxTimerGroup, CommitGroupAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _timerCommits.DisposeAsync();
        await _loads.DisposeAsync();
    }

    /// <summary>The most timer steps one shared commit carries (each is 3–6 statements).</summary>
    private const int MaxTimerGroup = 64;

    private const string InstanceColumns =
        "id, definition, definition_version, state, status, revision, centre_id, subject_id, policy_key, data, task_role, task_due_at, " +
        "attention, attention_at, state_entered_at, created_at, created_by, updated_at, completed_at, incident_trigger, incident_input, " +
        "incident_actor, incident_error, incident_at, incident_command_id";

    private const string TimerColumns = "id, instance_id, name, trigger, state, definition, due_at, centre_id, created_at, note";

    /// <summary>
    /// One instance as a grain activates. Concurrent activations share round trips: while one read is on the wire
    /// the others queue and go together in the next (see <see cref="LoadCoalescer"/>), so a burst of activations —
    /// thousands of follow-ups falling due at once, or the first requests after a restart — costs one query per
    /// group instead of one per instance, and a lone activation waits for nobody.
    /// </summary>
    public Task<LoadedInstance?> LoadAsync(Guid id, CancellationToken ct) => _loads.LoadAsync(id, ct);

    /// <summary>The instances with these ids (absent ones are missing from the result), in three statements sent as one batch.</summary>
    internal async Task<Dictionary<Guid, LoadedInstance>> LoadManyAsync(Guid[] ids, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT {InstanceColumns} FROM workflows.instances WHERE id = ANY($1)", ids));
        batch.BatchCommands.Add(Command("SELECT instance_id, command_id, command_hash, revision FROM workflows.journal WHERE instance_id = ANY($1) AND command_id IS NOT NULL", ids));
        batch.BatchCommands.Add(Command($"SELECT {TimerColumns} FROM workflows.timers WHERE instance_id = ANY($1)", ids));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var loaded = new Dictionary<Guid, LoadedInstance>(ids.Length);
        while (await reader.ReadAsync(ct))
        {
            var row = ReadInstance(reader);
            loaded[row.Id] = new LoadedInstance { Row = row, Commands = [], Timers = [] };
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (loaded.TryGetValue(reader.GetGuid(0), out var instance))
            {
                instance.Commands[reader.GetGuid(1)] = new AppliedCommand(reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt32(3));
            }
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var timer = ReadTimer(reader);
            if (loaded.TryGetValue(timer.InstanceId, out var instance))
            {
                instance.Timers.Add(timer);
            }
        }
        return loaded;
    }

    /// <summary>
    /// Commits one step: its journal row, instance row, timer changes and outbox rows in one implicit transaction.
    /// Steps that timers fire share commits when many fall due together (a morning's follow-ups): what queues while one
    /// group is on the wire goes out as one batch, still all or nothing per step and acknowledged only once committed;
    /// a lone timer step waits for nobody. People's steps keep a commit each (their latency, and one failed step never
    /// holds another person's back). If any step of a group fails, the group rolls back and its halves go again, down to
    /// the step alone, so a revision conflict reaches only the grain it belongs to.
    /// </summary>
    public Task CommitAsync(StepWrite step, CancellationToken ct) =>
        step.Journal.Kind == Instances.JournalKinds.Timer ? _timerCommits.SendAsync(step, ct) : CommitOneAsync(step, ct);

    private async Task<bool> CommitOneAsync(StepWrite step, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        AddStep(batch, step);
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.TableName is "journal" or "instances")
        {
            throw new RevisionConflictException(step.Journal.InstanceId, step.Journal.Revision);
        }
        // what the inbox and the dashboard showed is out of date now (on this silo at once; elsewhere within their lifetime)
        _shared.Changed(step.Instance.CentreId);
        return true;
    }

    private async Task CommitGroupAsync(IReadOnlyList<Coalescer<StepWrite, bool>.Request> group, CancellationToken ct)
    {
        if (group.Count == 1)
        {
            var request = group[0];
            try
            {
                request.Done.TrySetResult(await CommitOneAsync(request.Item, ct));
            }
            catch (Exception ex)
            {
                request.Done.TrySetException(ex);
            }
            return;
        }

        if (await TryCommitTogetherAsync(group, ct))
        {
            return;
        }

        // One step refused took the group with it (nothing committed). The halves go again, each as a group: the refused
        // step is found in about two round trips per halving, while the others still share their commits (a group of 64
        // with one conflict costs about a dozen commits, not 64).
        var half = group.Count / 2;
        await CommitGroupAsync([.. group.Take(half)], ct);
        await CommitGroupAsync([.. group.Skip(half)], ct);
    }

    private async Task<bool> TryCommitTogetherAsync(IReadOnlyList<Coalescer<StepWrite, bool>.Request> group, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var request in group)
        {
            AddStep(batch, request.Item);
        }
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException)
        {
            return false;
        }
        foreach (var request in group)
        {
            _shared.Changed(request.Item.Instance.CentreId);
            request.Done.TrySetResult(true);
        }
        return true;
    }

    private static void AddStep(NpgsqlBatch batch, StepWrite step)
    {
        var j = step.Journal;
        batch.BatchCommands.Add(Command(
            "INSERT INTO workflows.journal (instance_id, revision, at, kind, trigger, from_state, to_state, actor, command_id, command_hash, input, comment, error) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13)",
            j.InstanceId, j.Revision, j.At, j.Kind, j.Trigger, j.FromState, j.ToState, j.Actor, j.CommandId, j.CommandHash, j.Input, j.Comment, j.Error));

        var i = step.Instance;
        object?[] values =
        [
            i.Id, i.Definition, i.DefinitionVersion, i.State, i.Status, i.Revision, i.CentreId, i.SubjectId, i.PolicyKey, i.Data, i.TaskRole, i.TaskDueAt,
            i.Attention, i.AttentionAt, i.StateEnteredAt, i.CreatedAt, i.CreatedBy, i.UpdatedAt, i.CompletedAt, i.IncidentTrigger, i.IncidentInput,
            i.IncidentActor, i.IncidentError, i.IncidentAt, i.IncidentCommandId,
        ];
        batch.BatchCommands.Add(Command(
            step.IsNew
                ? $"INSERT INTO workflows.instances ({InstanceColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21::jsonb, $22::jsonb, $23, $24, $25)"
                : "UPDATE workflows.instances SET definition = $2, definition_version = $3, state = $4, status = $5, revision = $6, centre_id = $7, " +
                  "subject_id = $8, policy_key = $9, data = $10::jsonb, task_role = $11, task_due_at = $12, attention = $13, attention_at = $14, " +
                  "state_entered_at = $15, created_at = $16, created_by = $17, updated_at = $18, completed_at = $19, incident_trigger = $20, " +
                  "incident_input = $21::jsonb, incident_actor = $22::jsonb, incident_error = $23, incident_at = $24, incident_command_id = $25 WHERE id = $1",
            values));

        if (step.TimersRemoved.Count > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM workflows.timers WHERE id = ANY($1)", step.TimersRemoved.ToArray()));
        }
        foreach (var t in step.TimersAdded)
        {
            batch.BatchCommands.Add(Command(
                $"INSERT INTO workflows.timers ({TimerColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                t.Id, t.InstanceId, t.Name, t.Trigger, t.State, t.Definition, t.DueAt, t.CentreId, t.CreatedAt, t.Note));
        }
        foreach (var o in step.Outbox)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO workflows.outbox (instance_id, revision, type, payload, created_at, attempts) VALUES ($1, $2, $3, $4::jsonb, $5, 0)",
                o.InstanceId, o.Revision, o.Type, o.Payload, o.CreatedAt));
        }
    }

    internal static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }
        return command;
    }

    /// <summary>A positional parameter; instants go as UTC timestamptz (Npgsql refuses other offsets).</summary>
    internal static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        DateTimeOffset at => new NpgsqlParameter { Value = at.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
        _ => new NpgsqlParameter { Value = value },
    };

    private static InstanceRow ReadInstance(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Definition = r.GetString(1),
        DefinitionVersion = r.GetInt32(2),
        State = r.GetString(3),
        Status = r.GetString(4),
        Revision = r.GetInt32(5),
        CentreId = NullableGuid(r, 6),
        SubjectId = NullableGuid(r, 7),
        PolicyKey = NullableString(r, 8),
        Data = r.GetString(9),
        TaskRole = NullableString(r, 10),
        TaskDueAt = NullableTime(r, 11),
        Attention = NullableString(r, 12),
        AttentionAt = NullableTime(r, 13),
        StateEnteredAt = r.GetFieldValue<DateTimeOffset>(14),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(15),
        CreatedBy = r.GetString(16),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(17),
        CompletedAt = NullableTime(r, 18),
        IncidentTrigger = NullableString(r, 19),
        IncidentInput = NullableString(r, 20),
        IncidentActor = NullableString(r, 21),
        IncidentError = NullableString(r, 22),
        IncidentAt = NullableTime(r, 23),
        IncidentCommandId = NullableGuid(r, 24),
    };

    private static TimerRow ReadTimer(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        InstanceId = r.GetGuid(1),
        Name = r.GetString(2),
        Trigger = r.GetString(3),
        State = r.GetString(4),
        Definition = r.GetString(5),
        DueAt = r.GetFieldValue<DateTimeOffset>(6),
        CentreId = NullableGuid(r, 7),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(8),
        Note = NullableString(r, 9),
    };

    private static Guid? NullableGuid(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetGuid(i);

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
