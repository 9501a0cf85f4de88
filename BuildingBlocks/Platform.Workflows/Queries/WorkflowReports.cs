using Microsoft.EntityFrameworkCore;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Queries;

/// <summary>One instance as reports and figures see it (straight from the committed rows).</summary>
public sealed record InstanceFact(
    Guid Id, string State, string Status, string? PolicyKey, string DataJson, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    string? TaskRole, DateTimeOffset? TaskDueAt, string? Attention);

/// <summary>A centre's processes right now: what is open, waiting, overdue, needing attention, per process.</summary>
public sealed record WorkloadFigures(string Definition, int Open, int Overdue, int NeedAttention, IReadOnlyDictionary<string, int> ByState);

/// <summary>What modules may read about their processes for figures and reports; Registries-style contracts, not tables.</summary>
public interface IWorkflowReports
{
    /// <summary>Instances of <paramref name="definition"/> at the centre started in [from, to).</summary>
    Task<IReadOnlyList<InstanceFact>> StartedAsync(string definition, Guid centreId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Instances of <paramref name="definition"/> at the centre not yet completed or cancelled.</summary>
    Task<IReadOnlyList<InstanceFact>> OpenAsync(string definition, Guid centreId, CancellationToken ct);

    /// <summary>Journal entries of one trigger (steps and timers) at the centre in [from, to).</summary>
    Task<long> StepsAsync(string definition, Guid centreId, string trigger, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    Task<IReadOnlyList<WorkloadFigures>> WorkloadAsync(Guid centreId, CancellationToken ct);
}

internal sealed class WorkflowReports(WorkflowsDbContext db, WorkflowClock clock) : IWorkflowReports
{
    public async Task<IReadOnlyList<InstanceFact>> StartedAsync(string definition, Guid centreId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        await Facts(db.Instances.AsNoTracking().Where(i => i.Definition == definition && i.CentreId == centreId && i.CreatedAt >= from && i.CreatedAt < to))
            .ToListAsync(ct);

    public async Task<IReadOnlyList<InstanceFact>> OpenAsync(string definition, Guid centreId, CancellationToken ct) =>
        await Facts(db.Instances.AsNoTracking().Where(i => i.Definition == definition && i.CentreId == centreId
            && (i.Status == InstanceStatus.Active || i.Status == InstanceStatus.Faulted))).ToListAsync(ct);

    public Task<long> StepsAsync(string definition, Guid centreId, string trigger, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Journal.AsNoTracking()
            .Where(j => j.Trigger == trigger && j.At >= from && j.At < to && j.Kind != JournalKinds.Incident)
            .Join(db.Instances.Where(i => i.Definition == definition && i.CentreId == centreId), j => j.InstanceId, i => i.Id, (j, _) => j)
            .LongCountAsync(ct);

    public async Task<IReadOnlyList<WorkloadFigures>> WorkloadAsync(Guid centreId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Instances.AsNoTracking()
            .Where(i => i.CentreId == centreId && (i.Status == InstanceStatus.Active || i.Status == InstanceStatus.Faulted))
            .GroupBy(i => new { i.Definition, i.State })
            .Select(g => new
            {
                g.Key.Definition, g.Key.State, Count = g.Count(),
                Overdue = g.Count(i => i.TaskDueAt < now),
                Attention = g.Count(i => i.Attention != null),
            })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Definition).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new WorkloadFigures(
            g.Key, g.Sum(r => r.Count), g.Sum(r => r.Overdue), g.Sum(r => r.Attention),
            g.ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal)))];
    }

    private static IQueryable<InstanceFact> Facts(IQueryable<InstanceRow> rows) =>
        rows.OrderBy(i => i.CreatedAt).Select(i => new InstanceFact(
            i.Id, i.State, i.Status, i.PolicyKey, i.Data, i.CreatedAt, i.CompletedAt, i.TaskRole, i.TaskDueAt, i.Attention));
}
