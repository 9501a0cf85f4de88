using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Access.Tests;

/// <summary>
/// One database and host for a test class, with the demo users, a second community centre (B, in Δήμος Πύλης, outside
/// the demo supervisor's municipality) and a caseworker there, made the way an administrator would: through the API.
/// </summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public static readonly Guid Pyli = DemoUsers.Pyli;

    public TestDatabase Database { get; } = new();
    public PlatformFactory Factory { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public Guid CentreB { get; private set; }
    public string CaseworkerB { get; } = "caseworker.b";
    public string CaseworkerBPassword { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = new PlatformFactory(Database.ConnectionString);
        Admin = await Factory.ClientForAsync(DemoUsers.Administrator);
        var centre = await Admin.PostAsJsonAsync("/api/registries/bodies", new
        {
            name = "Κέντρο Κοινότητας Δήμου Πύλης", kind = "communityCentre", legalForm = "municipality", municipalityId = Pyli, accessible = true,
        });
        CentreB = (await Read(centre)).GetProperty("id").GetGuid();
        CaseworkerBPassword = await CreateUserAsync(CaseworkerB, ["Caseworker"], CentreB);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Creates a user through the administrator's API; returns the generated first password.</summary>
    public async Task<string> CreateUserAsync(string userName, string[] roles, Guid? centreId = null, Guid? municipalityId = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/access/users", new { userName, roles, centreId, municipalityId });
        var body = await Read(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("initialPassword").GetString()!;
    }

    public async Task<HttpClient> ClientAsync(string userName, string? password = null) => await Factory.ClientForAsync(userName, password);

    private static int _serial = Random.Shared.Next(1000, 5000);

    /// <summary>A valid registration of someone new at a centre, with special-category groups (Roma, disability) and a nationality.</summary>
    public static JsonObject Person(Guid centreId, Guid municipalityId, string surname = "Σαμαρά", string firstName = "Ζωή")
    {
        var birth = new DateOnly(1970 + Random.Shared.Next(30), 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28));
        return new JsonObject
        {
            ["surname"] = surname,
            ["firstName"] = firstName,
            ["birthDate"] = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["sex"] = "female",
            ["amka"] = Amka.Compute(birth, Interlocked.Increment(ref _serial) % 10000),
            ["municipalityId"] = municipalityId,
            ["centreId"] = centreId,
            ["nationality"] = "AL",
            ["categories"] = new JsonArray("poverty", "roma", "personWithDisability"),
            ["consents"] = new JsonArray("processingOfPersonalData"),
            // the fixture registers many people of one name in one database, each meant as someone new: two born the
            // same year would otherwise meet as likely duplicates (409) about one run in thirty
            ["confirmNotDuplicate"] = true,
        };
    }

    public static async Task<Guid> RegisterAsync(HttpClient client, JsonObject person)
    {
        var response = await client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        var body = await Read(response);
        Assert.True(response.IsSuccessStatusCode, $"registration failed: {(int)response.StatusCode} {body}");
        return body.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }
}
