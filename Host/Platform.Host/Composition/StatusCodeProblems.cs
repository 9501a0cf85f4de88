using Microsoft.AspNetCore.Diagnostics;
using System.Globalization;
using Platform.BuildingBlocks.Http;
using Platform.BuildingBlocks.Localization;

namespace Platform.Host.Composition;

/// <summary>A bare status with no body (no route, wrong method) as problem details in the caller's language.</summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var title = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => new Bilingual("Δεν βρέθηκε.", "Not found."),
            StatusCodes.Status405MethodNotAllowed => new Bilingual("Η μέθοδος δεν επιτρέπεται εδώ.", "This method is not allowed here."),
            StatusCodes.Status415UnsupportedMediaType => new Bilingual("Στείλτε JSON (application/json).", "Send JSON (application/json)."),
            _ => new Bilingual("Το αίτημα δεν ολοκληρώθηκε.", "The request did not complete."),
        };
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = http.Response.StatusCode,
                Title = title.For(CultureInfo.CurrentUICulture),
                Type = ProblemDetailsExceptionHandler.TypeBase + http.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
            },
        }).AsTask();
    }
}
