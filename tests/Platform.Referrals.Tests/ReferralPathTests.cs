using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Referrals.Tests;

/// <summary>R10: every path of a referral, walked through the HTTP API, with the refusals that change nothing.</summary>
public sealed class ReferralPathTests(ReferralsFixture f) : IClassFixture<ReferralsFixture>
{
    private static readonly object GotHelp = new { outcome = "gotHelp" };

    private async Task<(Guid Referral, Guid Person)> SubmittedToKeaAsync()
    {
        var person = await f.BeneficiaryAsync();
        var referral = (await f.ReferAsync(person, "programme", await f.KeaAsync())).Id();
        Assert.Equal("Submitted", (await f.StepAsync(referral, "Submit")).State());
        return (referral, person);
    }

    [Fact]
    public async Task Got_help_path_closes_only_after_the_30_day_check_confirms_it()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        Assert.Equal("Accepted", (await f.StepAsync(referral, "Accept", new { note = "Εγκρίθηκε" })).State());
        Assert.Equal("InService", (await f.StepAsync(referral, "StartService", new { note = (string?)null })).State());
        var followed = await f.StepAsync(referral, "RecordFollowUp", new { reason = "Επικοινωνία: όλα καλά" });
        Assert.Equal("InService", followed.State());

        var closing = await f.StepAsync(referral, "Close", GotHelp);
        Assert.Equal("AwaitingConfirmation", closing.State());
        Assert.Equal("Active", closing.GetProperty("status").GetString());
        Assert.Contains(closing.GetProperty("timers").EnumerateArray(), t => t.GetProperty("name").GetString() == "help-check");

        var closed = await f.StepAsync(referral, "ConfirmHelpReceived", new { note = "Το επιβεβαίωσε τηλεφωνικά" });
        Assert.Equal("Closed", closed.State());
        Assert.Equal("Completed", closed.GetProperty("status").GetString());
        Assert.Empty(closed.GetProperty("timers").EnumerateArray());
        Assert.Equal("GotHelp", closed.GetProperty("data").GetProperty("outcome").GetString());

        var journal = closed.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("trigger").GetString() ?? "(start)").ToArray();
        Assert.Equal(["(start)", "Submit", "Accept", "StartService", "RecordFollowUp", "Close", "ConfirmHelpReceived"], journal);
        Assert.Equal(7, closed.Revision());
    }

    [Fact]
    public async Task Help_that_did_not_arrive_sends_the_referral_back_into_service()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        await f.StepAsync(referral, "Accept", new { });
        await f.StepAsync(referral, "Close", GotHelp);
        var back = await f.StepAsync(referral, "HelpNotReceived", new { reason = "Δεν έλαβε το επίδομα" });
        Assert.Equal("InService", back.State());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("data").GetProperty("outcome").ValueKind);
    }

    [Fact]
    public async Task Rejected_with_a_reason_is_final_and_a_missing_reason_changes_nothing()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        var before = await f.InstanceAsync(referral);

        var refused = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Reject", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ReadJsonAsync()).GetProperty("errors").TryGetProperty("input.reason", out _));
        Assert.Equal(before.Revision(), (await f.InstanceAsync(referral)).Revision());

        var rejected = await f.StepAsync(referral, "Reject", new { reason = "Δεν πληροί τα εισοδηματικά κριτήρια" });
        Assert.Equal("Rejected", rejected.State());
        Assert.Equal("Completed", rejected.GetProperty("status").GetString());
        Assert.Empty(rejected.Permitted());

        var late = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Accept", new { });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("https://platform.local/problems/instance-closed", (await late.ReadJsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task More_information_goes_back_to_the_caseworker_and_returns_to_submitted()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        var asked = await f.StepAsync(referral, "RequestInformation", new { reason = "Λείπει το Ε1" });
        Assert.Equal("MoreInformationNeeded", asked.State());
        Assert.Equal("Caseworker", asked.GetProperty("taskRole").GetString());
        Assert.Equal(["ProvideInformation", "Withdraw"], asked.Permitted());
        Assert.Equal("Submitted", (await f.StepAsync(referral, "ProvideInformation", new { note = "Στάλθηκε το Ε1" })).State());
    }

    [Theory]
    [InlineData("couldNotGetHelp", "CouldNotGetHelp")]
    [InlineData("couldNotContact", "CouldNotContact")]
    [InlineData("withdrawn", "Withdrawn")]
    public async Task Other_outcomes_close_at_once_and_need_a_reason(string outcome, string stored)
    {
        var (referral, _) = await SubmittedToKeaAsync();
        await f.StepAsync(referral, "Accept", new { });
        var noReason = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Close", new { outcome });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var closed = await f.StepAsync(referral, "Close", new { outcome, reason = "Καταγράφηκε ο λόγος" });
        Assert.Equal("Closed", closed.State());
        Assert.Equal(stored, closed.GetProperty("data").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_draft_can_be_withdrawn()
    {
        var person = await f.BeneficiaryAsync();
        var referral = (await f.ReferAsync(person, "programme", await f.KeaAsync())).Id();
        var withdrawn = await f.StepAsync(referral, "Withdraw", new { reason = "Το ξανασκέφτηκε" });
        Assert.Equal("Closed", withdrawn.State());
        Assert.Equal("Withdrawn", withdrawn.GetProperty("data").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Submitting_without_consent_to_share_is_refused_and_the_draft_stays()
    {
        var person = await f.BeneficiaryAsync(consentToShare: false);
        var referral = (await f.ReferAsync(person, "programme", await f.KeaAsync())).Id();
        var response = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Submit");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("https://platform.local/problems/consent-missing", problem.GetProperty("type").GetString());
        var view = await f.InstanceAsync(referral);
        Assert.Equal("Draft", view.State());
        Assert.Equal(1, view.Revision());
        Assert.Equal(1, await f.JournalCountAsync(referral));
    }

    [Fact]
    public async Task A_trigger_the_state_does_not_allow_is_409_and_nothing_changes()
    {
        var person = await f.BeneficiaryAsync();
        var referral = (await f.ReferAsync(person, "programme", await f.KeaAsync())).Id();
        var response = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Accept", new { });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://platform.local/problems/trigger-not-permitted", (await response.ReadJsonAsync()).GetProperty("type").GetString());
        Assert.Equal(1, await f.JournalCountAsync(referral));

        var timerOnly = await ReferralsFixture.FireAsync(f.Caseworker, referral, "RemindNoAnswer");
        Assert.Equal(HttpStatusCode.Forbidden, timerOnly.StatusCode);
    }

    [Fact]
    public async Task Roles_and_centres_that_may_not_act_are_refused()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        // a supervisor of the demo centre's municipality: they read the centre's referrals (issue 4: a supervisor's area)
        var supervisor = f.Factory.ClientAs("Supervisor", null, "supervisor", ReferralsFixture.Trikala);
        var clerk = f.As("EntryPointClerk");
        var otherCentre = f.As("Caseworker", ReferralsFixture.OtherCentre, "other");

        var bySupervisor = await ReferralsFixture.FireAsync(supervisor, referral, "Accept", new { });
        Assert.Equal(HttpStatusCode.Forbidden, bySupervisor.StatusCode);
        Assert.Equal("https://platform.local/problems/forbidden", (await bySupervisor.ReadJsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await ReferralsFixture.FireAsync(clerk, referral, "Accept", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReferralsFixture.FireAsync(otherCentre, referral, "Accept", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCentre.GetAsync($"/api/workflows/instances/{referral}")).StatusCode);

        // the supervisor reads, with nothing to fire
        var seen = await f.InstanceAsync(referral, supervisor);
        Assert.Empty(seen.Permitted());
        Assert.Equal(["Accept", "Reject", "RequestInformation", "Withdraw"], (await f.InstanceAsync(referral)).Permitted());
        Assert.Equal(2, await f.JournalCountAsync(referral));
    }

    [Fact]
    public async Task The_same_command_id_twice_is_one_step_and_reused_for_another_trigger_is_409()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        var command = Guid.NewGuid();
        var first = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Accept", new { note = "ok" }, command);
        var second = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Accept", new { note = "ok" }, command);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).Revision(), (await second.ReadJsonAsync()).Revision());
        Assert.Equal(1, await f.Database.ScalarAsync<long>($"SELECT count(*) FROM workflows.journal WHERE instance_id = '{referral}' AND trigger = 'Accept'"));

        var reused = await ReferralsFixture.FireAsync(f.Caseworker, referral, "StartService", new { }, command);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("https://platform.local/problems/command-id-reused", (await reused.ReadJsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_stale_revision_is_409()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        var stale = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Accept", new { }, expectedRevision: 1);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("https://platform.local/problems/stale-revision", (await stale.ReadJsonAsync()).GetProperty("type").GetString());
        var fresh = await ReferralsFixture.FireAsync(f.Caseworker, referral, "Accept", new { }, expectedRevision: 2);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task A_retried_create_returns_the_same_referral()
    {
        var person = await f.BeneficiaryAsync();
        var body = new { commandId = Guid.NewGuid(), beneficiaryId = person, targetKind = "programme", targetId = await f.KeaAsync(), reason = "ΚΕΑ" };
        var first = await (await f.Caseworker.PostAsJsonAsync("/api/referrals", body)).ReadJsonAsync();
        var again = await f.Caseworker.PostAsJsonAsync("/api/referrals", body);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.Id(), (await again.ReadJsonAsync()).Id());
        Assert.Equal(1, await f.Database.ScalarAsync<long>($"SELECT count(*) FROM workflows.instances WHERE subject_id = '{person}'"));
    }

    [Fact]
    public async Task Bad_referral_input_names_each_field_and_writes_nothing()
    {
        var before = await f.Database.ScalarAsync<long>("SELECT count(*) FROM workflows.instances");
        var response = await f.Caseworker.PostAsJsonAsync("/api/referrals", new { beneficiaryId = Guid.NewGuid(), targetKind = "body" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("commandId", out _));
        Assert.True(errors.TryGetProperty("targetId", out _));
        Assert.True(errors.TryGetProperty("reason", out _));

        var unknownPerson = await f.Caseworker.PostAsJsonAsync("/api/referrals",
            new { commandId = Guid.NewGuid(), beneficiaryId = Guid.NewGuid(), targetKind = "programme", targetId = await f.KeaAsync(), reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownPerson.StatusCode);
        Assert.True((await unknownPerson.ReadJsonAsync()).GetProperty("errors").TryGetProperty("beneficiaryId", out _));
        Assert.Equal(before, await f.Database.ScalarAsync<long>("SELECT count(*) FROM workflows.instances"));
    }

    [Fact]
    public async Task The_diagram_marks_the_current_state()
    {
        var (referral, _) = await SubmittedToKeaAsync();
        var response = await f.Caseworker.GetAsync($"/api/workflows/instances/{referral}/diagram.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg);
        var marked = svg[svg.IndexOf("id=\"state_Submitted\"", StringComparison.Ordinal)..];
        Assert.Contains("#ffd54f", marked[..marked.IndexOf("</g>", StringComparison.Ordinal)]);
        Assert.Contains("Υποβλήθηκε", svg);
        var draft = svg[svg.IndexOf("id=\"state_Draft\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("#ffd54f", draft[..draft.IndexOf("</g>", StringComparison.Ordinal)]);
    }
}
