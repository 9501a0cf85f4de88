using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Paging;
using Platform.Workflows.Timers;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;

namespace Platform.Workflows.Queries;

public sealed record InstanceFilter(
    string? Definition = null,
    string? State = null,
    string? Status = null,
    Guid? CentreId = null,
    Guid? SubjectId = null,
    string? TaskRole = null,
    bool? Overdue = null,
    bool? NeedsAttention = null,
    int Page = 1,
    int PageSize = 50,
    bool? Open = null,
    string? Sort = null)
{
    /// <summary>The dashboard's "oldest in state" drills down to the list sorted by time in state, longest first.</summary>
    public const string SortOldest = "oldest";

    /// <summary>The names of the filters that are set (for the export's log line: names, never values).</summary>
    public IEnumerable<string> Named()
    {
        if (Definition is not null) yield return "definition";
        if (State is not null) yield return "state";
        if (Status is not null) yield return "status";
        if (CentreId is not null) yield return "centreId";
        if (SubjectId is not null) yield return "subjectId";
        if (TaskRole is not null) yield return "taskRole";
        if (Overdue is not null) yield return "overdue";
        if (NeedsAttention is not null) yield return "needsAttention";
        if (Open is not null) yield return "open";
    }
}

public sealed record InstanceListItem(
    Guid Id, string Definition, int DefinitionVersion, string State, string Status, int Revision, Guid? CentreId, Guid? SubjectId,
    string? PolicyKey, string? TaskRole, DateTimeOffset? TaskDueAt, bool Overdue, string? Attention, DateTimeOffset StateEnteredAt,
    DateTimeOffset UpdatedAt, string? IncidentError);

public sealed record JournalEntry(
    int Revision, DateTimeOffset At, string Kind, string? Trigger, string? FromState, string? ToState, string Actor, Guid? CommandId,
    string? Input, string? Comment, string? Error);

public sealed record DueTimer(
    Guid TimerId, Guid InstanceId, string Definition, string Name, string Trigger, string State, DateTimeOffset DueAt, Guid? CentreId,
    Guid? SubjectId, string? Note);

public sealed record StateCount(
    string Definition, Guid? CentreId, string State, string Status, int Count, int Overdue, double AverageHoursInState);

/// <summary>
/// One cell of the supervisor's dashboard: the open instances (active or faulted) of a process at a centre in one state,
/// how many are overdue, faulted (incidents) or need attention, and their time in that state (average and longest).
/// </summary>
public sealed record DashboardCell(
    string Definition, string DefinitionTitle, Guid? CentreId, string? CentreName, string State, string StateTitle,
    int Open, int Overdue, int Incidents, int NeedAttention, double AverageHoursInState, double OldestHoursInState);

public sealed record DashboardView(DateTimeOffset At, IReadOnlyList<DashboardCell> Cells, int Open, int Overdue, int Incidents, int NeedAttention);

/// <summary>
/// The read side: lists, journals, due timers and dashboard counts straight from the tables each step commits
/// (never from grain memory), scoped by the actor (<see cref="WorkflowScope"/>): centre users see their centre, a
/// supervisor the centres of their municipality or regional unit, an administrator every centre.
/// </summary>
internal sealed class WorkflowQueries(WorkflowsDbContext db, WorkflowClock clock, WorkflowScope scope)
{
    /// <summary>The list for the actor of this scope (<paramref name="actor"/> is that same actor: the scope decides).</summary>
    public Task<Page<InstanceListItem>> ListAsync(InstanceFilter filter, ICurrentActor actor, CancellationToken ct) => ListAsync(filter, ct);

    public async Task<Page<InstanceListItem>> ListAsync(InstanceFilter filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = await FilteredAsync(filter, "list", ct);
        var (skip, take) = Page<InstanceListItem>.Window(filter.Page, filter.PageSize);
        var total = await query.LongCountAsync(ct);
        var rows = await Ordered(query, filter).Skip(skip).Take(take).ToListAsync(ct);
        return new Page<InstanceListItem>([.. rows.Select(r => Item(r, now))], filter.Page, take, total);
    }

    /// <summary>Every row of the filtered list (for the CSV export), in the list's order, streamed; and how many there are.</summary>
    public async Task<(long Total, IAsyncEnumerable<InstanceListItem> Rows)> ExportAsync(InstanceFilter filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = await FilteredAsync(filter, "export", ct);
        var total = await query.LongCountAsync(ct);
        return (total, Stream(Ordered(query, filter).AsAsyncEnumerable(), now));

        static async IAsyncEnumerable<InstanceListItem> Stream(IAsyncEnumerable<InstanceRow> rows, DateTimeOffset now)
        {
            await foreach (var r in rows)
            {
                yield return Item(r, now);
            }
        }
    }

    private async Task<IQueryable<InstanceRow>> FilteredAsync(InstanceFilter filter, string act, CancellationToken ct)
    {
        await scope.EnsureCoversAsync(filter.CentreId, act, ct);
        var now = clock.GetUtcNow();
        var query = await ScopedAsync(db.Instances.AsNoTracking(), ct);
        if (filter.Definition is { } definition) query = query.Where(i => i.Definition == definition);
        if (filter.State is { } state) query = query.Where(i => i.State == state);
        if (filter.Status is { } status) query = query.Where(i => i.Status == status);
        if (filter.Open is true) query = query.Where(i => i.Status == InstanceStatus.Active || i.Status == InstanceStatus.Faulted);
        if (filter.CentreId is { } centre) query = query.Where(i => i.CentreId == centre);
        if (filter.SubjectId is { } subject) query = query.Where(i => i.SubjectId == subject);
        if (filter.TaskRole is { } role) query = query.Where(i => i.TaskRole == role);
        if (filter.Overdue is true) query = query.Where(i => i.Status == InstanceStatus.Active && i.TaskDueAt < now);
        if (filter.Overdue is false) query = query.Where(i => i.TaskDueAt == null || i.TaskDueAt >= now);
        if (filter.NeedsAttention is true) query = query.Where(i => i.Attention != null);
        return query;
    }

    private static IQueryable<InstanceRow> Ordered(IQueryable<InstanceRow> query, InstanceFilter filter) =>
        filter.Sort == InstanceFilter.SortOldest
            ? query.OrderBy(i => i.StateEnteredAt).ThenBy(i => i.Id)
            : query.OrderBy(i => i.TaskDueAt == null).ThenBy(i => i.TaskDueAt).ThenByDescending(i => i.UpdatedAt).ThenBy(i => i.Id);

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(Guid instanceId, CancellationToken ct) =>
        await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Revision)
            .Select(j => new JournalEntry(j.Revision, j.At, j.Kind, j.Trigger, j.FromState, j.ToState, j.Actor, j.CommandId, j.Input, j.Comment, j.Error))
            .ToListAsync(ct);

    public async Task<IReadOnlyList<DueTimer>> DueTimersAsync(Guid? centreId, DateTimeOffset until, ICurrentActor actor, int limit, CancellationToken ct)
    {
        await scope.EnsureCoversAsync(centreId, "timers", ct);
        var timers = db.Timers.AsNoTracking().Where(t => t.DueAt <= until);
        var centres = await scope.CentresAsync(ct);
        if (!centres.All)
        {
            var ids = centres.Centres.ToArray();
            timers = timers.Where(t => t.CentreId != null && ids.Contains(t.CentreId.Value));
        }
        if (centreId is { } centre)
        {
            timers = timers.Where(t => t.CentreId == centre);
        }
        return await timers.Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new { t, i.SubjectId })
            .OrderBy(x => x.t.DueAt).ThenBy(x => x.t.Id).Take(limit)
            .Select(x => new DueTimer(x.t.Id, x.t.InstanceId, x.t.Definition, x.t.Name, x.t.Trigger, x.t.State, x.t.DueAt, x.t.CentreId, x.SubjectId, x.t.Note))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<StateCount>> CountsAsync(ICurrentActor actor, CancellationToken ct)
    {
        var centres = await scope.CentresAsync(ct);
        var counts = new List<StateCount>();
        await ReadAsync(
            "SELECT definition, centre_id, state, status, count(*)::int, " +
            "count(*) FILTER (WHERE status = 'Active' AND task_due_at < $1)::int, " +
            "round((avg(extract(epoch FROM ($1 - state_entered_at))) / 3600)::numeric, 1)::float8 " +
            "FROM workflows.instances WHERE $2 OR centre_id = ANY($3) " +
            "GROUP BY definition, centre_id, state, status ORDER BY definition, centre_id, state, status",
            [InstanceStore.Parameter(clock.GetUtcNow()), InstanceStore.Parameter(centres.All), Ids(centres)],
            reader => counts.Add(new StateCount(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetDouble(6))), ct);
        return counts;
    }

    /// <summary>The centres a dashboard of <paramref name="centreId"/> (or of the whole scope) covers: 403 (logged) outside the scope.</summary>
    public async ValueTask<CentreSet> DashboardScopeAsync(Guid? centreId, CancellationToken ct)
    {
        await scope.EnsureCoversAsync(centreId, "dashboard", ct);
        return await scope.CentresAsync(ct);
    }

    /// <summary>
    /// The dashboard's numbers in one grouped query over the open instances of these centres (optionally one centre or
    /// one process): per process, centre and state, the open, overdue, faulted and needing-attention counts and the time
    /// in state (average and longest). On the data source, not on this scope's context, so that one read can serve every
    /// supervisor of an area (<see cref="SharedReads"/>).
    /// </summary>
    public static async Task<IReadOnlyList<DashboardCount>> DashboardAsync(
        WorkflowsDatabase database, DateTimeOffset now, CentreSet centres, Guid? centreId, string? definition, CancellationToken ct)
    {
        var cells = new List<DashboardCount>();
        await using var command = database.Source.CreateCommand(
            "SELECT definition, centre_id, state, count(*)::int, " +
            "count(*) FILTER (WHERE status = 'Active' AND task_due_at < $1)::int, " +
            "count(*) FILTER (WHERE status = 'Faulted')::int, " +
            "count(*) FILTER (WHERE attention IS NOT NULL)::int, " +
            "(avg(extract(epoch FROM ($1 - state_entered_at))) / 3600)::float8, " +
            "(extract(epoch FROM ($1 - min(state_entered_at))) / 3600)::float8 " +
            "FROM workflows.instances WHERE status IN ('Active', 'Faulted') AND ($2 OR centre_id = ANY($3)) " +
            "AND ($4::uuid IS NULL OR centre_id = $4) AND ($5::text IS NULL OR definition = $5) " +
            "GROUP BY definition, centre_id, state ORDER BY definition, centre_id, state");
        command.Parameters.Add(InstanceStore.Parameter(now));
        command.Parameters.Add(InstanceStore.Parameter(centres.All));
        command.Parameters.Add(Ids(centres));
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)centreId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)definition ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            cells.Add(new DashboardCount(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetDouble(7), reader.GetDouble(8)));
        }
        return cells;
    }

    /// <summary>Whether the actor may see an instance of this centre (the same scope as the lists).</summary>
    public async ValueTask<bool> CanSeeAsync(Guid? centreId, CancellationToken ct) => (await scope.CentresAsync(ct)).Contains(centreId);

    /// <summary>The faulted instances within the actor's scope (bulk retry and cancel act on these only).</summary>
    public async Task<IQueryable<InstanceRow>> FaultedAsync(CancellationToken ct) =>
        await ScopedAsync(db.Instances.AsNoTracking().Where(i => i.Status == InstanceStatus.Faulted), ct);

    private async Task ReadAsync(string sql, Npgsql.NpgsqlParameter[] parameters, Action<System.Data.Common.DbDataReader> read, CancellationToken ct)
    {
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Npgsql.NpgsqlParameter Ids(CentreSet centres) =>
        new() { Value = centres.Centres.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid };

    private async Task<IQueryable<InstanceRow>> ScopedAsync(IQueryable<InstanceRow> query, CancellationToken ct)
    {
        var centres = await scope.CentresAsync(ct);
        if (centres.All)
        {
            return query;
        }
        var ids = centres.Centres.ToArray();
        return query.Where(i => i.CentreId != null && ids.Contains(i.CentreId.Value));
    }

    private static InstanceListItem Item(InstanceRow r, DateTimeOffset now) => new(
        r.Id, r.Definition, r.DefinitionVersion, r.State, r.Status, r.Revision, r.CentreId, r.SubjectId, r.PolicyKey, r.TaskRole, r.TaskDueAt,
        r.Status == InstanceStatus.Active && r.TaskDueAt < now, r.Attention, r.StateEnteredAt, r.UpdatedAt, r.IncidentError);
}

/// <summary>One row of the dashboard's grouped query, before titles and names are added.</summary>
internal sealed record DashboardCount(
    string Definition, Guid? CentreId, string State, int Open, int Overdue, int Incidents, int NeedAttention, double AverageHours, double OldestHours);
