using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Supervision.Features.Deadlines;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.OperatingRegulation;

/// <summary>Records that a version was filed with the ministry's directorate (R23): the day and the protocol number.</summary>
internal sealed record RecordRegulationFiling : ICommand<RegulationVersionView>
{
    public Guid CentreId { get; init; }
    public int Number { get; init; }
    public DateOnly? FiledOn { get; init; }
    public string? ProtocolNumber { get; init; }
    public uint? ExpectedVersion { get; init; }
}

internal sealed class RecordRegulationFilingValidator : AbstractValidator<RecordRegulationFiling>
{
    public RecordRegulationFilingValidator(TimeProvider clock)
    {
        RuleFor(x => x.FiledOn).NotNull().WithMessage("Η ημερομηνία υποβολής είναι υποχρεωτική.", "The filing date is required.");
        RuleFor(x => x.ExpectedVersion).NotNull().WithMessage("Δώστε την έκδοση που διαβάσατε (version).", "Give the version you read (version).");
        RegulationRules.Filing(this, _ => null, x => x.FiledOn, x => x.ProtocolNumber, clock, protocolRequired: _ => true);
    }
}

internal sealed class RecordRegulationFilingHandler(SupervisionDbContext db, ICurrentActor actor, TimeProvider clock, DeadlineRefresh deadlines)
    : ICommandHandler<RecordRegulationFiling, RegulationVersionView>
{
    public async ValueTask<RegulationVersionView> Handle(RecordRegulationFiling command, CancellationToken cancellationToken)
    {
        var version = await db.RegulationVersions.FirstOrDefaultAsync(v => v.CentreId == command.CentreId && v.Number == command.Number, cancellationToken)
            ?? throw SupervisionErrors.NoSuchVersion();
        if (version.Version != command.ExpectedVersion)
        {
            throw SupervisionErrors.Stale();
        }

        if (command.FiledOn < version.AdoptedOn)
        {
            throw BuildingBlocks.Errors.ValidationFailedException.For("filedOn", new("Η υποβολή δεν είναι πριν την έγκριση.", "The filing is not before the adoption."));
        }

        var protocol = GreekText.Normalize(command.ProtocolNumber);
        if (version.FiledOn != command.FiledOn || version.ProtocolNumber != protocol)
        {
            version.FiledOn = command.FiledOn;
            version.ProtocolNumber = protocol;
            db.AuditLog.Add(new AuditEntry
            {
                At = clock.GetUtcNow(), Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = AuditActions.Update,
                EntityType = "regulation-version", EntityId = version.Id.ToString(), Fields = ["filedOn", "protocolNumber"],
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw SupervisionErrors.Stale();
            }

            await deadlines.RefreshAsync(command.CentreId);
        }

        return RegulationVersionView.From(version, await RegulationQueries.DescribeAsync(db, version.DocumentId, cancellationToken));
    }
}
