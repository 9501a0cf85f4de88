using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.BuildingBlocks.Identifiers;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>Issue 4 in a real browser: a caseworker registers a person, meeting the live duplicate warning; opens the file; a supervisor reads the audit.</summary>
public sealed class CaseworkerPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private Task<IPage> SignInAsync(string user) => browser.SignInAsync(user);

    [Fact]
    public async Task A_caseworker_registers_a_person_past_the_duplicate_warning_and_opens_the_file()
    {
        // Someone of the same name and birth date is on file already (registered through the API).
        await browser.RegisterOnFileAsync("Παπαδημητρίου", "Ευαγγελία", new DateOnly(1979, 4, 12), 4321);

        var page = await SignInAsync(DemoUsers.Caseworker);
        await page.GetByRole(AriaRole.Link, new() { Name = "Εγγραφή ωφελούμενου" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "Εγγραφή ωφελούμενου" }).WaitForAsync();
        await page.Locator("#surname").FillAsync("Παπαδημητριου");
        await page.Locator("#firstName").FillAsync("Ευαγγελια");
        await page.Locator("#birthDate").FillAsync("1979-04-12");
        await page.Locator("#birthDate").BlurAsync();
        await Assertions.Expect(page.GetByTestId("duplicate-warning")).ToContainTextAsync("Παπαδημητρίου Ευαγγελία", new() { Timeout = 20_000 });
        await BrowserFixture.ScreenshotAsync(page, "register-duplicate-warning");

        await page.Locator("#sex").SelectOptionAsync("Female");
        await page.Locator("#documentNumber").FillAsync("ΑΚ123456");
        await page.GetByLabel("Έλεγξα: πρόκειται για άλλο πρόσωπο").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Εγγραφή", Exact = true }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/beneficiaries/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("file-name")).ToHaveTextAsync("Παπαδημητριου Ευαγγελια"); // as typed
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("registered-despite-possible-duplicates");
        await BrowserFixture.ScreenshotAsync(page, "beneficiary-file");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ωφελούμενοι", Exact = true }).ClickAsync();
        await page.Locator("#search-q").FillAsync("papadimitriou");
        await page.GetByRole(AriaRole.Button, new() { Name = "Αναζήτηση" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync("2");
        await BrowserFixture.ScreenshotAsync(page, "beneficiary-search");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Opening_a_file_by_its_address_audits_one_read_of_the_file_and_one_of_its_timeline()
    {
        // A full page load renders twice: prerendered on the server, then interactive. The file page reads the file and
        // its timeline, and every read is audited, so the second render must take the first one's copy instead of reading
        // (and auditing) again: the access report would otherwise show two reads for every visit.
        var id = await browser.RegisterOnFileAsync("Μαυρογιαννάκη", "Σταυρούλα", new DateOnly(1983, 9, 14), 4377);
        var page = await SignInAsync(DemoUsers.Caseworker);
        await page.GotoAsync($"/beneficiaries/{id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("file-name")).ToHaveTextAsync("Μαυρογιαννάκη Σταυρούλα");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("registered");

        Assert.Equal(2, await browser.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'read' AND actor = '{DemoUsers.Caseworker}'"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_caseworker_of_another_centre_opening_a_file_by_its_address_is_refused_and_the_refusal_audited_once()
    {
        // Issue 4: a file outside the caseworker's centre answers as if it did not exist, and the refusal is audited.
        // The page renders twice on a full load; the interactive render takes the prerender's refusal over instead of
        // asking (and auditing) again, so the file's access report shows one refusal per visit.
        var id = await browser.RegisterOnFileAsync("Τσιρογιάννη", "Αγλαΐα", new DateOnly(1961, 2, 3), 4391);
        var otherCentre = await AnotherCentreAsync();
        var password = await browser.CreateUserAsync("browser.other.centre", ["Caseworker"], otherCentre);

        var page = await browser.SignInAsync("browser.other.centre", password);
        await page.GotoAsync($"/beneficiaries/{id}");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("file-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("file-name")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Τσιρογιάννη");

        Assert.Equal(1, await browser.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'refused' AND actor = 'browser.other.centre'"));
        Assert.Equal(0, await browser.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'read' AND actor = 'browser.other.centre'"));
        await page.Context.CloseAsync();
    }

    /// <summary>A second community centre, in Δήμος Πύλης, made as an administrator would.</summary>
    private async Task<Guid> AnotherCentreAsync()
    {
        using var admin = await browser.Factory.ClientForAsync(DemoUsers.Administrator);
        var response = await admin.PostAsJsonAsync("/api/registries/bodies", new
        {
            name = "Κέντρο Κοινότητας Δήμου Πύλης", kind = "communityCentre", legalForm = "municipality",
            municipalityId = DemoUsers.Pyli,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task An_emptied_required_field_says_so_in_the_language_of_the_page()
    {
        // The browser speaks English (en-US); the page speaks Greek. MudBlazor's own message would say "Required".
        var page = await SignInAsync(DemoUsers.Caseworker);
        await page.GotoAsync("/beneficiaries/register");
        await BrowserFixture.WaitInteractiveAsync(page);
        var surname = page.Locator("#surname");
        await surname.FillAsync("Χ");
        await surname.FillAsync("");
        await surname.BlurAsync();

        await Assertions.Expect(page.GetByText("Συμπληρώστε αυτό το πεδίο.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Required", new() { Exact = true })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_entry_point_clerk_registers_but_the_file_stays_closed_to_them()
    {
        var page = await SignInAsync(DemoUsers.EntryPointClerk);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ωφελούμενοι", Exact = true })).ToHaveCountAsync(0);
        var id = Guid.Empty;
        using (var api = await browser.Factory.ClientForAsync(DemoUsers.Caseworker))
        {
            var created = await api.PostAsJsonAsync("/api/registries/beneficiaries", new
            {
                surname = "Κλειστού", firstName = "Ιφιγένεια", birthDate = "1990-02-02", sex = "female",
                documentKind = "identityCard", documentNumber = "ΑΒ998877", municipalityId = DemoUsers.Trikala, centreId = DemoUsers.Centre,
            });
            id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        }

        await page.GotoAsync($"/beneficiaries/{id}");
        await page.WaitForURLAsync(new Regex("/account/access-denied"));
        await BrowserFixture.ScreenshotAsync(page, "clerk-access-denied");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_sees_the_audit_of_their_area()
    {
        var page = await SignInAsync(DemoUsers.Supervisor);
        await page.GetByRole(AriaRole.Link, new() { Name = "Αρχείο πρόσβασης" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-rows")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "supervisor-audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Εγγραφή ωφελούμενου" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
