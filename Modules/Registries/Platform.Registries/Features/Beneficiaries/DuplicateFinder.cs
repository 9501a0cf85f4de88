using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Text;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>A registered person who may be the one being registered again; enough to tell them apart, no more.</summary>
internal sealed record PossibleDuplicate(
    Guid Id, string Surname, string FirstName, string? FatherName, string? MotherName, DateOnly BirthDate, Guid? MunicipalityId, string Reason);

internal static class DuplicateFinder
{
    public const string SameNameAndBirthDate = "same-name-and-birth-date";
    public const string SimilarNameSameBirthYear = "similar-name-same-birth-year";

    /// <summary>
    /// The same name and birth date, or a close name (accents, case, final sigma, Greeklish and small
    /// typos aside: trigram similarity of the search keys) with the same birth year. Close surnames are
    /// looked for among the distinct surname keys (a small table), then their people born that year by index:
    /// the cost does not grow with how common the surname is.
    /// </summary>
    public static async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(
        RegistriesDbContext db, string surname, string firstName, DateOnly birthDate, Guid? excludeId, CancellationToken ct)
    {
        var surnameKey = GreekText.SearchKey(surname);
        var firstKey = GreekText.SearchKey(firstName);
        var year = birthDate.Year;
        var exclude = excludeId ?? Guid.Empty;
        // Two index paths joined by UNION: exact keys and date; candidate keys and year.
        var rows = await db.Database.SqlQuery<PossibleDuplicate>($"""
            SELECT b.id, b.surname, b.first_name, b.father_name, b.mother_name, b.birth_date, b.municipality_id, m.reason
            FROM (
                SELECT id, 'same-name-and-birth-date' AS reason, 0 AS rank FROM registries.beneficiaries
                WHERE surname_key = {surnameKey} AND first_name_key = {firstKey} AND birth_date = {birthDate}
                UNION ALL
                SELECT id, 'similar-name-same-birth-year', 1 FROM registries.beneficiaries
                WHERE surname_key = ANY (ARRAY(
                        SELECT key FROM registries.surname_keys WHERE key % {surnameKey}
                        ORDER BY similarity(key, {surnameKey}) DESC LIMIT 10))
                  AND birth_year = {year}
                  AND similarity(first_name_key, {firstKey}) >= 0.4
            ) m
            JOIN registries.beneficiaries b ON b.id = m.id
            WHERE b.id <> {exclude}
            ORDER BY m.rank, b.surname, b.first_name
            LIMIT 20
            """).ToListAsync(ct);
        return [.. rows.DistinctBy(r => r.Id).Take(10)];
    }

    /// <summary>
    /// One file per AMKA and per AFM: 409 naming the field and the existing file's id when another file
    /// (not <paramref name="exceptId"/>) has either. One query for both.
    /// </summary>
    public static async Task RefuseSameIdentifiersAsync(RegistriesDbContext db, string? amka, string? afm, Guid? exceptId, CancellationToken ct)
    {
        amka = string.IsNullOrWhiteSpace(amka) ? null : amka.Trim();
        afm = string.IsNullOrWhiteSpace(afm) ? null : afm.Trim();
        if (amka is null && afm is null)
        {
            return;
        }

        var except = exceptId ?? Guid.Empty;
        var clash = await db.Beneficiaries.AsNoTracking()
            .Where(b => b.Id != except && ((amka != null && b.Amka == amka) || (afm != null && b.Afm == afm)))
            .Select(b => new { b.Id, b.Amka })
            .FirstOrDefaultAsync(ct);
        if (clash is null)
        {
            return;
        }

        var (field, title) = clash.Amka == amka && amka is not null
            ? ("amka", new BuildingBlocks.Localization.Bilingual("Υπάρχει ήδη φάκελος με αυτόν τον ΑΜΚΑ.", "A file with this AMKA already exists."))
            : ("afm", new BuildingBlocks.Localization.Bilingual("Υπάρχει ήδη φάκελος με αυτόν τον ΑΦΜ.", "A file with this AFM already exists."));
        throw new ConflictException(title, "duplicate-" + field) { Extensions = { ["existingId"] = clash.Id, ["field"] = field } };
    }
}
