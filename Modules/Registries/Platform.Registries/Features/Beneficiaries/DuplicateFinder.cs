using Microsoft.EntityFrameworkCore;
using Npgsql;
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
    /// typos aside: trigram similarity of the search keys) with the same birth year: the people of the ten
    /// surname keys closest to the person's, born that year, with a first name similar enough. A key already
    /// registered has its close keys listed in <c>surname_key_neighbours</c> (read by index); only a key never
    /// seen before is compared with every key (the trigram index of <c>surname_keys</c>). Either way the ten are
    /// the keys a trigram search would rank first, and the cost does not grow with how common the surname is.
    /// Parameters: @surname_key, @first_name_key, @birth_date, @birth_year, @exclude_id (see <see cref="Parameters"/>).
    /// </summary>
    public const string Sql = """
        SELECT b.id, b.surname, b.first_name, b.father_name, b.mother_name, b.birth_date, b.municipality_id, m.reason
        FROM (
            SELECT id, 'same-name-and-birth-date' AS reason, 0 AS rank FROM registries.beneficiaries
            WHERE surname_key = @surname_key AND first_name_key = @first_name_key AND birth_date = @birth_date
            UNION ALL
            SELECT id, 'similar-name-same-birth-year', 1 FROM registries.beneficiaries
            WHERE surname_key = ANY (ARRAY(
                    SELECT c.key FROM (
                        SELECT neighbour AS key, similarity AS s FROM registries.surname_key_neighbours
                        WHERE key = @surname_key AND similarity >= current_setting('pg_trgm.similarity_threshold')::real
                        UNION ALL
                        SELECT key, similarity(key, @surname_key) FROM registries.surname_keys
                        WHERE key % @surname_key AND NOT EXISTS (SELECT 1 FROM registries.surname_keys WHERE key = @surname_key)
                    ) c
                    ORDER BY c.s DESC, c.key LIMIT 10))
              AND birth_year = @birth_year
              AND similarity(first_name_key, @first_name_key) >= 0.4
        ) m
        JOIN registries.beneficiaries b ON b.id = m.id
        WHERE b.id <> @exclude_id
        ORDER BY m.rank, b.surname, b.first_name
        LIMIT 20
        """;

    /// <summary>
    /// <see cref="Sql"/> for several people in one statement: each element of the arrays @surname_keys, @first_name_keys,
    /// @birth_dates and @birth_years (one per person, in the same order) with that person's matches, numbered by the
    /// person's place in the arrays (the first column, <c>person</c>, from 1). No one is excluded.
    /// </summary>
    public static readonly string ForEachSql = $"""
        SELECT p.person, d.* FROM unnest(@surname_keys, @first_name_keys, @birth_dates, @birth_years)
            WITH ORDINALITY AS p(surname_key, first_name_key, birth_date, birth_year, person)
        CROSS JOIN LATERAL ({Sql
            .Replace("@surname_key", "p.surname_key", StringComparison.Ordinal)
            .Replace("@first_name_key", "p.first_name_key", StringComparison.Ordinal)
            .Replace("@birth_date", "p.birth_date", StringComparison.Ordinal)
            .Replace("@birth_year", "p.birth_year", StringComparison.Ordinal)
            .Replace("@exclude_id", "'00000000-0000-0000-0000-000000000000'::uuid", StringComparison.Ordinal)}) AS d
        """;

    /// <summary>
    /// Run before <see cref="Sql"/> in the same transaction. Left to choose, PostgreSQL plans this statement afresh on
    /// every call (a custom plan looks cheaper than the generic one because of the trigram branch's estimate), and
    /// planning it costs about three times what running it does (measured: 2.0 ms of server CPU per check with custom
    /// plans, 0.5 ms with the generic plan, which is the same index path for every key).
    /// </summary>
    public const string GenericPlans = "SET LOCAL plan_cache_mode = force_generic_plan";

    public static NpgsqlParameter[] Parameters(string surname, string firstName, DateOnly birthDate, Guid? excludeId) =>
    [
        new NpgsqlParameter<string>("surname_key", GreekText.SearchKey(surname)),
        new NpgsqlParameter<string>("first_name_key", GreekText.SearchKey(firstName)),
        new NpgsqlParameter<DateOnly>("birth_date", birthDate),
        new NpgsqlParameter<int>("birth_year", birthDate.Year),
        new NpgsqlParameter<Guid>("exclude_id", excludeId ?? Guid.Empty),
    ];

    public static async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(
        RegistriesDbContext db, string surname, string firstName, DateOnly birthDate, Guid? excludeId, CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync(GenericPlans, ct);
        var rows = await db.Database.SqlQueryRaw<PossibleDuplicate>(Sql, Parameters(surname, firstName, birthDate, excludeId)).ToListAsync(ct);
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }

        return Distinct(rows);
    }

    /// <summary>A person found both ways is listed once (as the stronger reason, which sorts first); ten at most.</summary>
    public static IReadOnlyList<PossibleDuplicate> Distinct(IEnumerable<PossibleDuplicate> rows) => [.. rows.DistinctBy(r => r.Id).Take(10)];

    /// <summary>
    /// One file per AMKA and per AFM: 409 naming the field and the existing file's id when another file
    /// (not <paramref name="exceptId"/>) has either. One query for both.
    /// </summary>
    public static async Task RefuseSameIdentifiersAsync(RegistriesDbContext db, string? amka, string? afm, Guid? exceptId, CancellationToken ct)
    {
        (amka, afm) = Identifiers(amka, afm);
        if (amka is null && afm is null)
        {
            return;
        }

        var except = exceptId ?? Guid.Empty;
        var clash = await db.Beneficiaries.AsNoTracking()
            .Where(b => b.Id != except && ((amka != null && b.Amka == amka) || (afm != null && b.Afm == afm)))
            .Select(b => new { b.Id, b.Amka })
            .FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw SameIdentifier(clash.Id, clash.Amka, amka);
        }
    }

    /// <summary>Blank means none; the stored form is trimmed.</summary>
    public static (string? Amka, string? Afm) Identifiers(string? amka, string? afm) =>
        (string.IsNullOrWhiteSpace(amka) ? null : amka.Trim(), string.IsNullOrWhiteSpace(afm) ? null : afm.Trim());

    /// <summary>The 409 for a file that already has the ΑΜΚΑ (or else the ΑΦΜ) being registered.</summary>
    public static ConflictException SameIdentifier(Guid existingId, string? existingAmka, string? amka)
    {
        var (field, title) = existingAmka == amka && amka is not null
            ? ("amka", new BuildingBlocks.Localization.Bilingual("Υπάρχει ήδη φάκελος με αυτόν τον ΑΜΚΑ.", "A file with this AMKA already exists."))
            : ("afm", new BuildingBlocks.Localization.Bilingual("Υπάρχει ήδη φάκελος με αυτόν τον ΑΦΜ.", "A file with this AFM already exists."));
        return new ConflictException(title, "duplicate-" + field) { Extensions = { ["existingId"] = existingId, ["field"] = field } };
    }
}
