using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Time;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Supervision.Domain;
using Platform.Supervision.Features.Deadlines;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.OperatingRegulation;

/// <summary>A document as it arrived: <see cref="Content"/> is null when it was larger than the limit (not read).</summary>
internal sealed record UploadedDocument(string FileName, string? ContentType, long Length, byte[]? Content);

/// <summary>
/// Records the next version of a centre's operating regulation (R23): version 1 at the start, then every amendment, with
/// the decision that adopted it, its PDF and, when already filed, the filing's date and protocol number.
/// </summary>
internal sealed record RecordRegulationVersion : ICommand<RegulationVersionView>
{
    public Guid CentreId { get; init; }

    /// <summary>The client's id for the command (the version's id): a retried upload returns the same version.</summary>
    public Guid? CommandId { get; init; }
    public DateOnly? AdoptedOn { get; init; }
    public string? DecisionNumber { get; init; }
    public DateOnly? FiledOn { get; init; }
    public string? ProtocolNumber { get; init; }
    public string? Summary { get; init; }
    public UploadedDocument? Document { get; init; }

    /// <summary>The SHA-256 the client computed (hex), checked against what arrived.</summary>
    public string? Sha256 { get; init; }
}

internal sealed class RecordRegulationVersionValidator : AbstractValidator<RecordRegulationVersion>
{
    public const string Pdf = "application/pdf";

    public RecordRegulationVersionValidator(TimeProvider clock, IOptions<SupervisionOptions> options)
    {
        var max = options.Value.MaxDocumentBytes;
        RuleFor(x => x.AdoptedOn).NotNull().WithMessage("Η ημερομηνία της απόφασης έγκρισης είναι υποχρεωτική.", "The date of the adopting decision is required.")
            .Must(d => d <= GreekTime.Today(clock)).WithMessage("Η ημερομηνία δεν είναι μελλοντική.", "The date is not in the future.");
        RuleFor(x => x.DecisionNumber).NotEmpty().WithMessage("Ο αριθμός της απόφασης είναι υποχρεωτικός.", "The decision number is required.")
            .MaximumLength(50).WithMessage("Έως 50 χαρακτήρες.", "At most 50 characters.");
        RegulationRules.Filing(this, x => x.AdoptedOn, x => x.FiledOn, x => x.ProtocolNumber, clock, protocolRequired: x => x.FiledOn is not null);
        RuleFor(x => x.Summary).MaximumLength(2000).WithMessage("Έως 2000 χαρακτήρες.", "At most 2000 characters.");
        RuleFor(x => x.Document).NotNull().WithMessage("Επισυνάψτε το κείμενο του κανονισμού (PDF).", "Attach the regulation's text (PDF).");
        RuleFor(x => x.Document!.Length).Cascade(CascadeMode.Stop)
            .GreaterThan(0).WithMessage("Το αρχείο είναι κενό.", "The file is empty.")
            .LessThanOrEqualTo(max).WithMessage($"Το αρχείο ξεπερνά τα {max / (1024 * 1024)} MB.", $"The file is larger than {max / (1024 * 1024)} MB.")
            .OverridePropertyName("document").When(x => x.Document is not null);
        RuleFor(x => x.Document!.ContentType).Must(t => string.Equals(t, Pdf, StringComparison.OrdinalIgnoreCase))
            .WithMessage("Δεκτό μόνο αρχείο PDF (application/pdf).", "Only a PDF file (application/pdf) is accepted.")
            .OverridePropertyName("document").When(x => x.Document is not null);
        // The declared type is the client's word; the first bytes are the file's.
        RuleFor(x => x.Document!.Content).Must(c => c is null || c.AsSpan().StartsWith("%PDF-"u8))
            .WithMessage("Το αρχείο δεν είναι PDF.", "The file is not a PDF.")
            .OverridePropertyName("document").When(x => x.Document is { Length: > 0 });
        RuleFor(x => x.Document!.FileName).MaximumLength(200).WithMessage("Το όνομα αρχείου έχει έως 200 χαρακτήρες.", "The file name has at most 200 characters.")
            .OverridePropertyName("document").When(x => x.Document is not null);
        RuleFor(x => x.Sha256).Cascade(CascadeMode.Stop)
            .Matches("^[0-9a-fA-F]{64}$").WithMessage("Το SHA-256 είναι 64 δεκαεξαδικά ψηφία.", "The SHA-256 is 64 hexadecimal digits.")
            .Must((x, sha) => x.Document?.Content is not { } c || string.Equals(Convert.ToHexStringLower(SHA256.HashData(c)), sha, StringComparison.OrdinalIgnoreCase))
            .WithMessage("Το αρχείο που έφτασε δεν έχει αυτό το SHA-256 (αλλοιώθηκε στη μεταφορά;).", "The file that arrived does not have this SHA-256 (damaged on the way?).")
            .When(x => !string.IsNullOrWhiteSpace(x.Sha256));
    }
}

/// <summary>The rules a filing (with the ministry's directorate) follows, shared by recording a version and recording its filing.</summary>
internal static class RegulationRules
{
    public static void Filing<T>(
        AbstractValidator<T> v, Func<T, DateOnly?> adoptedOn, System.Linq.Expressions.Expression<Func<T, DateOnly?>> filedOn,
        System.Linq.Expressions.Expression<Func<T, string?>> protocolNumber, TimeProvider clock, Func<T, bool> protocolRequired)
    {
        var filed = filedOn.Compile();
        v.RuleFor(filedOn).Must(d => d <= GreekTime.Today(clock)).WithMessage("Η ημερομηνία δεν είναι μελλοντική.", "The date is not in the future.")
            .Must((x, d) => adoptedOn(x) is not { } adopted || d >= adopted)
            .WithMessage("Η υποβολή δεν είναι πριν την έγκριση.", "The filing is not before the adoption.")
            .When(x => filed(x) is not null);
        v.RuleFor(protocolNumber).NotEmpty().WithMessage("Δώστε τον αριθμό πρωτοκόλλου της υποβολής.", "Give the filing's protocol number.")
            .When(protocolRequired);
        v.RuleFor(protocolNumber).MaximumLength(50).WithMessage("Έως 50 χαρακτήρες.", "At most 50 characters.");
    }
}

internal sealed class RecordRegulationVersionHandler(
    SupervisionDbContext db, ICentreDirectory centres, ICurrentActor actor, TimeProvider clock, DeadlineRefresh deadlines)
    : ICommandHandler<RecordRegulationVersion, RegulationVersionView>
{
    public async ValueTask<RegulationVersionView> Handle(RecordRegulationVersion command, CancellationToken cancellationToken)
    {
        _ = await centres.FindCentreAsync(command.CentreId, cancellationToken) ?? throw SupervisionErrors.NoSuchCentre();
        var now = clock.GetUtcNow();
        var id = command.CommandId ?? Guid.CreateVersion7(now);
        if (await EarlierAsync(id, command, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var previous = await db.RegulationVersions.AsNoTracking().Where(v => v.CentreId == command.CentreId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if (previous is not null && command.AdoptedOn < previous.AdoptedOn)
        {
            throw ValidationFailedException.For("adoptedOn", new(
                $"Η τροποποίηση εγκρίνεται μετά την έκδοση {previous.Number} που τροποποιεί ({previous.AdoptedOn:dd/MM/yyyy}).",
                $"An amendment is adopted after version {previous.Number}, which it amends ({previous.AdoptedOn:yyyy-MM-dd})."));
        }

        var content = command.Document!.Content!;
        var document = new RegulationDocument
        {
            Id = Guid.CreateVersion7(now), FileName = SafeFileName(command.Document.FileName), ContentType = RecordRegulationVersionValidator.Pdf,
            Size = content.LongLength, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content,
        };
        var version = new RegulationVersion
        {
            Id = id, CentreId = command.CentreId, Number = (previous?.Number ?? 0) + 1, AdoptedOn = command.AdoptedOn!.Value,
            DecisionNumber = GreekText.Normalize(command.DecisionNumber), FiledOn = command.FiledOn,
            ProtocolNumber = string.IsNullOrWhiteSpace(command.ProtocolNumber) ? null : GreekText.Normalize(command.ProtocolNumber),
            Summary = string.IsNullOrWhiteSpace(command.Summary) ? null : command.Summary.Trim(),
            DocumentId = document.Id, RecordedAt = now, RecordedBy = actor.UserName,
        };
        db.RegulationDocuments.Add(document);
        db.RegulationVersions.Add(version);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = AuditActions.Create, EntityType = "regulation-version",
            EntityId = version.Id.ToString(), Fields = ["number", "adoptedOn", "decisionNumber", "document", .. version.FiledOn is null ? Array.Empty<string>() : ["filedOn", "protocolNumber"]],
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return await EarlierAsync(id, command, cancellationToken)
                ?? throw new ConflictException(new(
                    "Καταχωρίστηκε στο μεταξύ άλλη έκδοση του κανονισμού· ξαναδιαβάστε τις εκδόσεις και δοκιμάστε πάλι.",
                    "Another version of the regulation was recorded meanwhile; read the versions again and retry."), "concurrent-version");
        }

        await deadlines.RefreshAsync(command.CentreId);
        return RegulationVersionView.From(version, document);
    }

    private async Task<RegulationVersionView?> EarlierAsync(Guid id, RecordRegulationVersion command, CancellationToken ct)
    {
        var earlier = await db.RegulationVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.CentreId != command.CentreId || earlier.DecisionNumber != GreekText.Normalize(command.DecisionNumber))
        {
            throw new ConflictException(new("Αυτό το commandId χρησιμοποιήθηκε ήδη για κάτι άλλο.", "This commandId was already used for something else."), "command-id-reused");
        }

        return RegulationVersionView.From(earlier, await RegulationQueries.DescribeAsync(db, earlier.DocumentId, ct));
    }

    /// <summary>The name as given, without a path or control characters (it goes back out in Content-Disposition).</summary>
    private static string SafeFileName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        file = new string([.. file.Where(c => !char.IsControl(c) && c is not ('"' or '/'))]).Trim();
        return file.Length == 0 ? "regulation.pdf" : file;
    }
}
