using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Identity;
using Platform.Testing;

namespace Platform.Access.Tests;

/// <summary>Issue 4: who sees which files — centre scope, entry-point clerks, read-only supervisors, special categories.</summary>
public sealed class ScopeTests(AccessFixture access) : IClassFixture<AccessFixture>
{
    private static readonly Guid Trikala = DemoUsers.Trikala;

    [Fact]
    public async Task A_caseworker_of_centre_A_is_refused_a_file_of_centre_B_by_id_search_timeline_and_change_and_it_is_logged()
    {
        using var b = await access.ClientAsync(access.CaseworkerB, access.CaseworkerBPassword);
        var person = AccessFixture.Person(access.CentreB, AccessFixture.Pyli, "Ρήγα", "Αλεξάνδρα");
        var id = await AccessFixture.RegisterAsync(b, person);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);

        using var a = await access.ClientAsync(DemoUsers.Caseworker);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsJsonAsync($"/api/registries/beneficiaries/{id}/consents", new { purpose = "contactByPhone" })).StatusCode);

        var byAmka = await AccessFixture.Read(await a.GetAsync($"/api/registries/beneficiaries/search?q={person["amka"]}"));
        Assert.Equal(0, byAmka.GetProperty("total").GetInt64());
        var byName = await AccessFixture.Read(await a.GetAsync("/api/registries/beneficiaries/search?q=riga"));
        Assert.DoesNotContain(byName.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        var otherCentre = await a.GetAsync($"/api/registries/beneficiaries/search?q=riga&centreId={access.CentreB}");
        Assert.Equal(HttpStatusCode.Forbidden, otherCentre.StatusCode);
        Assert.Equal("application/problem+json", otherCentre.Content.Headers.ContentType?.MediaType);

        // Logged without personal data, and audited with the file's id.
        var refusals = access.Factory.Logs.Where(l => l.StartsWith(Refusals.LogCategory, StringComparison.Ordinal)).ToList();
        Assert.Contains(refusals, l => l.Contains("Refused read on beneficiary", StringComparison.Ordinal) && l.Contains("out-of-scope", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("Refused search on beneficiary", StringComparison.Ordinal) && l.Contains("other-centre", StringComparison.Ordinal));
        Assert.DoesNotContain(refusals, l => l.Contains("Ρήγα", StringComparison.Ordinal) || l.Contains(id.ToString(), StringComparison.Ordinal)
            || l.Contains((string)person["amka"]!, StringComparison.Ordinal));
        Assert.Equal(4, await access.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.audit_log WHERE action = 'refused' AND entity_id = '{id}' AND actor = 'caseworker'"));
    }

    [Fact]
    public async Task A_caseworker_cannot_register_a_person_into_another_centre()
    {
        using var a = await access.ClientAsync(DemoUsers.Caseworker);
        var response = await a.PostAsJsonAsync("/api/registries/beneficiaries", AccessFixture.Person(access.CentreB, AccessFixture.Pyli));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_entry_point_clerk_registers_and_sees_the_duplicate_warnings_but_never_opens_a_file()
    {
        using var clerk = await access.ClientAsync(DemoUsers.EntryPointClerk);
        var person = AccessFixture.Person(DemoUsers.Centre, Trikala, "Μπακάλη", "Ασπασία");
        var id = await AccessFixture.RegisterAsync(clerk, person);

        var warning = await clerk.PostAsJsonAsync("/api/registries/beneficiaries/duplicate-check",
            new { surname = "Μπακαλη", firstName = "Ασπασια", birthDate = person["birthDate"]!.ToString() });
        Assert.Equal(HttpStatusCode.OK, warning.StatusCode);
        Assert.Contains((await AccessFixture.Read(warning)).GetProperty("likely").EnumerateArray(), m => m.GetProperty("id").GetGuid() == id);

        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/registries/beneficiaries/search?q=bakali")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/centres/{DemoUsers.Centre}")).StatusCode);
        // nor the processes of the people they registered (R28): no list, no inbox, no instance
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/workflows/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/workflows/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/workflows/instances/{Guid.NewGuid()}")).StatusCode);

        // The centre's caseworker works the file the clerk opened.
        using var caseworker = await access.ClientAsync(DemoUsers.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_reads_files_of_their_area_without_special_categories_and_changes_nothing()
    {
        using var caseworker = await access.ClientAsync(DemoUsers.Caseworker);
        var id = await AccessFixture.RegisterAsync(caseworker, AccessFixture.Person(DemoUsers.Centre, Trikala, "Λαμπράκη", "Ευτυχία"));
        var full = await AccessFixture.Read(await caseworker.GetAsync($"/api/registries/beneficiaries/{id}"));
        Assert.Contains(full.GetProperty("profile").GetProperty("categories").EnumerateArray(), c => c.GetString() == "roma");
        Assert.Equal("AL", full.GetProperty("profile").GetProperty("nationality").GetString());

        using var supervisor = await access.ClientAsync(DemoUsers.Supervisor);
        var read = await supervisor.GetAsync($"/api/registries/beneficiaries/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var seen = await AccessFixture.Read(read);
        Assert.Equal(["poverty"], seen.GetProperty("profile").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, seen.GetProperty("profile").GetProperty("nationality").ValueKind);
        Assert.DoesNotContain("roma", await read.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/registries/beneficiaries/search?category=roma")).StatusCode);

        // Centre B is in Δήμος Πύλης: outside this supervisor's municipality.
        using var b = await access.ClientAsync(access.CaseworkerB, access.CaseworkerBPassword);
        var other = await AccessFixture.RegisterAsync(b, AccessFixture.Person(access.CentreB, AccessFixture.Pyli, "Ζαφειρίου", "Ρένα"));
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/registries/beneficiaries/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync($"/api/staffing/centres/{access.CentreB}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/staffing/centres/{DemoUsers.Centre}")).StatusCode);

        // Changes nothing, anywhere.
        var version = seen.GetProperty("version").GetUInt32();
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PutAsJsonAsync($"/api/registries/beneficiaries/{id}", new { expectedVersion = version })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync($"/api/registries/beneficiaries/{id}/consents", new { purpose = "contactByPhone" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/registries/beneficiaries", AccessFixture.Person(DemoUsers.Centre, Trikala))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/registries/bodies", new { name = "Χ" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync($"/api/staffing/centres/{DemoUsers.Centre}/staff", new { reference = "Χ" })).StatusCode);
        Assert.Equal(1, await access.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.consents WHERE beneficiary_id = '{id}'"));
    }

    /// <summary>
    /// The workflow runtime's and the Referrals module's endpoints check roles inside (each trigger's roles, the centre);
    /// they are closed to anonymous callers by the fallback policy, and may carry a reading policy of their group
    /// (<see cref="PlatformPolicies.ReadWorkflows"/>) that admits a supervisor to the group, not to its changes.
    /// </summary>
    private static readonly string[] CheckedInside = ["/api/workflows", "/api/referrals", "/api/follow-ups", "/api/assisted-applications", "/api/scheduler"];

    [Fact]
    public void Every_api_endpoint_names_a_platform_policy_and_no_change_admits_a_supervisor()
    {
        var endpoints = access.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true
                && !e.RoutePattern.RawText.StartsWith("/api/identity", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            Assert.Empty(endpoint.Metadata.GetOrderedMetadata<IAllowAnonymous>());
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            if (CheckedInside.Any(p => endpoint.RoutePattern.RawText!.StartsWith(p, StringComparison.Ordinal)) && policies.All(PlatformPolicies.ReadOnly.Contains))
            {
                continue;
            }

            Assert.True(policies.Any(PlatformPolicies.Roles.ContainsKey), $"{endpoint.DisplayName} names no Platform policy");
            var method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Single();
            if (method != "GET")
            {
                Assert.True(policies.Any(p => !PlatformPolicies.Roles[p].Contains(PlatformRoles.Supervisor)),
                    $"{endpoint.DisplayName} would let a supervisor change something");
            }
        }
    }
}
