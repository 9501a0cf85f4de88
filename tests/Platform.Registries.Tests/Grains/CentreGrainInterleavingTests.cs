using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Registries.Contracts;
using Platform.Testing;

namespace Platform.Registries.Tests.Grains;

/// <summary>
/// Issue 5: the centre's page polls <see cref="ICentreGrain.GetFigures"/>, which interleaves with the grain's other calls.
/// A read that runs while a workload change is being counted must not make either update disappear; reads that poll
/// together share one count. The workload source is
/// a gate the test opens (the only stand-in: the real source would answer before the interleaving could be arranged);
/// the host, the silo, the database and the registration are real.
/// </summary>
public sealed class CentreGrainInterleavingTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly GatedWorkload _workload = new();
    private PlatformFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new PlatformFactory(_database.ConnectionString, services: s =>
        {
            s.RemoveAll<ICentreWorkloadSource>();
            s.AddSingleton<ICentreWorkloadSource>(_workload);
        });
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_read_during_a_workload_change_loses_neither_the_new_file_count_nor_the_new_workload()
    {
        var centre = _factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICentreGrain>(PlatformFixture.Centre);
        var before = (await centre.GetFigures())!;

        // A person registered: the file count in the database is one more and the grain was told (FilesChanged, before the response).
        using (var head = await _factory.ClientForAsync(DemoUsers.CentreHead))
        {
            var response = await head.PostAsJsonAsync("/api/registries/beneficiaries", PlatformFixture.Person("Διαπλεκόμενη", "Ανάγνωση"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        // A referral accepted: the workload changes; counting it is held at the gate while a page reads the figures.
        _workload.Close(openReferrals: before.Workload?.OpenReferrals + 1 ?? 1);
        var change = centre.WorkloadChanged();
        await Task.WhenAny(_workload.Entered, change).WaitAsync(TimeSpan.FromSeconds(30));
        var read = centre.GetFigures();
        await Task.WhenAny(read, Task.Delay(200));
        _workload.Open();
        await change.WaitAsync(TimeSpan.FromSeconds(30));
        await read.WaitAsync(TimeSpan.FromSeconds(30));

        var after = (await centre.GetFigures())!;
        Assert.Equal(before.OpenFiles + 1, after.OpenFiles);
        Assert.Equal((before.Workload?.OpenReferrals ?? 0) + 1, after.Workload?.OpenReferrals);
        Assert.Equal(await _database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE centre_id = '{PlatformFixture.Centre}'"),
            after.OpenFiles);
    }

    [Fact]
    public async Task Pages_polling_together_after_a_change_share_one_count()
    {
        var centre = _factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICentreGrain>(PlatformFixture.Centre);
        var before = (await centre.GetFigures())!;

        _workload.Close(openReferrals: (before.Workload?.OpenReferrals ?? 0) + 3);
        var calls = _workload.Calls;
        await centre.WorkloadChanged();
        var first = centre.GetFigures();
        await _workload.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var others = Enumerable.Range(0, 9).Select(_ => centre.GetFigures()).ToArray(); // nine more open pages poll meanwhile
        await Task.WhenAny(Task.WhenAll(others), Task.Delay(300));
        _workload.Open();
        var figures = await Task.WhenAll([first, .. others]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(calls + 1, _workload.Calls);
        Assert.All(figures, f => Assert.Equal((before.Workload?.OpenReferrals ?? 0) + 3, f!.Workload?.OpenReferrals));

        // A change after the shared count began is not served by it: the next read counts again.
        _workload.Close(openReferrals: (before.Workload?.OpenReferrals ?? 0) + 4);
        _workload.Open();
        await centre.WorkloadChanged();
        Assert.Equal((before.Workload?.OpenReferrals ?? 0) + 4, (await centre.GetFigures())!.Workload?.OpenReferrals);
        Assert.Equal(calls + 2, _workload.Calls);
    }

    /// <summary>Answers a fixed workload; while closed, a count waits until the test opens the gate.</summary>
    private sealed class GatedWorkload : ICentreWorkloadSource
    {
        private TaskCompletionSource _gate = Opened();
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _openReferrals;
        private int _calls;

        public Task Entered => _entered.Task;

        public int Calls => Volatile.Read(ref _calls);

        public void Close(int openReferrals)
        {
            _openReferrals = openReferrals;
            _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _gate.TrySetResult();

        public async Task<CentreWorkload> GetAsync(Guid centreId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            _entered.TrySetResult();
            await _gate.Task;
            return new CentreWorkload(_openReferrals, 0, 0, 0, 0, 0, 0);
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
