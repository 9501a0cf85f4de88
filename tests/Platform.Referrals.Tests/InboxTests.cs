using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Referrals.Tests;

/// <summary>
/// Issue 4 (and issue 3 item 3: reminders land in the caseworker's task list): <c>GET /api/workflows/inbox</c>
/// lists my centre's active instances waiting on my roles, reminders that landed, overdue first, with counts;
/// another centre's caseworker, a user without a centre and a supervisor see none of it.
/// </summary>
public sealed class InboxTests(ReferralsFixture f) : IClassFixture<ReferralsFixture>
{
    private static async Task<JsonElement> InboxAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/workflows/inbox" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static int Count(JsonElement inbox, string name) => inbox.GetProperty("counts").GetProperty(name).GetInt32();

    private static int Of(JsonElement inbox, string group, string key) =>
        inbox.GetProperty("counts").GetProperty(group).TryGetProperty(key, out var n) ? n.GetInt32() : 0;

    private static Guid[] Ids(JsonElement inbox) =>
        [.. inbox.GetProperty("items").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    [Fact]
    public async Task Lists_my_centres_tasks_with_counts_overdue_first_and_the_follow_up_that_landed()
    {
        var before = await InboxAsync(f.Caseworker);
        var kea = await f.KeaAsync();
        var draft = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", kea)).Id();
        var submitted = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", kea)).Id();
        await f.StepAsync(submitted, "Submit");
        var inService = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", kea)).Id();
        await f.StepAsync(inService, "Submit");
        await f.StepAsync(inService, "Accept", new { note = "ok" });
        var view = await f.StepAsync(inService, "StartService", new { note = (string?)null });

        // the scheduler sends the follow-up reminder now: it lands in the caseworker's inbox
        var followUp = view.GetProperty("timers").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "follow-up");
        using var scheduler = f.As("Scheduler");
        var sent = await scheduler.PostAsJsonAsync($"/api/workflows/instances/{inService}/timers/follow-up/send",
            new { timerId = followUp.GetProperty("id").GetGuid() });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Equal("follow-up-due", (await sent.ReadJsonAsync()).GetProperty("attention").GetString());
        // the same screen's second click sends nothing more (the re-armed reminder has a new id)
        var again = await scheduler.PostAsJsonAsync($"/api/workflows/instances/{inService}/timers/follow-up/send",
            new { timerId = followUp.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(1L, await f.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM workflows.journal WHERE instance_id = '{inService}' AND trigger = 'FollowUpDue'"));
        // who sent it is on the journal row (the trigger itself stays the system's)
        Assert.StartsWith("sent now by ", await f.Database.ScalarAsync<string>(
            $"SELECT comment FROM workflows.journal WHERE instance_id = '{inService}' AND trigger = 'FollowUpDue'"), StringComparison.Ordinal);

        // the draft's task is made overdue in the read model: it must come first
        await f.Database.ScalarAsync<int>($"UPDATE workflows.instances SET task_due_at = now() - interval '1 day' WHERE id = '{draft}' RETURNING 1");

        var inbox = await InboxAsync(f.Caseworker, "?pageSize=200");
        Assert.Equal(Count(before, "total") + 3, Count(inbox, "total"));
        Assert.Equal(Of(before, "byProcess", "referral") + 3, Of(inbox, "byProcess", "referral"));
        Assert.Equal(Count(before, "overdue") + 1, Count(inbox, "overdue"));
        Assert.Equal(Of(before, "byAttention", "follow-up-due") + 1, Of(inbox, "byAttention", "follow-up-due"));
        Assert.Equal(Count(before, "needsAttention") + 1, Count(inbox, "needsAttention"));
        Assert.Equal(Count(inbox, "total"), inbox.GetProperty("items").GetProperty("total").GetInt32());

        var ids = Ids(inbox);
        Assert.Equal(draft, ids[0]);
        Assert.True(Array.IndexOf(ids, inService) < Array.IndexOf(ids, submitted), "a landed reminder comes before plain tasks");
        var first = inbox.GetProperty("items").GetProperty("items")[0];
        Assert.True(first.GetProperty("overdue").GetBoolean());
        Assert.Equal("Παραπομπή", first.GetProperty("processTitle").GetString());
        Assert.Equal("Πρόχειρη", first.GetProperty("stateTitle").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("about").GetString()));

        // paging: one item per page, the counts still cover everything
        var second = await InboxAsync(f.Caseworker, "?page=2&pageSize=1");
        Assert.Equal([ids[1]], Ids(second));
        Assert.Equal(Count(inbox, "total"), Count(second, "total"));

        // recording the follow-up clears the attention
        await f.StepAsync(inService, "RecordFollowUp", new { reason = "Τηλεφωνική επικοινωνία" });
        Assert.Equal(Count(inbox, "needsAttention") - 1, Count(await InboxAsync(f.Caseworker, "?pageSize=200"), "needsAttention"));
    }

    [Fact]
    public async Task Another_centre_a_user_without_a_centre_and_a_supervisor_see_none_of_it()
    {
        await f.ReferAsync(await f.BeneficiaryAsync(), "programme", await f.KeaAsync());
        Assert.True(Count(await InboxAsync(f.Caseworker), "total") > 0);

        using var otherCentre = f.As("Caseworker", ReferralsFixture.OtherCentre);
        var other = await InboxAsync(otherCentre);
        Assert.Equal(0, Count(other, "total"));
        Assert.Empty(Ids(other));

        using var noCentre = f.Factory.ClientAs("Caseworker", null, "inbox-no-centre");
        var none = await InboxAsync(noCentre);
        Assert.Equal(0, Count(none, "total"));
        Assert.Empty(Ids(none));

        using var supervisor = f.Factory.ClientAs("Supervisor", null, "inbox-supervisor", ReferralsFixture.Trikala);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/workflows/inbox")).StatusCode);
        using var caseworker = f.As("Caseworker");
        Assert.Equal(HttpStatusCode.BadRequest, (await caseworker.GetAsync("/api/workflows/inbox?page=0")).StatusCode);
    }

    [Fact]
    public async Task Only_a_scheduler_or_the_centre_head_of_the_centre_sends_a_reminder_now()
    {
        var referral = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", await f.KeaAsync())).Id();
        var view = await f.StepAsync(referral, "Submit");
        var timer = view.GetProperty("timers").EnumerateArray().First(t => t.GetProperty("name").GetString() == "answer-reminder");
        var body = new { timerId = timer.GetProperty("id").GetGuid() };
        var url = $"/api/workflows/instances/{referral}/timers/answer-reminder/send";

        Assert.Equal(HttpStatusCode.Forbidden, (await f.Caseworker.PostAsJsonAsync(url, body)).StatusCode);
        using var otherScheduler = f.As("Scheduler", ReferralsFixture.OtherCentre);
        Assert.Equal(HttpStatusCode.NotFound, (await otherScheduler.PostAsJsonAsync(url, body)).StatusCode);
        using var scheduler = f.As("Scheduler");
        Assert.Equal(HttpStatusCode.BadRequest, (await scheduler.PostAsJsonAsync(url, new { timerId = (Guid?)null })).StatusCode);
        Assert.Equal(2, (await f.InstanceAsync(referral)).Revision());

        var sent = await scheduler.PostAsJsonAsync(url, body);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Equal("no-answer", (await sent.ReadJsonAsync()).GetProperty("attention").GetString());
    }
}
