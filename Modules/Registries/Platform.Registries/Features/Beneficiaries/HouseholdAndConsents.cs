using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Outbox;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>Links two registered people as members of one household, in both directions (a child's parent is the parent's child).</summary>
internal sealed record LinkHouseholdMember(Guid Id, Guid MemberId, HouseholdRelation? Relation) : ICommand<Unit>;

/// <summary>Ends a household link (both directions).</summary>
internal sealed record UnlinkHouseholdMember(Guid Id, Guid MemberId) : ICommand<Unit>;

/// <summary>Records a consent the person gave; the same active purpose (and body) twice is one consent.</summary>
internal sealed record RecordConsent(Guid Id, ConsentPurpose? Purpose, Guid? BodyId) : ICommand<ConsentView>;

internal sealed record WithdrawConsent(Guid Id, Guid ConsentId) : ICommand<ConsentView>;

internal sealed class LinkHouseholdMemberValidator : AbstractValidator<LinkHouseholdMember>
{
    public LinkHouseholdMemberValidator()
    {
        RuleFor(x => x.Relation).NotNull().WithMessage("Η σχέση είναι υποχρεωτική.", "The relation is required.")
            .IsNamedValue().WithMessage("Άγνωστη σχέση.", "Unknown relation.");
        RuleFor(x => x.MemberId).NotEqual(x => x.Id)
            .WithMessage("Ένα πρόσωπο δεν είναι μέλος του εαυτού του.", "A person is not a member of their own household.");
    }
}

internal sealed class RecordConsentValidator : AbstractValidator<RecordConsent>
{
    public RecordConsentValidator(RegistriesDbContext db)
    {
        RuleFor(x => x.Purpose).NotNull().WithMessage("Ο σκοπός της συναίνεσης είναι υποχρεωτικός.", "The consent's purpose is required.")
            .IsNamedValue().WithMessage("Άγνωστος σκοπός συναίνεσης.", "Unknown consent purpose.");
        RuleFor(x => x.BodyId)
            .MustAsync(async (id, ct) => id is null || await db.Bodies.AnyAsync(b => b.Id == id, ct))
            .WithMessage("Ο φορέας δεν υπάρχει στο μητρώο.", "The body is not in the registry.");
    }
}

internal sealed class HouseholdAndConsentHandlers(
    RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, FileEventPublisher publisher, ILogger<Refusals> logger)
    : ICommandHandler<LinkHouseholdMember, Unit>, ICommandHandler<UnlinkHouseholdMember, Unit>,
      ICommandHandler<RecordConsent, ConsentView>, ICommandHandler<WithdrawConsent, ConsentView>
{
    public async ValueTask<Unit> Handle(LinkHouseholdMember command, CancellationToken cancellationToken)
    {
        // Both files must be within the caller's scope: a link shows each person's name in the other's file.
        var people = await db.Beneficiaries.Visible(db, actor).Where(b => b.Id == command.Id || b.Id == command.MemberId).ToListAsync(cancellationToken);
        var person = people.FirstOrDefault(p => p.Id == command.Id)
            ?? throw await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, command.Id, "update", cancellationToken);
        var member = people.FirstOrDefault(p => p.Id == command.MemberId);
        if (member is null)
        {
            await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, command.MemberId, "link", cancellationToken);
            throw ValidationFailedException.For("memberId", new("Το μέλος δεν είναι εγγεγραμμένο.", "The member is not registered."));
        }

        if (await db.HouseholdLinks.AnyAsync(h => h.BeneficiaryId == command.Id && h.MemberId == command.MemberId, cancellationToken))
        {
            return Unit.Value; // already linked: the command is idempotent
        }

        var now = clock.GetUtcNow();
        var relation = command.Relation!.Value;
        db.HouseholdLinks.Add(new HouseholdLink { BeneficiaryId = person.Id, MemberId = member.Id, Relation = relation, LinkedAt = now, LinkedBy = actor.UserName });
        db.HouseholdLinks.Add(new HouseholdLink { BeneficiaryId = member.Id, MemberId = person.Id, Relation = HouseholdLink.Inverse(relation), LinkedAt = now, LinkedBy = actor.UserName });
        var events = await StageForBothAsync(person, member, TimelineKinds.HouseholdMemberLinked, now, +1, cancellationToken);
        if (!await SaveUnlessRacedAsync(cancellationToken))
        {
            return Unit.Value; // the same link was just made by a concurrent request
        }

        foreach (var (id, e) in events)
        {
            await publisher.DeliverAsync(id, e);
        }

        return Unit.Value;
    }

    public async ValueTask<Unit> Handle(UnlinkHouseholdMember command, CancellationToken cancellationToken)
    {
        await BeneficiaryAccess.EnsureVisibleAsync(db, actor, logger, clock, command.Id, "update", cancellationToken);
        var links = await db.HouseholdLinks
            .Where(h => (h.BeneficiaryId == command.Id && h.MemberId == command.MemberId) || (h.BeneficiaryId == command.MemberId && h.MemberId == command.Id))
            .ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return Unit.Value;
        }

        var people = await db.Beneficiaries.Where(b => b.Id == command.Id || b.Id == command.MemberId).ToListAsync(cancellationToken);
        db.HouseholdLinks.RemoveRange(links);
        var now = clock.GetUtcNow();
        var events = await StageForBothAsync(people.First(p => p.Id == command.Id), people.First(p => p.Id == command.MemberId),
            TimelineKinds.HouseholdMemberUnlinked, now, -1, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (id, e) in events)
        {
            await publisher.DeliverAsync(id, e);
        }

        return Unit.Value;
    }

    private async Task<List<(Guid, FileEvent)>> StageForBothAsync(Beneficiary a, Beneficiary b, string kind, DateTimeOffset now, int delta, CancellationToken ct)
    {
        var result = new List<(Guid, FileEvent)>();
        foreach (var (self, other) in new[] { (a, b), (b, a) })
        {
            var size = await db.HouseholdLinks.CountAsync(h => h.BeneficiaryId == self.Id, ct) + delta;
            var consents = await db.Consents.CountAsync(c => c.BeneficiaryId == self.Id && c.WithdrawnAt == null, ct);
            result.Add((self.Id, FileChanges.Stage(db, actor, now, self, kind, "update", ["household"], size, consents, other.Id.ToString())));
        }

        return result;
    }

    public async ValueTask<ConsentView> Handle(RecordConsent command, CancellationToken cancellationToken)
    {
        var person = await db.Beneficiaries.Visible(db, actor).FirstOrDefaultAsync(b => b.Id == command.Id, cancellationToken)
            ?? throw await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, command.Id, "update", cancellationToken);
        var purpose = command.Purpose!.Value;
        var existing = await db.Consents.FirstOrDefaultAsync(
            c => c.BeneficiaryId == command.Id && c.Purpose == purpose && c.BodyId == command.BodyId && c.WithdrawnAt == null, cancellationToken);
        if (existing is not null)
        {
            return ToView(existing);
        }

        var now = clock.GetUtcNow();
        var consent = new Consent { Id = Guid.CreateVersion7(now), BeneficiaryId = person.Id, Purpose = purpose, BodyId = command.BodyId, GivenAt = now, RecordedBy = actor.UserName };
        db.Consents.Add(consent);
        var e = await StageConsentAsync(person, TimelineKinds.ConsentRecorded, now, +1, purpose, cancellationToken);
        if (!await SaveUnlessRacedAsync(cancellationToken))
        {
            // A concurrent request recorded the same consent: return that one.
            return ToView(await db.Consents.AsNoTracking().FirstAsync(
                c => c.BeneficiaryId == command.Id && c.Purpose == purpose && c.BodyId == command.BodyId && c.WithdrawnAt == null, cancellationToken));
        }

        await publisher.DeliverAsync(person.Id, e);
        return ToView(consent);
    }

    public async ValueTask<ConsentView> Handle(WithdrawConsent command, CancellationToken cancellationToken)
    {
        var person = await db.Beneficiaries.Visible(db, actor).FirstOrDefaultAsync(b => b.Id == command.Id, cancellationToken)
            ?? throw await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, command.Id, "update", cancellationToken);
        var consent = await db.Consents.FirstOrDefaultAsync(c => c.Id == command.ConsentId && c.BeneficiaryId == command.Id, cancellationToken)
            ?? throw new NotFoundException(new("Η συναίνεση δεν βρέθηκε.", "The consent was not found."));
        if (!consent.IsActive)
        {
            return ToView(consent); // withdrawn already: idempotent
        }

        var now = clock.GetUtcNow();
        consent.WithdrawnAt = now;
        consent.WithdrawnBy = actor.UserName;
        var e = await StageConsentAsync(person, TimelineKinds.ConsentWithdrawn, now, -1, consent.Purpose, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Withdrawn by a concurrent request a moment ago: one withdrawal, one timeline entry.
            db.ChangeTracker.Clear();
            return ToView(await db.Consents.AsNoTracking().FirstAsync(c => c.Id == command.ConsentId, cancellationToken));
        }

        await publisher.DeliverAsync(person.Id, e);
        return ToView(consent);
    }

    private async Task<FileEvent> StageConsentAsync(Beneficiary person, string kind, DateTimeOffset now, int delta, ConsentPurpose purpose, CancellationToken ct)
    {
        var household = await db.HouseholdLinks.CountAsync(h => h.BeneficiaryId == person.Id, ct);
        var consents = await db.Consents.CountAsync(c => c.BeneficiaryId == person.Id && c.WithdrawnAt == null, ct) + delta;
        return FileChanges.Stage(db, actor, now, person, kind, "update", ["consents"], household, consents, purpose.ToString());
    }

    /// <summary>Saves; false when a unique key says a concurrent request already wrote the same thing.</summary>
    private async Task<bool> SaveUnlessRacedAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static ConsentView ToView(Consent c) => new(c.Id, c.Purpose, c.BodyId, c.GivenAt, c.RecordedBy, c.WithdrawnAt, c.WithdrawnBy);
}

internal static class HouseholdAndConsentEndpoints
{
    internal sealed record LinkRequest(Guid MemberId, HouseholdRelation? Relation);

    internal sealed record ConsentRequest(ConsentPurpose? Purpose, Guid? BodyId);

    public static void Map(RouteGroupBuilder beneficiaries)
    {
        beneficiaries.MapPost("/{id:guid}/household", async (Guid id, LinkRequest body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new LinkHouseholdMember(id, body.MemberId, body.Relation), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(PlatformPolicies.ChangeBeneficiaries)
            .WithName("LinkHouseholdMember").WithSummary("Link a registered person as a household member (both directions)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        beneficiaries.MapDelete("/{id:guid}/household/{memberId:guid}", async (Guid id, Guid memberId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new UnlinkHouseholdMember(id, memberId), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(PlatformPolicies.ChangeBeneficiaries)
            .WithName("UnlinkHouseholdMember").WithSummary("End a household link");
        beneficiaries.MapPost("/{id:guid}/consents", async (Guid id, ConsentRequest body, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new RecordConsent(id, body.Purpose, body.BodyId), ct)))
            .RequireAuthorization(PlatformPolicies.ChangeBeneficiaries)
            .WithName("RecordConsent").WithSummary("Record a consent the person gave")
            .Produces<ConsentView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        beneficiaries.MapPost("/{id:guid}/consents/{consentId:guid}/withdraw", async (Guid id, Guid consentId, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new WithdrawConsent(id, consentId), ct)))
            .RequireAuthorization(PlatformPolicies.ChangeBeneficiaries)
            .WithName("WithdrawConsent").WithSummary("Withdraw a consent (kept, marked withdrawn)")
            .Produces<ConsentView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
