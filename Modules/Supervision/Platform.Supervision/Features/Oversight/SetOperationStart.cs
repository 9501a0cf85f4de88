using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Time;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Supervision.Domain;
using Platform.Supervision.Features.Deadlines;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.Oversight;

/// <summary>
/// Records the day a centre started operating: the first regulation is due then and an annual report for every year
/// from then on (R23). The first time needs no version; a correction needs the version read.
/// </summary>
internal sealed record SetOperationStart : ICommand<OperationStartView>
{
    public Guid CentreId { get; init; }
    public DateOnly? StartedOn { get; init; }
    public uint? ExpectedVersion { get; init; }
}

internal sealed record OperationStartView(Guid CentreId, DateOnly StartedOn, uint Version);

internal sealed class SetOperationStartValidator : AbstractValidator<SetOperationStart>
{
    public SetOperationStartValidator(TimeProvider clock) =>
        RuleFor(x => x.StartedOn).NotNull().WithMessage("Η ημερομηνία έναρξης λειτουργίας είναι υποχρεωτική.", "The start of operation is required.")
            .Must(d => d >= new DateOnly(2016, 1, 1)).WithMessage("Τα Κέντρα Κοινότητας λειτουργούν από το 2016 και μετά.", "Community centres operate from 2016 onwards.")
            .Must(d => d <= GreekTime.Today(clock).AddYears(1)).WithMessage("Έως ένα έτος στο μέλλον.", "At most a year ahead.");
}

internal sealed class SetOperationStartHandler(SupervisionDbContext db, ICentreDirectory centres, ICurrentActor actor, TimeProvider clock, DeadlineRefresh deadlines)
    : ICommandHandler<SetOperationStart, OperationStartView>
{
    public async ValueTask<OperationStartView> Handle(SetOperationStart command, CancellationToken cancellationToken)
    {
        _ = await centres.FindCentreAsync(command.CentreId, cancellationToken) ?? throw SupervisionErrors.NoSuchCentre();
        var now = clock.GetUtcNow();
        var record = await db.Oversight.FirstOrDefaultAsync(o => o.CentreId == command.CentreId, cancellationToken);
        if (record is null)
        {
            record = new CentreOversight { CentreId = command.CentreId };
            db.Oversight.Add(record);
        }
        else if (record.Version != command.ExpectedVersion)
        {
            throw SupervisionErrors.Stale();
        }
        else if (record.OperationStartedOn == command.StartedOn)
        {
            return new(record.CentreId, record.OperationStartedOn, record.Version);
        }

        record.OperationStartedOn = command.StartedOn!.Value;
        record.UpdatedAt = now;
        db.AuditLog.Add(new AuditEntry
        {
            At = now, Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = db.Entry(record).State == EntityState.Added ? AuditActions.Create : AuditActions.Update,
            EntityType = "centre-oversight", EntityId = record.CentreId.ToString(), Fields = ["operationStartedOn"],
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
            || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw SupervisionErrors.Stale();
        }

        await deadlines.RefreshAsync(record.CentreId);
        return new(record.CentreId, record.OperationStartedOn, record.Version);
    }
}
