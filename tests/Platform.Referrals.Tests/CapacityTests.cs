using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Referrals.Tests;

/// <summary>R10: acceptance by a structure with places takes one from its live capacity; a freed place moves the waiting list.</summary>
public sealed class CapacityTests(ReferralsFixture f) : IClassFixture<ReferralsFixture>
{
    private async Task<Guid> SubmittedAsync(Guid shelter)
    {
        var referral = (await f.ReferAsync(await f.BeneficiaryAsync(), "body", shelter)).Id();
        await f.StepAsync(referral, "Submit");
        return referral;
    }

    private async Task<JsonElement> FiguresAsync(Guid shelter) =>
        await (await f.Caseworker.GetAsync($"/api/referrals/structures/{shelter}/capacity")).ReadJsonAsync();

    [Fact]
    public async Task Two_referrals_racing_for_the_last_bed_one_is_accepted_the_other_waits_and_gets_the_freed_bed()
    {
        var shelter = await f.ShelterAsync(beds: 1);
        var first = await SubmittedAsync(shelter);
        var second = await SubmittedAsync(shelter);

        var answers = await Task.WhenAll(
            ReferralsFixture.FireAsync(f.Caseworker, first, "Accept", new { }),
            ReferralsFixture.FireAsync(f.Caseworker, second, "Accept", new { }));
        var states = await Task.WhenAll(answers.Select(async a => (await a.ReadJsonAsync()).State()));
        Assert.Equal(["Accepted", "WaitingList"], states.Order());

        var figures = await FiguresAsync(shelter);
        Assert.Equal(1, figures.GetProperty("taken").GetInt32());
        Assert.Equal(0, figures.GetProperty("free").GetInt32());
        Assert.Equal(1, figures.GetProperty("waiting").GetInt32());

        var (holder, waiter) = states[0] == "Accepted" ? (first, second) : (second, first);
        Assert.Equal(1, (await f.InstanceAsync(waiter)).GetProperty("data").GetProperty("waitingPosition").GetInt32());
        await f.StepAsync(holder, "Close", new { outcome = "couldNotContact", reason = "Δεν απαντά" });

        // the place is freed after the close commits, through the outbox: the waiter is accepted by the system
        var promoted = await EventuallyAsync(async () => await f.InstanceAsync(waiter), v => v.State() == "Accepted");
        Assert.Contains(promoted.GetProperty("journal").EnumerateArray(), j => j.GetProperty("trigger").GetString() == "PlaceAvailable" && j.GetProperty("actor").GetString() == "system");
        figures = await FiguresAsync(shelter);
        Assert.Equal(1, figures.GetProperty("taken").GetInt32());
        Assert.Equal(0, figures.GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task Many_referrals_racing_never_take_more_places_than_there_are()
    {
        var shelter = await f.ShelterAsync(beds: 3);
        var referrals = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SubmittedAsync(shelter)));
        var answers = await Task.WhenAll(referrals.Select(r => ReferralsFixture.FireAsync(f.Caseworker, r, "Accept", new { })));
        var states = await Task.WhenAll(answers.Select(async a => (await a.ReadJsonAsync()).State()));
        Assert.Equal(3, states.Count(s => s == "Accepted"));
        Assert.Equal(5, states.Count(s => s == "WaitingList"));
        var figures = await FiguresAsync(shelter);
        Assert.Equal(3, figures.GetProperty("taken").GetInt32());
        Assert.Equal(5, figures.GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task A_withdrawn_waiter_leaves_the_list_and_a_retried_accept_does_not_take_a_second_place()
    {
        var shelter = await f.ShelterAsync(beds: 1);
        var holder = await SubmittedAsync(shelter);
        var waiter = await SubmittedAsync(shelter);
        var command = Guid.NewGuid();
        await ReferralsFixture.FireAsync(f.Caseworker, holder, "Accept", new { }, command);
        await ReferralsFixture.FireAsync(f.Caseworker, holder, "Accept", new { }, command);
        Assert.Equal("WaitingList", (await f.StepAsync(waiter, "Accept", new { })).State());

        await f.StepAsync(waiter, "Withdraw", new { reason = "Βρήκε στέγη" });
        var figures = await EventuallyAsync(() => FiguresAsync(shelter), v => v.GetProperty("waiting").GetInt32() == 0);
        Assert.Equal(1, figures.GetProperty("taken").GetInt32());
    }

    internal static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"not reached in {seconds} s: {value}");
            await Task.Delay(200);
        }
    }
}
