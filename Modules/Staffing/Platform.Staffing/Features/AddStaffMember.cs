using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Staffing.Domain;
using Platform.Staffing.Persistence;

namespace Platform.Staffing.Features;

/// <summary>Puts a position on a centre's team (R12–R14). Making someone head moves the head role to them.</summary>
internal sealed record AddStaffMember : ICommand<StaffMemberView>
{
    public Guid CentreId { get; init; }
    public string Reference { get; init; } = "";
    public Specialty? Specialty { get; init; }
    public bool IsHead { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
}

internal sealed record StaffMemberView(Guid Id, Guid CentreId, string Reference, Specialty Specialty, bool IsHead, DateOnly StartDate, DateOnly? EndDate, uint Version);

internal sealed class AddStaffMemberValidator : AbstractValidator<AddStaffMember>
{
    public AddStaffMemberValidator()
    {
        RuleFor(x => x.Reference).NotEmpty().WithMessage("Δώστε τον αριθμό θέσης ή σύμβασης.", "Give the position or contract number.")
            .MaximumLength(50).WithMessage("Έως 50 χαρακτήρες.", "At most 50 characters.");
        RuleFor(x => x.Specialty).NotNull().WithMessage("Η ειδικότητα είναι υποχρεωτική.", "The specialty is required.");
        RuleFor(x => x.StartDate).NotNull().WithMessage("Η ημερομηνία έναρξης είναι υποχρεωτική.", "The start date is required.");
        RuleFor(x => x.EndDate).GreaterThanOrEqualTo(x => x.StartDate)
            .WithMessage("Η λήξη δεν είναι πριν την έναρξη.", "The end is not before the start.")
            .When(x => x.EndDate is not null && x.StartDate is not null);
    }
}

internal sealed class AddStaffMemberHandler(StaffingDbContext db, ICentreDirectory centres, ICurrentActor actor, TimeProvider clock, CentreChanges<StaffingDbContext> changes)
    : ICommandHandler<AddStaffMember, StaffMemberView>
{
    public async ValueTask<StaffMemberView> Handle(AddStaffMember command, CancellationToken cancellationToken)
    {
        _ = await centres.FindCentreAsync(command.CentreId, cancellationToken) ?? throw StaffingErrors.NoSuchCentre();
        var member = new StaffMember
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            CentreId = command.CentreId,
            Reference = command.Reference.Trim(),
            Specialty = command.Specialty!.Value,
            IsHead = command.IsHead,
            StartDate = command.StartDate!.Value,
            EndDate = command.EndDate,
        };
        if (member.IsHead)
        {
            // One head at a time: the new head takes over.
            await db.Staff.Where(s => s.CentreId == command.CentreId && s.IsHead).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsHead, false), cancellationToken);
        }

        db.Staff.Add(member);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = AuditActions.Create,
            EntityType = "staff-member", EntityId = member.Id.ToString(), Fields = ["specialty", "isHead", "startDate", "endDate"],
        });
        changes.Stage(member.CentreId, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException(new("Η θέση υπάρχει ήδη στην ομάδα του Κέντρου.", "This position is already on the centre's team."), "duplicate-position");
        }

        await changes.DeliverAsync(member.CentreId);
        return StaffingErrors.View(member);
    }
}

internal static class StaffingErrors
{
    public static NotFoundException NoSuchCentre() =>
        new(new("Το Κέντρο Κοινότητας δεν βρέθηκε στο μητρώο φορέων.", "The community centre was not found in the bodies registry."));

    public static StaffMemberView View(StaffMember m) => new(m.Id, m.CentreId, m.Reference, m.Specialty, m.IsHead, m.StartDate, m.EndDate, m.Version);
}
