using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Platform.Bench.Measure;
using Platform.BuildingBlocks.Localization;
using Platform.Host.Composition;
using Platform.Host.Silo;
using Platform.Workflows;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;
using Platform.Workflows.Timers;

// ./platform bench workflows [--quick]: the workflow runtime against plain PostgreSQL baselines, same database, same run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var phase = TimeSpan.FromSeconds(quick ? 5 : 20);
var samples = quick ? 500 : 2_000;
var timerCount = quick ? 10_000 : 100_000;
const int Clients = 16;

var server = Environment.GetEnvironmentVariable("PLATFORM_BENCH_PG") is { Length: > 0 } env ? env : "Host=127.0.0.1;Port=55432;Username=postgres";
var cs = new NpgsqlConnectionStringBuilder(server) { Database = "platform_bench_workflows", MaxPoolSize = 100 }.ConnectionString;
await using (var admin = NpgsqlDataSource.Create(server))
{
    await admin.CreateCommand("DROP DATABASE IF EXISTS platform_bench_workflows WITH (FORCE)").ExecuteNonQueryAsync();
    await admin.CreateCommand("CREATE DATABASE platform_bench_workflows").ExecuteNonQueryAsync();
}
await OrleansSchema.EnsureAsync(cs);

var host = await StartHostAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
await using var db = NpgsqlDataSource.Create(cs);
await db.CreateCommand("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, instance_id uuid, at timestamptz, payload jsonb)").ExecuteNonQueryAsync();

var report = new StringBuilder();
var actor = new WorkflowActor("bench", null, ["Caseworker"]);
var machine = $"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}";
report.AppendLine("# Platform bench — workflow runtime (issue 3)").AppendLine();
report.AppendLine($"- **Run:** {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(quick ? "quick" : "full")} ({phase.TotalSeconds:0} s phases, {Clients} clients, {samples:N0} latency samples, {timerCount:N0} timers)");
report.AppendLine($"- **Machine:** {machine}; PostgreSQL, the silo and the bench client share it; `synchronous_commit=on`.");
report.AppendLine("- **Runtime:** one in-process silo (ADO.NET clustering, storage, reminders on the same database), the Platform's workflow runtime; a step = grain call, validation, Stateless transition and one batch (journal, instance row, timers, outbox) committed as one implicit transaction.").AppendLine();

// 1. Throughput: steps/s at 16 concurrent instances vs one-row INSERTs/s at 16 clients
var instances = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => StartAsync(ToggleFlow.ProcessName, "{}")));
var insertsPerSecond = await ThroughputAsync(async _ =>
{
    await using var command = db.CreateCommand("INSERT INTO bench_insert (instance_id, at, payload) VALUES ($1, now(), '{\"k\":1}')");
    command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
    await command.ExecuteNonQueryAsync();
});
var stepsPerSecond = await ThroughputAsync(client => StepAsync(instances[client]));
// commits per step over a fixed number of steps, counted on their own after the timed phase
var commitsBefore = await CommitsAsync();
const int CountedSteps = 5_000;
var counted = -1;
await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
{
    while (Interlocked.Increment(ref counted) < CountedSteps)
    {
        await StepAsync(instances[client]);
    }
}));
var commitsPerStep = (await CommitsAsync() - commitsBefore) / (double)CountedSteps;
report.AppendLine("## Throughput (16 concurrent)").AppendLine();
report.AppendLine("| Figure | Baseline | Measured | Ratio | Target |").AppendLine("|---|---|---|---:|---|");
report.AppendLine($"| Durable steps/s at 16 instances ÷ one-row INSERTs/s at 16 clients | {insertsPerSecond:N0} inserts/s | {stepsPerSecond:N0} steps/s | **{stepsPerSecond / insertsPerSecond:0.00}** | ≥ 0.5 |");
report.AppendLine($"| Database commits per step (`pg_stat_database.xact_commit` delta ÷ steps, whole database, background work included) | 1 | {commitsPerStep:0.000} | **{commitsPerStep:0.00}** | 1.0 |");

// 2. Latency: one instance, sequential, vs a single-row commit
var single = await StartAsync(ToggleFlow.ProcessName, "{}");
var commitLatency = await LatencyAsync(async () =>
{
    await using var command = db.CreateCommand("INSERT INTO bench_insert (instance_id, at, payload) VALUES ($1, now(), '{\"k\":1}')");
    command.Parameters.Add(new NpgsqlParameter { Value = single });
    await command.ExecuteNonQueryAsync();
});
var stepLatency = await LatencyAsync(() => StepAsync(single));
report.AppendLine($"| Single-instance step p50 ÷ single-row commit p50 | {commitLatency.P50:0.000} ms (p95 {commitLatency.P95:0.000}) | {stepLatency.P50:0.000} ms (p95 {stepLatency.P95:0.000}) | **{stepLatency.P50 / commitLatency.P50:0.00}** | ≤ 3 |").AppendLine();

// 3. Timers: N follow-up timers falling due together
report.AppendLine($"## {timerCount:N0} timers falling due together").AppendLine();
// armed a day ahead so no reminder tick fires them during the setup
var due = DateTimeOffset.UtcNow.AddDays(1);
var startWatch = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, timerCount), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, _) =>
    await StartAsync(TimerFlow.ProcessName, $"{{\"dueAt\":\"{due:O}\"}}"));
var setup = startWatch.Elapsed;
var armed = await ScalarAsync("SELECT count(*) FROM workflows.timers");
// a restart, as after the days a follow-up waits: no instance is in memory when its timer falls due
await host.StopAsync();
host.Dispose();
host = await StartHostAsync();
grains = host.Services.GetRequiredService<IGrainFactory>();
await db.CreateCommand("UPDATE workflows.timers SET due_at = now() - interval '1 second'").ExecuteNonQueryAsync();
await CpuSnapshot.FindServerAsync(cs, CancellationToken.None);
var fireCpu = CpuSnapshot.Take(null);
var fireWatch = Stopwatch.StartNew();
var dispatched = await grains.GetGrain<ITimerDispatcherGrain>(0).DispatchDue(null, null);
var fired = await ScalarAsync("SELECT count(*) FROM workflows.journal WHERE kind = 'Timer'");
var fireTime = fireWatch.Elapsed;
var fireCpuAfter = CpuSnapshot.Take(null);
var left = await ScalarAsync("SELECT count(*) FROM workflows.timers");
// rows one transaction wrote share their xmin: how many commits carried the timer steps
var timerCommits = await ScalarAsync("SELECT count(DISTINCT xmin::text) FROM workflows.journal WHERE kind = 'Timer'");

await db.CreateCommand("TRUNCATE bench_insert").ExecuteNonQueryAsync();
var insertCpu = CpuSnapshot.Take(null);
var insertWatch = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
{
    while (Interlocked.Increment(ref next) < timerCount)
    {
        await using var command = db.CreateCommand("INSERT INTO bench_insert (instance_id, at, payload) VALUES ($1, now(), '{\"k\":1}')");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
        await command.ExecuteNonQueryAsync();
    }
}));
var insertTime = insertWatch.Elapsed;
var insertCpuAfter = CpuSnapshot.Take(null);
report.AppendLine("| Figure | Baseline | Measured | Ratio | Target |").AppendLine("|---|---|---|---:|---|");
report.AppendLine($"| Time until all {timerCount:N0} due timers fired ÷ {timerCount:N0} one-row INSERTs (16 clients) | {insertTime.TotalSeconds:0.0} s | {fireTime.TotalSeconds:0.0} s ({dispatched.Fired:N0} fired, {dispatched.Refused} refused) | **{fireTime / insertTime:0.00}** | ≤ 2 |");
report.AppendLine().AppendLine($"Setup (not measured as a figure): {timerCount:N0} instances started in {setup.TotalSeconds:0.0} s ({timerCount / setup.TotalSeconds:N0}/s), {armed:N0} timers armed; after the run {fired:N0} journal rows of kind Timer (written by {timerCommits:N0} transactions, {fired / (double)Math.Max(1, timerCommits):0.0} steps per commit) and {left:N0} timers left.");
report.AppendLine($"CPU while the timers fired: {CpuSnapshot.Describe(fireCpu, fireCpuAfter, dispatched.Fired, "timer")} (the silo runs in the bench process). " +
    $"While the INSERTs ran: {CpuSnapshot.Describe(insertCpu, insertCpuAfter, timerCount, "insert")}.");
report.AppendLine("The timers fire through the dispatcher grain (one Orleans reminder): keyset batches of 1,000 due rows, 64 instance grains at a time, each firing = one step (journal row, instance row, its timer row deleted), all or nothing; the steps that queue while one group commits go together in the next transaction (up to 64 per commit).").AppendLine();

// 4. Reminder-table reads per refresh, with the timers of the run in place
var (scansBefore, tuplesBefore) = await ReminderReadsAsync();
var watch = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(quick ? 25 : 65));
var (scansAfter, tuplesAfter) = await ReminderReadsAsync();
var refreshes = Math.Max(1, (int)(watch.Elapsed.TotalSeconds / 20));
var reminderRows = await ScalarAsync("SELECT count(*) FROM orleansreminderstable");
report.AppendLine("## Reminder table").AppendLine();
report.AppendLine($"Rows in `orleansreminderstable`: **{reminderRows}** (one per dispatcher, whatever the number of workflow timers: {armed:N0} were armed in this run). " +
    $"Over {watch.Elapsed.TotalSeconds:0} s ({refreshes} refreshes at 20 s): {scansAfter - scansBefore} scans reading {tuplesAfter - tuplesBefore} rows, " +
    $"i.e. **{(scansAfter - scansBefore) / (double)refreshes:0.0} reads and {(tuplesAfter - tuplesBefore) / (double)refreshes:0.0} rows per refresh** (index on the grain hash).");

await host.StopAsync();
host.Dispose();
var markdown = report.ToString();
Console.WriteLine(markdown);
var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Platform.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from the repository");
}
Directory.CreateDirectory(Path.Combine(root, "bench", "results"));
await File.WriteAllTextAsync(Path.Combine(root, "bench", "results", $"workflows-{(quick ? "quick" : "full")}.md"), markdown);
return 0;

async Task<IHost> StartHostAsync()
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.UseOrleans(silo =>
    {
        silo.UsePlatformPostgres(cs, "bench", "bench");
        silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, 11131, 30031);
        // the reminder service re-reads its table every 20 s here (default: every 5 minutes), to count reads per refresh
        silo.Services.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = TimeSpan.FromSeconds(20));
    });
    builder.Services.AddWorkflows(cs);
    builder.Services.AddWorkflowDefinition<ToggleFlow>();
    builder.Services.AddWorkflowDefinition<TimerFlow>();
    var built = builder.Build();
    await built.Services.MigrateWorkflowsAsync();
    await built.StartAsync();
    return built;
}

async Task<Guid> StartAsync(string definition, string data)
{
    var id = Guid.NewGuid();
    var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(id).Start(new StartInstance(Guid.NewGuid(), definition, new InstanceScope(null, null, null), data, actor));
    return outcome.Succeeded ? id : throw new InvalidOperationException(outcome.Code);
}

async Task StepAsync(Guid instance)
{
    var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(instance).Fire(new FireTrigger(Guid.NewGuid(), nameof(ToggleTrigger.Toggle), null, null, actor));
    if (!outcome.Succeeded)
    {
        throw new InvalidOperationException(outcome.Code);
    }
}

async Task<double> ThroughputAsync(Func<int, Task> operation)
{
    // 3 s warm-up, then the measured phase; a call counts when it completes
    foreach (var (length, measured) in new[] { (TimeSpan.FromSeconds(3), false), (phase, true) })
    {
        var count = 0L;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            while (stop.Elapsed < length)
            {
                await operation(client);
                Interlocked.Increment(ref count);
            }
        }));
        if (measured)
        {
            return count / stop.Elapsed.TotalSeconds;
        }
    }
    throw new UnreachableException();
}

async Task<(double P50, double P95)> LatencyAsync(Func<Task> operation)
{
    for (var i = 0; i < 200; i++)
    {
        await operation();
    }
    var times = new double[samples];
    for (var i = 0; i < samples; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    return (times[(int)Math.Ceiling(0.5 * samples) - 1], times[(int)Math.Ceiling(0.95 * samples) - 1]);
}

// an idle backend flushes its statistics within 10 s (PostgreSQL 15): wait that long before reading the counter
async Task<long> CommitsAsync()
{
    await Task.Delay(TimeSpan.FromSeconds(11));
    return await ScalarAsync("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", flush: true);
}

async Task<(long Scans, long Tuples)> ReminderReadsAsync()
{
    await Task.Delay(1500); // backends flush their statistics about once a second
    await db.CreateCommand("SELECT pg_stat_clear_snapshot()").ExecuteNonQueryAsync();
    await using var command = db.CreateCommand(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0), coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'orleansreminderstable'");
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0), reader.GetInt64(1));
}

async Task<long> ScalarAsync(string sql, bool flush = false)
{
    if (flush)
    {
        await Task.Delay(1500);
        await db.CreateCommand("SELECT pg_stat_clear_snapshot()").ExecuteNonQueryAsync();
    }
    return Convert.ToInt64(await db.CreateCommand(sql).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

internal enum ToggleState { Left, Right }

internal enum ToggleTrigger { Toggle }

/// <summary>The smallest real process: every step moves between two states (a transition, a journal row, a new task).</summary>
internal sealed class ToggleFlow : WorkflowDefinition<ToggleState, ToggleTrigger>
{
    public const string ProcessName = "bench-toggle";
    public override string Name => ProcessName;
    public override int Version => 1;
    public override Bilingual Title => new("Εναλλαγή", "Toggle");
    protected override ToggleState InitialState => ToggleState.Left;

    protected override void Define(WorkflowBuilder<ToggleState, ToggleTrigger> b)
    {
        b.State(ToggleState.Left, new("Αριστερά", "Left")).Task("Caseworker", TimeSpan.FromDays(1)).Permit(ToggleTrigger.Toggle, ToggleState.Right);
        b.State(ToggleState.Right, new("Δεξιά", "Right")).Task("Caseworker", TimeSpan.FromDays(1)).Permit(ToggleTrigger.Toggle, ToggleState.Left);
        b.Trigger(ToggleTrigger.Toggle, new("Εναλλαγή", "Toggle")).By("Caseworker");
    }
}

internal enum WaitState { Waiting, FollowedUp }

internal enum WaitTrigger { FollowUpDue }

/// <summary>A follow-up falling due at a date in the instance's data.</summary>
internal sealed class TimerFlow : WorkflowDefinition<WaitState, WaitTrigger>
{
    public const string ProcessName = "bench-timer";
    public override string Name => ProcessName;
    public override int Version => 1;
    public override Bilingual Title => new("Υπενθύμιση", "Follow-up");
    protected override WaitState InitialState => WaitState.Waiting;

    protected override void Define(WorkflowBuilder<WaitState, WaitTrigger> b)
    {
        b.State(WaitState.Waiting, new("Αναμονή", "Waiting"))
            .At("follow-up", d => d.Get<DateTimeOffset?>("dueAt"), WaitTrigger.FollowUpDue, new("Παρακολούθηση", "Follow-up"))
            .Permit(WaitTrigger.FollowUpDue, WaitState.FollowedUp);
        b.State(WaitState.FollowedUp, new("Έγινε", "Done")).Task("Caseworker", TimeSpan.FromDays(7));
        b.Trigger(WaitTrigger.FollowUpDue, new("Ώρα", "Due")).BySystem();
    }
}
