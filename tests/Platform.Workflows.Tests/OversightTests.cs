using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Localization;
using Platform.Testing;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;
using static Platform.BuildingBlocks.Identity.PlatformRoles;

namespace Platform.Workflows.Tests;

public enum OverdueState { Waiting, Done }

public enum OverdueTrigger { Finish }

/// <summary>A process whose task is overdue a millisecond after it starts: the dashboard's overdue column without a fake clock.</summary>
public sealed class OverdueFlow : WorkflowDefinition<OverdueState, OverdueTrigger>
{
    public override string Name => "overdue-flow";
    public override int Version => 1;
    public override Bilingual Title => new("Εκπρόθεσμη δοκιμή", "Overdue test");
    protected override OverdueState InitialState => OverdueState.Waiting;

    protected override void Define(WorkflowBuilder<OverdueState, OverdueTrigger> b)
    {
        b.State(OverdueState.Waiting, new("Σε αναμονή", "Waiting")).Task(Caseworker, TimeSpan.FromMilliseconds(1)).Permit(OverdueTrigger.Finish, OverdueState.Done);
        b.State(OverdueState.Done, new("Τέλος", "Done")).Final();
        b.Trigger(OverdueTrigger.Finish, new("Τέλος", "Finish")).By(Caseworker);
    }
}

/// <summary>
/// Issue 4, the supervisor's side of the runtime: a supervisor sees the centres of their area only (lists, counts, the
/// dashboard, exports, one instance, its journal, due timers), the dashboard's numbers agree with the lists they drill
/// down to and with SQL, the CSV exports are scoped like the lists and logged without personal data, and another
/// centre's caseworker is refused (logged).
/// </summary>
public sealed class OversightTests : IAsyncLifetime
{
    private static readonly Guid Centre = DemoUsers.Centre;
    private static readonly Guid Pyli = DemoUsers.Pyli;
    private static readonly Guid CentreB = new("0b5e7a10-0000-4000-8000-0000000009b2");
    private readonly TestDatabase _database = new();
    private readonly ConcurrentQueue<string> _exports = new();
    private PlatformFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new PlatformFactory(_database.ConnectionString,
            services: s =>
            {
                s.AddWorkflowDefinition<TestFlowV1>();
                s.AddWorkflowDefinition<OverdueFlow>();
                s.AddSingleton<ILoggerProvider>(new ExportLogs(_exports));
            },
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Platform.Exports"] = "Information" });
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient SupervisorOfTrikala => _factory.ClientAs("Supervisor", null, "sup-trikala", DemoUsers.Trikala);

    private HttpClient SupervisorOfPyli => _factory.ClientAs("Supervisor", null, "sup-pyli", Pyli);

    private async Task<Guid> StartAsync(string definition, Guid centre)
    {
        var id = Guid.NewGuid();
        var outcome = await _factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkflowInstanceGrain>(id).Start(new StartInstance(
            Guid.NewGuid(), definition, new InstanceScope(centre, null, null), "{}", new WorkflowActor("tester", centre, [Caseworker])));
        Assert.True(outcome.Succeeded, outcome.Code);
        return id;
    }

    private async Task<Guid> FaultedAsync(Guid centre)
    {
        var id = await StartAsync("test-flow", centre);
        Effects.FailBegin[id] = true;
        var failed = await _factory.ClientAs("Caseworker", centre, "cw-" + centre.ToString("N")[..6])
            .PostAsJsonAsync($"/api/workflows/instances/{id}/triggers/Begin", new { commandId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        return id;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string[]> CsvLines(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task A_supervisor_sees_the_centres_of_their_area_only_and_one_of_another_municipality_sees_none()
    {
        var open = await StartAsync("test-flow", Centre);
        var faulted = await FaultedAsync(Centre);
        var elsewhere = await StartAsync("test-flow", CentreB); // a centre outside Trikala's registry

        var trikala = SupervisorOfTrikala;
        var list = await Json(await trikala.GetAsync("/api/workflows/instances?definition=test-flow"));
        Assert.Equal(2, list.GetProperty("total").GetInt64());
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == elsewhere);
        Assert.Equal(HttpStatusCode.OK, (await trikala.GetAsync($"/api/workflows/instances/{open}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trikala.GetAsync($"/api/workflows/instances/{elsewhere}")).StatusCode);
        var counts = await Json(await trikala.GetAsync("/api/workflows/instances/counts"));
        Assert.Equal(2, counts.EnumerateArray().Where(c => c.GetProperty("definition").GetString() == "test-flow").Sum(c => c.GetProperty("count").GetInt32()));

        var pyli = SupervisorOfPyli;
        Assert.Equal(0, (await Json(await pyli.GetAsync("/api/workflows/instances"))).GetProperty("total").GetInt64());
        Assert.Empty((await Json(await pyli.GetAsync("/api/workflows/instances/counts"))).EnumerateArray());
        Assert.Empty((await Json(await pyli.GetAsync("/api/workflows/dashboard"))).GetProperty("cells").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await pyli.GetAsync($"/api/workflows/instances/{open}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pyli.GetAsync($"/api/workflows/instances/{open}/journal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pyli.GetAsync($"/api/workflows/instances/{faulted}/diagram.svg")).StatusCode);
        Assert.Single(await CsvLines(await pyli.GetAsync("/api/workflows/instances/export.csv"))); // the header only
        var bulk = await Json(await _factory.ClientAs("Administrator").GetAsync("/api/workflows/instances?status=Faulted"));
        Assert.Equal(1, bulk.GetProperty("total").GetInt64()); // an administrator sees every centre

        // asking for the demo centre outright: 403, logged without personal data
        var refused = await pyli.GetAsync($"/api/workflows/instances?centreId={Centre}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pyli.GetAsync($"/api/workflows/dashboard?centreId={Centre}")).StatusCode);
        Assert.Contains(_factory.Logs, l => l.Contains("Refused list on workflow-centre", StringComparison.Ordinal) && l.Contains("out-of-scope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supervisors_of_two_areas_asking_at_once_each_get_their_own_area_and_a_step_shows_at_once()
    {
        // the dashboard is read once for everyone asking the same question (SharedReads): never across areas, never past a step
        await StartAsync("overdue-flow", Centre);
        var trikala = SupervisorOfTrikala;
        var pyli = SupervisorOfPyli;
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            (Trikala: i % 2 == 0, Open: (await Json(await (i % 2 == 0 ? trikala : pyli).GetAsync("/api/workflows/dashboard?definition=overdue-flow")))
                .GetProperty("open").GetInt32())));
        Assert.All(answers, a => Assert.Equal(a.Trikala ? 1 : 0, a.Open));

        await StartAsync("overdue-flow", Centre);
        Assert.Equal(2, (await Json(await trikala.GetAsync("/api/workflows/dashboard?definition=overdue-flow"))).GetProperty("open").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await pyli.GetAsync($"/api/workflows/dashboard?centreId={Centre}")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_counts_agree_with_the_lists_they_drill_down_to_and_with_sql()
    {
        for (var i = 0; i < 3; i++)
        {
            await StartAsync("overdue-flow", Centre);
        }
        await StartAsync("test-flow", Centre);
        await FaultedAsync(Centre);
        await Task.Delay(50); // the overdue flow's task is due a millisecond after it starts

        var trikala = SupervisorOfTrikala;
        var board = await Json(await trikala.GetAsync("/api/workflows/dashboard"));
        var cells = board.GetProperty("cells").EnumerateArray().ToArray();
        var waiting = Assert.Single(cells, c => c.GetProperty("definition").GetString() == "overdue-flow");
        Assert.Equal("Εκπρόθεσμη δοκιμή", waiting.GetProperty("definitionTitle").GetString());
        Assert.Equal("Σε αναμονή", waiting.GetProperty("stateTitle").GetString());
        Assert.Equal("Κέντρο Κοινότητας Δήμου Τρικκαίων", waiting.GetProperty("centreName").GetString());
        Assert.Equal(3, waiting.GetProperty("open").GetInt32());
        Assert.Equal(3, waiting.GetProperty("overdue").GetInt32());
        Assert.True(waiting.GetProperty("oldestHoursInState").GetDouble() >= waiting.GetProperty("averageHoursInState").GetDouble());
        var incident = Assert.Single(cells, c => c.GetProperty("incidents").GetInt32() > 0);
        Assert.Equal("Open", incident.GetProperty("state").GetString());

        // every number is the total of the list behind it
        foreach (var cell in cells)
        {
            var q = $"definition={cell.GetProperty("definition").GetString()}&centreId={cell.GetProperty("centreId").GetGuid()}&state={cell.GetProperty("state").GetString()}";
            Assert.Equal(cell.GetProperty("open").GetInt32(), (await Json(await trikala.GetAsync($"/api/workflows/instances?{q}&open=true"))).GetProperty("total").GetInt64());
            Assert.Equal(cell.GetProperty("overdue").GetInt32(), (await Json(await trikala.GetAsync($"/api/workflows/instances?{q}&overdue=true"))).GetProperty("total").GetInt64());
            Assert.Equal(cell.GetProperty("incidents").GetInt32(), (await Json(await trikala.GetAsync($"/api/workflows/instances?{q}&status=Faulted"))).GetProperty("total").GetInt64());
        }
        Assert.Equal(await _database.ScalarAsync<long>("SELECT count(*) FROM workflows.instances WHERE status IN ('Active', 'Faulted')"), board.GetProperty("open").GetInt32());
        Assert.Equal(await _database.ScalarAsync<long>("SELECT count(*) FROM workflows.instances WHERE status = 'Active' AND task_due_at < now()"), board.GetProperty("overdue").GetInt32());

        // the oldest in state comes first when the list is sorted by it
        var oldest = await Json(await trikala.GetAsync("/api/workflows/instances?definition=overdue-flow&open=true&sort=oldest"));
        var entered = oldest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stateEnteredAt").GetDateTimeOffset()).ToArray();
        Assert.Equal(entered.Order(), entered);
    }

    [Fact]
    public async Task Exports_are_scoped_like_the_list_in_greek_or_english_and_logged_without_personal_data()
    {
        await StartAsync("test-flow", Centre);
        var faulted = await FaultedAsync(Centre);
        await StartAsync("test-flow", CentreB);

        var response = await SupervisorOfTrikala.GetAsync("/api/workflows/instances/export.csv?definition=test-flow");
        Assert.Equal("2", response.Headers.GetValues("X-Total-Rows").Single());
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var lines = await CsvLines(response);
        Assert.StartsWith("Κωδικός;Διαδικασία;Έκδοση;Κατάσταση;", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.Contains(";Δοκιμή;1;Ανοιχτή;", l, StringComparison.Ordinal));

        var english = new HttpRequestMessage(HttpMethod.Get, "/api/workflows/incidents/export.csv");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var incidents = await CsvLines(await SupervisorOfTrikala.SendAsync(english));
        Assert.StartsWith("Id;Process;Version;State;Status;", incidents[0], StringComparison.Ordinal);
        var row = Assert.Single(incidents[1..]);
        Assert.StartsWith(faulted.ToString(), row, StringComparison.Ordinal);
        Assert.Contains("national platform did not answer", row, StringComparison.Ordinal);

        var logged = _exports.Where(l => l.Contains("Exported workflow-instances", StringComparison.Ordinal)).ToArray();
        Assert.Contains(logged, l => l.Contains("2 rows", StringComparison.Ordinal) && l.Contains("filters definition", StringComparison.Ordinal));
        Assert.DoesNotContain(_exports, l => l.Contains("sup-trikala", StringComparison.Ordinal) || l.Contains(faulted.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caseworker_of_centre_b_sees_none_of_centre_a_on_the_dashboard_or_in_an_export_and_the_refusal_is_logged()
    {
        await StartAsync("test-flow", Centre);
        var own = await StartAsync("test-flow", CentreB);
        var caseworkerB = _factory.ClientAs("Caseworker", CentreB, "cw-b");

        // the dashboard is for those who oversee: refused by role, logged
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworkerB.GetAsync("/api/workflows/dashboard")).StatusCode);
        Assert.Contains(_factory.Logs, l => l.Contains("GetWorkflowDashboard", StringComparison.Ordinal) || l.Contains("/api/workflows/dashboard", StringComparison.Ordinal));

        // the export: their own centre's rows only; asking for centre A outright is 403, logged
        var lines = await CsvLines(await caseworkerB.GetAsync("/api/workflows/instances/export.csv"));
        Assert.StartsWith(own.ToString(), Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworkerB.GetAsync($"/api/workflows/instances/export.csv?centreId={Centre}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworkerB.GetAsync($"/api/workflows/incidents/export.csv?centreId={Centre}")).StatusCode);
        Assert.Contains(_factory.Logs, l => l.Contains("Refused export on workflow-centre", StringComparison.Ordinal));
        Assert.DoesNotContain(_exports, l => l.Contains("centreId", StringComparison.Ordinal) && l.Contains("cw-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_audit_list_exports_as_csv_within_the_supervisors_area()
    {
        // a read of the demo centre's audit: the demo users' own sign-in leaves none, so write a row by reading the list
        var response = await SupervisorOfTrikala.GetAsync("/api/registries/audit/export.csv?action=read");
        var lines = await CsvLines(response);
        Assert.Equal("Πότε;Χρήστης;Δομή;Ενέργεια;Είδος;Κωδικός;Τι", lines[0]);
        Assert.Equal(lines.Length - 1, int.Parse(response.Headers.GetValues("X-Total-Rows").Single(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Forbidden, (await _factory.ClientAs("Caseworker", CentreB, "cw-b2").GetAsync("/api/registries/audit/export.csv")).StatusCode);
        Assert.Contains(_exports, l => l.Contains("Exported audit", StringComparison.Ordinal) && l.Contains("filters action", StringComparison.Ordinal));
    }

    private sealed class ExportLogs(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName == BuildingBlocks.Http.CsvExport.LogCategory ? new Logger(sink) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue(formatter(state, exception));
        }
    }
}
