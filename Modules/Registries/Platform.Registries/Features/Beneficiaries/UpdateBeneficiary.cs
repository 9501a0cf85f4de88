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
using Platform.Registries.Features;
using Platform.Registries.Outbox;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// Changes a beneficiary's profile. <see cref="ExpectedVersion"/> (from the file read) guards against
/// overwriting a colleague's change; the timeline and the audit name the fields that changed.
/// </summary>
internal sealed record UpdateBeneficiary : BeneficiaryProfile, ICommand<UpdateResult>
{
    public Guid Id { get; init; }
    public uint? ExpectedVersion { get; init; }
}

internal sealed record UpdateResult(Guid Id, uint Version, IReadOnlyList<string> Changed);

internal sealed class UpdateBeneficiaryValidator : AbstractValidator<UpdateBeneficiary>
{
    public UpdateBeneficiaryValidator(BeneficiaryProfileValidator profile, KnownRecords known)
    {
        Include(profile);
        RuleFor(x => x.ExpectedVersion).NotNull()
            .WithMessage("Δώστε την έκδοση του φακέλου που διαβάσατε (version).", "Give the version of the file you read (version).");
        RuleFor(x => x.MunicipalityId)
            .MustAsync((id, ct) => known.MunicipalityExistsAsync(id, ct))
            .WithMessage("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.");
    }
}

internal sealed class UpdateBeneficiaryHandler(
    RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, FileEventPublisher publisher, ILogger<Refusals> logger)
    : ICommandHandler<UpdateBeneficiary, UpdateResult>
{
    public async ValueTask<UpdateResult> Handle(UpdateBeneficiary command, CancellationToken cancellationToken)
    {
        var b = await db.Beneficiaries.Visible(db, actor).FirstOrDefaultAsync(x => x.Id == command.Id, cancellationToken)
            ?? throw await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, command.Id, "update", cancellationToken);
        if (b.Version != command.ExpectedVersion)
        {
            throw StaleVersion(b.Version);
        }

        await DuplicateFinder.RefuseSameIdentifiersAsync(db, command.Amka, command.Afm, b.Id, cancellationToken);

        var changed = command.ApplyTo(b);
        if (changed.Count == 0)
        {
            return new UpdateResult(b.Id, b.Version, changed);
        }

        var now = clock.GetUtcNow();
        var household = await db.HouseholdLinks.CountAsync(h => h.BeneficiaryId == b.Id, cancellationToken);
        var consents = await db.Consents.CountAsync(c => c.BeneficiaryId == b.Id && c.WithdrawnAt == null, cancellationToken);
        var fileEvent = FileChanges.Stage(db, actor, now, b, TimelineKinds.ProfileUpdated, "update", changed, household, consents);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleVersion(null);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another file took this ΑΜΚΑ/ΑΦΜ between our check and our commit.
            db.ChangeTracker.Clear();
            await DuplicateFinder.RefuseSameIdentifiersAsync(db, command.Amka, command.Afm, command.Id, cancellationToken);
            throw;
        }

        await publisher.DeliverAsync(b.Id, fileEvent);
        return new UpdateResult(b.Id, b.Version, changed);
    }

    internal static ConflictException StaleVersion(uint? current) =>
        new(new("Ο φάκελος άλλαξε από άλλον χρήστη στο μεταξύ. Ανανεώστε και δοκιμάστε ξανά.",
            "The file was changed by someone else in the meantime. Reload and try again."), "stale-version")
        {
            Extensions = { ["currentVersion"] = current },
        };
}

internal static class UpdateBeneficiaryEndpoint
{
    public static void Map(RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPut("/{id:guid}", async (Guid id, UpdateBeneficiary command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { Id = id }, ct)))
            .RequireAuthorization(PlatformPolicies.ChangeBeneficiaries)
            .WithName("UpdateBeneficiary")
            .WithSummary("Change a beneficiary's profile (optimistic: send the version you read)")
            .Produces<UpdateResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
