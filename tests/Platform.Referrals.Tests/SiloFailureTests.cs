using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Referrals.Tests;

/// <summary>
/// Issue 3: one of two hosts (two silos of one cluster on one database) is killed with SIGKILL in the middle of a
/// stream of steps. Clients retry what was not acknowledged, with the same command id, on the survivor. Every
/// acknowledged step is in the journal exactly once and no instance is left between states.
/// </summary>
public sealed class SiloFailureTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private static (int, int, int) Ports() => (PlatformFactory.FreePort(), PlatformFactory.FreePort(), PlatformFactory.FreePort());

    private static readonly (string Trigger, object? Input)[] Plan =
    [
        ("Submit", null), ("Accept", new { }), ("StartService", new { }),
        ("RecordFollowUp", new { reason = "1" }), ("RecordFollowUp", new { reason = "2" }), ("RecordFollowUp", new { reason = "3" }),
        ("RecordFollowUp", new { reason = "4" }), ("RecordFollowUp", new { reason = "5" }),
        ("Close", new { outcome = "couldNotContact", reason = "Δεν απαντά" }),
    ];

    [Fact]
    public async Task Killing_one_silo_during_a_stream_of_steps_loses_and_doubles_nothing()
    {
        using var survivor = await HostProcess.StartAsync(_database.ConnectionString, Ports());
        using var victim = await HostProcess.StartAsync(_database.ConnectionString, Ports());
        await survivor.SignInAsync(DemoUsers.Caseworker);
        await victim.SignInAsync(DemoUsers.Caseworker);

        var kea = (await (await survivor.Client.GetAsync("/api/registries/programmes")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("data").GetProperty("isSocialSolidarityIncome").GetBoolean()).GetProperty("id").GetGuid();
        var referrals = new List<Guid>();
        for (var i = 0; i < 24; i++)
        {
            var person = await RegisterAsync(survivor.Client, i);
            var created = await survivor.Client.PostAsJsonAsync("/api/referrals",
                new { commandId = Guid.NewGuid(), beneficiaryId = person, targetKind = "programme", targetId = kea, reason = "ΚΕΑ" });
            referrals.Add((await created.ReadJsonAsync()).Id());
        }

        var acknowledged = new ConcurrentBag<Guid>();
        var victimDown = false;
        var killed = 0;
        var acknowledgedBeforeKill = 0;

        // The kill comes once the stream is well under way, from the stream that records the 40th step, at once. A watcher
        // polling from the thread pool was scheduled late on a loaded machine (113 of 216 steps done, half the stream).
        void Acknowledge(Guid command)
        {
            acknowledged.Add(command);
            if (acknowledged.Count >= 40 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                Volatile.Write(ref acknowledgedBeforeKill, acknowledged.Count);
                victim.Kill();
                Volatile.Write(ref victimDown, true);
            }
        }

        var streams = referrals.Select((referral, index) => Task.Run(async () =>
        {
            for (var step = 0; step < Plan.Length; step++)
            {
                var command = Guid.NewGuid();
                var (trigger, input) = Plan[step];
                var deadline = DateTime.UtcNow.AddSeconds(120);
                for (var attempt = 0; ; attempt++)
                {
                    // alternate hosts; once the victim is gone, retries go to the survivor with the same command id
                    var client = !Volatile.Read(ref victimDown) && (index + step + attempt) % 2 == 0 ? victim.Client : survivor.Client;
                    try
                    {
                        var response = await client.PostAsJsonAsync($"/api/workflows/instances/{referral}/triggers/{trigger}", new { commandId = command, input });
                        if (response.IsSuccessStatusCode)
                        {
                            Acknowledge(command);
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // unknown outcome: retried below with the same command id
                    }
                    Assert.True(DateTime.UtcNow < deadline, $"step {trigger} of {referral} never acknowledged");
                    await Task.Delay(250);
                }
            }
        })).ToList();

        await Task.WhenAll(streams);

        Assert.Equal(1, killed);
        Assert.True(acknowledgedBeforeKill < referrals.Count * Plan.Length / 2, $"the kill came too late ({acknowledgedBeforeKill} steps done)");
        Assert.Equal(referrals.Count * Plan.Length, acknowledged.Count);
        var journaled = await _database.ScalarAsync<long>(
            $"SELECT count(*) FROM workflows.journal WHERE command_id IN ({string.Join(",", acknowledged.Select(c => $"'{c}'"))})");
        Assert.Equal(acknowledged.Count, journaled);
        // each step once: the start plus one row per planned step, per referral
        Assert.Equal(referrals.Count * (Plan.Length + 1), await _database.ScalarAsync<long>("SELECT count(*) FROM workflows.journal"));
        // no instance between states: its row agrees with its last journal entry, and every referral reached the end
        Assert.Equal(0, await _database.ScalarAsync<long>("""
            SELECT count(*) FROM workflows.instances i
            JOIN LATERAL (SELECT revision, to_state FROM workflows.journal j WHERE j.instance_id = i.id ORDER BY revision DESC LIMIT 1) last ON true
            WHERE i.revision <> last.revision OR i.state <> last.to_state
            """));
        Assert.Equal(referrals.Count, await _database.ScalarAsync<long>("SELECT count(*) FROM workflows.instances WHERE state = 'Closed' AND status = 'Completed'"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(DISTINCT revision) FROM (SELECT instance_id, count(*) - max(revision) AS revision FROM workflows.journal GROUP BY instance_id) gaps"));
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, int i)
    {
        var birth = new DateOnly(1960, 1 + (i % 12), 1 + i);
        var response = await client.PostAsJsonAsync("/api/registries/beneficiaries", new JsonObject
        {
            ["surname"] = "Ανθεκτικός", ["firstName"] = "Πέτρος", ["fatherName"] = "Ιωάννης", ["motherName"] = "Ελένη",
            ["birthDate"] = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["sex"] = "male",
            ["municipalityId"] = ReferralsFixture.Trikala, ["centreId"] = ReferralsFixture.Centre, ["amka"] = Amka.Compute(birth, 7000 + i),
            ["consents"] = new JsonArray("processingOfPersonalData", "sharingWithReferralTargets"), ["confirmNotDuplicate"] = true,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).Id();
    }
}
