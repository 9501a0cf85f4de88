using Platform.BuildingBlocks.Http;
using Platform.BuildingBlocks.Localization;

namespace Platform.Host.Composition;

/// <summary>
/// Until sign-in exists (the web UI issue), nobody can be told apart, so the API with personal data
/// answers only in Development; elsewhere every /api call gets 403 problem details.
/// </summary>
internal sealed class DevelopmentOnlyApiGate(RequestDelegate next, IWebHostEnvironment environment)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!environment.IsDevelopment() && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var title = new Bilingual("Το API είναι διαθέσιμο μόνο σε περιβάλλον ανάπτυξης μέχρι να υπάρξει σύνδεση χρηστών.",
                "The API is available only in Development until user sign-in exists.");
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 403, Title = title, Type = ProblemDetailsExceptionHandler.TypeBase + "api-disabled" },
            });
            return;
        }

        await next(context);
    }
}
