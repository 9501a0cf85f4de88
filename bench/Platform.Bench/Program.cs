using System.Globalization;
using System.Text;
using Bogus.Bson;
using Platform.Bench;
using Platform.Bench.Data;
using Platform.Bench.Database;
using Platform.Bench.Measure;
using Platform.Bench.Registration;
using Platform.Bench.Reporting;
using Platform.Bench.Search;
using Platform.Registries.Seed;

// ./platform bench [--rows N] [--quick] [--regenerate] …: see BenchOptions.Usage.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = Encoding.UTF8;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        await Console.Error.WriteLineAsync("platform-bench: " + error);
    }

    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

var root = RepositoryRoot();
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: stop the loops and write what was measured; the host is stopped on the way out.
    if (!cts.IsCancellationRequested)
    {
        e.Cancel = true;
        Log.Info("interrupted: finishing up");
        cts.Cancel();
    }
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => HostProcess.KillRunning();

var report = new Report();
var exitCode = 0;
try
{
    var ct = cts.Token;
    await BenchDatabase.EnsureAsync(options, ct);
    await CpuSnapshot.FindServerAsync(options.ConnectionString, ct);
    await RunEnvironment.DescribeAsync(report, options, root, ct);

    var municipalities = await BenchDatabase.MunicipalitiesAsync(options.ConnectionString, ct);
    var surnames = GreekNames.Pool(BogusLastNames(), DataLoader.Seed);
    PersonFaker MakeFaker(IdentifierAllocator ids) => new(surnames, municipalities, DemoData.CommunityCentre, ids);

    await DataLoader.LoadAsync(options, report, MakeFaker(IdentifierAllocator.ForGenerator()), ct);
    if (!options.SkipSearch)
    {
        await SearchBench.RunAsync(options, report, ct);
    }

    if (!options.SkipRegistration)
    {
        await RegistrationBench.RunAsync(options, report, root, MakeFaker, ct);
    }
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    report.Problem("The run was interrupted (Ctrl-C); figures not shown were not measured.");
    exitCode = 130;
}
catch (Exception ex)
{
    report.Problem($"The run failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
    await Console.Error.WriteLineAsync(ex.ToString());
    exitCode = 1;
}
finally
{
    HostProcess.KillRunning();
}

var markdown = report.Render();
Console.WriteLine();
Console.WriteLine(markdown);
var results = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "latest.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(results, $"latest-{options.Mode}.md"), markdown);
Directory.CreateDirectory(Path.Combine(results, "history"));
await File.WriteAllTextAsync(Path.Combine(results, "history", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{options.Mode}.md"), markdown);
Log.Info($"report written to bench/results/latest.md (and latest-{options.Mode}.md, history/)");
return exitCode;

// The repository root: the folder with Platform.sln above the working directory or the binary.
static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("Platform.sln not found above the working directory: run the bench from the repository (./platform bench).");
}

// Bogus' Greek locale: 200 surnames, male and female forms mixed.
static IEnumerable<string> BogusLastNames()
{
    var locale = Bogus.Database.GetLocale("el");
    if (locale["name"] is BObject name && name["last_name"] is BArray list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            yield return list[i].StringValue;
        }
    }
}
