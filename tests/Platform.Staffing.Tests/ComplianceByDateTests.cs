using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Testing;

namespace Platform.Staffing.Tests;

/// <summary>A contract that ends today breaks R12 tomorrow with no write at all: the centre grain sees the new day on its own.</summary>
public sealed class ComplianceByDateTests : IAsyncLifetime
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_team_that_shrinks_at_midnight_is_out_of_compliance_the_next_day()
    {
        await using var host = new PlatformFactory(_database.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        using var client = host.ClientAs("CentreHead", Centre, "head.test");
        foreach (var (reference, specialty, head, end) in new[]
        {
            ("ΚΛ-1", "socialWorker", true, (string?)null), ("ΨΥ-1", "psychologist", false, null), ("ΚΕ-1", "socialScientist", false, "2026-05-10"),
        })
        {
            (await client.PostAsJsonAsync($"/api/staffing/centres/{Centre}/staff", new { reference, specialty, isHead = head, startDate = "2025-01-01", endDate = end }))
                .EnsureSuccessStatusCode();
        }

        // a fresh sign-in each time: the host's clock is the fake one, so a token issued before the jump has expired after it
        async Task<bool> CompliantAsync()
        {
            using var reader = host.ClientAs("CentreHead", Centre, "head.test");
            return JsonDocument.Parse(await reader.GetStringAsync($"/api/centres/{Centre}")).RootElement.GetProperty("compliance").EnumerateArray()
                .Single(c => c.GetProperty("area").GetString() == "staffing").GetProperty("compliant").GetBoolean();
        }

        Assert.True(await CompliantAsync());

        // 00:30 in Athens on 11 May: the last day of the contract is over.
        _clock.SetUtcNow(new DateTimeOffset(2026, 5, 10, 21, 30, 0, TimeSpan.Zero));
        var limit = DateTime.UtcNow.AddSeconds(60);
        while (await CompliantAsync())
        {
            Assert.True(DateTime.UtcNow < limit, "the centre did not notice the new day");
            _clock.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(50);
        }
    }
}
