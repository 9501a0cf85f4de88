using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>Reads a beneficiary's file: profile, household, consents and the file summary. Every read is audited.</summary>
internal sealed record GetBeneficiaryFile(Guid Id) : IQuery<BeneficiaryFileView>;

internal sealed record HouseholdMemberView(Guid MemberId, string Surname, string FirstName, DateOnly BirthDate, HouseholdRelation Relation);

internal sealed record ConsentView(Guid Id, ConsentPurpose Purpose, Guid? BodyId, DateTimeOffset GivenAt, string RecordedBy, DateTimeOffset? WithdrawnAt, string? WithdrawnBy);

internal sealed record BeneficiaryFileView(
    Guid Id, BeneficiaryProfile Profile, Guid? CentreId, DateTimeOffset RegisteredAt, string RegisteredBy, uint Version,
    IReadOnlyList<HouseholdMemberView> Household, IReadOnlyList<ConsentView> Consents, BeneficiaryFileSummary? Summary);

internal static class BeneficiaryErrors
{
    public static NotFoundException NotFound() =>
        new(new("Ο φάκελος του ωφελούμενου δεν βρέθηκε.", "The beneficiary's file was not found."));
}

internal sealed class GetBeneficiaryFileHandler(
    RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, IGrainFactory grains, ILogger<Refusals> logger)
    : IQueryHandler<GetBeneficiaryFile, BeneficiaryFileView>
{
    public async ValueTask<BeneficiaryFileView> Handle(GetBeneficiaryFile query, CancellationToken cancellationToken)
    {
        var b = await db.Beneficiaries.AsNoTracking().Visible(db, actor).FirstOrDefaultAsync(x => x.Id == query.Id, cancellationToken)
            ?? throw await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, query.Id, AuditActions.Read, cancellationToken);
        var household = await (
            from h in db.HouseholdLinks.AsNoTracking()
            where h.BeneficiaryId == query.Id
            join m in db.Beneficiaries on h.MemberId equals m.Id
            orderby m.BirthDate
            select new HouseholdMemberView(m.Id, m.Surname, m.FirstName, m.BirthDate, h.Relation)).ToListAsync(cancellationToken);
        var consents = await db.Consents.AsNoTracking().Where(c => c.BeneficiaryId == query.Id).OrderBy(c => c.GivenAt)
            .Select(c => new ConsentView(c.Id, c.Purpose, c.BodyId, c.GivenAt, c.RecordedBy, c.WithdrawnAt, c.WithdrawnBy))
            .ToListAsync(cancellationToken);
        var summary = await grains.GetGrain<IBeneficiaryGrain>(query.Id).GetSummary();

        // Special-category data is left out for roles that may not see it, and the audit says whether it was shown.
        var special = actor.Allows(PlatformPolicies.ReadSpecialCategories);
        FileChanges.AuditRead(db, actor, clock.GetUtcNow(), query.Id,
            special ? ["profile", "special-categories", "household", "consents"] : ["profile", "household", "consents"]);
        await db.SaveChangesAsync(cancellationToken);

        var profile = SpecialCategories.ForActor(ToProfile(b), special);
        if (!special && summary is not null)
        {
            summary = summary with { Categories = [.. summary.Categories.Where(c => !SpecialCategories.IsSpecial(c))] };
        }

        return new BeneficiaryFileView(b.Id, profile, b.CentreId, b.RegisteredAt, b.RegisteredBy, b.Version, household, consents, summary);
    }

    internal static BeneficiaryProfile ToProfile(Beneficiary b) => new()
    {
        Surname = b.Surname,
        FirstName = b.FirstName,
        FatherName = b.FatherName,
        MotherName = b.MotherName,
        BirthDate = b.BirthDate,
        Sex = b.Sex,
        Amka = b.Amka,
        Afm = b.Afm,
        DocumentKind = b.DocumentKind,
        DocumentNumber = b.DocumentNumber,
        NoDocumentReason = b.NoDocumentReason,
        Nationality = b.Nationality,
        Languages = b.Languages,
        Street = b.Street,
        PostalCode = b.PostalCode,
        City = b.City,
        MunicipalityId = b.MunicipalityId,
        Phone = b.Phone,
        Email = b.Email,
        Categories = b.Categories,
    };
}

/// <summary>The file's timeline from the beneficiary's grain, newest first. Audited as a read.</summary>
internal sealed record GetTimeline(Guid Id, int Skip, int Take) : IQuery<IReadOnlyList<TimelineEntry>>;

internal sealed class GetTimelineHandler(
    RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, IGrainFactory grains, ILogger<Refusals> logger)
    : IQueryHandler<GetTimeline, IReadOnlyList<TimelineEntry>>
{
    public async ValueTask<IReadOnlyList<TimelineEntry>> Handle(GetTimeline query, CancellationToken cancellationToken)
    {
        await BeneficiaryAccess.EnsureVisibleAsync(db, actor, logger, clock, query.Id, AuditActions.Read, cancellationToken);

        var timeline = await grains.GetGrain<IBeneficiaryGrain>(query.Id).GetTimeline(query.Skip, query.Take);
        FileChanges.AuditRead(db, actor, clock.GetUtcNow(), query.Id, "timeline");
        await db.SaveChangesAsync(cancellationToken);
        return timeline;
    }
}

internal static class GetBeneficiaryFileEndpoints
{
    public static void Map(RouteGroupBuilder beneficiaries)
    {
        beneficiaries.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetBeneficiaryFile(id), ct)))
            .RequireAuthorization(PlatformPolicies.ReadBeneficiaries)
            .WithName("GetBeneficiaryFile")
            .WithSummary("A beneficiary's electronic file (audited read)")
            .Produces<BeneficiaryFileView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        beneficiaries.MapGet("/{id:guid}/timeline", async (Guid id, int? skip, int? take, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new GetTimeline(id, skip ?? 0, take ?? 100), ct)))
            .RequireAuthorization(PlatformPolicies.ReadBeneficiaries)
            .WithName("GetBeneficiaryTimeline")
            .WithSummary("The timeline of a beneficiary's file, newest first (audited read)")
            .Produces<IReadOnlyList<TimelineEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
