using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Registries.Contracts;
using Platform.Testing;

namespace Platform.Registries.Tests.Grains;

/// <summary>
/// Issue 5, R29: a registration tells the centre grain of its new file after the commit, not through an outbox. A notice
/// lost in between (a crash right after the commit) must not hide the file for long: counts older than
/// <c>CentreGrain.FileCountsAge</c> are read again.
/// </summary>
public sealed class CentreFileCountTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_file_whose_notice_was_lost_is_counted_once_the_counts_are_a_minute_old()
    {
        await using var host = new PlatformFactory(_database.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        using var client = await host.ClientForAsync(DemoUsers.CentreHead);
        var registered = await client.PostAsJsonAsync("/api/registries/beneficiaries", PlatformFixture.Person("Λησμονημένη", "Ειδοποίηση"));
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        var id = (await registered.ReadJsonAsync()).GetProperty("id").GetGuid();

        var centre = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICentreGrain>(PlatformFixture.Centre);
        var told = (await centre.GetFigures())!.OpenFiles;

        // A second file committed whose notice never came: a copy of the first written straight to the table.
        await _database.ScalarAsync<int>($"""
            INSERT INTO registries.beneficiaries (id, surname, first_name, father_name, mother_name, birth_date, sex, nationality, languages,
                municipality_id, categories, centre_id, registered_at, registered_by, surname_key, first_name_key, no_document_reason)
            SELECT gen_random_uuid(), surname, first_name, father_name, mother_name, birth_date, sex, nationality, languages,
                municipality_id, categories, centre_id, registered_at, registered_by, surname_key, first_name_key, 'test'
            FROM registries.beneficiaries WHERE id = '{id}' RETURNING 1
            """);
        Assert.Equal(told, (await centre.GetFigures())!.OpenFiles); // not told: the counts read before still stand

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(told + 1, (await centre.GetFigures())!.OpenFiles);
    }
}
