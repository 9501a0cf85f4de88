using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.Referrals.Tests;

/// <summary>
/// Issue 5 with issue 3: the centre's live figures follow its referrals (the grain is the source, updated through the
/// outbox), and the annual report's referral, follow-up and application figures equal counts taken straight from the database.
/// </summary>
public sealed class ReportAndWorkloadTests(ClockedFixture f) : IClassFixture<ClockedFixture>
{
    private async Task<JsonElement> WorkloadAsync() =>
        (await (await f.Caseworker.GetAsync($"/api/centres/{ReferralsFixture.Centre}")).ReadJsonAsync()).GetProperty("workload");

    [Fact]
    public async Task Accepting_a_referral_changes_the_centres_live_figures()
    {
        var before = await WorkloadAsync();
        var shelter = await f.ShelterAsync(beds: 1);
        var first = (await f.ReferAsync(await f.BeneficiaryAsync(), "body", shelter)).Id();
        var second = (await f.ReferAsync(await f.BeneficiaryAsync(), "body", shelter)).Id();
        await f.StepAsync(first, "Submit");
        await f.StepAsync(second, "Submit");
        await f.StepAsync(first, "Accept", new { });
        await f.StepAsync(second, "Accept", new { });

        var after = await CapacityTests.EventuallyAsync(WorkloadAsync,
            w => w.GetProperty("openReferrals").GetInt32() == before.GetProperty("openReferrals").GetInt32() + 2
                && w.GetProperty("waitingForPlace").GetInt32() == before.GetProperty("waitingForPlace").GetInt32() + 1);
        await f.StepAsync(second, "Withdraw", new { reason = "Βρήκε λύση" });
        await CapacityTests.EventuallyAsync(WorkloadAsync,
            w => w.GetProperty("openReferrals").GetInt32() == after.GetProperty("openReferrals").GetInt32() - 1
                && w.GetProperty("waitingForPlace").GetInt32() == after.GetProperty("waitingForPlace").GetInt32() - 1);
    }

    [Fact]
    public async Task The_annual_reports_referral_figures_equal_counts_from_the_database()
    {
        // a varied set of processes at the centre this year
        var kea = await f.KeaAsync();
        var shelter = await f.ShelterAsync(beds: 2);
        for (var i = 0; i < 12; i++)
        {
            var toShelter = i % 3 == 0;
            var referral = (await f.ReferAsync(await f.BeneficiaryAsync(), toShelter ? "body" : "programme", toShelter ? shelter : kea)).Id();
            if (i % 6 == 5) continue; // a draft
            await f.StepAsync(referral, "Submit");
            switch (i % 6)
            {
                case 0: await f.StepAsync(referral, "Reject", new { reason = "Κριτήρια" }); break;
                case 1: await f.StepAsync(referral, "Accept", new { }); await f.StepAsync(referral, "RecordFollowUp", new { reason = "ok" }); await f.StepAsync(referral, "Close", new { outcome = "gotHelp" }); break;
                case 2: await f.StepAsync(referral, "Accept", new { }); await f.StepAsync(referral, "Close", new { outcome = "gotHelp" }); await f.StepAsync(referral, "ConfirmHelpReceived", new { }); break;
                case 3: await f.StepAsync(referral, "Accept", new { }); await f.StepAsync(referral, "Close", new { outcome = "couldNotContact", reason = "x" }); break;
                case 4: await f.StepAsync(referral, "Withdraw", new { reason = "x" }); break;
            }
        }
        var person = await f.BeneficiaryAsync();
        var plan = (await (await f.Caseworker.PostAsJsonAsync("/api/referrals/follow-up-plans", new { commandId = Guid.NewGuid(), beneficiaryId = person, intervalDays = 30 })).ReadJsonAsync()).Id();
        await f.StepAsync(plan, "RecordReview", new { situation = "Σταθερή" });
        var application = (await (await f.Caseworker.PostAsJsonAsync("/api/referrals/assisted-applications", new { commandId = Guid.NewGuid(), beneficiaryId = person })).ReadJsonAsync()).Id();
        await f.StepAsync(application, "File", new { platform = "kea", protocolNumber = "Κ-1", filedOn = DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime) });

        // the processes ran on the fake clock (early March); the report counts to yesterday of the real year
        var year = f.Clock.GetUtcNow().Year;
        var report = await (await f.Caseworker.GetAsync($"/api/supervision/centres/{ReferralsFixture.Centre}/annual-reports/{year}")).ReadJsonAsync();
        await using var connection = new NpgsqlConnection(f.Database.ConnectionString);
        await connection.OpenAsync();
        var compared = 0;
        foreach (var section in report.GetProperty("sections").EnumerateArray().Where(s => s.GetProperty("key").GetString() is "referrals" or "follow-ups" or "assisted-applications"))
        {
            Assert.True(section.GetProperty("available").GetBoolean());
            foreach (var figure in section.GetProperty("figures").EnumerateArray())
            {
                var key = section.GetProperty("key").GetString() + "/" + figure.GetProperty("key").GetString();
                await using var command = new NpgsqlCommand(IndependentSql(key), connection);
                command.Parameters.AddWithValue("centre", ReferralsFixture.Centre);
                command.Parameters.AddWithValue("year", year);
                command.Parameters.AddWithValue("to", DateOnly.Parse(report.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                var expected = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(expected == figure.GetProperty("value").GetInt64(), $"{key}: the report says {figure.GetProperty("value").GetInt64()}, the database {expected}");
                compared++;
            }
        }
        Assert.True(compared >= 20, $"only {compared} figures compared");
        long Figure(string key) => report.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("figures").EnumerateArray()
            .Select(x => (k: s.GetProperty("key").GetString() + "/" + x.GetProperty("key").GetString(), v: x.GetProperty("value").GetInt64()))).Single(x => x.k == key).v;
        Assert.True(Figure("referrals/made") >= 12);
        Assert.True(Figure("referrals/outcome:gotHelpConfirmed") >= 2);
        Assert.True(Figure("follow-ups/reviews-done") >= 1);
        Assert.True(Figure("assisted-applications/filed") >= 1);
    }

    /// <summary>Each figure counted from the workflow tables by its meaning, not by the module's code.</summary>
    private static string IndependentSql(string key)
    {
        const string InYear = "(created_at AT TIME ZONE 'Europe/Athens')::date BETWEEN make_date(@year, 1, 1) AND @to";
        string Started(string definition) => $"FROM workflows.instances WHERE definition = '{definition}' AND centre_id = @centre AND {InYear}";
        string Steps(string definition, string trigger) =>
            $"SELECT count(*) FROM workflows.journal j JOIN workflows.instances i ON i.id = j.instance_id WHERE i.definition = '{definition}' AND i.centre_id = @centre " +
            $"AND j.trigger = '{trigger}' AND j.kind <> 'Incident' AND (j.at AT TIME ZONE 'Europe/Athens')::date BETWEEN make_date(@year, 1, 1) AND @to";
        var referrals = Started("referral");
        var applications = Started("assisted-application");
        return key switch
        {
            "referrals/made" => $"SELECT count(*) {referrals}",
            var k when k.StartsWith("referrals/target:", StringComparison.Ordinal) =>
                $"SELECT count(*) {referrals} AND policy_key = '{char.ToUpperInvariant(k["referrals/target:".Length]) + k["referrals/target:".Length..][1..]}'",
            "referrals/outcome:gotHelpConfirmed" => $"SELECT count(*) {referrals} AND state = 'Closed' AND data->>'outcome' = 'GotHelp'",
            "referrals/outcome:gotHelpAwaitingCheck" => $"SELECT count(*) {referrals} AND state = 'AwaitingConfirmation'",
            "referrals/outcome:couldNotGetHelp" => $"SELECT count(*) {referrals} AND data->>'outcome' = 'CouldNotGetHelp'",
            "referrals/outcome:withdrawn" => $"SELECT count(*) {referrals} AND data->>'outcome' = 'Withdrawn'",
            "referrals/outcome:couldNotContact" => $"SELECT count(*) {referrals} AND data->>'outcome' = 'CouldNotContact'",
            "referrals/outcome:rejected" => $"SELECT count(*) {referrals} AND state = 'Rejected'",
            "referrals/outcome:open" => $"SELECT count(*) {referrals} AND status IN ('Active', 'Faulted') AND state <> 'AwaitingConfirmation'",
            "follow-ups/plans-started" => $"SELECT count(*) {Started("follow-up-plan")}",
            "follow-ups/reviews-done" => Steps("follow-up-plan", "RecordReview"),
            "follow-ups/referral-follow-ups-done" => Steps("referral", "RecordFollowUp"),
            "follow-ups/reviews-overdue" => "SELECT count(*) FROM workflows.instances WHERE definition = 'follow-up-plan' AND centre_id = @centre AND state = 'ReviewDue' " +
                "AND status IN ('Active', 'Faulted') AND task_due_at < now() AND (task_due_at AT TIME ZONE 'Europe/Athens')::date <= @to",
            "assisted-applications/started" => $"SELECT count(*) {applications}",
            "assisted-applications/kea" => $"SELECT count(*) {applications} AND policy_key = 'Kea'",
            "assisted-applications/filed" => Steps("assisted-application", "File"),
            "assisted-applications/state:approved" => $"SELECT count(*) {applications} AND state IN ('Approved', 'RenewalDue')",
            "assisted-applications/state:rejected" => $"SELECT count(*) {applications} AND state = 'Rejected'",
            "assisted-applications/state:awaitingDecision" => $"SELECT count(*) {applications} AND state = 'Filed'",
            "assisted-applications/state:preparing" => $"SELECT count(*) {applications} AND state = 'Preparing'",
            "assisted-applications/state:closed" => $"SELECT count(*) {applications} AND state = 'Closed'",
            _ => throw new InvalidOperationException($"no independent count for {key}"),
        };
    }
}
