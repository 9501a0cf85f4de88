using System.Net;
using Platform.Testing;

namespace Platform.Registries.Tests.Api;

public sealed class HostTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Health_endpoints_report_postgresql_and_orleans()
    {
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/health/live")).StatusCode);
        var ready = await platform.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_registries_api()
    {
        var doc = await (await platform.Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/registries/beneficiaries/search", out _));
        Assert.True(paths.TryGetProperty("/api/registries/beneficiaries/{id}/timeline", out _));
        Assert.True(paths.TryGetProperty("/api/registries/bodies", out _));
        Assert.True(paths.TryGetProperty("/api/registries/programmes", out _));
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/api-reference")).StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_api_answers_signed_in_users_only()
    {
        await using var production = new PlatformFactory(platform.Database.ConnectionString, environment: "Production", seedDemoData: false);
        using var anonymous = production.CreateClient();
        var response = await anonymous.GetAsync("/api/registries/municipalities");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var signedIn = await production.ClientForAsync(DemoUsers.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/registries/municipalities")).StatusCode);
    }
}
