using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Platform.Testing;

namespace Platform.Supervision.Tests;

/// <summary>
/// R23 deadline reminders on Orleans reminders, on a fake clock (the reminder service's and the host's): the annual
/// report of 2025 is due on 31 March 2026 and its reminder fires 30 days before, at midnight Athens time on 1 March.
/// </summary>
public sealed class DeadlineReminderTests : IAsyncLifetime
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    /// <summary>1 March 2026, 00:00 in Athens (UTC+2).</summary>
    private static readonly DateTimeOffset ReminderDay = new(2026, 2, 28, 22, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 2, 20, 10, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    /// <summary>A host whose every clock is the fake one; the hourly sweep off unless asked, so only Orleans reminders fire.</summary>
    private PlatformFactory Host(bool sweep = false) => new(_database.ConnectionString,
        settings: new Dictionary<string, string?> { ["Supervision:DeadlineSweepPeriod"] = sweep ? "01:00:00" : "00:00:00" },
        services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, _clock);
        });

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The centre started in June 2025 and filed its regulation then: what is left is the 2025 report, and 2026's.</summary>
    private static async Task SetUpCentreAsync(HttpClient client)
    {
        await JsonAsync(await client.PutAsJsonAsync($"/api/supervision/centres/{Centre}/operation-start", new { startedOn = "2025-06-01" }));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("2025-05-20"), "adoptedOn" }, { new StringContent("31/2025"), "decisionNumber" },
            { new StringContent("2025-05-28"), "filedOn" }, { new StringContent("ΔΚΑΑ/4411"), "protocolNumber" },
        };
        var pdf = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "document", "kanonismos.pdf");
        await JsonAsync(await client.PostAsync($"/api/supervision/centres/{Centre}/regulation", form));
    }

    private Task<long> FiredAsync() => _database.ScalarAsync<long>("SELECT count(*) FROM supervision.deadline_reminders WHERE deadline_key = 'annual-report:2025'");

    /// <summary>Moves the fake clock in one-minute steps, giving the silo's timers real time to run, until the condition holds.</summary>
    private async Task AdvanceUntilAsync(Func<Task<bool>> done, TimeSpan atMost)
    {
        var until = _clock.GetUtcNow() + atMost;
        var realLimit = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(_clock.GetUtcNow() < until && DateTime.UtcNow < realLimit, $"not done by {_clock.GetUtcNow():u}");
            _clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_reminder_fires_once_on_its_day_is_listed_and_a_filed_report_ends_it()
    {
        await using var host = Host();
        using var client = host.ClientAs("CentreHead", Centre, "head.test");
        await SetUpCentreAsync(client);

        var soon = await JsonAsync(await client.GetAsync("/api/supervision/deadlines?within=60d"));
        var report = Assert.Single(soon.EnumerateArray());
        Assert.Equal("annual-report:2025", report.GetProperty("key").GetString());
        Assert.Equal("2026-03-31", report.GetProperty("dueOn").GetString());
        Assert.Equal("2026-03-01", report.GetProperty("remindOn").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("remindedAt").ValueKind);
        Assert.Empty((await JsonAsync(await client.GetAsync("/api/supervision/deadlines?within=30d"))).EnumerateArray());

        // A minute before midnight in Athens: nothing yet.
        _clock.SetUtcNow(ReminderDay - TimeSpan.FromMinutes(2));
        await AdvanceUntilAsync(async () => _clock.GetUtcNow() >= ReminderDay - TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        await Task.Delay(500);
        Assert.Equal(0, await FiredAsync());

        // Midnight: the Orleans reminder ticks and the reminder is written, once.
        await AdvanceUntilAsync(async () => await FiredAsync() == 1, TimeSpan.FromMinutes(10));
        _clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(1000);
        Assert.Equal(1, await FiredAsync());

        var due = Assert.Single((await JsonAsync(await client.GetAsync("/api/supervision/deadlines?within=30d"))).EnumerateArray());
        Assert.Equal("annual-report:2025", due.GetProperty("key").GetString());
        Assert.True(due.GetProperty("remindedAt").GetDateTimeOffset() >= ReminderDay);
        Assert.Equal(30, due.GetProperty("daysLeft").GetInt32());
        Assert.Equal("Υποβολή Ετήσιου Απολογισμού Λειτουργίας 2025", due.GetProperty("title").GetString());

        // Filing the report meets the deadline: it leaves the list, next year's stays ahead.
        await JsonAsync(await client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/annual-reports/2025/filing",
            new { filedOn = "2026-03-01", protocolNumber = "ΔΚΑΑ/5001" }));
        var after = await JsonAsync(await client.GetAsync("/api/supervision/deadlines?within=400d"));
        Assert.Equal(["annual-report:2026"], after.EnumerateArray().Select(d => d.GetProperty("key").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/supervision/deadlines?within=soon")).StatusCode);
    }

    [Fact]
    public async Task A_reminder_missed_while_the_cluster_was_down_fires_once_when_it_is_back()
    {
        await using (var first = Host())
        {
            using var client = first.ClientAs("CentreHead", Centre, "head.test");
            await SetUpCentreAsync(client);
            Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM orleansreminderstable WHERE remindername = 'r23-deadlines'"));
        }

        // Down from 20 February to 5 March: the reminder's day passes with no silo running.
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await FiredAsync());

        await using var second = Host();
        using var again = second.ClientAs("CentreHead", Centre, "head.test");
        await AdvanceUntilAsync(async () => await FiredAsync() == 1, TimeSpan.FromHours(2));
        _clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(1000);
        Assert.Equal(1, await FiredAsync());
        var due = Assert.Single((await JsonAsync(await again.GetAsync("/api/supervision/deadlines?within=30d"))).EnumerateArray());
        Assert.Equal(26, due.GetProperty("daysLeft").GetInt32());
    }

    [Fact]
    public async Task The_sweep_at_start_catches_up_as_well()
    {
        await using (var first = Host())
        {
            await SetUpCentreAsync(first.ClientAs("CentreHead", Centre, "head.test"));
        }

        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        await using var second = Host(sweep: true);
        _ = second.CreateClient();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await FiredAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the sweep at start did not fire the missed reminder");
            await Task.Delay(200);
        }

        await Task.Delay(1000);
        Assert.Equal(1, await FiredAsync());
    }
}
