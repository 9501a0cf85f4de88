using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;
using Platform.BuildingBlocks.Http;
using Platform.Access;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Validation;
using Platform.Host.Silo;
using Platform.Premises;
using Platform.Referrals;
using Platform.Registries;
using Platform.Staffing;
using Platform.Supervision;
using MudBlazor.Services;
using Platform.Workflows;
using Scalar.AspNetCore;

namespace Platform.Host.Composition;

/// <summary>Accept-Language decides the language of API answers only; a browser's own setting does not switch the pages to English.</summary>
internal sealed class ApiAcceptLanguage : AcceptLanguageHeaderRequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        httpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            ? base.DetermineProviderCultureResult(httpContext)
            : Task.FromResult<ProviderCultureResult?>(null);
}

internal static class PlatformHost
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var connectionString = ConnectionTuning.Tune(builder.Configuration.GetConnectionString("Platform")
            ?? throw new InvalidOperationException("ConnectionStrings:Platform is not set (./platform run sets it)."));
        var orleans = builder.Configuration.GetSection("Orleans").Get<OrleansEndpointOptions>() ?? new OrleansEndpointOptions();
        builder.Services.Configure<PlatformOptions>(builder.Configuration.GetSection("Platform"));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        // First hosted service: the database is ready before the silo starts.
        builder.Services.AddHostedService<PlatformPreparation>();

        builder.UseOrleans(silo => silo
            .UsePlatformPostgres(connectionString, orleans.ClusterId, orleans.ServiceId)
            .ConfigureEndpoints(IPAddress.Loopback, orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: false));

        builder.Services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        if (builder.Configuration.GetConnectionString("PlatformOwner") is { Length: > 0 } owner && owner != builder.Configuration.GetConnectionString("Platform"))
        {
            builder.Services.AddSingleton(new SchemaOwnerConnection(owner));
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Bad JSON (an unknown enum value, an impossible date) becomes a per-field 400, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddRequestLocalization(o =>
        {
            // "el" too: a browser set to Greek sends "el", not "el-GR".
            CultureInfo[] cultures = [new("el-GR"), new("el"), new("en")];
            o.DefaultRequestCulture = new RequestCulture("el-GR");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentUICultures = true;
            o.FallBackToParentCultures = true;
            // The pages speak Greek unless the user switched (cookie); the API follows Accept-Language as well.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new ApiAcceptLanguage()];
        });

        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Platform API — Κέντρα Κοινότητας";
            doc.Info.Description = "Registries of beneficiaries, bodies and programmes (R24–R29). Errors are RFC 9457 problem details; send Accept-Language: el or en.";
            return Task.CompletedTask;
        }));

        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "postgresql", tags: [ReadyTag])
            .AddCheck<OrleansHealthCheck>("orleans", tags: [ReadyTag]);

        // The web UI: Blazor with interactive server rendering, MudBlazor; account pages render on the server only.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Web.PlatformActions>();

        builder.Services.AddAccessModule(connectionString);
        builder.Services.AddRegistriesModule(connectionString);
        builder.Services.AddStaffingModule(connectionString);
        builder.Services.AddPremisesModule(connectionString);
        builder.Services.AddWorkflows(connectionString);
        builder.Services.AddReferralsModule();
        builder.Services.AddSupervisionModule(connectionString);
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        // Localization first: error bodies written by the exception handler speak the caller's language too.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        // Who is asking (bearer token or sign-in cookie), then whether they may: every endpoint names its policy,
        // and one that names none falls back to "signed in, with the second factor where the role needs it".
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("Platform API")).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/culture", Web.CultureSwitch.Set).ExcludeFromDescription().AllowAnonymous();

        app.MapAccessModule();
        app.MapRazorComponents<Web.App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(typeof(AccessModule).Assembly);

        app.MapRegistriesModule();
        app.MapStaffingModule();
        app.MapSupervisionModule();
        app.MapPremisesModule();
        app.MapWorkflows();
        app.MapReferralsModule();
        return app;
    }
}
