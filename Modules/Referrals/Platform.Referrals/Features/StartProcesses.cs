using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Localization;
using Platform.Referrals.Processes;
using Platform.Registries.Contracts;
using Platform.Workflows.Api;
using Platform.Workflows.Definitions;

namespace Platform.Referrals.Features;

internal enum ReferralTargetKind
{
    Programme,
    Body,
}

internal sealed record CreateReferralRequest(Guid? CommandId, Guid? BeneficiaryId, ReferralTargetKind? TargetKind, Guid? TargetId, string? Reason);

internal sealed record StartFollowUpPlanRequest(Guid? CommandId, Guid? BeneficiaryId, int? IntervalDays, string? Goals);

internal sealed record StartAssistedApplicationRequest(Guid? CommandId, Guid? BeneficiaryId, Guid? ProgrammeId);

/// <summary>
/// Opens the Referrals module's processes for a person of the caller's centre: checks what only the
/// registries know (the person, the target, KEA) and starts the instance; every later step is a trigger.
/// </summary>
internal sealed class StartProcesses(IWorkflowRuntime runtime, IReferralTargetDirectory directory, ICurrentActor actor)
{
    public async Task<InstanceView> ReferAsync(CreateReferralRequest request, CancellationToken ct)
    {
        var errors = Errors();
        RequireCommon(request.CommandId, request.BeneficiaryId, errors);
        if (request.TargetKind is null) errors["targetKind"] = [new("Επιλέξτε είδος φορέα (programme ή body).", "Choose the target kind (programme or body).")];
        if (request.TargetId is null || request.TargetId == Guid.Empty) errors["targetId"] = [new("Επιλέξτε φορέα ή πρόγραμμα.", "Choose a body or a programme.")];
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 2000)
            errors["reason"] = [new("Γράψτε τον λόγο της παραπομπής (έως 2.000 χαρακτήρες).", "Give the reason for the referral (up to 2,000 characters).")];
        ThrowIfAny(errors);

        var centre = RequireCentreUser();
        await RequireBeneficiaryAsync(request.BeneficiaryId!.Value, centre, ct);
        var target = request.TargetKind == ReferralTargetKind.Programme
            ? await directory.FindProgrammeAsync(request.TargetId!.Value, ct)
            : await directory.FindBodyAsync(request.TargetId!.Value, ct);
        if (target is null)
        {
            throw ValidationFailedException.For("targetId", new("Ο φορέας ή το πρόγραμμα δεν υπάρχει στο μητρώο.", "The body or programme is not in the registry."));
        }
        if (!target.IsOpen)
        {
            throw ValidationFailedException.For("targetId", new("Το πρόγραμμα δεν δέχεται αιτήσεις.", "The programme is not open."));
        }
        if (target.Id == centre)
        {
            throw ValidationFailedException.For("targetId", new("Δεν γίνεται παραπομπή στο ίδιο το κέντρο.", "A centre cannot refer to itself."));
        }

        var data = new Dictionary<string, object?>
        {
            [ReferralProcess.Data.BeneficiaryId] = request.BeneficiaryId,
            [ReferralProcess.Data.TargetKind] = target.Kind,
            [ReferralProcess.Data.TargetId] = target.Id,
            [ReferralProcess.Data.TargetBodyId] = target.BodyId,
            [ReferralProcess.Data.TargetName] = target.Name,
            [ReferralProcess.Data.HasCapacity] = target.Capacity is > 0 && target.BodyId is not null,
            [ReferralProcess.Data.Reason] = request.Reason!.Trim(),
        };
        // the policy key is the target's kind: schedulers set reminder intervals per kind of target
        return await runtime.StartAsync(ReferralProcess.ProcessName, request.CommandId!.Value,
            new InstanceScope(centre, request.BeneficiaryId, target.Kind), data, ct);
    }

    public async Task<InstanceView> PlanAsync(StartFollowUpPlanRequest request, TimeProvider clock, CancellationToken ct)
    {
        var errors = Errors();
        RequireCommon(request.CommandId, request.BeneficiaryId, errors);
        if (request.IntervalDays is not (>= 1 and <= 365))
            errors["intervalDays"] = [new("Το διάστημα επανεξέτασης πρέπει να είναι από 1 έως 365 ημέρες.", "The review interval must be 1 to 365 days.")];
        if (request.Goals is { Length: > 4000 }) errors["goals"] = [new("Έως 4.000 χαρακτήρες.", "Up to 4,000 characters.")];
        ThrowIfAny(errors);

        var centre = RequireCentreUser();
        await RequireBeneficiaryAsync(request.BeneficiaryId!.Value, centre, ct);
        var data = new Dictionary<string, object?>
        {
            [FollowUpPlanProcess.Data.BeneficiaryId] = request.BeneficiaryId,
            [FollowUpPlanProcess.Data.IntervalDays] = request.IntervalDays,
            [FollowUpPlanProcess.Data.Goals] = request.Goals?.Trim(),
            [FollowUpPlanProcess.Data.NextReviewAt] = clock.GetUtcNow().AddDays(request.IntervalDays!.Value),
            [FollowUpPlanProcess.Data.ReviewsDone] = 0,
        };
        return await runtime.StartAsync(FollowUpPlanProcess.ProcessName, request.CommandId!.Value, new InstanceScope(centre, request.BeneficiaryId, null), data, ct);
    }

    public async Task<InstanceView> ApplyAsync(StartAssistedApplicationRequest request, CancellationToken ct)
    {
        var errors = Errors();
        RequireCommon(request.CommandId, request.BeneficiaryId, errors);
        ThrowIfAny(errors);

        var centre = RequireCentreUser();
        await RequireBeneficiaryAsync(request.BeneficiaryId!.Value, centre, ct);
        // ΚΕΑ first (R10): an application without a programme is a ΚΕΑ application
        var programme = request.ProgrammeId is { } id ? await directory.FindProgrammeAsync(id, ct) : await directory.FindSocialSolidarityIncomeAsync(ct);
        if (programme is null)
        {
            throw ValidationFailedException.For("programmeId", new("Το πρόγραμμα δεν υπάρχει στο μητρώο.", "The programme is not in the registry."));
        }
        var data = new Dictionary<string, object?>
        {
            [AssistedApplicationProcess.Data.BeneficiaryId] = request.BeneficiaryId,
            [AssistedApplicationProcess.Data.ProgrammeId] = programme.Id,
            [AssistedApplicationProcess.Data.ProgrammeName] = programme.Name,
            [AssistedApplicationProcess.Data.Cycle] = 1,
        };
        return await runtime.StartAsync(AssistedApplicationProcess.ProcessName, request.CommandId!.Value,
            new InstanceScope(centre, request.BeneficiaryId, programme.IsSocialSolidarityIncome ? "Kea" : "Programme"), data, ct);
    }

    private Guid RequireCentreUser()
    {
        if (!actor.IsInRole(PlatformRoles.Caseworker) && !actor.IsInRole(PlatformRoles.CentreHead))
        {
            throw new ForbiddenException(new("Μόνο οι κοινωνικοί λειτουργοί του κέντρου ανοίγουν διαδικασίες.", "Only a centre's caseworkers open processes."));
        }
        return actor.CentreId ?? throw new ForbiddenException(new("Δεν ανήκετε σε κέντρο.", "You belong to no centre."));
    }

    private async Task RequireBeneficiaryAsync(Guid beneficiaryId, Guid centre, CancellationToken ct)
    {
        var subject = await directory.FindBeneficiaryAsync(beneficiaryId, ct);
        if (subject is null || subject.CentreId != centre)
        {
            // a person of another centre is not even confirmed to exist
            throw ValidationFailedException.For("beneficiaryId", new("Ο ωφελούμενος δεν βρέθηκε στο κέντρο σας.", "The beneficiary was not found at your centre."));
        }
    }

    private static Dictionary<string, Bilingual[]> Errors() => new(StringComparer.Ordinal);

    private static void RequireCommon(Guid? commandId, Guid? beneficiaryId, Dictionary<string, Bilingual[]> errors)
    {
        if (commandId is null || commandId == Guid.Empty) errors["commandId"] = [new("Απαιτείται αναγνωριστικό εντολής (commandId).", "A command id (commandId) is required.")];
        if (beneficiaryId is null || beneficiaryId == Guid.Empty) errors["beneficiaryId"] = [new("Επιλέξτε ωφελούμενο.", "Choose a beneficiary.")];
    }

    private static void ThrowIfAny(Dictionary<string, Bilingual[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}
