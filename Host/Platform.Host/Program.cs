using Platform.Host.Composition;

// Composition only: each piece lives in Composition/ and each module adds and maps itself.
var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();

var app = builder.Build();
app.UsePlatform();
await app.RunAsync();

/// <summary>The entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
