using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Validation;
using Platform.Staffing.Persistence;

namespace Platform.Staffing.Features;

/// <summary>Sets (or moves) the day a position ends; a coming end shows up as a breach to come.</summary>
internal sealed record EndStaffMember(Guid CentreId, Guid MemberId, DateOnly? EndDate) : ICommand<StaffMemberView>;

internal sealed class EndStaffMemberValidator : AbstractValidator<EndStaffMember>
{
    public EndStaffMemberValidator() =>
        RuleFor(x => x.EndDate).NotNull().WithMessage("Η ημερομηνία λήξης είναι υποχρεωτική.", "The end date is required.");
}

internal sealed class EndStaffMemberHandler(StaffingDbContext db, ICurrentActor actor, TimeProvider clock, CentreChanges<StaffingDbContext> changes) : ICommandHandler<EndStaffMember, StaffMemberView>
{
    public async ValueTask<StaffMemberView> Handle(EndStaffMember command, CancellationToken cancellationToken)
    {
        var member = await db.Staff.FirstOrDefaultAsync(s => s.Id == command.MemberId && s.CentreId == command.CentreId, cancellationToken)
            ?? throw new NotFoundException(new("Η θέση δεν βρέθηκε.", "The position was not found."));
        if (command.EndDate < member.StartDate)
        {
            throw ValidationFailedException.For("endDate", new("Η λήξη δεν είναι πριν την έναρξη.", "The end is not before the start."));
        }

        if (member.EndDate != command.EndDate)
        {
            member.EndDate = command.EndDate;
            db.AuditLog.Add(new AuditEntry
            {
                At = clock.GetUtcNow(), Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = AuditActions.Update,
                EntityType = "staff-member", EntityId = member.Id.ToString(), Fields = ["endDate"],
            });
            changes.Stage(member.CentreId, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await changes.DeliverAsync(member.CentreId);
        }

        return StaffingErrors.View(member);
    }
}
