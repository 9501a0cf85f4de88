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
    int PageSize = 50);

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
/// The read side: lists, journals, due timers and dashboard counts straight from the tables each step commits
/// (never from grain memory), scoped by the actor: centre users see their centre only, supervisors and
/// administrators everything.
/// </summary>
internal sealed class WorkflowQueries(WorkflowsDbContext db, WorkflowClock clock)
{
    public async Task<Page<InstanceListItem>> ListAsync(InstanceFilter filter, ICurrentActor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = Scoped(db.Instances.AsNoTracking(), actor);
        if (filter.Definition is { } definition) query = query.Where(i => i.Definition == definition);
        if (filter.State is { } state) query = query.Where(i => i.State == state);
        if (filter.Status is { } status) query = query.Where(i => i.Status == status);
        if (filter.CentreId is { } centre) query = query.Where(i => i.CentreId == centre);
        if (filter.SubjectId is { } subject) query = query.Where(i => i.SubjectId == subject);
        if (filter.TaskRole is { } role) query = query.Where(i => i.TaskRole == role);
        if (filter.Overdue is true) query = query.Where(i => i.Status == InstanceStatus.Active && i.TaskDueAt < now);
        if (filter.Overdue is false) query = query.Where(i => i.TaskDueAt == null || i.TaskDueAt >= now);
        if (filter.NeedsAttention is true) query = query.Where(i => i.Attention != null);

        var (skip, take) = Page<InstanceListItem>.Window(filter.Page, filter.PageSize);
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(i => i.TaskDueAt == null).ThenBy(i => i.TaskDueAt).ThenByDescending(i => i.UpdatedAt).ThenBy(i => i.Id)
            .Skip(skip).Take(take).ToListAsync(ct);
        return new Page<InstanceListItem>([.. rows.Select(r => Item(r, now))], filter.Page, take, total);
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(Guid instanceId, CancellationToken ct) =>
        await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Revision)
            .Select(j => new JournalEntry(j.Revision, j.At, j.Kind, j.Trigger, j.FromState, j.ToState, j.Actor, j.CommandId, j.Input, j.Comment, j.Error))
            .ToListAsync(ct);

    public async Task<IReadOnlyList<DueTimer>> DueTimersAsync(Guid? centreId, DateTimeOffset until, ICurrentActor actor, int limit, CancellationToken ct)
    {
        var timers = db.Timers.AsNoTracking().Where(t => t.DueAt <= until);
        if (!SeesAllCentres(actor))
        {
            timers = timers.Where(t => t.CentreId == actor.CentreId);
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
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT definition, centre_id, state, status, count(*)::int, " +
                "count(*) FILTER (WHERE status = 'Active' AND task_due_at < $1)::int, " +
                "round((avg(extract(epoch FROM ($1 - state_entered_at))) / 3600)::numeric, 1)::float8 " +
                "FROM workflows.instances WHERE $2 OR centre_id = $3 " +
                "GROUP BY definition, centre_id, state, status ORDER BY definition, centre_id, state, status", connection);
            command.Parameters.Add(InstanceStore.Parameter(clock.GetUtcNow()));
            command.Parameters.Add(InstanceStore.Parameter(SeesAllCentres(actor)));
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)actor.CentreId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            var counts = new List<StateCount>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts.Add(new StateCount(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                    reader.GetInt32(4), reader.GetInt32(5), reader.GetDouble(6)));
            }
            return counts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    internal static bool SeesAllCentres(ICurrentActor actor) =>
        actor.IsInRole(PlatformRoles.Supervisor) || actor.IsInRole(PlatformRoles.Administrator);

    private static IQueryable<InstanceRow> Scoped(IQueryable<InstanceRow> query, ICurrentActor actor) =>
        SeesAllCentres(actor) ? query : query.Where(i => i.CentreId == actor.CentreId && actor.CentreId != null);

    private static InstanceListItem Item(InstanceRow r, DateTimeOffset now) => new(
        r.Id, r.Definition, r.DefinitionVersion, r.State, r.Status, r.Revision, r.CentreId, r.SubjectId, r.PolicyKey, r.TaskRole, r.TaskDueAt,
        r.Status == InstanceStatus.Active && r.TaskDueAt < now, r.Attention, r.StateEnteredAt, r.UpdatedAt, r.IncidentError);
}
