using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Time;
using Platform.BuildingBlocks.Validation;
using Platform.Supervision.Contracts;
using Platform.Supervision.Domain;
using Platform.Supervision.Features.Deadlines;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.AnnualReport;

/// <summary>The annual operation report of a centre and year, generated from the data now (R23).</summary>
internal sealed record GetAnnualReport(Guid CentreId, int Year) : IQuery<AnnualReportData>;

/// <summary>Records that the report of a finished year was filed with the directorate; keeps the report as it was then.</summary>
internal sealed record FileAnnualReport : ICommand<AnnualReportFilingView>
{
    public Guid CentreId { get; init; }
    public int Year { get; init; }
    public DateOnly? FiledOn { get; init; }
    public string? ProtocolNumber { get; init; }
}

/// <summary>The filing of a year's report, with the report as filed.</summary>
internal sealed record GetAnnualReportFiling(Guid CentreId, int Year) : IQuery<AnnualReportFiled>;

internal sealed record AnnualReportFilingView(Guid CentreId, int Year, DateOnly FiledOn, string ProtocolNumber, string SnapshotSha256, DateTimeOffset RecordedAt);

internal sealed record AnnualReportFiled(AnnualReportFilingView Filing, AnnualReportData Report);

internal sealed class FileAnnualReportValidator : AbstractValidator<FileAnnualReport>
{
    public FileAnnualReportValidator(TimeProvider clock)
    {
        RuleFor(x => x.Year).Must(y => y >= AnnualReportBuilder.FirstYear && y < GreekTime.Today(clock).Year)
            .WithMessage("Υποβάλλεται ο απολογισμός έτους που έχει ολοκληρωθεί.", "Only the report of a finished year is filed.");
        RuleFor(x => x.FiledOn).NotNull().WithMessage("Η ημερομηνία υποβολής είναι υποχρεωτική.", "The filing date is required.")
            .Must((x, d) => d > new DateOnly(x.Year, 12, 31)).WithMessage("Η υποβολή γίνεται μετά το τέλος του έτους.", "The filing comes after the year's end.")
            .Must(d => d <= GreekTime.Today(clock)).WithMessage("Η ημερομηνία δεν είναι μελλοντική.", "The date is not in the future.");
        RuleFor(x => x.ProtocolNumber).NotEmpty().WithMessage("Δώστε τον αριθμό πρωτοκόλλου της υποβολής.", "Give the filing's protocol number.")
            .MaximumLength(50).WithMessage("Έως 50 χαρακτήρες.", "At most 50 characters.");
    }
}

internal sealed class AnnualReportHandlers(
    AnnualReportBuilder builder, SupervisionDbContext db, ICurrentActor actor, TimeProvider clock, DeadlineRefresh deadlines)
    : IQueryHandler<GetAnnualReport, AnnualReportData>, ICommandHandler<FileAnnualReport, AnnualReportFilingView>,
      IQueryHandler<GetAnnualReportFiling, AnnualReportFiled>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<AnnualReportData> Handle(GetAnnualReport query, CancellationToken cancellationToken) =>
        await builder.BuildAsync(query.CentreId, query.Year, cancellationToken);

    public async ValueTask<AnnualReportFilingView> Handle(FileAnnualReport command, CancellationToken cancellationToken)
    {
        var protocol = GreekText.Normalize(command.ProtocolNumber);
        if (await db.AnnualReportFilings.AsNoTracking().FirstOrDefaultAsync(f => f.CentreId == command.CentreId && f.Year == command.Year, cancellationToken) is { } earlier)
        {
            // The same filing sent again is the same filing; another one for the same year is a mistake to look at.
            return earlier.ProtocolNumber == protocol && earlier.FiledOn == command.FiledOn
                ? View(earlier)
                : throw new ConflictException(new($"Ο απολογισμός του {command.Year} έχει ήδη υποβληθεί (αρ. πρωτ. {earlier.ProtocolNumber}).",
                    $"The {command.Year} report was already filed (protocol {earlier.ProtocolNumber})."), "already-filed");
        }

        var report = await builder.BuildAsync(command.CentreId, command.Year, cancellationToken);
        var snapshot = JsonSerializer.Serialize(report, Json);
        var now = clock.GetUtcNow();
        var filing = new AnnualReportFiling
        {
            CentreId = command.CentreId, Year = command.Year, FiledOn = command.FiledOn!.Value, ProtocolNumber = protocol, Snapshot = snapshot,
            SnapshotSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(snapshot))), RecordedAt = now, RecordedBy = actor.UserName,
        };
        db.AnnualReportFilings.Add(filing);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = AuditActions.Create, EntityType = "annual-report-filing",
            EntityId = $"{command.CentreId}/{command.Year}", Fields = ["filedOn", "protocolNumber", "snapshot"],
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return await Handle(command, cancellationToken);
        }

        await deadlines.RefreshAsync(command.CentreId);
        return View(filing);
    }

    public async ValueTask<AnnualReportFiled> Handle(GetAnnualReportFiling query, CancellationToken cancellationToken)
    {
        var filing = await db.AnnualReportFilings.AsNoTracking().FirstOrDefaultAsync(f => f.CentreId == query.CentreId && f.Year == query.Year, cancellationToken)
            ?? throw new NotFoundException(new("Ο απολογισμός αυτού του έτους δεν έχει υποβληθεί.", "This year's report has not been filed."));
        return new AnnualReportFiled(View(filing), JsonSerializer.Deserialize<AnnualReportData>(filing.Snapshot, Json)!);
    }

    private static AnnualReportFilingView View(AnnualReportFiling f) => new(f.CentreId, f.Year, f.FiledOn, f.ProtocolNumber, f.SnapshotSha256, f.RecordedAt);
}

/// <summary>The Supervision module's own section: the operating regulation over the year (R23).</summary>
internal sealed class RegulationReportContributor(SupervisionDbContext db) : IAnnualReportContributor
{
    public async Task<IReadOnlyList<AnnualReportSection>> ContributeAsync(AnnualReportScope scope, CancellationToken cancellationToken)
    {
        var versions = await db.RegulationVersions.AsNoTracking().Where(v => v.CentreId == scope.CentreId).ToListAsync(cancellationToken);
        var inForce = versions.Where(v => v.AdoptedOn <= scope.To).Select(v => v.Number).DefaultIfEmpty(0).Max();
        return
        [
            new(AnnualReportSections.OperatingRegulation, "Κανονισμός Λειτουργίας", "Operating regulation",
            [
                new("version-in-force", "Έκδοση σε ισχύ στο τέλος της περιόδου (0: καμία)", "Version in force at the end of the period (0: none)", inForce),
                new("amendments-adopted", "Τροποποιήσεις που εγκρίθηκαν στην περίοδο", "Amendments adopted in the period",
                    versions.Count(v => v.Number > 1 && v.AdoptedOn >= scope.From && v.AdoptedOn <= scope.To)),
                new("versions-filed", "Εκδόσεις που υποβλήθηκαν στη Διεύθυνση στην περίοδο", "Versions filed with the directorate in the period",
                    versions.Count(v => v.FiledOn >= scope.From && v.FiledOn <= scope.To)),
                new("versions-unfiled", "Εκδόσεις εγκεκριμένες αλλά μη υποβληθείσες στο τέλος της περιόδου", "Versions adopted but not filed at the end of the period",
                    versions.Count(v => v.AdoptedOn <= scope.To && (v.FiledOn is null || v.FiledOn > scope.To))),
            ],
            []),
        ];
    }
}
