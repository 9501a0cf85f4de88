using System.Net;
using System.Net.Http.Json;
using Platform.Testing;

namespace Platform.Access.Tests;

/// <summary>Issue 4: sign-in through Identity's API (bearer tokens) under the same rules as the pages.</summary>
public sealed class SignInTests(AccessFixture access) : IClassFixture<AccessFixture>
{
    private HttpClient Anonymous() => access.Factory.CreateClient();

    private Task<HttpResponseMessage> LoginAsync(string user, string password, string? code = null) =>
        Anonymous().PostAsJsonAsync("/api/identity/login", new { email = user, password, twoFactorCode = code });

    [Theory]
    [InlineData(DemoUsers.Administrator)]
    [InlineData(DemoUsers.CentreHead)]
    [InlineData(DemoUsers.Caseworker)]
    [InlineData(DemoUsers.EntryPointClerk)]
    [InlineData(DemoUsers.Scheduler)]
    [InlineData(DemoUsers.Supervisor)]
    public async Task Every_demo_role_signs_in_and_reaches_the_registries(string user)
    {
        using var client = await access.ClientAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/registries/municipalities")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/identity/manage/2fa", new { })).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_problem_details()
    {
        var response = await Anonymous().GetAsync("/api/registries/bodies");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().GetAsync("/api/access/users")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var password = await access.CreateUserAsync("locked.out", ["Caseworker"], DemoUsers.Centre);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("locked.out", password + "wrong")).StatusCode);
        }

        var refused = await LoginAsync("locked.out", password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("LockedOut", (await AccessFixture.Read(refused)).GetProperty("detail").GetString());
        Assert.True(await access.Database.ScalarAsync<bool>("SELECT lockout_end > now() FROM identity.users WHERE user_name = 'locked.out'"));

        // The administrator lifts it; the right password works again.
        var users = await AccessFixture.Read(await access.Admin.GetAsync("/api/access/users"));
        var id = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "locked.out").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await access.Admin.PostAsync($"/api/access/users/{id}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("locked.out", password)).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_is_asked_for_the_second_factor()
    {
        var withoutCode = await LoginAsync(DemoUsers.Supervisor, PlatformFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal("RequiresTwoFactor", (await AccessFixture.Read(withoutCode)).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(DemoUsers.Supervisor, PlatformFactory.DemoPassword, "000000")).StatusCode);

        var key = (await access.Factory.AuthenticatorKeyAsync(DemoUsers.Supervisor))!;
        var withCode = await LoginAsync(DemoUsers.Supervisor, PlatformFactory.DemoPassword, Totp.Now(key));
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.False(string.IsNullOrEmpty((await AccessFixture.Read(withCode)).GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task A_supervisor_without_an_authenticator_must_enrol_one_before_anything_else()
    {
        var password = await access.CreateUserAsync("new.supervisor", ["Supervisor"], municipalityId: DemoUsers.Trikala);
        using var client = await access.ClientAsync("new.supervisor", password);

        var refused = await client.GetAsync("/api/registries/municipalities");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.EndsWith("two-factor-required", (await AccessFixture.Read(refused)).GetProperty("type").GetString());

        // Identity's enrolment: the shared key, then a code from it turns the second factor on.
        var setup = await AccessFixture.Read(await client.PostAsJsonAsync("/api/identity/manage/2fa", new { }));
        var key = setup.GetProperty("sharedKey").GetString()!;
        var enabled = await client.PostAsJsonAsync("/api/identity/manage/2fa", new { enable = true, twoFactorCode = Totp.Now(key) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.True((await AccessFixture.Read(enabled)).GetProperty("isTwoFactorEnabled").GetBoolean());

        using var enrolled = await access.ClientAsync("new.supervisor", password);
        Assert.Equal(HttpStatusCode.OK, (await enrolled.GetAsync("/api/registries/municipalities")).StatusCode);
    }

    [Fact]
    public async Task Nobody_signs_up_and_only_an_administrator_manages_users()
    {
        var signUp = await Anonymous().PostAsJsonAsync("/api/identity/register", new { email = "someone@example.org", password = "Aa1aaaaaaaaaaaa" });
        Assert.Equal(HttpStatusCode.NotFound, signUp.StatusCode);
        Assert.Equal(0, await access.Database.ScalarAsync<long>("SELECT count(*) FROM identity.users WHERE user_name LIKE 'someone%'"));

        using var head = await access.ClientAsync(DemoUsers.CentreHead);
        var create = await head.PostAsJsonAsync("/api/access/users", new { userName = "sneaky", roles = new[] { "Administrator" } });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains(access.Factory.Logs, l => l.Contains("Refused POST", StringComparison.Ordinal) && l.Contains("(roles CentreHead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_user_needs_known_roles_and_a_centre_for_centre_roles()
    {
        var response = await access.Admin.PostAsJsonAsync("/api/access/users", new { userName = "x", roles = new[] { "Wizard", "Caseworker" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await AccessFixture.Read(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("roles", out _));
        Assert.True(errors.TryGetProperty("centreId", out _));
    }
}
