using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Registries.Tests;

/// <summary>One database and one running host (with its silo) for a test class.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();
    public PlatformFactory Factory { get; private set; } = null!;
    /// <summary>Signed in as the demo centre's head (CentreHead): may register, read and change the centre's files and edit the registries.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");
    public static readonly Guid Farkadona = new("0b5e7a10-0000-4000-8000-000000000004");
    public static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = new PlatformFactory(Database.ConnectionString);
        Client = await Factory.ClientForAsync(DemoUsers.CentreHead);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static int _serial = Random.Shared.Next(1000, 5000);

    /// <summary>A valid registration body for a new, unique person (fresh AMKA each call).</summary>
    public static JsonObject Person(string surname = "Κωνσταντίνου", string firstName = "Ελένη", DateOnly? birth = null, bool withAmka = true)
    {
        var birthDate = birth ?? new DateOnly(1960 + Random.Shared.Next(40), 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28));
        var body = new JsonObject
        {
            ["surname"] = surname,
            ["firstName"] = firstName,
            ["fatherName"] = "Δημήτριος",
            ["motherName"] = "Μαρία",
            ["birthDate"] = birthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["sex"] = "female",
            ["municipalityId"] = Trikala,
            ["centreId"] = Centre,
            ["nationality"] = "GR",
            ["languages"] = new JsonArray("el"),
            ["categories"] = new JsonArray("poverty", "singleParentFamily"),
            ["consents"] = new JsonArray("processingOfPersonalData"),
        };
        if (withAmka)
        {
            body["amka"] = Amka.Compute(birthDate, Interlocked.Increment(ref _serial) % 10000);
        }
        else
        {
            body["documentKind"] = "passport";
            body["documentNumber"] = "P" + Random.Shared.Next(1_000_000, 9_999_999);
        }

        return body;
    }

    public async Task<Guid> RegisterAsync(JsonObject person)
    {
        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"registration failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}

public static class Json
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
