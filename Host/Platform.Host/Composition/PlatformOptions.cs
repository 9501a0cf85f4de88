namespace Platform.Host.Composition;

/// <summary>The host's own settings (section "Platform").</summary>
internal sealed class PlatformOptions
{
    /// <summary>Seed the demo municipality, centre, bodies and programmes on start (set by `./platform run`).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>One password for every demo user instead of generated ones (tests and the bench set it; never committed).</summary>
    public string? DemoPassword { get; set; }

    /// <summary>Where the demo users' generated credentials are written at first seed (mode 0600), for `./platform run` to print at every start.</summary>
    public string? DemoCredentialsFile { get; set; }
}

/// <summary>Silo endpoints (section "Orleans"): a second host on other ports joins the same cluster.</summary>
internal sealed class OrleansEndpointOptions
{
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "platform";
    public string ServiceId { get; set; } = "platform";
}
