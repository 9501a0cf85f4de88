using Xunit;

namespace Platform.Testing;

/// <summary>
/// A database of its own and the real host on it, for a test class (xunit creates one per test). <see cref="Client"/>
/// is signed in as <see cref="SignedInAs"/> (the demo centre's head unless a class says otherwise).
/// </summary>
public abstract class PlatformHost : IAsyncLifetime
{
    protected TestDatabase Database { get; } = new();
    protected PlatformFactory Factory { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    protected virtual string SignedInAs => DemoUsers.CentreHead;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = new PlatformFactory(Database.ConnectionString);
        Client = await Factory.ClientForAsync(SignedInAs);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
