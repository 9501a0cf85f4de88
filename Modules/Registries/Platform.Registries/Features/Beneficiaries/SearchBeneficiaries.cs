using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Paging;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// Finds beneficiaries: an 11-digit query is an AMKA, a 9-digit one an AFM (exact); anything else is a
/// name, matched on search keys that ignore accents, case, final sigma and Greeklish spelling
/// ("papadopoulos" finds «Παπαδόπουλος»), surname first or first name first; failing that, a partial surname
/// as a prefix; failing that, the closest existing surname (a typo) by trigram similarity. Results in Greek order.
/// </summary>
internal sealed record SearchBeneficiaries(
    string? Q, Guid? MunicipalityId, Guid? CentreId, string? Category, int Page = 1, int PageSize = 20)
    : IQuery<Page<BeneficiaryListItem>>
{
    /// <summary>The category filter; the query string takes the JSON spelling ("roma") as well as "Roma".</summary>
    public VulnerableGroup? CategoryValue => Enum.TryParse<VulnerableGroup>(Category, ignoreCase: true, out var c) ? c : null;
}

internal sealed record BeneficiaryListItem(
    Guid Id, string Surname, string FirstName, string? FatherName, string? MotherName, DateOnly BirthDate, Guid? MunicipalityId, Guid? CentreId);

internal sealed class SearchBeneficiariesValidator : AbstractValidator<SearchBeneficiaries>
{
    public SearchBeneficiariesValidator()
    {
        RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Q) || x.MunicipalityId is not null || x.CentreId is not null || x.Category is not null)
            .OverridePropertyName("q")
            .WithMessage("Δώστε όνομα, ΑΜΚΑ ή ΑΦΜ, ή ένα φίλτρο.", "Give a name, AMKA or AFM, or a filter.");
        RuleFor(x => x.Category).Must(c => Enum.TryParse<VulnerableGroup>(c, ignoreCase: true, out _) && !int.TryParse(c, out _) && !c!.Contains(',', StringComparison.Ordinal))
            .WithMessage("Άγνωστη κατηγορία.", "Unknown category.").When(x => !string.IsNullOrWhiteSpace(x.Category));
        RuleFor(x => x.Q).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        RuleFor(x => x.Page).InclusiveBetween(1, Page<BeneficiaryListItem>.MaxPageNumber).WithMessage("Σελίδα 1–100.000.", "Page 1–100,000.");
        RuleFor(x => x.PageSize).InclusiveBetween(1, Page<BeneficiaryListItem>.MaxPageSize)
            .WithMessage("Μέγεθος σελίδας 1–200.", "Page size 1–200.");
    }
}

internal static class BeneficiarySearch
{
    /// <summary>How a name query was matched; the bench and tests look at it.</summary>
    internal enum Mode { Identifier, Name, Similar, FiltersOnly }

    public static Task<(Page<BeneficiaryListItem> Page, Mode Mode)> RunAsync(RegistriesDbContext db, SearchBeneficiaries s, CancellationToken ct) =>
        RunAsync(db, db.Beneficiaries.AsNoTracking(), s, ct);

    /// <summary>The search over <paramref name="files"/>: the files the caller may see (<see cref="BeneficiaryAccess.Visible"/>).</summary>
    public static async Task<(Page<BeneficiaryListItem> Page, Mode Mode)> RunAsync(
        RegistriesDbContext db, IQueryable<Beneficiary> files, SearchBeneficiaries s, CancellationToken ct)
    {
        var (skip, take) = Page<BeneficiaryListItem>.Window(s.Page, s.PageSize);
        var q = (s.Q ?? "").Trim();
        var digits = q.Replace(" ", "", StringComparison.Ordinal);
        var filtered = Filter(files, s);

        if (digits.Length is 11 or 9 && digits.All(char.IsAsciiDigit))
        {
            // Unique: one round trip, no count.
            var byId = digits.Length == 11 ? filtered.Where(b => b.Amka == digits) : filtered.Where(b => b.Afm == digits);
            var found = await byId.OrderBy(b => b.Id)
                .Select(b => new BeneficiaryListItem(b.Id, b.Surname, b.FirstName, b.FatherName, b.MotherName, b.BirthDate, b.MunicipalityId, b.CentreId))
                .Take(1).ToListAsync(ct);
            return (new Page<BeneficiaryListItem>(s.Page == 1 ? found : [], s.Page, take, found.Count), Mode.Identifier);
        }

        if (q.Length == 0)
        {
            return (await PageAsync(filtered, s, skip, take, ct), Mode.FiltersOnly);
        }

        var tokens = GreekText.SearchKey(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return (new Page<BeneficiaryListItem>([], s.Page, take, 0), Mode.Name);
        }

        var first = tokens[0];
        var rest = string.Join(' ', tokens.Skip(1));

        // 1. The surname's key as typed (surname first, or first name first): an index range in Greek order.
        var page = await PageAsync(ByKey(filtered, first, rest, exact: true), s, skip, take, ct);
        if (page.Total > 0)
        {
            return (page, Mode.Name);
        }

        // 2. A surname typed in part ("papad").
        page = await PageAsync(ByKey(filtered, first, rest, exact: false), s, skip, take, ct);
        if (page.Total > 0)
        {
            return (page, Mode.Name);
        }

        // 3. A typo: the closest surname key that exists (trigram similarity over the distinct keys, a small
        //    table), then its people as in 1. Searching the keys, not the people, keeps this fast for common names.
        foreach (var (surname, firstName) in rest.Length == 0 ? [(first, "")] : new[] { (first, rest), (rest, first) })
        {
            var closest = await db.Database.SqlQuery<string>($"""
                SELECT key AS "Value" FROM registries.surname_keys
                WHERE key % {surname} ORDER BY similarity(key, {surname}) DESC, key LIMIT 1
                """).ToListAsync(ct);
            if (closest.Count == 1)
            {
                page = await PageAsync(ByKey(filtered, closest[0], firstName, exact: true, reversed: false), s, skip, take, ct);
                if (page.Total > 0)
                {
                    return (page, Mode.Similar);
                }
            }
        }

        return (page, Mode.Similar);
    }

    /// <summary>
    /// People whose surname key is <paramref name="a"/> (exactly or as a prefix) and whose first-name key starts
    /// with <paramref name="b"/>; unless <paramref name="reversed"/> is false, also the other way round ("first surname").
    /// </summary>
    private static IQueryable<Beneficiary> ByKey(IQueryable<Beneficiary> q, string a, string b, bool exact, bool reversed = true)
    {
        var aPrefix = Like(a);
        var bPrefix = Like(b);
        if (b.Length == 0)
        {
            return exact ? q.Where(x => x.SurnameKey == a) : q.Where(x => EF.Functions.Like(x.SurnameKey, aPrefix));
        }

        if (exact)
        {
            return reversed
                ? q.Where(x => (x.SurnameKey == a && EF.Functions.Like(x.FirstNameKey, bPrefix)) || (x.SurnameKey == b && EF.Functions.Like(x.FirstNameKey, aPrefix)))
                : q.Where(x => x.SurnameKey == a && EF.Functions.Like(x.FirstNameKey, bPrefix));
        }

        return q.Where(x => (EF.Functions.Like(x.SurnameKey, aPrefix) && EF.Functions.Like(x.FirstNameKey, bPrefix))
            || (EF.Functions.Like(x.SurnameKey, bPrefix) && EF.Functions.Like(x.FirstNameKey, aPrefix)));
    }

    /// <summary>A prefix pattern; search keys hold only a–z and spaces, so nothing needs escaping.</summary>
    private static string Like(string key) => key + "%";

    private static IQueryable<Beneficiary> Filter(IQueryable<Beneficiary> q, SearchBeneficiaries s)
    {
        if (s.MunicipalityId is { } m) q = q.Where(b => b.MunicipalityId == m);
        if (s.CentreId is { } c) q = q.Where(b => b.CentreId == c);
        if (s.CategoryValue is { } cat)
        {
            q = q.Where(b => b.Categories.Contains(cat));
        }

        return q;
    }

    private static async Task<Page<BeneficiaryListItem>> PageAsync(IQueryable<Beneficiary> q, SearchBeneficiaries s, int skip, int take, CancellationToken ct)
    {
        var total = await q.LongCountAsync(ct);
        if (total == 0)
        {
            return new Page<BeneficiaryListItem>([], s.Page, take, 0);
        }

        // Surname and first name are in the el-GR ICU collation: Greek alphabetical order, accents after the plain letter.
        var items = await q.OrderBy(b => b.Surname).ThenBy(b => b.FirstName).ThenBy(b => b.BirthDate).ThenBy(b => b.Id)
            .Skip(skip).Take(take)
            .Select(b => new BeneficiaryListItem(b.Id, b.Surname, b.FirstName, b.FatherName, b.MotherName, b.BirthDate, b.MunicipalityId, b.CentreId))
            .ToListAsync(ct);
        return new Page<BeneficiaryListItem>(items, s.Page, take, total);
    }
}

internal sealed class SearchBeneficiariesHandler(RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, ILogger<Refusals> logger)
    : IQueryHandler<SearchBeneficiaries, Page<BeneficiaryListItem>>
{
    public async ValueTask<Page<BeneficiaryListItem>> Handle(SearchBeneficiaries query, CancellationToken cancellationToken)
    {
        // Asking outright for another centre's files, or for people by a special category one may not see, is refused.
        if (query.CentreId is { } centre && actor.IsCentreBound() && centre != actor.CentreId)
        {
            throw Refusals.Forbidden(logger, actor, AuditActions.Search, FileChanges.EntityType, "other-centre");
        }

        if (query.CategoryValue is { } category && SpecialCategories.IsSpecial(category) && !actor.Allows(PlatformPolicies.ReadSpecialCategories))
        {
            throw Refusals.Forbidden(logger, actor, AuditActions.Search, FileChanges.EntityType, "special-category");
        }

        var (page, mode) = await BeneficiarySearch.RunAsync(db, db.Beneficiaries.AsNoTracking().Visible(db, actor), query, cancellationToken);
        if (mode == BeneficiarySearch.Mode.Identifier && page.Total == 0)
        {
            // An ΑΜΚΑ or ΑΦΜ of a file outside the caller's scope: the answer stays "none", the attempt is logged and audited.
            var digits = (query.Q ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
            var elsewhere = await db.Beneficiaries.AsNoTracking().Where(b => b.Amka == digits || b.Afm == digits).Select(b => (Guid?)b.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (elsewhere is { } id)
            {
                BeneficiaryAccess.AuditRefusal(db, actor, clock, id, AuditActions.Search);
                Refusals.Log(logger, actor, AuditActions.Search, FileChanges.EntityType, "out-of-scope");
            }
        }

        // A search shows names and birth dates: audit that it happened and how, never what was typed.
        FileChanges.AuditSearch(db, actor, clock.GetUtcNow(), mode.ToString(), page.Items.Count);
        await db.SaveChangesAsync(cancellationToken);
        return page;
    }
}

/// <summary>Live duplicate warnings while a person is being registered (before anything is written).</summary>
internal sealed record CheckDuplicates(string? Surname, string? FirstName, DateOnly? BirthDate, string? Amka, string? Afm) : IQuery<DuplicateCheckResult>;

internal sealed record DuplicateCheckResult(Guid? SameAmka, Guid? SameAfm, IReadOnlyList<PossibleDuplicate> Likely);

internal sealed class CheckDuplicatesValidator : AbstractValidator<CheckDuplicates>
{
    public CheckDuplicatesValidator()
    {
        RuleFor(x => x.BirthDate).NotNull().When(x => !string.IsNullOrWhiteSpace(x.Surname))
            .WithMessage("Η ημερομηνία γέννησης χρειάζεται για τον έλεγχο ονόματος.", "The birth date is needed to check a name.");
    }
}

internal sealed class CheckDuplicatesHandler(RegistriesDbContext db, ICurrentActor actor, TimeProvider clock) : IQueryHandler<CheckDuplicates, DuplicateCheckResult>
{
    public async ValueTask<DuplicateCheckResult> Handle(CheckDuplicates query, CancellationToken cancellationToken)
    {
        Guid? sameAmka = string.IsNullOrWhiteSpace(query.Amka) ? null
            : await db.Beneficiaries.Where(b => b.Amka == query.Amka.Trim()).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);
        Guid? sameAfm = string.IsNullOrWhiteSpace(query.Afm) ? null
            : await db.Beneficiaries.Where(b => b.Afm == query.Afm.Trim()).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);
        IReadOnlyList<PossibleDuplicate> likely = string.IsNullOrWhiteSpace(query.Surname) || query.BirthDate is null
            ? []
            : await DuplicateFinder.FindAsync(db, query.Surname, query.FirstName ?? "", query.BirthDate.Value, null, cancellationToken);
        // The answer shows other people's names and birth dates: audited like a search.
        FileChanges.AuditSearch(db, actor, clock.GetUtcNow(), "duplicate-check", likely.Count + (sameAmka is null ? 0 : 1) + (sameAfm is null ? 0 : 1));
        await db.SaveChangesAsync(cancellationToken);
        return new DuplicateCheckResult(sameAmka, sameAfm, likely);
    }
}

internal static class SearchEndpoints
{
    public static void Map(RouteGroupBuilder beneficiaries)
    {
        beneficiaries.MapGet("/search", async ([AsParameters] SearchBeneficiaries query, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(query, ct)))
            .RequireAuthorization(PlatformPolicies.ReadBeneficiaries)
            .WithName("SearchBeneficiaries")
            .WithSummary("Search by AMKA/AFM (exact) or name (accent-, case- and Greeklish-insensitive), with filters; Greek order, paged")
            .Produces<Page<BeneficiaryListItem>>()
            .ProducesValidationProblem();
        beneficiaries.MapPost("/duplicate-check", async (CheckDuplicates query, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(query, ct)))
            .RequireAuthorization(PlatformPolicies.CheckDuplicates)
            .WithName("CheckDuplicates")
            .WithSummary("The files a registration would clash with (AMKA, AFM) or likely duplicate (name and birth date)")
            .Produces<DuplicateCheckResult>();
    }
}
