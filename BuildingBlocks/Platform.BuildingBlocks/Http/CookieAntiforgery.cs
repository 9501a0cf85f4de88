using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Http;

/// <summary>
/// Antiforgery for a form-posting API endpoint (multipart upload) that both scripts and browsers can reach. The host signs
/// a request in with its bearer token when it carries one, with the sign-in cookie otherwise. A cookie is an ambient
/// credential: the browser adds it to a form posted from any page, so a cookie-signed form post must prove it came from
/// our own page (the antiforgery token). SameSite=Lax is not that proof: it is the browser's promise, not a server check,
/// and it lets sibling subdomains (same site) post. A bearer token is never added by the browser on its own, so a request
/// signed with one cannot be forged that way and needs no token — which is why API clients (curl, scripts) can upload
/// without one while antiforgery stays on for every cookie-signed request. The pages themselves upload over their
/// interactive circuit (no form post at all).
/// </summary>
public static class CookieAntiforgery
{
    public static TBuilder RequireAntiforgeryUnlessBearer<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // The middleware's own check would refuse bearer clients (they carry no antiforgery token): this filter does it instead.
        builder.DisableAntiforgery();
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!IsBearer(http.Request))
            {
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    throw new ForbiddenException(new(
                        "Το αίτημα δεν προέρχεται από σελίδα της Πλατφόρμας (λείπει το διακριτικό antiforgery).",
                        "The request did not come from a page of the Platform (the antiforgery token is missing)."));
                }
            }

            return await next(context);
        });
    }

    /// <summary>The same test the host's authentication scheme uses to pick the bearer token over the cookie.</summary>
    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true;
}
