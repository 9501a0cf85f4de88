using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Http;
using Platform.BuildingBlocks.Localization;

namespace Platform.BuildingBlocks.Identity;

/// <summary>
/// What a refused request gets. The API: 401 or 403 problem details in the caller's language, the 403 logged
/// (<see cref="Refusals"/>). Pages: the sign-in page, the authenticator enrolment when that is what is missing,
/// or the access-denied page (logged too).
/// </summary>
public sealed class AuthorizationResults(ILoggerFactory loggers) : IAuthorizationMiddlewareResultHandler
{
    /// <summary>Where a user who must enrol an authenticator app is sent by the pages.</summary>
    public const string TwoFactorSetupPath = "/account/two-factor-setup";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        var isApi = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        var twoFactorMissing = authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r.Message == "two-factor-required") == true;
        if (authorizeResult.Forbidden)
        {
            var reason = twoFactorMissing ? "two-factor-required" : "role";
            Refusals.Log(loggers.CreateLogger(Refusals.LogCategory), context.RequestServices.GetRequiredService<ICurrentActor>(), context.Request.Method,
                context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value ?? "", reason);
        }

        if (!isApi)
        {
            if (authorizeResult.Forbidden && twoFactorMissing)
            {
                context.Response.Redirect(TwoFactorSetupPath);
                return;
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var culture = CultureInfo.CurrentUICulture;
        var (status, title, type) = authorizeResult.Challenged && !authorizeResult.Forbidden
            ? (StatusCodes.Status401Unauthorized, new Bilingual("Χρειάζεται σύνδεση.", "Sign-in is required."), "unauthorized")
            : twoFactorMissing
                ? (StatusCodes.Status403Forbidden, new Bilingual(
                    "Ο ρόλος σας απαιτεί σύνδεση με δεύτερο παράγοντα (εφαρμογή επαλήθευσης). Ενεργοποιήστε τον και συνδεθείτε ξανά.",
                    "Your role requires sign-in with a second factor (an authenticator app). Enable it and sign in again."), "two-factor-required")
                : (StatusCodes.Status403Forbidden, new Bilingual("Δεν έχετε δικαίωμα για αυτή την ενέργεια.", "You are not allowed to do this."), "forbidden");
        if (status == StatusCodes.Status401Unauthorized)
        {
            // Lets a client tell "sign in" from "not found"; the scheme is Identity's bearer token.
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title.For(culture), Type = ProblemDetailsExceptionHandler.TypeBase + type },
        });
    }
}
