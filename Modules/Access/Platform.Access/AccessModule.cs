using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Access.Domain;
using Platform.Access.Features.Users;
using Platform.Access.Persistence;
using Platform.Access.Seed;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Persistence;

namespace Platform.Access;

/// <summary>
/// The Access module (issue 4, R26, R28): certified users and their roles (ASP.NET Core Identity in schema
/// "identity"), sign-in for the pages (cookie) and for the API (Identity's bearer tokens under /api/identity),
/// with the same lockout, password and second-factor rules, and the administrator's user management.
/// </summary>
public static class AccessModule
{
    /// <summary>Picks the bearer token when the request carries one, the sign-in cookie otherwise.</summary>
    public const string AuthenticationScheme = "Platform";

    public const string SignInPath = "/account/sign-in";

    public static IServiceCollection AddAccessModule(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<AccessDbContext>(o => o.UseModuleNpgsql(connectionString, AccessDbContext.Schema));
        services.AddValidatorsFromAssemblyContaining<AccessDbContext>(ServiceLifetime.Scoped, includeInternalTypes: true);

        // One key ring for every host: a token or cookie made by one host is good on the others.
        services.AddDataProtection().SetApplicationName("Platform").PersistKeysToDbContext<AccessDbContext>();

        services.AddAuthentication(o => o.DefaultScheme = AuthenticationScheme)
            .AddPolicyScheme(AuthenticationScheme, "Bearer token or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromMinutes(30))
            .AddIdentityCookies();

        services.AddIdentityCore<PlatformUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 5;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                // Accounts are made by an administrator for named people: nobody signs up, nothing to confirm.
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789.-_@";
            })
            .AddRoles<PlatformRole>()
            .AddEntityFrameworkStores<AccessDbContext>()
            .AddClaimsPrincipalFactory<PlatformClaimsFactory>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddApiEndpoints();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "platform.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = SignInPath;
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // A locked-out user, a changed role or a reset authenticator reaches open sessions within a minute.
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // Identity rebuilds the principal on validation; keep how the user signed in (the second factor).
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst("amr") is { } amr && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(amr.Type, amr.Value));
                }

                return Task.CompletedTask;
            };
        });

        services.AddPlatformAuthorization();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationResults>();
        services.AddScoped<CurrentPrincipal>();
        services.AddScoped<ICurrentActor, ClaimsActor>();
        return services;
    }

    /// <summary>Identity's endpoints a closed system does not offer: nobody signs up, and there is no e-mail to confirm, reset or show.</summary>
    private static readonly string[] Closed = ["/register", "/confirmEmail", "/resendConfirmationEmail", "/forgotPassword", "/resetPassword", "/manage/info"];

    public static IEndpointRouteBuilder MapAccessModule(this IEndpointRouteBuilder app)
    {
        var identity = app.MapGroup("/api/identity").WithTags("Sign-in");
        identity.MapIdentityApi<PlatformUser>()
            .Add(endpoint =>
            {
                if (endpoint is RouteEndpointBuilder route && IsClosed(route.RoutePattern))
                {
                    endpoint.Metadata.Add(new ExcludeFromDescriptionAttribute());
                    endpoint.RequestDelegate = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status404NotFound;
                        return Task.CompletedTask;
                    };
                }
            });
        identity.AllowAnonymousExceptManage();
        UserEndpoints.Map(app.MapGroup("/api/access/users").WithTags("Users").RequireAuthorization(PlatformPolicies.ManageUsers));
        app.MapPost("/account/sign-out", SignOutAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The pages' sign-out (a form post with its antiforgery token): ends the cookie session.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, SignInManager<PlatformUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        await antiforgery.ValidateRequestAsync(context);
        await signIn.SignOutAsync();
        return Results.LocalRedirect(SignInPath);
    }

    private static bool IsClosed(RoutePattern pattern) =>
        Closed.Any(c => pattern.RawText?.EndsWith(c, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>
    /// Login and refresh are open (they are how one signs in); Identity's /manage endpoints need a signed-in user and are
    /// where one enrols an authenticator, so they let in a user who must still do so.
    /// </summary>
    private static void AllowAnonymousExceptManage(this RouteGroupBuilder identity) =>
        ((IEndpointConventionBuilder)identity).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText?.Contains("/manage", StringComparison.OrdinalIgnoreCase) == true)
            {
                endpoint.Metadata.Add(new TwoFactorEnrolmentAttribute());
            }
            else
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });

    /// <summary>Applies the module's migrations (the six roles come with them).</summary>
    public static Task MigrateAccessAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateModuleAsync<AccessDbContext>(ct);

    /// <summary>
    /// One demo user per role for the demo centre, made once. Returns the credentials made now (passwords and
    /// authenticator secrets), or none when the users were already there; the host prints them.
    /// </summary>
    internal static async Task<IReadOnlyList<DemoCredential>> SeedAccessDemoUsersAsync(this IServiceProvider services, string? fixedPassword, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await DemoUsers.SeedAsync(scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>(), fixedPassword, ct);
    }
}

/// <summary>A demo user's sign-in, printed at first start: the password and, for roles that need it, the authenticator secret.</summary>
internal sealed record DemoCredential(string UserName, string Role, string Password, string? AuthenticatorKey);
