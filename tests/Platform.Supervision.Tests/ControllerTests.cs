using System.Net;
using System.Text.Json;
using Platform.Registries.Contracts;
using Platform.Supervision.Domain;
using Platform.Testing;

namespace Platform.Supervision.Tests;

/// <summary>R20–R22: who controls a municipality's community centre.</summary>
public sealed class ControllerTests : PlatformHost
{
    private static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");
    private static readonly Guid Farkadona = new("0b5e7a10-0000-4000-8000-000000000004");
    [Fact]
    public void A_municipality_with_a_social_service_controls_its_own_centre()
    {
        var own = new MunicipalityIdentity(Guid.NewGuid(), "Δήμος Α", 50_000, "Ε", false, HasSocialService: true);
        var controllers = ControllerRules.For(own, seat: null);
        Assert.Equal(["R20", "R21"], controllers.Select(c => c.Rule));
        Assert.All(controllers, c => Assert.Equal(own.Id, c.MunicipalityId));
    }

    [Fact]
    public void Without_a_social_service_both_controls_pass_to_the_regional_unit_seat()
    {
        var seat = new MunicipalityIdentity(Guid.NewGuid(), "Δήμος Έδρας", 80_000, "Ε", true, true);
        var small = new MunicipalityIdentity(Guid.NewGuid(), "Δήμος Β", 9_000, "Ε", false, HasSocialService: false);
        var controllers = ControllerRules.For(small, seat);
        Assert.Equal(2, controllers.Count);
        Assert.All(controllers, c => { Assert.Equal(seat.Id, c.MunicipalityId); Assert.Equal("R22", c.Rule); });
    }

    [Fact]
    public async Task Farkadona_without_a_social_service_is_controlled_by_trikala_the_seat_of_its_regional_unit()
    {
        var response = await Client.GetAsync($"/api/supervision/municipalities/{Farkadona}/controllers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(view.GetProperty("hasSocialService").GetBoolean());
        Assert.All(view.GetProperty("controllers").EnumerateArray(), c =>
        {
            Assert.Equal(Trikala, c.GetProperty("municipalityId").GetGuid());
            Assert.Equal("R22", c.GetProperty("rule").GetString());
        });

        var own = JsonDocument.Parse(await (await Client.GetAsync($"/api/supervision/municipalities/{Trikala}/controllers")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["R20", "R21"], own.GetProperty("controllers").EnumerateArray().Select(c => c.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task An_unknown_municipality_is_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/supervision/municipalities/{Guid.NewGuid()}/controllers")).StatusCode);
}
