using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Referrals.Tests;

/// <summary>One database and one running host for a test class, with clients acting as a centre's staff in given roles.</summary>
public class ReferralsFixture : IAsyncLifetime
{
    public static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");
    public static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    public static readonly Guid OtherCentre = new("0b5e7a10-0000-4000-8000-0000000009c1");

    private static int _serial = Random.Shared.Next(1000, 5000);

    public TestDatabase Database { get; } = new();

    public PlatformFactory Factory { get; private set; } = null!;

    /// <summary>A caseworker of the demo centre.</summary>
    public HttpClient Caseworker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = CreateFactory();
        Caseworker = As("Caseworker");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected virtual PlatformFactory CreateFactory() => new(Database.ConnectionString);

    /// <summary>Stops the host (gracefully) and starts a new one on the same database: a silo restart.</summary>
    public async Task RestartAsync(Func<Task>? whileDown = null)
    {
        await Factory.DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }
        Factory = CreateFactory();
        Caseworker = As("Caseworker");
    }

    /// <summary>A client signed in as a user with these roles at this centre (made for the test, issue 4).</summary>
    public HttpClient As(string roles, Guid? centre = null, string user = "test-user") =>
        Factory.ClientAs(roles, centre ?? Centre, user == "test-user" ? "test-" + roles.Replace(",", "-", StringComparison.Ordinal).ToLowerInvariant() + "-" + (centre ?? Centre).ToString("N")[..8] + "-" + (centre ?? Centre).ToString("N")[^4..] : user);

    /// <summary>A new person of the demo centre, with or without consent to share their file with referral targets.</summary>
    public async Task<Guid> BeneficiaryAsync(bool consentToShare = true)
    {
        var birth = new DateOnly(1950 + Random.Shared.Next(50), 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28));
        var consents = new JsonArray("processingOfPersonalData");
        if (consentToShare)
        {
            consents.Add("sharingWithReferralTargets");
        }
        var person = new JsonObject
        {
            ["surname"] = "Δοκιμ" + new string([.. Enumerable.Range(0, 6).Select(_ => "αβγδεζηθικλμνξοπρστυφχψω"[Random.Shared.Next(24)])]) + "ς",
            ["firstName"] = "Νίκος",
            ["fatherName"] = "Γεώργιος",
            ["motherName"] = "Άννα",
            ["birthDate"] = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["sex"] = "male",
            ["municipalityId"] = Trikala,
            ["centreId"] = Centre,
            ["amka"] = Amka.Compute(birth, Interlocked.Increment(ref _serial) % 10000),
            ["categories"] = new JsonArray("homeless"),
            ["consents"] = consents,
            ["confirmNotDuplicate"] = true,
        };
        var response = await Caseworker.PostAsJsonAsync("/api/registries/beneficiaries", person);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"registration failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A structure with places (a night shelter) of the given capacity.</summary>
    public async Task<Guid> ShelterAsync(int beds)
    {
        var response = await Caseworker.PostAsJsonAsync("/api/registries/bodies", new JsonObject
        {
            ["commandId"] = Guid.NewGuid(),
            ["name"] = "Υπνωτήριο " + Guid.NewGuid().ToString("N")[..6],
            ["kind"] = "nightShelter",
            ["legalForm"] = "municipality",
            ["municipalityId"] = Trikala,
            ["capacity"] = beds,
            ["accessible"] = true,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"body not created: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<Guid> KeaAsync()
    {
        var programmes = await (await Caseworker.GetAsync("/api/registries/programmes")).ReadJsonAsync();
        return programmes.GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("data").GetProperty("isSocialSolidarityIncome").GetBoolean()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> ReferAsync(Guid beneficiary, string targetKind, Guid target, HttpClient? client = null)
    {
        var response = await (client ?? Caseworker).PostAsJsonAsync("/api/referrals", new
        {
            commandId = Guid.NewGuid(), beneficiaryId = beneficiary, targetKind, targetId = target, reason = "Χρειάζεται στέγη για τον χειμώνα",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"referral not created: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> FireAsync(HttpClient client, Guid instance, string trigger, object? input = null, Guid? commandId = null, int? expectedRevision = null) =>
        client.PostAsJsonAsync($"/api/workflows/instances/{instance}/triggers/{trigger}", new
        {
            commandId = commandId ?? Guid.NewGuid(), expectedRevision, input, comment = (string?)null,
        });

    /// <summary>Fires and asserts success; returns the instance view.</summary>
    public async Task<JsonElement> StepAsync(Guid instance, string trigger, object? input = null, HttpClient? client = null)
    {
        var response = await FireAsync(client ?? Caseworker, instance, trigger, input);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{trigger} failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task<JsonElement> InstanceAsync(Guid instance, HttpClient? client = null) =>
        await (await (client ?? Caseworker).GetAsync($"/api/workflows/instances/{instance}")).ReadJsonAsync();

    public async Task<long> JournalCountAsync(Guid instance) =>
        await Database.ScalarAsync<long>($"SELECT count(*) FROM workflows.journal WHERE instance_id = '{instance}'");
}

public static class JsonExtensions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static string State(this JsonElement view) => view.GetProperty("state").GetString()!;

    public static Guid Id(this JsonElement view) => view.GetProperty("id").GetGuid();

    public static int Revision(this JsonElement view) => view.GetProperty("revision").GetInt32();

    public static string[] Permitted(this JsonElement view) =>
        [.. view.GetProperty("permittedTriggers").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order()];
}
