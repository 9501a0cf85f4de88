using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Platform.Testing;

namespace Platform.Registries.Tests.Durability;

/// <summary>R29: a file's grain state and timeline survive a restart and a kill -9; no file event is lost between two writes.</summary>
public sealed class FileDurabilityTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_timeline_survives_kill_9_of_the_host_process_and_a_restart()
    {
        Guid id;
        // The same ports after the restart, as `./platform run` does: the new silo takes the killed one's place.
        var ports = (Http: PlatformFactory.FreePort(), Silo: PlatformFactory.FreePort(), Gateway: PlatformFactory.FreePort());
        using (var host = await HostProcess.StartAsync(_database.ConnectionString, ports))
        {
            var person = PlatformFixture.Person("Καραγιάννη", "Φωτεινή");
            var created = await host.Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
            var consent = await host.Client.PostAsJsonAsync($"/api/registries/beneficiaries/{id}/consents", new { purpose = "contactByPhone" });
            Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
            host.Kill(); // SIGKILL: no shutdown, no flush
        }

        using var restarted = await HostProcess.StartAsync(_database.ConnectionString, ports);
        var timeline = await (await restarted.Client.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).ReadJsonAsync();
        Assert.Equal(["consent-recorded", "registered"], timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var file = await (await restarted.Client.GetAsync($"/api/registries/beneficiaries/{id}")).ReadJsonAsync();
        Assert.Equal(2, file.GetProperty("summary").GetProperty("activeConsents").GetInt32());
    }

    [Fact]
    public async Task A_file_event_committed_but_never_delivered_reaches_the_grain_from_the_outbox()
    {
        await using var factory = new PlatformFactory(_database.ConnectionString);
        using var client = await factory.ClientForAsync(DemoUsers.CentreHead);
        var fixturePerson = PlatformFixture.Person("Βλάχου", "Χαρίκλεια");
        var created = await client.PostAsJsonAsync("/api/registries/beneficiaries", fixturePerson);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        // As if the process had died after the commit and before the grain call: an old, undelivered outbox row.
        var eventId = Guid.NewGuid();
        var payload = $$"""
            {"entry":{"eventId":"{{eventId}}","at":"2026-01-01T10:00:00Z","kind":"profile-updated","actor":"crashed","centreId":null,"fields":["phone"],"module":"registries","reference":null},"summary":null}
            """;
        await _database.ScalarAsync<int>($"""
            INSERT INTO registries.outbox (id, beneficiary_id, created_at, payload, attempts)
            VALUES ('{eventId}', '{id}', now() - interval '1 minute', '{payload}'::jsonb, 0) RETURNING 1
            """);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var timeline = await (await client.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).ReadJsonAsync();
            if (timeline.EnumerateArray().Any(e => e.GetProperty("eventId").GetGuid() == eventId))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the outbox never delivered the event");
            await Task.Delay(500);
        }

        // Delivered once, and the row is gone.
        await Task.Delay(500);
        Assert.Equal(0, await _database.ScalarAsync<long>($"SELECT count(*) FROM registries.outbox WHERE id = '{eventId}'"));
    }

    [Fact]
    public async Task A_clean_stop_leaves_no_delivered_event_in_the_outbox()
    {
        Guid id;
        await using (var factory = new PlatformFactory(_database.ConnectionString))
        {
            using var client = factory.ClientAs("Caseworker", PlatformFixture.Centre);
            var created = await client.PostAsJsonAsync("/api/registries/beneficiaries", PlatformFixture.Person("Σταματοπούλου", "Λήδα"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        } // stops the host well within the outbox loop's two seconds

        // Otherwise the next start would deliver the registration again (harmless, but a grain activation per event).
        Assert.Equal(0, await _database.ScalarAsync<long>($"SELECT count(*) FROM registries.outbox WHERE beneficiary_id = '{id}'"));
    }

    [Fact]
    public async Task Two_hosts_on_one_database_form_one_cluster()
    {
        await using var first = new PlatformFactory(_database.ConnectionString);
        await using var second = new PlatformFactory(_database.ConnectionString, seedDemoData: false);
        using var a = await first.ClientForAsync(DemoUsers.CentreHead);
        // A token from one host is good on the other (one data-protection key ring; as behind a load balancer).
        using var b = second.CreateClient();
        b.DefaultRequestHeaders.Authorization = a.DefaultRequestHeaders.Authorization;

        var id = (await (await a.PostAsJsonAsync("/api/registries/beneficiaries", PlatformFixture.Person("Τσιρίγου", "Όλγα"))).ReadJsonAsync()).GetProperty("id").GetGuid();
        var timeline = await (await b.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).ReadJsonAsync();

        Assert.Equal("registered", timeline[0].GetProperty("kind").GetString());
        Assert.Equal(2, await _database.ScalarAsync<long>("SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
    }
}
