using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Localization;

namespace Platform.BuildingBlocks.Http;

/// <summary>
/// Turns every error into RFC 9457 problem details: expected ones (<see cref="PlatformException"/>)
/// with their status, title and per-field errors in the caller's language; anything else as a 500
/// that says nothing about the data (personal data never reaches a log or an error body).
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public const string TypeBase = "https://platform.local/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        ProblemDetails problem;
        if (exception is PlatformException known)
        {
            problem = known is ValidationFailedException invalid
                ? new ValidationProblemDetails(invalid.Errors.ToDictionary(
                    e => e.Key, e => e.Value.Select(m => m.For(culture)).ToArray(), StringComparer.Ordinal))
                : new ProblemDetails();
            problem.Status = known.StatusCode;
            problem.Title = known.Title.For(culture);
            problem.Type = TypeBase + known.Type;
            foreach (var (key, value) in known.Extensions)
            {
                problem.Extensions[key] = value;
            }
        }
        else if (exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { Length: > 2 } path } })
        {
            // A value the JSON reader could not take (an unknown enum name, an impossible date): name the field.
            var field = string.Join('.', path.TrimStart('$', '.').Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
            problem = new ValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [field] = [new Bilingual("Η τιμή δεν είναι έγκυρη για αυτό το πεδίο.", "The value is not valid for this field.").For(culture)],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = new Bilingual("Τα στοιχεία δεν είναι έγκυρα.", "The data is not valid.").For(culture),
                Type = TypeBase + "validation",
            };
        }
        else if (exception is BadHttpRequestException binding && BindingFailure().Match(binding.Message) is { Success: true } failed)
        {
            // A route or query value of the wrong type (a malformed id, an unknown value): name the parameter.
            var field = char.ToLowerInvariant(failed.Groups[1].Value[0]) + failed.Groups[1].Value[1..];
            problem = new ValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [field] = [new Bilingual("Η τιμή δεν είναι έγκυρη για αυτό το πεδίο.", "The value is not valid for this field.").For(culture)],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = new Bilingual("Τα στοιχεία δεν είναι έγκυρα.", "The data is not valid.").For(culture),
                Type = TypeBase + "validation",
            };
        }
        else if (exception is BadHttpRequestException bad)
        {
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = new Bilingual("Το αίτημα δεν είναι έγκυρο.", "The request is not valid.").For(culture),
                Type = TypeBase + "bad-request",
            };
        }
        else
        {
            // The exception type only: messages may carry personal data.
            logger.LogError("Unhandled {ExceptionType} on {Method} {Path}", exception.GetType().FullName, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = new Bilingual("Παρουσιάστηκε απρόσμενο σφάλμα.", "An unexpected error occurred.").For(culture),
                Type = TypeBase + "internal",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?:[^\"]* )?(\\w+)\" from")]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();
}
