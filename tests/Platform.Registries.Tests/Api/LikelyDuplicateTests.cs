using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Platform.BuildingBlocks.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Registries.Persistence;

namespace Platform.Registries.Tests.Api;

/// <summary>
/// The likely-duplicate check reads a surname key's close keys from <c>surname_key_neighbours</c> (issue 2): these tests
/// show that the kept lists stay what a trigram search over every key would find, including for keys that appear later
/// and keys that appear at the same moment.
/// </summary>
public sealed class LikelyDuplicateTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Client => platform.Client;

    [Fact]
    public async Task A_close_surname_registered_later_is_found_from_an_older_key()
    {
        // Κ1 first; then Κ2, close to it, born another year (no likely duplicate yet); then Κ1 again, born Κ2's year.
        const string first = "Ξενοφωντίδης", close = "Ξενοφωντίλης";
        Assert.NotEqual(GreekText.SearchKey(first), GreekText.SearchKey(close));
        await Register(PlatformFixture.Person(first, "Ανδρέας", new DateOnly(1981, 2, 3)), confirm: true);
        var later = await Register(PlatformFixture.Person(close, "Μάρκος", new DateOnly(1975, 5, 6)), confirm: true);

        var again = PlatformFixture.Person(first, "Μάρκος", new DateOnly(1975, 8, 9), withAmka: false);
        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", again);

        // The older key's list learnt the newer key when it appeared: the person is held back with the match.
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.EndsWith("possible-duplicate", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        var match = Assert.Single(problem.GetProperty("matches").EnumerateArray(), m => m.GetProperty("id").GetGuid() == later);
        Assert.Equal("similar-name-same-birth-year", match.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Close_surnames_registered_at_the_same_moment_all_find_each_other()
    {
        // Eight new, mutually close surnames at once: each new key's close keys are looked up under one lock, so none
        // misses another that was being written at the same moment.
        string[] surnames = ["Τριανταφυλλόπουλος", "Τριανταφυλλόκουλος", "Τριανταφυλλόπουλας", "Τριανταφυλλόπαυλος",
            "Τριανταφυλλότουλος", "Τριανταφυλλόπουρος", "Τριανταφυλλόμουλος", "Τριανταφυλλόπουνος"];
        Assert.Equal(surnames.Length, surnames.Select(GreekText.SearchKey).Distinct().Count());
        var responses = await Task.WhenAll(surnames.Select((s, i) =>
        {
            var person = PlatformFixture.Person(s, "Γεράσιμος", new DateOnly(1940 + i, 1, 1));
            person["confirmNotDuplicate"] = true;
            return Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        }));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        // Every key's kept list equals a trigram search over all keys, in the same order.
        Assert.Equal(0, await platform.Database.ScalarAsync<long>("""
            SELECT count(*) FROM registries.surname_keys s
            WHERE array(SELECT neighbour FROM registries.surname_key_neighbours WHERE key = s.key ORDER BY similarity DESC, neighbour)
               IS DISTINCT FROM array(SELECT key FROM registries.surname_keys WHERE key % s.key ORDER BY similarity(key, s.key) DESC, key)
            """));
        Assert.True(await platform.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.surname_key_neighbours WHERE key = '{GreekText.SearchKey(surnames[0])}'") >= surnames.Length);
    }

    [Fact]
    public async Task Close_names_are_found_on_new_connections_when_the_database_lost_its_threshold()
    {
        // A database restored from a dump without --create has lost ALTER DATABASE … SET, the Initial migration's threshold
        // among them. Before the module set it on its own connections, a new session had no such setting until pg_trgm
        // loaded: every registration whose check was that session's first statement answered 500.
        var database = platform.Database;
        await database.ScalarAsync<int>($"ALTER DATABASE \"{database.Name}\" RESET pg_trgm.similarity_threshold; SELECT 1");
        try
        {
            NpgsqlConnection.ClearAllPools(); // the host's connections are new sessions, without the database's setting

            var first = await Register(PlatformFixture.Person("Ζαχαροπλαστίδης", "Ιουλία", new DateOnly(1969, 4, 5)), confirm: true);
            var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries",
                PlatformFixture.Person("Ζαχαροπλαστίδης", "Ιουλία", new DateOnly(1969, 4, 5), withAmka: false));

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var problem = await response.ReadJsonAsync();
            Assert.Contains(problem.GetProperty("matches").EnumerateArray(), m => m.GetProperty("id").GetGuid() == first);

            // And the module's sessions compare with the Platform's 0.5, not pg_trgm's 0.3.
            await using var scope = platform.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegistriesDbContext>();
            var threshold = await db.Database.SqlQueryRaw<string>("SELECT current_setting('pg_trgm.similarity_threshold') AS \"Value\"").SingleAsync();
            Assert.Equal(TrigramThreshold.Value, threshold);
        }
        finally
        {
            await database.ScalarAsync<int>($"ALTER DATABASE \"{database.Name}\" SET pg_trgm.similarity_threshold = {TrigramThreshold.Value}; SELECT 1");
            NpgsqlConnection.ClearAllPools(); // the test's own sessions opened meanwhile compare with 0.3: not for the next test
        }
    }

    [Fact]
    public async Task A_surname_never_seen_is_compared_with_every_key()
    {
        // The person's key is new (no kept list): the check falls back to the trigram search and still finds the match.
        var existing = await Register(PlatformFixture.Person("Καλογεροπούλου", "Ευδοκία", new DateOnly(1966, 4, 4)), confirm: false);
        var typo = PlatformFixture.Person("Καλογεροπούκου", "Ευδοκία", new DateOnly(1966, 12, 1), withAmka: false);
        Assert.Equal(0, await platform.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.surname_keys WHERE key = '{GreekText.SearchKey("Καλογεροπούκου")}'"));

        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", typo);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains((await response.ReadJsonAsync()).GetProperty("matches").EnumerateArray(), m => m.GetProperty("id").GetGuid() == existing);
    }

    [Fact]
    public async Task The_duplicate_check_endpoint_finds_the_same_matches()
    {
        var existing = await Register(PlatformFixture.Person("Αργυροπούλου", "Πηνελόπη", new DateOnly(1959, 6, 6)), confirm: false);

        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries/duplicate-check",
            new { surname = "Argyropoulou", firstName = "Pinelopi", birthDate = "1959-10-10" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await response.ReadJsonAsync()).GetProperty("likely").EnumerateArray(), m => m.GetProperty("id").GetGuid() == existing);
    }

    private async Task<Guid> Register(System.Text.Json.Nodes.JsonObject person, bool confirm)
    {
        if (confirm)
        {
            person["confirmNotDuplicate"] = true;
        }

        return await platform.RegisterAsync(person);
    }
}
