using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>
/// The real host on a Kestrel socket and Debian's chromium driven by Playwright (no browser download: `./platform test`
/// installs the `chromium` package). Screenshots go to artifacts/screenshots (git-ignored), kept as test artifacts.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    public TestDatabase Database { get; } = new();
    public PlatformFactory Factory { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = FindScreenshots();

    public async Task InitializeAsync()
    {
        // Expectations wait as long as actions do: on CI the test projects share two cores, and a save and its re-render
        // took longer than Playwright's default 5 s there.
        Assertions.SetDefaultExpectTimeout(20_000);
        await Database.InitializeAsync();
        Factory = CreateFactory();
        BaseAddress = Factory.StartKestrel();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>The host under test; a fixture for a test class may add to it (a process that fails on purpose, say).</summary>
    protected virtual PlatformFactory CreateFactory() => new(Database.ConnectionString);

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) at a desktop size, speaking what a Greek user's browser would.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = locale,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>A woman of this name and birth date already on file at the demo centre (registered through the API), for a duplicate warning to meet.</summary>
    public async Task<Guid> RegisterOnFileAsync(string surname, string firstName, DateOnly born, int amkaSerial)
    {
        using var api = await Factory.ClientForAsync(DemoUsers.Caseworker);
        var existing = await api.PostAsJsonAsync("/api/registries/beneficiaries", new
        {
            surname, firstName, birthDate = born.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), sex = "female",
            amka = Platform.BuildingBlocks.Identifiers.Amka.Compute(born, amkaSerial), municipalityId = DemoUsers.Trikala, centreId = DemoUsers.Centre,
        });
        Assert.True(existing.IsSuccessStatusCode, await existing.Content.ReadAsStringAsync());
        return (await existing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Signs a user in through the sign-in form (and the second factor where the role needs it); returns the page once
    /// interactive. A demo user by default; a user made by <see cref="CreateUserAsync"/> with the password it returned.
    /// </summary>
    public async Task<IPage> SignInAsync(string user, string? password = null)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Όνομα χρήστη").FillAsync(user);
        await page.GetByLabel("Κωδικός πρόσβασης").FillAsync(password ?? PlatformFactory.DemoPassword);
#pragma warning disable CS0612 // deprecated for single-page apps; the sign-in is a server-rendered form post, where it is exact
        await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Σύνδεση" }).ClickAsync());
        if (await Factory.AuthenticatorKeyAsync(user) is { } key)
        {
            await page.GetByLabel("Κωδικός").FillAsync(Totp.Now(key));
            await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Επιβεβαίωση" }).ClickAsync());
        }
#pragma warning restore CS0612

        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the Blazor circuit is up (clicks before that land on prerendered HTML).</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Makes a user through the administrator's API; returns the generated first password.</summary>
    public async Task<string> CreateUserAsync(string userName, string[] roles, Guid? centreId = null, Guid? municipalityId = null)
    {
        using var admin = await Factory.ClientForAsync(DemoUsers.Administrator);
        var response = await admin.PostAsJsonAsync("/api/access/users", new { userName, roles, centreId, municipalityId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("initialPassword").GetString()!;
    }

    private static string FindScreenshots()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                var path = Path.Combine(dir.FullName, "artifacts", "screenshots");
                Directory.CreateDirectory(path);
                return path;
            }
        }

        var fallback = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(fallback);
        return fallback;
    }
}
