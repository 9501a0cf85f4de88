using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Paging;
using Platform.Workflows.Definitions;
using Platform.Workflows.Persistence;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Queries;

/// <summary>One task in a caseworker's inbox: an active instance of their centre waiting on one of their roles, or a reminder that landed on it.</summary>
public sealed record InboxItem(
    Guid Id, string Definition, string ProcessTitle, string State, string StateTitle, string? TaskRole, DateTimeOffset? TaskDueAt, bool Overdue,
    string? Attention, DateTimeOffset? AttentionAt, DateTimeOffset StateEnteredAt, Guid? SubjectId, string? About);

/// <summary>
/// The counts behind the whole inbox (not only the page): total, overdue, needing attention (a reminder or an
/// escalation landed), per process (definition name) and per kind of attention (e.g. <c>follow-up-due</c>).
/// </summary>
public sealed record InboxCounts(
    int Total, int Overdue, int NeedsAttention, IReadOnlyDictionary<string, int> ByProcess, IReadOnlyDictionary<string, int> OverdueByProcess,
    IReadOnlyDictionary<string, int> ByAttention);

/// <summary><c>GET /api/workflows/inbox</c>: the counts and one page of items, overdue first.</summary>
public sealed record Inbox(InboxCounts Counts, Page<InboxItem> Items);

/// <summary>
/// The caseworker's inbox (issue 4; reminders land here, issue 3): the active instances of the actor's centre
/// whose human task is for one of the actor's roles, plus those without a task on which a reminder landed.
/// One statement, one round trip: the matching entries of the partial index <c>ix_instances_inbox</c> are read
/// twice, index-only (centre, task role and the ordering columns), once counted by group and once for a top-N
/// sort of the page; only the page's rows go back to the table for their data. Inlining the CTE measured about
/// twice as fast as materialising it (9,000 matching of 50,000 active instances: 13 ms against 28 ms on a loaded
/// 2-core machine). A user without a centre sees nothing.
/// </summary>
internal sealed class WorkflowInbox(WorkflowsDatabase database, WorkflowCatalog catalog, WorkflowClock clock, SharedReads shared)
{
    // kind 0: one row per (definition, attention) group with its counts; kind 1: the page's items in order.
    private const string Sql = """
        WITH mine AS NOT MATERIALIZED (
            SELECT id, definition, definition_version, state, task_role, task_due_at, attention, attention_at, state_entered_at, subject_id
            FROM workflows.instances
            WHERE status = 'Active' AND centre_id = $1 AND (task_role = ANY($2) OR (task_role IS NULL AND attention IS NOT NULL))
        ), groups AS (
            SELECT definition, attention, count(*)::int AS n, count(*) FILTER (WHERE task_due_at < $3)::int AS overdue
            FROM mine GROUP BY definition, attention
        ), page AS (
            -- a top-N sort of the narrow rows; the number only keeps the page's order through the UNION
            SELECT t.*, row_number() OVER () AS rn FROM (
                SELECT * FROM mine
                ORDER BY (task_due_at < $3) IS TRUE DESC, (attention IS NOT NULL) DESC, task_due_at ASC NULLS LAST,
                    attention_at ASC NULLS LAST, state_entered_at, id
                LIMIT $4 OFFSET $5) t
        )
        SELECT 0 AS kind, g.definition, g.attention, g.n, g.overdue, NULL::uuid, 0, NULL, NULL, NULL::timestamptz, NULL::timestamptz,
               NULL::timestamptz, NULL::uuid, NULL, 0::bigint
        FROM groups g
        UNION ALL
        SELECT 1, p.definition, p.attention, 0, 0, p.id, p.definition_version, p.state, p.task_role, p.task_due_at, p.attention_at,
               p.state_entered_at, p.subject_id, coalesce(i.data->>'targetName', i.data->>'programmeName'), p.rn
        FROM page p JOIN workflows.instances i ON i.id = p.id
        ORDER BY 1, 15
        """;

    public async Task<Inbox> ForAsync(ICurrentActor actor, int page, int pageSize, CancellationToken ct)
    {
        var (skip, take) = Page<InboxItem>.Window(page, pageSize);
        var roles = actor.Roles.ToArray();
        if (actor.CentreId is not { } centre || roles.Length == 0)
        {
            // no centre, no inbox: never another centre's tasks
            return new Inbox(new InboxCounts(0, 0, 0, Empty, Empty, Empty), new Page<InboxItem>([], page, take, 0));
        }

        // every caseworker of a centre with the same roles asks the same question: one count for all of them while fresh
        Array.Sort(roles, StringComparer.Ordinal);
        var key = $"inbox|{centre}|{string.Join(',', roles)}|{skip}|{take}|{page}|{CultureInfo.CurrentUICulture.Name}";
        return await shared.GetAsync(key, centre, () => ReadAsync(centre, roles, page, skip, take, CancellationToken.None));
    }

    private async Task<Inbox> ReadAsync(Guid centre, string[] roles, int page, int skip, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var command = database.Source.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = centre, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = roles, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(InstanceStore.Parameter(now));
        command.Parameters.Add(new NpgsqlParameter { Value = take, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = skip, NpgsqlDbType = NpgsqlDbType.Integer });

        var culture = CultureInfo.CurrentUICulture;
        var byProcess = new Dictionary<string, int>(StringComparer.Ordinal);
        var overdueByProcess = new Dictionary<string, int>(StringComparer.Ordinal);
        var byAttention = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0, overdue = 0, attention = 0;
        var items = new List<InboxItem>(take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var definition = reader.GetString(1);
            var attentionKind = reader.IsDBNull(2) ? null : reader.GetString(2);
            if (reader.GetInt32(0) == 0)
            {
                var n = reader.GetInt32(3);
                var late = reader.GetInt32(4);
                total += n;
                overdue += late;
                byProcess[definition] = byProcess.GetValueOrDefault(definition) + n;
                overdueByProcess[definition] = overdueByProcess.GetValueOrDefault(definition) + late;
                if (attentionKind is not null)
                {
                    attention += n;
                    byAttention[attentionKind] = byAttention.GetValueOrDefault(attentionKind) + n;
                }
                continue;
            }
            var state = reader.GetString(7);
            var model = catalog.Find(definition, reader.GetInt32(6))?.Model;
            var dueAt = reader.IsDBNull(9) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(9);
            items.Add(new InboxItem(
                reader.GetGuid(5), definition, model?.Title.For(culture) ?? definition, state,
                model is not null && model.States.TryGetValue(state, out var s) ? s.Title.For(culture) : state,
                reader.IsDBNull(8) ? null : reader.GetString(8), dueAt, dueAt < now, attentionKind,
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetGuid(12), reader.IsDBNull(13) ? null : reader.GetString(13)));
        }
        return new Inbox(new InboxCounts(total, overdue, attention, byProcess, overdueByProcess, byAttention), new Page<InboxItem>(items, page, take, total));
    }

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>();
}
