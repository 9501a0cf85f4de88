using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Http;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Localization;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;
using Platform.Workflows.Queries;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Api;

/// <summary>
/// The supervisor's side of the runtime (issue 4): the dashboard's numbers with the titles of processes and states and
/// the names of centres, and the CSV exports of the instance and incident lists, scoped exactly like the lists.
/// </summary>
internal sealed class WorkflowOversight(
    WorkflowQueries queries, WorkflowCatalog catalog, IServiceProvider services, WorkflowClock clock, WorkflowsDatabase database, SharedReads shared)
{
    /// <summary>
    /// Every supervisor of an area asks the same question: the dashboard of the same centres is read once for all of them
    /// while fresh (<see cref="SharedReads"/>; any step drops it). 50 supervisors each grouping 10,000 open instances cost
    /// 20× /health/live p95 in the web bench. The scope check stays per request, before anything is shared.
    /// </summary>
    public async Task<DashboardView> DashboardAsync(Guid? centreId, string? definition, CancellationToken ct)
    {
        var centres = await queries.DashboardScopeAsync(centreId, ct);
        var culture = CultureInfo.CurrentUICulture;
        var key = $"dashboard|{(centres.All ? "*" : string.Join(',', centres.Centres.Order()))}|{centreId}|{definition}|{culture.Name}";
        return await shared.GetAsync(key, null, () => ReadDashboardAsync(centres, centreId, definition, culture));
    }

    private async Task<DashboardView> ReadDashboardAsync(CentreSet centres, Guid? centreId, string? definition, CultureInfo culture)
    {
        var now = clock.GetUtcNow();
        var counts = await WorkflowQueries.DashboardAsync(database, now, centres, centreId, definition, CancellationToken.None);
        Guid[] ids = [.. counts.Select(c => c.CentreId).OfType<Guid>().Distinct()];
        var names = ids.Length == 0 ? new Dictionary<Guid, string>()
            : await services.AskCentreLocatorAsync(locator => locator.NamesAsync(ids, CancellationToken.None), new Dictionary<Guid, string>());
        var cells = counts.Select(c => new DashboardCell(
                c.Definition, catalog.Title(c.Definition).For(culture), c.CentreId, c.CentreId is { } id ? names.GetValueOrDefault(id) : null,
                c.State, catalog.StateTitle(c.Definition, c.State).For(culture), c.Open, c.Overdue, c.Incidents, c.NeedAttention,
                Math.Round(c.AverageHours, 1), Math.Round(c.OldestHours, 1)))
            .ToList();
        return new DashboardView(now, cells, cells.Sum(c => c.Open), cells.Sum(c => c.Overdue), cells.Sum(c => c.Incidents),
            cells.Sum(c => c.NeedAttention));
    }

    public async Task<IResult> ExportAsync(InstanceFilter filter, string list, CancellationToken ct)
    {
        var (total, rows) = await queries.ExportAsync(filter, ct);
        var culture = CultureInfo.CurrentUICulture;
        string T(string el, string en) => new Bilingual(el, en).For(culture);
        string[] header =
        [
            T("Κωδικός", "Id"), T("Διαδικασία", "Process"), T("Έκδοση", "Version"), T("Κατάσταση", "State"), T("Εκτέλεση", "Status"),
            T("Κέντρο", "Centre"), T("Αναμένεται από", "Expected from"), T("Προθεσμία", "Due"), T("Εκπρόθεσμη", "Overdue"),
            T("Χρειάζεται προσοχή", "Needs attention"), T("Στην κατάσταση από", "In state since"), T("Τελευταία αλλαγή", "Last change"),
            T("Σφάλμα", "Error"),
        ];
        var fileName = (list == "incidents" ? T("σφάλματα-διαδικασιών", "workflow-incidents") : T("διαδικασίες", "workflow-instances"))
            + "-" + Platform.BuildingBlocks.Time.GreekTime.ToAthens(clock.GetUtcNow()).ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture) + ".csv";
        return CsvExport.Stream(fileName, header, total, Lines(rows, culture, ct), list, filter.Named());
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> Lines(IAsyncEnumerable<InstanceListItem> rows, CultureInfo culture,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Centre names are asked in batches as rows stream by (a list of every centre's instances names few centres).
        var names = new Dictionary<Guid, string>();
        var locator = services.GetService<ICentreLocator>();
        await foreach (var r in rows.WithCancellation(ct))
        {
            if (r.CentreId is { } centre && !names.ContainsKey(centre) && locator is not null)
            {
                foreach (var (id, name) in await locator.NamesAsync([centre], ct))
                {
                    names[id] = name;
                }
                names.TryAdd(centre, centre.ToString());
            }
            yield return
            [
                r.Id.ToString(), catalog.Title(r.Definition).For(culture), r.DefinitionVersion.ToString(CultureInfo.InvariantCulture),
                catalog.StateTitle(r.Definition, r.State).For(culture), StatusTitle(r.Status).For(culture),
                r.CentreId is { } c ? names.GetValueOrDefault(c, c.ToString()) : "", r.TaskRole, CsvExport.Time(r.TaskDueAt),
                r.Overdue ? new Bilingual("ναι", "yes").For(culture) : "", r.Attention, CsvExport.Time(r.StateEnteredAt), CsvExport.Time(r.UpdatedAt),
                r.IncidentError,
            ];
        }
    }

    public static Bilingual StatusTitle(string status) => status switch
    {
        InstanceStatus.Active => new("Σε εξέλιξη", "Active"),
        InstanceStatus.Faulted => new("Σφάλμα", "Faulted"),
        InstanceStatus.Completed => new("Ολοκληρώθηκε", "Completed"),
        InstanceStatus.Cancelled => new("Ακυρώθηκε", "Cancelled"),
        _ => new(status, status),
    };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", async (Guid? centreId, string? definition, WorkflowOversight oversight, CancellationToken ct) =>
                Results.Ok(await oversight.DashboardAsync(centreId, definition, ct)))
            .RequireAuthorization(PlatformPolicies.Oversee)
            .WithName("GetWorkflowDashboard")
            .WithSummary("Open instances per process, centre and state (one grouped query): open, overdue, incidents, needing attention, hours in state (average, longest); within your scope")
            .Produces<DashboardView>().ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/instances/export.csv", async ([AsParameters] WorkflowEndpoints.InstanceQuery q, WorkflowOversight oversight, CancellationToken ct) =>
                await oversight.ExportAsync(q.ToFilter(), "workflow-instances", ct))
            .WithName("ExportWorkflowInstances")
            .WithSummary("The instance list with the same filters and scope, as CSV for Excel (UTF-8 with BOM, ';', headers in your language); X-Total-Rows gives the count")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/incidents/export.csv", async ([AsParameters] WorkflowEndpoints.InstanceQuery q, WorkflowOversight oversight, CancellationToken ct) =>
                await oversight.ExportAsync(q.ToFilter() with { Status = InstanceStatus.Faulted }, "incidents", ct))
            .WithName("ExportWorkflowIncidents")
            .WithSummary("The faulted instances (incidents) with their errors, as CSV; the same filters and scope as the list")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
