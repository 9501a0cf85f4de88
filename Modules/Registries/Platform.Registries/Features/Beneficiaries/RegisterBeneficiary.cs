using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Domain;

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

/// <summary>Built once (a singleton): registration is the hot path and its rules hold no per-request state.</summary>
internal sealed class RegisterBeneficiaryValidator : AbstractValidator<RegisterBeneficiary>
{
    public RegisterBeneficiaryValidator(BeneficiaryProfileValidator profile, KnownRecords known)
    {
        Include(profile);
        RuleFor(x => x.MunicipalityId)
            .MustAsync((id, ct) => known.MunicipalityExistsAsync(id, ct))
            .WithMessage("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.");
        RuleFor(x => x.CentreId)
            .MustAsync((id, ct) => known.BodyExistsAsync(id, ct))
            .WithMessage("Η δομή εγγραφής δεν υπάρχει στο μητρώο φορέων.", "The registering structure is not in the bodies registry.");
        RuleForEach(x => x.Consents).IsNamedValue().WithMessage("Άγνωστος σκοπός συναίνεσης.", "Unknown consent purpose.");
    }
}

/// <summary>
/// Hands the validated registration to its group (<see cref="RegistrationBatcher"/>, which also tells the centre). The file's
/// grain is not called: its state row is already there, and it activates when first read.
/// </summary>
internal sealed class RegisterBeneficiaryHandler(RegistrationBatcher registrations, ICurrentActor actor)
    : ICommandHandler<RegisterBeneficiary, RegistrationResult>
{
    public async ValueTask<RegistrationResult> Handle(RegisterBeneficiary command, CancellationToken cancellationToken) =>
        (await registrations.RegisterAsync(command, actor, cancellationToken)).Result;
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
