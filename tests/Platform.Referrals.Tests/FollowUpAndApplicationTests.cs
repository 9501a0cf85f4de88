using System.Net;
using System.Net.Http.Json;

namespace Platform.Referrals.Tests;

/// <summary>R6 (follow-up plan with periodic reviews) and R10 (assisted application, ΚΕΑ first), through the API.</summary>
public sealed class FollowUpAndApplicationTests(ClockedFixture f) : IClassFixture<ClockedFixture>
{
    [Fact]
    public async Task A_follow_up_plan_reviews_at_the_chosen_interval_and_each_review_sets_the_next()
    {
        var person = await f.BeneficiaryAsync();
        var created = await f.Caseworker.PostAsJsonAsync("/api/referrals/follow-up-plans",
            new { commandId = Guid.NewGuid(), beneficiaryId = person, intervalDays = 30, goals = "Ένταξη στην αγορά εργασίας" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.ReadJsonAsync();
        Assert.Equal("Active", plan.State());
        var review = plan.GetProperty("timers").EnumerateArray().Single();
        Assert.Equal(f.Clock.GetUtcNow().AddDays(30), review.GetProperty("dueAt").GetDateTimeOffset());

        // the review falls due: the caseworker has a task, and recording it schedules the next one
        var scheduler = f.As("Scheduler", user: "scheduler");
        f.Clock.SetUtcNow(review.GetProperty("dueAt").GetDateTimeOffset().AddMinutes(-5));
        await scheduler.PostAsJsonAsync("/api/workflows/timers/dispatch", new { });
        var due = await CapacityTests.EventuallyAsync(() => f.InstanceAsync(plan.Id()), v => v.State() == "ReviewDue");
        Assert.Equal("Caseworker", due.GetProperty("taskRole").GetString());
        Assert.Equal("review-due", due.GetProperty("attention").GetString());
        var inbox = await (await f.Caseworker.GetAsync($"/api/workflows/instances?taskRole=Caseworker&subjectId={person}")).ReadJsonAsync();
        Assert.Equal(1, inbox.GetProperty("total").GetInt32());

        var missing = await ReferralsFixture.FireAsync(f.Caseworker, plan.Id(), "RecordReview", new { nextSteps = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.ReadJsonAsync()).GetProperty("errors").TryGetProperty("input.situation", out _));

        var reviewed = await f.StepAsync(plan.Id(), "RecordReview", new { situation = "Βρήκε εργασία μερικής απασχόλησης", nextSteps = "Επανεξέταση", nextReviewInDays = 60 });
        Assert.Equal("Active", reviewed.State());
        Assert.Equal(1, reviewed.GetProperty("data").GetProperty("reviewsDone").GetInt32());
        Assert.Equal(f.Clock.GetUtcNow().AddDays(60), reviewed.GetProperty("timers")[0].GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_assisted_application_defaults_to_kea_records_filing_and_decision_and_sets_the_renewal_reminder()
    {
        var person = await f.BeneficiaryAsync();
        var created = await f.Caseworker.PostAsJsonAsync("/api/referrals/assisted-applications", new { commandId = Guid.NewGuid(), beneficiaryId = person });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var application = await created.ReadJsonAsync();
        Assert.Equal(await f.KeaAsync(), application.GetProperty("data").GetProperty("programmeId").GetGuid());
        Assert.Equal("Kea", application.GetProperty("policyKey").GetString());

        await f.StepAsync(application.Id(), "UpdateDocuments", new { documents = new[] { new { name = "Ε1", provided = true }, new { name = "Μισθωτήριο", provided = false } } });
        var today = DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime);
        var future = await ReferralsFixture.FireAsync(f.Caseworker, application.Id(), "File",
            new { platform = "kea", protocolNumber = "ΚΕΑ-1", filedOn = today.AddDays(30) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var filed = await f.StepAsync(application.Id(), "File", new { platform = "kea", protocolNumber = "ΚΕΑ-2026-000123", filedOn = today });
        Assert.Equal("Filed", filed.State());
        Assert.Equal("ΚΕΑ-2026-000123", filed.GetProperty("data").GetProperty("protocolNumber").GetString());

        var approved = await f.StepAsync(application.Id(), "RecordDecision", new { approved = true, decidedOn = today, validUntil = today.AddMonths(6) });
        Assert.Equal("Approved", approved.State());
        var renewal = approved.GetProperty("timers").EnumerateArray().Single();
        Assert.Equal("renewal", renewal.GetProperty("name").GetString());
        Assert.Equal(today.AddMonths(6).AddDays(-30), DateOnly.FromDateTime(renewal.GetProperty("dueAt").GetDateTimeOffset().UtcDateTime));

        var rejectedWithoutReason = await ReferralsFixture.FireAsync(f.Caseworker, (await StartAndFileAsync(person)).Id(), "RecordDecision",
            new { approved = false, decidedOn = today });
        Assert.Equal(HttpStatusCode.BadRequest, rejectedWithoutReason.StatusCode);
    }

    private async Task<System.Text.Json.JsonElement> StartAndFileAsync(Guid person)
    {
        var application = await (await f.Caseworker.PostAsJsonAsync("/api/referrals/assisted-applications", new { commandId = Guid.NewGuid(), beneficiaryId = person })).ReadJsonAsync();
        return await f.StepAsync(application.Id(), "File", new { platform = "housingAllowance", protocolNumber = "Α-9", filedOn = DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime) });
    }
}
