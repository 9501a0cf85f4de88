using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>
/// Issue 4 in a real browser, the workflow pages: a caseworker registers a person past a duplicate warning, refers
/// them (refused until the consent to share is recorded), advances the referral as the target would; the scheduler
/// sends its follow-up from the due list; the caseworker's inbox shows it with its count. A supervisor sees the
/// instance with its diagram and journal but no action, and the API refuses them a trigger.
/// </summary>
public sealed class WorkflowPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Trigger(IPage page, string name) => page.GetByTestId($"trigger-{name}");

    private static async Task FireAsync(IPage page, string trigger, string expectedState, Func<Task>? fill = null)
    {
        await Trigger(page, trigger).ClickAsync();
        await page.GetByTestId("trigger-form").WaitForAsync();
        if (fill is not null)
        {
            await fill();
        }
        await page.GetByTestId("fire").ClickAsync();
        await Assertions.Expect(page.GetByTestId("instance-state")).ToHaveTextAsync(expectedState);
    }

    private async Task<Guid> KeaAsync()
    {
        using var api = await browser.Factory.ClientForAsync(DemoUsers.Caseworker);
        var programmes = JsonDocument.Parse(await api.GetStringAsync("/api/registries/programmes")).RootElement;
        return programmes.GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("data").GetProperty("isSocialSolidarityIncome").GetBoolean()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_referral_from_registration_to_the_follow_up_the_scheduler_sends_into_the_caseworkers_inbox()
    {
        await browser.RegisterOnFileAsync("Καραγιάννη", "Σταυρούλα", new DateOnly(1968, 9, 21), 6543);
        var kea = await KeaAsync();

        // The caseworker lands on the inbox.
        var page = await browser.SignInAsync(DemoUsers.Caseworker);
        await page.WaitForURLAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.GetByTestId("count-total")).ToBeVisibleAsync();
        var followUpsBefore = int.Parse(await page.GetByTestId("count-follow-ups").Locator(".n").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        // Registration, meeting the duplicate warning on the way.
        await page.GetByRole(AriaRole.Link, new() { Name = "Εγγραφή ωφελούμενου" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Εγγραφή ωφελούμενου" }).WaitForAsync();
        await page.Locator("#surname").FillAsync("Καραγιαννη");
        await page.Locator("#firstName").FillAsync("Σταυρουλα");
        await page.Locator("#birthDate").FillAsync("1968-09-21");
        await page.Locator("#birthDate").BlurAsync();
        await Assertions.Expect(page.GetByTestId("duplicate-warning")).ToContainTextAsync("Καραγιάννη Σταυρούλα", new() { Timeout = 20_000 });
        await page.Locator("#sex").SelectOptionAsync("Female");
        await page.Locator("#documentNumber").FillAsync("ΑΜ445566");
        await page.GetByLabel("Έλεγξα: πρόκειται για άλλο πρόσωπο").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Εγγραφή", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/beneficiaries/[0-9a-f-]{36}$"));
        var fileUrl = page.Url;
        await Assertions.Expect(page.GetByTestId("referrals-none")).ToBeVisibleAsync();

        // Refer to ΚΕΑ: the form says the consent to share is missing; the draft is made anyway, and submitting it is refused.
        await page.GetByTestId("refer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("consent-missing")).ToBeVisibleAsync();
        await page.Locator("#refer-target").SelectOptionAsync($"programme:{kea}");
        await page.Locator("#refer-reason").FillAsync("Αίτηση ΚΕΑ: χωρίς εισόδημα από τον Μάρτιο");
        await page.GetByTestId("refer-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/workflows/instances/[0-9a-f-]{36}$"));
        var referral = Guid.Parse(page.Url[^36..]);
        await Assertions.Expect(page.GetByTestId("instance-state")).ToHaveTextAsync("Πρόχειρη");
        await Assertions.Expect(page.GetByTestId("instance-subject")).ToHaveTextAsync("Καραγιαννη Σταυρουλα");
        await Trigger(page, "Submit").ClickAsync();
        await page.GetByTestId("fire").ClickAsync();
        await Assertions.Expect(page.GetByTestId("trigger-refusal")).ToContainTextAsync("συναίνεση");
        await Assertions.Expect(page.GetByTestId("instance-state")).ToHaveTextAsync("Πρόχειρη");

        // The person agrees: the consent is recorded from the file, then the referral is submitted.
        await page.GetByTestId("instance-subject").GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(fileUrl);
        await Assertions.Expect(page.GetByTestId("referrals")).ToContainTextAsync("Παραπομπή — Πρόχειρη");
        await page.GetByTestId("refer").ClickAsync();
        await page.GetByTestId("record-consent").ClickAsync();
        await Assertions.Expect(page.GetByTestId("consent-ok")).ToBeVisibleAsync();
        await page.GetByTestId("referrals").GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/workflows/instances/{referral}$"));
        await FireAsync(page, "Submit", "Υποβλήθηκε — αναμονή απάντησης");

        // The target's answers, recorded by the caseworker: a missing reason is named at its field; then accepted, service started.
        await Trigger(page, "Reject").ClickAsync();
        await page.GetByTestId("fire").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-reason")).ToContainTextAsync("λόγο");
        await Assertions.Expect(page.GetByTestId("instance-state")).ToHaveTextAsync("Υποβλήθηκε — αναμονή απάντησης");
        await FireAsync(page, "Accept", "Έγινε δεκτή", () => page.Locator("#input-note").FillAsync("Εγκρίθηκε από τον ΟΠΕΚΑ"));
        await FireAsync(page, "StartService", "Σε εξυπηρέτηση");

        // Someone else records a follow-up meanwhile: this screen's step is refused as stale, and says so.
        await Trigger(page, "RecordFollowUp").ClickAsync();
        await page.Locator("#input-reason").FillAsync("Τηλεφωνική επικοινωνία");
        using (var api = await browser.Factory.ClientForAsync(DemoUsers.CentreHead))
        {
            var other = await api.PostAsJsonAsync($"/api/workflows/instances/{referral}/triggers/RecordFollowUp",
                new { commandId = Guid.NewGuid(), input = new { reason = "Επίσκεψη στο σπίτι" } });
            Assert.True(other.IsSuccessStatusCode, await other.Content.ReadAsStringAsync());
        }
        await page.GetByTestId("fire").ClickAsync();
        await Assertions.Expect(page.GetByTestId("stale")).ToBeVisibleAsync();
        await page.GetByTestId("reload").ClickAsync();
        await Assertions.Expect(page.GetByTestId("journal-row")).ToHaveCountAsync(5); // start, submit, accept, service, the other's follow-up
        await Assertions.Expect(page.GetByTestId("journal")).ToContainTextAsync("Επίσκεψη στο σπίτι");
        await Assertions.Expect(page.GetByTestId("diagram").Locator("svg title#diagram-title")).ToContainTextAsync("Σε εξυπηρέτηση");
        await BrowserFixture.ScreenshotAsync(page, "workflow-instance");

        // The scheduler finds the referral's follow-up among the reminders of the next 30 days and sends it.
        var scheduler = await browser.SignInAsync(DemoUsers.Scheduler);
        await scheduler.GetByRole(AriaRole.Link, new() { Name = "Υπενθυμίσεις" }).ClickAsync();
        await scheduler.WaitForURLAsync(new Regex("/scheduler$"));
        await scheduler.Locator("#due-days").SelectOptionAsync("30");
        var row = scheduler.Locator($"[data-testid='due-row'][data-instance='{referral}'][data-timer='follow-up']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(scheduler.GetByTestId("policy-row").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(scheduler, "scheduler");
        await row.GetByTestId("send-now").ClickAsync();
        await Assertions.Expect(scheduler.GetByTestId("timer-done")).ToContainTextAsync("Παρακολούθηση");
        await scheduler.Context.CloseAsync();

        // The caseworker's inbox shows the follow-up that landed, with its count.
        await page.GetByRole(AriaRole.Link, new() { Name = "Οι εργασίες μου" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.GetByTestId("count-follow-ups").Locator(".n")).ToHaveTextAsync((followUpsBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var landed = page.Locator($"[data-testid='inbox-row'][data-instance='{referral}']");
        await Assertions.Expect(landed.GetByTestId("inbox-attention")).ToHaveTextAsync("Ώρα για παρακολούθηση");
        await Assertions.Expect(landed).ToContainTextAsync("Καραγιαννη Σταυρουλα");
        await BrowserFixture.ScreenshotAsync(page, "inbox");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_sees_the_instance_with_its_diagram_and_journal_but_no_action_and_the_api_refuses_a_trigger()
    {
        Guid referral;
        using (var api = await browser.Factory.ClientForAsync(DemoUsers.Caseworker))
        {
            var person = await api.PostAsJsonAsync("/api/registries/beneficiaries", new
            {
                surname = "Εποπτευόμενος", firstName = "Αλέξης", birthDate = "1990-01-15", sex = "male", documentKind = "identityCard",
                documentNumber = "ΑΖ101010", municipalityId = DemoUsers.Trikala, centreId = DemoUsers.Centre,
                consents = new[] { "processingOfPersonalData", "sharingWithReferralTargets" }, confirmNotDuplicate = true,
            });
            var personId = JsonDocument.Parse(await person.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
            var created = await api.PostAsJsonAsync("/api/referrals", new
            {
                commandId = Guid.NewGuid(), beneficiaryId = personId, targetKind = "programme", targetId = await KeaAsync(), reason = "ΚΕΑ",
            });
            referral = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
            var submitted = await api.PostAsJsonAsync($"/api/workflows/instances/{referral}/triggers/Submit", new { commandId = Guid.NewGuid() });
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        }

        var page = await browser.SignInAsync(DemoUsers.Supervisor);
        await page.GotoAsync($"/workflows/instances/{referral}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("instance-state")).ToHaveTextAsync("Υποβλήθηκε — αναμονή απάντησης");
        await Assertions.Expect(page.GetByTestId("no-triggers")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("triggers")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("journal-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("diagram").Locator("svg")).ToHaveAttributeAsync("role", "img");
        await BrowserFixture.ScreenshotAsync(page, "workflow-instance-supervisor");
        await page.Context.CloseAsync();

        using var supervisor = await browser.Factory.ClientForAsync(DemoUsers.Supervisor);
        var refused = await supervisor.PostAsJsonAsync($"/api/workflows/instances/{referral}/triggers/Accept", new { commandId = Guid.NewGuid(), input = new { } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var caseworker = await browser.Factory.ClientForAsync(DemoUsers.Caseworker);
        var after = JsonDocument.Parse(await caseworker.GetStringAsync($"/api/workflows/instances/{referral}")).RootElement;
        Assert.Equal("Submitted", after.GetProperty("state").GetString());
    }
}
