using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Features;
using Platform.Registries.Outbox;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// R26, R29: registering a person opens their electronic file at once. Refused when the AMKA or AFM
/// is already registered (409 with that file's id); held back when a likely duplicate exists, until the
/// caller confirms with <see cref="ConfirmNotDuplicate"/>.
/// </summary>
internal sealed record RegisterBeneficiary : BeneficiaryProfile, ICommand<RegistrationResult>
{
    /// <summary>The client's id for this command: sending it again returns the same file instead of a second one.</summary>
    public Guid? CommandId { get; init; }

    /// <summary>The centre or entry point registering the person (R26, R28).</summary>
    public Guid? CentreId { get; init; }

    /// <summary>"Register anyway": the caseworker has looked at the likely duplicates and this is someone else.</summary>
    public bool ConfirmNotDuplicate { get; init; }

    /// <summary>Consents the person gives at registration.</summary>
    public ConsentPurpose[]? Consents { get; init; }
}

internal sealed record RegistrationResult(Guid Id, bool Created);

internal sealed class RegisterBeneficiaryValidator : AbstractValidator<RegisterBeneficiary>
{
    public RegisterBeneficiaryValidator(BeneficiaryProfileValidator profile, RegistriesDbContext db, KnownRecords known)
    {
        Include(profile);
        RuleFor(x => x.MunicipalityId)
            .MustAsync((id, ct) => known.MunicipalityExistsAsync(db, id, ct))
            .WithMessage("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.");
        RuleFor(x => x.CentreId)
            .MustAsync((id, ct) => known.BodyExistsAsync(db, id, ct))
            .WithMessage("Η δομή εγγραφής δεν υπάρχει στο μητρώο φορέων.", "The registering structure is not in the bodies registry.");
        RuleForEach(x => x.Consents).IsInEnum().WithMessage("Άγνωστος σκοπός συναίνεσης.", "Unknown consent purpose.");
    }
}

internal sealed class RegisterBeneficiaryHandler(
    RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, FileEventPublisher publisher)
    : ICommandHandler<RegisterBeneficiary, RegistrationResult>
{
    public async ValueTask<RegistrationResult> Handle(RegisterBeneficiary command, CancellationToken cancellationToken)
    {
        if (command.CommandId is { } commandId && await EarlierAsync(commandId, command, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        // Two caseworkers registering the same person (no ΑΜΚΑ to collide on) must not both miss each other:
        // registrations of one surname key and birth year take turns from the duplicate check to the commit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtext({GreekText.SearchKey(command.Surname)} || ':' || {command.BirthDate!.Value.Year}))",
            cancellationToken);

        await DuplicateFinder.RefuseSameIdentifiersAsync(db, command.Amka, command.Afm, null, cancellationToken);

        IReadOnlyList<PossibleDuplicate> likely = await DuplicateFinder.FindAsync(
            db, command.Surname, command.FirstName, command.BirthDate!.Value, null, cancellationToken);
        if (likely.Count > 0 && !command.ConfirmNotDuplicate)
        {
            throw new ConflictException(
                new("Υπάρχουν ήδη εγγεγραμμένοι με παρόμοια στοιχεία. Ελέγξτε τους και, αν πρόκειται για άλλο πρόσωπο, επιβεβαιώστε την εγγραφή.",
                    "People with similar details are already registered. Check them and, if this is someone else, confirm the registration."),
                "possible-duplicate")
            {
                Extensions = { ["matches"] = likely, ["confirmWith"] = "confirmNotDuplicate" },
            };
        }

        var now = clock.GetUtcNow();
        var beneficiary = new Beneficiary
        {
            Id = Guid.CreateVersion7(now),
            Surname = "",
            FirstName = "",
            CentreId = command.CentreId ?? actor.CentreId,
            RegisteredAt = now,
            RegisteredBy = actor.UserName,
            RegistrationCommandId = command.CommandId,
        };
        var fields = command.ApplyTo(beneficiary);
        db.Beneficiaries.Add(beneficiary);
        foreach (var purpose in (command.Consents ?? []).Distinct())
        {
            db.Consents.Add(new Consent { Id = Guid.CreateVersion7(now), BeneficiaryId = beneficiary.Id, Purpose = purpose, GivenAt = now, RecordedBy = actor.UserName });
        }

        var kind = likely.Count > 0 ? TimelineKinds.RegisteredDespiteDuplicates : TimelineKinds.Registered;
        var reference = likely.Count > 0 ? string.Join(',', likely.Select(l => l.Id)) : null;
        var fileEvent = FileChanges.Stage(db, actor, now, beneficiary, kind, "create", fields, 0,
            (command.Consents ?? []).Distinct().Count(), reference);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with a concurrent registration of the same person: answer as if we had seen it first.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (command.CommandId is { } id && await EarlierAsync(id, command, cancellationToken) is { } raced)
            {
                return raced;
            }

            await DuplicateFinder.RefuseSameIdentifiersAsync(db, command.Amka, command.Afm, null, cancellationToken);
            throw;
        }

        await publisher.DeliverAsync(beneficiary.Id, fileEvent);
        return new RegistrationResult(beneficiary.Id, Created: true);
    }

    /// <summary>
    /// The file an earlier sending of this command opened, if any. The same command id with another person
    /// is a client bug, not a retry: 409, so consents are never attached to the wrong file.
    /// </summary>
    private async Task<RegistrationResult?> EarlierAsync(Guid commandId, RegisterBeneficiary command, CancellationToken ct)
    {
        var earlier = await db.Beneficiaries.AsNoTracking().Where(b => b.RegistrationCommandId == commandId)
            .Select(b => new { b.Id, b.SurnameKey, b.FirstNameKey, b.BirthDate }).FirstOrDefaultAsync(ct);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.SurnameKey != GreekText.SearchKey(command.Surname) || earlier.FirstNameKey != GreekText.SearchKey(command.FirstName)
            || earlier.BirthDate != command.BirthDate)
        {
            throw new ConflictException(
                new("Αυτό το commandId χρησιμοποιήθηκε ήδη για την εγγραφή άλλου προσώπου.", "This commandId was already used to register another person."),
                "command-id-reused")
            {
                Extensions = { ["existingId"] = earlier.Id },
            };
        }

        return new RegistrationResult(earlier.Id, Created: false);
    }
}

internal static class RegisterBeneficiaryEndpoint
{
    public static void Map(RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPost("/", async (RegisterBeneficiary command, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(command, ct);
                return result.Created
                    ? Results.Created($"/api/registries/beneficiaries/{result.Id}", result)
                    : Results.Ok(result);
            })
            .RequireAuthorization(PlatformPolicies.RegisterBeneficiaries)
            .AddEndpointFilter(RegistrationScope.FilterAsync)
            .WithName("RegisterBeneficiary")
            .WithSummary("Register a beneficiary and open their electronic file (R26, R29)")
            .Produces<RegistrationResult>(StatusCodes.Status201Created)
            .Produces<RegistrationResult>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
