using Platform.BuildingBlocks.Localization;

namespace Platform.BuildingBlocks.Errors;

/// <summary>
/// An expected failure that reaches the caller as RFC 9457 problem details. Handlers throw these
/// before anything is written, so a refused command leaves no trace but the refusal.
/// </summary>
public abstract class PlatformException(Bilingual title, string type) : Exception(title.English)
{
    public Bilingual Title { get; } = title;

    /// <summary>A stable, machine-readable kind ("validation", "duplicate", …), sent as the problem type.</summary>
    public string Type { get; } = type;

    public abstract int StatusCode { get; }

    /// <summary>Extra members for the problem document (for example the existing file's id).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

/// <summary>400: one or more fields are wrong; each carries its own message.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, Bilingual[]> errors)
    : PlatformException(new("Τα στοιχεία δεν είναι έγκυρα.", "The data is not valid."), "validation")
{
    public IReadOnlyDictionary<string, Bilingual[]> Errors { get; } = errors;

    public override int StatusCode => 400;

    public static ValidationFailedException For(string field, Bilingual message) =>
        new(new Dictionary<string, Bilingual[]> { [field] = [message] });
}

/// <summary>404: the thing does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundException(Bilingual title) : PlatformException(title, "not-found")
{
    public override int StatusCode => 404;
}

/// <summary>409: the request clashes with what is stored (a duplicate, a stale version).</summary>
public sealed class ConflictException(Bilingual title, string type) : PlatformException(title, type)
{
    public override int StatusCode => 409;
}

/// <summary>403: the caller is known but may not do this.</summary>
public sealed class ForbiddenException(Bilingual title) : PlatformException(title, "forbidden")
{
    public override int StatusCode => 403;
}
