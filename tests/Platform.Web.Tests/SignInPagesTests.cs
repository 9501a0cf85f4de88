// RunAndWaitForNavigationAsync is deprecated for single-page apps; these are server-rendered form posts, where it is exact.
#pragma warning disable CS0612
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>Issue 4 in a real browser: every role signs in, lockout after five wrong passwords, the second factor, its enrolment.</summary>
public sealed partial class SignInPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task FillSignInAsync(IPage page, string user, string password)
    {
        await page.GetByLabel(new Regex("Όνομα χρήστη|User name")).FillAsync(user);
        await page.GetByLabel(new Regex("Κωδικός πρόσβασης|Password")).FillAsync(password);
        // A server-rendered form: wait for the post's answer before looking at the page.
        await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Σύνδεση|Sign in)$") }).ClickAsync());
    }

    /// <summary>Waits until the Blazor circuit is up (clicks before that land on prerendered HTML).</summary>
    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    [Theory]
    [InlineData(DemoUsers.Administrator, "Διαχειριστής")]
    [InlineData(DemoUsers.CentreHead, "Υπεύθυνος Κέντρου")]
    [InlineData(DemoUsers.Caseworker, "Κοινωνικός λειτουργός")]
    [InlineData(DemoUsers.EntryPointClerk, "Σημείο εισόδου")]
    [InlineData(DemoUsers.Scheduler, "Προγραμματιστής υπενθυμίσεων")]
    [InlineData(DemoUsers.Supervisor, "Εποπτεία")]
    public async Task Each_role_signs_in_in_greek_and_sees_its_own_menu(string user, string roleName)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/account/sign-in", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Σύνδεση"); // Greek, though the browser asks for English
        await FillSignInAsync(page, user, PlatformFactory.DemoPassword);

        var key = await browser.Factory.AuthenticatorKeyAsync(user);
        if (key is not null)
        {
            // Administrator and supervisor: asked for the authenticator's code.
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Κωδικός εφαρμογής επαλήθευσης");
            await BrowserFixture.ScreenshotAsync(page, $"sign-in-2fa-{user}");
            await page.GetByLabel("Κωδικός").FillAsync(Totp.Now(key));
            await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Επιβεβαίωση" }).ClickAsync());
        }

        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("roles")).ToContainTextAsync(roleName);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Κύριο μενού" });
        var seesFiles = user is DemoUsers.CentreHead or DemoUsers.Caseworker or DemoUsers.Supervisor;
        await Assertions.Expect(menu.GetByText("Ωφελούμενοι", new() { Exact = true })).ToHaveCountAsync(seesFiles ? 1 : 0);
        await Assertions.Expect(menu.GetByText("Χρήστες", new() { Exact = true })).ToHaveCountAsync(user == DemoUsers.Administrator ? 1 : 0);
        await BrowserFixture.ScreenshotAsync(page, $"home-{user}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Αποσύνδεση" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/sign-in"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var password = await browser.CreateUserAsync("browser.locked", ["Caseworker"], DemoUsers.Centre);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        for (var i = 1; i <= 4; i++)
        {
            await FillSignInAsync(page, "browser.locked", "Wrong" + password);
            await Assertions.Expect(page.GetByTestId("sign-in-error")).ToBeVisibleAsync();
        }

        Assert.Equal(4, await browser.Database.ScalarAsync<int>("SELECT access_failed_count FROM identity.users WHERE user_name = 'browser.locked'"));
        await FillSignInAsync(page, "browser.locked", "Wrong" + password);
        await Assertions.Expect(page.GetByTestId("locked-out")).ToBeVisibleAsync();

        // Now even the right password meets the lock.
        await page.GotoAsync("/account/sign-in");
        await FillSignInAsync(page, "browser.locked", password);
        await Assertions.Expect(page.GetByTestId("locked-out")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "lockout");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_supervisor_enrols_an_authenticator_at_first_sign_in_then_needs_it()
    {
        var password = await browser.CreateUserAsync("browser.supervisor", ["Supervisor"], municipalityId: DemoUsers.Trikala);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await FillSignInAsync(page, "browser.supervisor", password);

        await page.WaitForURLAsync(new Regex("/account/two-factor-setup"));
        var key = (await page.GetByTestId("shared-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await BrowserFixture.ScreenshotAsync(page, "two-factor-setup");
        await page.GetByLabel("Κωδικός από την εφαρμογή").FillAsync(Totp.Now(key));
        await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Ενεργοποίηση" }).ClickAsync());
        await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Συνέχεια" }).ClickAsync();
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("roles")).ToContainTextAsync("Εποπτεία");
        await page.Context.CloseAsync();

        // Next time: password, then the code.
        var again = await browser.NewPageAsync();
        await again.GotoAsync("/account/sign-in");
        await FillSignInAsync(again, "browser.supervisor", password);
        await Assertions.Expect(again.Locator("h1")).ToHaveTextAsync("Κωδικός εφαρμογής επαλήθευσης");
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pages_switch_to_english_and_are_usable_by_keyboard()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");

        // Keyboard only: from the user name, type, Tab to the password, Enter submits.
        await page.GetByLabel("User name").FocusAsync();
        await page.Keyboard.TypeAsync(DemoUsers.Caseworker);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PlatformFactory.DemoPassword);
        await page.RunAndWaitForNavigationAsync(() => page.Keyboard.PressAsync("Enter"));
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("roles")).ToContainTextAsync("Caseworker");

        // Tab moves to the next control and its focus is visible (an outline drawn); the first control of the page is the skip link.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.querySelector('a[href], button, input, select, textarea').className"));
        await BrowserFixture.ScreenshotAsync(page, "home-english");
        await page.Context.CloseAsync();
    }
}
