using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>
/// Issue 5 in a real browser: a centre head keeps the centre's page open while a person is registered and a referral
/// accepted elsewhere (the API) — the page shows each figure +1 from the grain, with no reload and no restart; the R13 and
/// R16 flags; the staffing, premises and report pages; the report's CSV equals the page; the regulation upload.
/// </summary>
public sealed class CentrePagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Guid Centre = DemoUsers.Centre;

    private static readonly string Today = Platform.BuildingBlocks.Time.GreekTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Figure(string text) => int.Parse(text.Trim(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_centre_page_follows_registrations_and_referrals_and_shows_each_flag_with_its_rule()
    {
        using var head = await browser.Factory.ClientForAsync(DemoUsers.CentreHead);
        using var caseworker = await browser.Factory.ClientForAsync(DemoUsers.Caseworker);
        // R13: a psychologist made head (the head role moves to them); R16: a reception space that is not accessible.
        await Ok(head.PostAsJsonAsync($"/api/staffing/centres/{Centre}/staff",
            new { reference = "ΨΥΧ-" + Guid.NewGuid().ToString("N")[..6], specialty = "psychologist", isHead = true, startDate = "2024-01-01" }));
        await Ok(head.PostAsJsonAsync($"/api/premises/centres/{Centre}/sites", new
        {
            street = "Ασκληπιού 18", postalCode = "42100", city = "Τρίκαλα", ownership = "municipal", distinct = true, nearSocialService = true,
            spaces = new[] { new { kind = "reception", name = "Υποδοχή ισογείου", accessible = false, accessibilityNotes = "Σκαλοπάτια χωρίς ράμπα" } },
        }));

        var page = await browser.SignInAsync(DemoUsers.CentreHead);
        await page.GetByRole(AriaRole.Link, new() { Name = "Κέντρα Κοινότητας" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("centre-row")).ToHaveCountAsync(1); // a head sees their own centre only
        await Assertions.Expect(page.GetByTestId("centre-row").GetByTestId("staffing-status")).ToContainTextAsync("R13");
        await BrowserFixture.ScreenshotAsync(page, "centres-list");
        await page.GetByTestId("centre-row").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("open-files")).ToBeVisibleAsync();

        var files = Figure(await page.GetByTestId("open-files").InnerTextAsync());
        var referrals = Figure(await page.GetByTestId("open-referrals").InnerTextAsync());

        // A person registered at the centre, through the API: the open page shows one more file, without a reload.
        var person = await caseworker.PostAsJsonAsync("/api/registries/beneficiaries", new
        {
            surname = "Ζωντανού", firstName = "Αλεξάνδρα", birthDate = "1981-06-14", sex = "female",
            amka = Amka.Compute(new DateOnly(1981, 6, 14), 5123), municipalityId = DemoUsers.Trikala, centreId = Centre,
            consents = new[] { "processingOfPersonalData", "sharingWithReferralTargets" }, confirmNotDuplicate = true,
        });
        var beneficiary = (await Json(person)).GetProperty("id").GetGuid();
        await Assertions.Expect(page.GetByTestId("open-files")).ToHaveTextAsync((files + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });

        // A referral started, submitted and accepted (README "Walk a referral"): one more open referral on the page.
        var programmes = await Json(await caseworker.GetAsync("/api/registries/programmes"));
        var kea = programmes.GetProperty("items")[0].GetProperty("id").GetGuid();
        var referral = (await Json(await caseworker.PostAsJsonAsync("/api/referrals",
            new { commandId = Guid.NewGuid(), beneficiaryId = beneficiary, targetKind = "programme", targetId = kea, reason = "ΚΕΑ" }))).GetProperty("id").GetGuid();
        await Ok(caseworker.PostAsJsonAsync($"/api/workflows/instances/{referral}/triggers/Submit", new { commandId = Guid.NewGuid() }));
        var accepted = await Json(await caseworker.PostAsJsonAsync($"/api/workflows/instances/{referral}/triggers/Accept",
            new { commandId = Guid.NewGuid(), input = new { note = "ok" } }));
        Assert.Equal("Accepted", accepted.GetProperty("state").GetString());
        await Assertions.Expect(page.GetByTestId("open-referrals")).ToHaveTextAsync((referrals + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.Equal(files + 1, Figure(await page.GetByTestId("open-files").InnerTextAsync()));

        // The flags, each with the rule it breaks.
        await Assertions.Expect(page.Locator("[data-testid='flag'][data-rule='R13']")).ToContainTextAsync("Κοινωνικός Λειτουργός");
        await Assertions.Expect(page.Locator("[data-testid='flag'][data-rule='R16']", new() { HasText = "Υποδοχή ισογείου" })).ToContainTextAsync("προσβάσιμος");
        await Assertions.Expect(page.GetByTestId("controller")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "centre");

        // The regulation's PDF, uploaded from the page (the circuit, not a form post).
        // Today: the other test's upload may have come first, and an amendment is adopted no earlier than the version it amends.
        await page.Locator("#reg-adopted").FillAsync(Today);
        await page.Locator("#reg-decision").FillAsync("45/Α-ΔΣ");
        await page.Locator("#reg-document").SetInputFilesAsync(new FilePayload
        {
            Name = "kanonismos.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% test regulation\n%%EOF\n"),
        });
        await page.GetByTestId("document-chosen").WaitForAsync(new() { State = WaitForSelectorState.Attached }); // read over the circuit
        await page.GetByTestId("regulation-form").GetByRole(AriaRole.Button, new() { Name = "Καταχώριση" }).ClickAsync();
        var recorded = page.GetByTestId("regulation-version").Filter(new() { HasText = "45/Α-ΔΣ" }).Or(page.GetByTestId("regulation-error"));
        await recorded.First.WaitForAsync();
        if (await page.GetByTestId("regulation-error").CountAsync() > 0)
        {
            Assert.Fail(await page.GetByTestId("regulation-error").InnerTextAsync());
        }

        await Assertions.Expect(page.GetByTestId("regulation-version").Filter(new() { HasText = "45/Α-ΔΣ" })).ToHaveCountAsync(1);

        await page.GetByTestId("centre-tabs").GetByRole(AriaRole.Link, new() { Name = "Στελέχωση" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("team-size")).ToContainTextAsync("R12");
        await Assertions.Expect(page.Locator("[data-testid='flag'][data-rule='R13']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "centre-staffing");

        await page.GetByTestId("centre-tabs").GetByRole(AriaRole.Link, new() { Name = "Χώροι, παραρτήματα, κινητές μονάδες" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='space'][data-accessible='false']")).ToContainTextAsync("Υποδοχή ισογείου");
        await BrowserFixture.ScreenshotAsync(page, "centre-premises");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_report_page_shows_the_same_figures_as_its_csv()
    {
        var year = Platform.BuildingBlocks.Time.GreekTime.Today(TimeProvider.System).Year;
        var page = await browser.SignInAsync(DemoUsers.CentreHead);
        await page.GotoAsync($"/centres/{Centre}/report/{year}");
        // The prerendered report is replaced when the circuit starts (the interactive page loads it again, blank meanwhile):
        // read the figures only from the interactive page, once they are there.
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("report-section").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("figure").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "centre-report");

        var shown = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in await page.GetByTestId("figure").AllAsync())
        {
            var value = await row.Locator("td.value").InnerTextAsync();
            shown[(await row.GetAttributeAsync("data-key"))!] = long.Parse(value.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }

        Assert.NotEmpty(shown);
        // The link as the page gives it, fetched with the browser's own sign-in cookie.
        var href = await page.GetByTestId("csv-link").GetAttributeAsync("href");
        var csv = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        var lines = Encoding.UTF8.GetString(await csv.BodyAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1);
        var exported = lines.Select(l => l.Split(';')).Where(c => c.Length == 5 && c[4].Length > 0)
            .ToDictionary(c => c[2], c => long.Parse(c[4], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.Equal(exported.OrderBy(e => e.Key, StringComparer.Ordinal), shown.OrderBy(e => e.Key, StringComparer.Ordinal));
        await page.Context.CloseAsync();
    }

    /// <summary>A regulation version adopted today, as a script uploads it (multipart, no filing yet).</summary>
    private static MultipartFormDataContent RegulationForm(string decision)
    {
        var pdf = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent(Today), "adoptedOn" }, { new StringContent(decision), "decisionNumber" }, { pdf, "document", "r.pdf" } };
    }

    /// <summary>R23 from the pages: the start of operation, a regulation version's filing and last year's report filing; bad dates refused under their form.</summary>
    [Fact]
    public async Task The_head_records_the_start_of_operation_and_the_filings_of_the_regulation_and_of_last_years_report()
    {
        using var head = await browser.Factory.ClientForAsync(DemoUsers.CentreHead);
        var number = (await Json(await head.PostAsync($"/api/supervision/centres/{Centre}/regulation", RegulationForm("77/Φ-ΔΣ")))).GetProperty("number").GetInt32();
        async Task<JsonElement> Oversight() => await Json(await head.GetAsync($"/api/supervision/centres/{Centre}"));

        var page = await browser.SignInAsync(DemoUsers.CentreHead);
        await page.GotoAsync($"/centres/{Centre}");
        await BrowserFixture.WaitInteractiveAsync(page);

        // The start of operation, which the deadlines count from; a date before the centres existed is refused and not kept.
        var start = page.GetByTestId("operation-start-form");
        await page.Locator("#operation-start").FillAsync("2019-03-01");
        await start.GetByRole(AriaRole.Button, new() { Name = "Αποθήκευση" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("operation-start-saved")).ToBeVisibleAsync();
        Assert.Equal("2019-03-01", (await Oversight()).GetProperty("operationStartedOn").GetString());
        await page.Locator("#operation-start").FillAsync("2015-05-01");
        await start.GetByRole(AriaRole.Button, new() { Name = "Αποθήκευση" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("operation-start-error")).ToContainTextAsync("από το 2016");
        Assert.Equal("2019-03-01", (await Oversight()).GetProperty("operationStartedOn").GetString());

        // The version's filing: sent empty, the server's message shows in the page's language (the browser, in English,
        // does not stop the form with its own); a date before its adoption is refused; today's is recorded on the version.
        var filing = page.GetByTestId($"regulation-filing-{number}");
        await filing.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση υποβολής" }).ClickAsync();
        await Assertions.Expect(filing.GetByTestId($"regulation-filing-{number}-error")).ToContainTextAsync("Η ημερομηνία υποβολής είναι υποχρεωτική.");
        var yesterday = Platform.BuildingBlocks.Time.GreekTime.Today(TimeProvider.System).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await filing.GetByTestId($"regulation-filing-{number}-date").FillAsync(yesterday);
        await filing.GetByTestId($"regulation-filing-{number}-protocol").FillAsync("Φ.123/2026");
        await filing.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση υποβολής" }).ClickAsync();
        await Assertions.Expect(filing.GetByTestId($"regulation-filing-{number}-error")).ToContainTextAsync("πριν την έγκριση");
        await filing.GetByTestId($"regulation-filing-{number}-date").FillAsync(Today);
        await filing.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση υποβολής" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("regulation-version").Filter(new() { HasText = "77/Φ-ΔΣ" })).ToContainTextAsync("Φ.123/2026");
        await Assertions.Expect(filing).ToHaveCountAsync(0);
        var version = (await Json(await head.GetAsync($"/api/supervision/centres/{Centre}/regulation"))).GetProperty("versions").EnumerateArray()
            .Single(v => v.GetProperty("number").GetInt32() == number);
        Assert.Equal("Φ.123/2026", version.GetProperty("protocolNumber").GetString());

        // Last year's report, owed since the centre worked then: a future date is refused; filed, the page shows it as filed.
        var year = Platform.BuildingBlocks.Time.GreekTime.Today(TimeProvider.System).Year - 1;
        await page.GetByTestId("annual-report-due").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/report/{year}$"));
        var report = page.GetByTestId("report-filing");
        var tomorrow = Platform.BuildingBlocks.Time.GreekTime.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await report.GetByTestId("report-filing-date").FillAsync(tomorrow);
        await report.GetByTestId("report-filing-protocol").FillAsync("Α.88/2026");
        await report.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση υποβολής" }).ClickAsync();
        await Assertions.Expect(report.GetByTestId("report-filing-error")).ToContainTextAsync("μελλοντική");
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{year}/filing")).StatusCode);
        await report.GetByTestId("report-filing-date").FillAsync(Today);
        await report.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση υποβολής" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-filed")).ToContainTextAsync("Α.88/2026");
        await Assertions.Expect(page.GetByTestId("report-shown-as")).ToHaveTextAsync("Εμφανίζεται όπως υποβλήθηκε.");
        await Assertions.Expect(page.GetByTestId("csv-link")).ToHaveCountAsync(0); // the CSV has today's data, not the filed copy
        await BrowserFixture.ScreenshotAsync(page, "centre-report-filed");
        var filed = await Json(await head.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{year}/filing"));
        Assert.Equal("Α.88/2026", filed.GetProperty("filing").GetProperty("protocolNumber").GetString());
        await page.GetByTestId("report-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-shown-as")).ToHaveTextAsync("Εμφανίζεται με τα σημερινά δεδομένα.");
        await Assertions.Expect(page.GetByTestId("csv-link")).ToBeVisibleAsync();

        // The overview lists the filed year, with nothing owed.
        await page.GetByTestId("centre-tabs").GetByRole(AriaRole.Link, new() { Name = "Επισκόπηση" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("annual-report-filed").Filter(new() { HasText = year.ToString(CultureInfo.InvariantCulture) })).ToContainTextAsync("Α.88/2026");
        await Assertions.Expect(page.GetByTestId("annual-report-due")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>R17–R19 from the premises page: an annex, and a mobile unit with its schedule; each first refused for what it misses, nothing kept.</summary>
    [Fact]
    public async Task The_head_adds_an_annex_and_a_mobile_unit_with_its_schedule_from_the_premises_page()
    {
        var page = await browser.SignInAsync(DemoUsers.CentreHead);
        await page.GotoAsync($"/centres/{Centre}/premises");
        await BrowserFixture.WaitInteractiveAsync(page);
        using var head = await browser.Factory.ClientForAsync(DemoUsers.CentreHead);
        async Task<string> Outposts() => (await Json(await head.GetAsync($"/api/premises/centres/{Centre}/outposts"))).GetRawText();

        var annex = page.GetByTestId("add-annex");
        await annex.Locator("#annex-name").FillAsync("Παράρτημα Καρυών");
        await annex.Locator("#annex-start").FillAsync(Today);
        await annex.Locator("#annex-municipality").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Τρικκαίων" });
        await annex.Locator("#annex-area-municipality-0").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Τρικκαίων" });
        await annex.Locator("#annex-area-settlement-0").FillAsync("Καρυές");
        var recordAnnex = annex.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση παραρτήματος" });
        await recordAnnex.ClickAsync();
        await Assertions.Expect(annex.GetByTestId("add-annex-error")).ToContainTextAsync("(R17)"); // no reason given
        Assert.DoesNotContain("Παράρτημα Καρυών", await Outposts(), StringComparison.Ordinal);
        await annex.GetByLabel("Ρομά", new() { Exact = true }).CheckAsync();
        await recordAnnex.ClickAsync();
        await SavedAsync(page.GetByTestId("annexes").Filter(new() { HasText = "Παράρτημα Καρυών" }), annex.GetByTestId("add-annex-error"));
        await Assertions.Expect(page.GetByTestId("annexes")).ToContainTextAsync("Καρυές");
        await Assertions.Expect(annex.Locator("#annex-name")).ToHaveValueAsync(""); // ready for the next one
        Assert.Contains("Παράρτημα Καρυών", await Outposts(), StringComparison.Ordinal);

        // Its details are changed from the same page: the form starts from what is stored; an empty name is refused and
        // nothing changes; a new name is saved on the annex, which keeps its areas and reasons, and the form closes.
        JsonElement StoredAnnex(string outposts, Guid? id = null) => JsonDocument.Parse(outposts).RootElement.GetProperty("annexes").EnumerateArray()
            .Single(a => id is { } known ? a.GetProperty("id").GetGuid() == known : a.GetProperty("name").GetString() == "Παράρτημα Καρυών");
        var annexId = StoredAnnex(await Outposts()).GetProperty("id").GetGuid();
        await page.GetByTestId($"edit-annex-{annexId}").ClickAsync();
        var edit = page.GetByTestId("edit-annex");
        await Assertions.Expect(edit.Locator("#annex-edit-name")).ToHaveValueAsync("Παράρτημα Καρυών");
        await Assertions.Expect(edit.Locator("#annex-edit-area-settlement-0")).ToHaveValueAsync("Καρυές");
        await edit.Locator("#annex-edit-name").FillAsync("");
        var saveAnnex = edit.GetByRole(AriaRole.Button, new() { Name = "Αποθήκευση αλλαγών" });
        await saveAnnex.ClickAsync();
        await Assertions.Expect(edit.GetByTestId("edit-annex-error")).ToContainTextAsync("Η ονομασία είναι υποχρεωτική.");
        Assert.Equal("Παράρτημα Καρυών", StoredAnnex(await Outposts(), annexId).GetProperty("name").GetString());
        await edit.Locator("#annex-edit-name").FillAsync("Παράρτημα Καρυών και Πηγής");
        await saveAnnex.ClickAsync();
        await SavedAsync(page.GetByTestId("annexes").Filter(new() { HasText = "Παράρτημα Καρυών και Πηγής" }), edit.GetByTestId("edit-annex-error"));
        await Assertions.Expect(page.GetByTestId("edit-annex")).ToHaveCountAsync(0);
        var changed = StoredAnnex(await Outposts(), annexId);
        Assert.Equal("Παράρτημα Καρυών και Πηγής", changed.GetProperty("name").GetString());
        Assert.Equal("Καρυές", Assert.Single(changed.GetProperty("areas").EnumerateArray()).GetProperty("settlement").GetString());
        Assert.Single(changed.GetProperty("reasons").EnumerateArray());

        var unit = page.GetByTestId("add-mobile-unit");
        await unit.Locator("#unit-name").FillAsync("Κινητή Μονάδα Ασπροποτάμου");
        await unit.Locator("#unit-start").FillAsync(Today);
        await unit.Locator("#unit-access").FillAsync("Ορεινοί οικισμοί χωρίς τακτική συγκοινωνία με τα Τρίκαλα");
        await unit.Locator("#unit-area-municipality-0").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Πύλης" });
        await unit.Locator("#unit-area-settlement-0").FillAsync("Ελάτη");
        await unit.GetByRole(AriaRole.Button, new() { Name = "Προσθήκη επίσκεψης" }).ClickAsync();
        await unit.Locator("#visit-municipality-0").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Φαρκαδόνας" });
        await unit.Locator("#visit-settlement-0").FillAsync("Ελάτη");
        await unit.Locator("#visit-weekday-0").SelectOptionAsync(new SelectOptionValue { Label = "Τρίτη" });
        await unit.Locator("#visit-from-0").FillAsync("09:00");
        await unit.Locator("#visit-to-0").FillAsync("13:00");
        var recordUnit = unit.GetByRole(AriaRole.Button, new() { Name = "Καταχώριση μονάδας" });
        await recordUnit.ClickAsync();
        await Assertions.Expect(unit.GetByTestId("add-mobile-unit-error")).ToContainTextAsync("δεν εξυπηρετεί"); // a visit where it does not serve
        Assert.DoesNotContain("Ασπροποτάμου", await Outposts(), StringComparison.Ordinal);
        await unit.Locator("#visit-municipality-0").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Πύλης" });
        await recordUnit.ClickAsync();
        await SavedAsync(page.GetByTestId("mobile-units").Filter(new() { HasText = "Κινητή Μονάδα Ασπροποτάμου" }), unit.GetByTestId("add-mobile-unit-error"));
        await Assertions.Expect(page.GetByTestId("mobile-units")).ToContainTextAsync("Τρίτη 09:00–13:00: Δήμος Πύλης, Ελάτη");
        await BrowserFixture.ScreenshotAsync(page, "centre-premises-outposts");
        var saved = JsonDocument.Parse(await Outposts()).RootElement.GetProperty("mobileUnits").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == "Κινητή Μονάδα Ασπροποτάμου");
        var visit = Assert.Single(saved.GetProperty("schedule").EnumerateArray());
        Assert.Equal("Ελάτη", visit.GetProperty("settlement").GetString());
        Assert.StartsWith("09:00", visit.GetProperty("from").GetString(), StringComparison.Ordinal);

        // The unit's schedule changed from the page: a visit moved to a municipality it does not serve is refused and the
        // stored visit stays; moved to Wednesday at 10:00, it is saved.
        var unitId = saved.GetProperty("id").GetGuid();
        JsonElement StoredVisit(string outposts) => Assert.Single(JsonDocument.Parse(outposts).RootElement.GetProperty("mobileUnits").EnumerateArray()
            .Single(m => m.GetProperty("id").GetGuid() == unitId).GetProperty("schedule").EnumerateArray());
        await page.GetByTestId($"edit-mobile-unit-{unitId}").ClickAsync();
        var editUnit = page.GetByTestId("edit-mobile-unit");
        await Assertions.Expect(editUnit.Locator("#unit-edit-visit-settlement-0")).ToHaveValueAsync("Ελάτη");
        await Assertions.Expect(editUnit.Locator("#unit-edit-visit-from-0")).ToHaveValueAsync("09:00");
        await editUnit.Locator("#unit-edit-visit-municipality-0").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Φαρκαδόνας" });
        var saveUnit = editUnit.GetByRole(AriaRole.Button, new() { Name = "Αποθήκευση αλλαγών" });
        await saveUnit.ClickAsync();
        await Assertions.Expect(editUnit.GetByTestId("edit-mobile-unit-error")).ToContainTextAsync("δεν εξυπηρετεί");
        Assert.Equal("tuesday", StoredVisit(await Outposts()).GetProperty("weekday").GetString());
        await editUnit.Locator("#unit-edit-visit-municipality-0").SelectOptionAsync(new SelectOptionValue { Label = "Δήμος Πύλης" });
        await editUnit.Locator("#unit-edit-visit-weekday-0").SelectOptionAsync(new SelectOptionValue { Label = "Τετάρτη" });
        await editUnit.Locator("#unit-edit-visit-from-0").FillAsync("10:00");
        await saveUnit.ClickAsync();
        await SavedAsync(page.GetByTestId("mobile-units").Filter(new() { HasText = "Τετάρτη 10:00–13:00" }), editUnit.GetByTestId("edit-mobile-unit-error"));
        Assert.StartsWith("10:00", StoredVisit(await Outposts()).GetProperty("from").GetString(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Waits for what a save shows, or for the form's error, which then fails the test with the message the user saw. The
    /// error of the attempt before goes first: the form clears it as it sends.
    /// </summary>
    private static async Task SavedAsync(ILocator shown, ILocator error)
    {
        await Assertions.Expect(error).ToHaveCountAsync(0);
        await shown.Or(error).First.WaitForAsync();
        if (await error.CountAsync() > 0)
        {
            Assert.Fail(await error.InnerTextAsync());
        }
    }

    [Fact]
    public async Task A_cookie_signed_upload_without_the_antiforgery_token_is_refused_while_a_bearer_upload_is_taken()
    {
        // The browser's sign-in cookie is ambient: a form posted with it (as another page could) needs the antiforgery token.
        var page = await browser.SignInAsync(DemoUsers.CentreHead);
        var forged = await page.Context.APIRequest.PostAsync($"/api/supervision/centres/{Centre}/regulation", new()
        {
            Multipart = page.Context.APIRequest.CreateFormData().Set("adoptedOn", Today).Set("decisionNumber", "99/2018")
                .Set("document", new FilePayload { Name = "r.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n") }),
        });
        Assert.Equal(403, forged.Status);
        await page.Context.CloseAsync();

        // A bearer token is never sent by a browser on its own: a script's upload needs no antiforgery token.
        using var head = await browser.Factory.ClientForAsync(DemoUsers.CentreHead);
        var uploaded = await head.PostAsync($"/api/supervision/centres/{Centre}/regulation", RegulationForm("12/2018"));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var versions = await Json(await head.GetAsync($"/api/supervision/centres/{Centre}/regulation"));
        Assert.DoesNotContain(versions.GetProperty("versions").EnumerateArray(), v => v.GetProperty("decisionNumber").GetString() == "99/2018");
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
