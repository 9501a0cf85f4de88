using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Platform.BuildingBlocks.Text;
using Platform.Registries.Domain;

namespace Platform.Bench.Data;

/// <summary>One beneficiary as the generator, the insert baseline and the registration client use it.</summary>
internal sealed class Person
{
    public required Guid Id { get; init; }
    public required string Surname { get; init; }
    public required string FirstName { get; init; }
    public string? FatherName { get; init; }
    public string? MotherName { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required Sex Sex { get; init; }
    public string? Amka { get; init; }
    public string? Afm { get; init; }
    public IdentityDocumentKind? DocumentKind { get; init; }
    public string? DocumentNumber { get; init; }
    public string? NoDocumentReason { get; init; }
    public required string Nationality { get; init; }
    public required string[] Languages { get; init; }
    public required string Street { get; init; }
    public required string PostalCode { get; init; }
    public required string City { get; init; }
    public required Guid MunicipalityId { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public required VulnerableGroup[] Categories { get; init; }
    public required Guid CentreId { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required string SurnameKey { get; init; }
    public required string FirstNameKey { get; init; }
}

/// <summary>A municipality of <c>registries.municipalities</c> with the town and postal codes its people live at.</summary>
internal sealed record MunicipalityInfo(Guid Id, string Name, int Population, string City, string[] PostalCodes)
{
    public static MunicipalityInfo From(Guid id, string name, int population)
    {
        // The demo data's four municipalities of Trikala; anything else gets its own name as the town.
        var (city, codes) = name switch
        {
            _ when name.Contains("Τρικκαίων", StringComparison.Ordinal) => ("Τρίκαλα", new[] { "42100", "42131", "42132", "42150" }),
            _ when name.Contains("Πύλης", StringComparison.Ordinal) => ("Πύλη", new[] { "42032" }),
            _ when name.Contains("Μετεώρων", StringComparison.Ordinal) => ("Καλαμπάκα", new[] { "42200" }),
            _ when name.Contains("Φαρκαδόνας", StringComparison.Ordinal) => ("Φαρκαδόνα", new[] { "42031" }),
            _ => (name.Replace("Δήμος ", "", StringComparison.Ordinal), new[] { "42100" }),
        };
        return new MunicipalityInfo(id, name, Math.Max(population, 1), city, codes);
    }
}

/// <summary>
/// Realistic Greek beneficiaries: Zipf-distributed surnames in the form of the person's sex, first names
/// (official or everyday form), parents' names, birth dates 1930–2010 weighted towards the elderly,
/// ~97 % Greek and ~3 % migrants with Latin-script names, unique valid ΑΜΚΑ (~95 %) and ΑΦΜ (~70 %),
/// identity documents, addresses in the stored municipalities, vulnerable-group categories.
/// Thread-safe as long as every thread brings its own <see cref="Random"/>.
/// </summary>
internal sealed class PersonFaker
{
    public const string GeneratorUser = "bench-generator";
    public const double SurnameExponent = 0.7;
    private const double FirstNameExponent = 0.8;

    private static readonly string IdLetters = "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
    private static readonly DateTimeOffset RegisteredFrom = new(2017, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RegisteredTo = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SurnamePool _surnames;
    private readonly Zipf<(string Official, string? Everyday)> _maleNames = new(GreekNames.MaleFirstNames, FirstNameExponent);
    private readonly Zipf<(string Official, string? Everyday)> _femaleNames = new(GreekNames.FemaleFirstNames, FirstNameExponent);
    private readonly MunicipalityInfo[] _municipalities;
    private readonly double[] _municipalityCumulative;
    private readonly Guid _centreId;
    private readonly IdentifierAllocator _ids;
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _latin = new(StringComparer.Ordinal);

    public PersonFaker(SurnamePool surnames, IReadOnlyList<MunicipalityInfo> municipalities, Guid centreId, IdentifierAllocator ids)
    {
        ArgumentNullException.ThrowIfNull(municipalities);
        ArgumentOutOfRangeException.ThrowIfZero(municipalities.Count);
        _surnames = surnames;
        _municipalities = [.. municipalities];
        _municipalityCumulative = new double[_municipalities.Length];
        var sum = 0.0;
        for (var i = 0; i < _municipalities.Length; i++)
        {
            sum += _municipalities[i].Population;
            _municipalityCumulative[i] = sum;
        }

        _centreId = centreId;
        _ids = ids;
    }

    public int DistinctSurnames => _surnames.Distinct;

    public double TopSurnameShare => _surnames.TopShare;

    public Person Next(Random rng, DateTimeOffset? registeredAt = null)
    {
        var roll = rng.NextDouble();
        var sex = roll < 0.52 ? Sex.Female : roll < 0.999 ? Sex.Male : Sex.Other;
        var female = sex == Sex.Female || (sex == Sex.Other && rng.Next(2) == 0);
        var birth = BirthDate(rng);
        var migrant = rng.NextDouble() < 0.03 ? GreekNames.Migrants[rng.Next(GreekNames.Migrants.Length)] : null;

        string surname, firstName;
        string? father = null, mother = null, amka = null, afm = null, documentNumber = null, noDocument = null;
        IdentityDocumentKind? documentKind = null;
        string nationality;
        string[] languages;
        if (migrant is null)
        {
            var s = _surnames.Next(rng);
            surname = female ? s.Female : s.Male;
            firstName = FirstName(rng, female ? _femaleNames : _maleNames, everydayChance: 0.2);
            father = rng.NextDouble() < 0.92 ? FirstName(rng, _maleNames, 0) : null;
            mother = rng.NextDouble() < 0.90 ? FirstName(rng, _femaleNames, 0) : null;
            nationality = "GR";
            languages = ["el"];
            if (rng.NextDouble() < 0.97)
            {
                amka = _ids.Amka(birth);
                if (rng.NextDouble() < 0.4)
                {
                    (documentKind, documentNumber) = (IdentityDocumentKind.IdentityCard, GreekIdentityCard(rng));
                }
            }
            else if (rng.NextDouble() < 0.7)
            {
                (documentKind, documentNumber) = (IdentityDocumentKind.IdentityCard, GreekIdentityCard(rng));
            }
            else
            {
                noDocument = "Άστεγος/η χωρίς έγγραφα ταυτοποίησης· δηλώθηκαν στοιχεία.";
            }

            afm = rng.NextDouble() < 0.72 ? _ids.Afm() : null;
        }
        else
        {
            surname = migrant.Surnames[rng.Next(migrant.Surnames.Length)];
            firstName = (female ? migrant.FemaleNames : migrant.MaleNames)[rng.Next(female ? migrant.FemaleNames.Length : migrant.MaleNames.Length)];
            father = rng.NextDouble() < 0.7 ? migrant.MaleNames[rng.Next(migrant.MaleNames.Length)] : null;
            mother = rng.NextDouble() < 0.6 ? migrant.FemaleNames[rng.Next(migrant.FemaleNames.Length)] : null;
            nationality = migrant.Nationality;
            languages = migrant.Languages;
            amka = rng.NextDouble() < 0.5 ? _ids.Amka(birth) : null;
            var kind = rng.Next(3) switch { 0 => IdentityDocumentKind.Passport, 1 => IdentityDocumentKind.ResidencePermit, _ => IdentityDocumentKind.AsylumSeekerCard };
            (documentKind, documentNumber) = (kind, LatinDocument(rng, kind));
            afm = rng.NextDouble() < 0.3 ? _ids.Afm() : null;
        }

        var municipality = Municipality(rng);
        var at = registeredAt ?? RegisteredFrom.AddSeconds(rng.NextDouble() * (RegisteredTo - RegisteredFrom).TotalSeconds);
        var phone = rng.NextDouble() switch
        {
            < 0.70 => "69" + Digits(rng, 8),
            < 0.85 => "2431" + Digits(rng, 6),
            _ => null,
        };
        var email = rng.NextDouble() < 0.25
            ? $"{Latin(firstName)}.{Latin(surname)}{rng.Next(1, 100)}@{GreekNames.EmailDomains[rng.Next(GreekNames.EmailDomains.Length)]}"
            : null;

        return new Person
        {
            Id = Guid.CreateVersion7(at),
            Surname = surname,
            FirstName = firstName,
            FatherName = father,
            MotherName = mother,
            BirthDate = birth,
            Sex = sex,
            Amka = amka,
            Afm = afm,
            DocumentKind = documentKind,
            DocumentNumber = documentNumber,
            NoDocumentReason = noDocument,
            Nationality = nationality,
            Languages = languages,
            Street = $"{GreekNames.Streets[rng.Next(GreekNames.Streets.Length)]} {rng.Next(1, 151)}",
            PostalCode = municipality.PostalCodes[rng.Next(municipality.PostalCodes.Length)],
            City = municipality.City,
            MunicipalityId = municipality.Id,
            Phone = phone,
            Email = email,
            Categories = Categories(rng, birth, migrant is not null, noDocument is not null),
            CentreId = _centreId,
            RegisteredAt = at,
            SurnameKey = Key(surname),
            FirstNameKey = Key(firstName),
        };
    }

    private string Key(string name) => _keys.GetOrAdd(name, GreekText.SearchKey);

    private string Latin(string name) => _latin.GetOrAdd(name, n =>
    {
        var sb = new StringBuilder(n.Length + 4);
        foreach (var c in GreekText.Transliterate(n).ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    });

    private static string FirstName(Random rng, Zipf<(string Official, string? Everyday)> names, double everydayChance)
    {
        var (official, everyday) = names.Next(rng);
        return everyday is not null && rng.NextDouble() < everydayChance ? everyday : official;
    }

    /// <summary>35 % born 1930–1955, 45 % 1956–1995, 20 % 1996–2010 (the centres see many elderly people).</summary>
    private static DateOnly BirthDate(Random rng)
    {
        var roll = rng.NextDouble();
        var (from, to) = roll < 0.35 ? (new DateOnly(1930, 1, 1), new DateOnly(1955, 12, 31))
            : roll < 0.80 ? (new DateOnly(1956, 1, 1), new DateOnly(1995, 12, 31))
            : (new DateOnly(1996, 1, 1), IdentifierAllocator.LastBirthDate);
        return DateOnly.FromDayNumber(from.DayNumber + rng.Next(to.DayNumber - from.DayNumber + 1));
    }

    private MunicipalityInfo Municipality(Random rng)
    {
        var x = rng.NextDouble() * _municipalityCumulative[^1];
        var i = Array.BinarySearch(_municipalityCumulative, x);
        return _municipalities[Math.Min(i < 0 ? ~i : i, _municipalities.Length - 1)];
    }

    private static VulnerableGroup[] Categories(Random rng, DateOnly birth, bool migrant, bool homeless)
    {
        var age = 2025 - birth.Year;
        var set = new SortedSet<VulnerableGroup>();
        void Maybe(double p, VulnerableGroup g)
        {
            if (rng.NextDouble() < p)
            {
                set.Add(g);
            }
        }

        Maybe(0.45, VulnerableGroup.Poverty);
        Maybe(age is >= 25 and < 67 ? 0.25 : 0.0, VulnerableGroup.LongTermUnemployed);
        Maybe(age >= 67 ? 0.35 : 0.0, VulnerableGroup.ElderlyLivingAlone);
        Maybe(0.10, VulnerableGroup.PersonWithDisability);
        Maybe(0.10, VulnerableGroup.ChronicIllness);
        Maybe(age is >= 20 and < 60 ? 0.08 : 0.0, VulnerableGroup.SingleParentFamily);
        Maybe(age is >= 25 and < 65 ? 0.07 : 0.0, VulnerableGroup.LargeFamily);
        Maybe(0.04, VulnerableGroup.Roma);
        Maybe(0.01, VulnerableGroup.SubstanceDependence);
        Maybe(0.015, VulnerableGroup.DomesticViolenceVictim);
        Maybe(0.005, VulnerableGroup.FormerPrisoner);
        if (migrant)
        {
            set.Add(VulnerableGroup.MigrantOrRefugee);
            Maybe(age < 18 ? 0.3 : 0.0, VulnerableGroup.UnaccompaniedMinor);
        }

        if (homeless)
        {
            set.Add(VulnerableGroup.Homeless);
        }

        return [.. set];
    }

    private static string GreekIdentityCard(Random rng) =>
        string.Concat(IdLetters[rng.Next(IdLetters.Length)].ToString(), IdLetters[rng.Next(IdLetters.Length)].ToString(), Digits(rng, 6));

    private static string LatinDocument(Random rng, IdentityDocumentKind kind) => kind switch
    {
        IdentityDocumentKind.Passport => string.Concat(((char)('A' + rng.Next(26))).ToString(), ((char)('A' + rng.Next(26))).ToString(), Digits(rng, 7)),
        IdentityDocumentKind.ResidencePermit => "RP" + Digits(rng, 8),
        _ => "AS-" + Digits(rng, 7),
    };

    private static string Digits(Random rng, int count)
    {
        Span<char> digits = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + rng.Next(10));
        }

        return new string(digits);
    }

    /// <summary>For the report: how a sample of people is made up.</summary>
    public static string Describe(CultureInfo culture) =>
        string.Create(culture, $"surnames: {SurnamePool.HeadShare:P0} from ~400 common ones by Zipf s={SurnameExponent}, the rest from a synthetic tail by prefix group (Παπα- 8 %, Καρα- 4 %, …) and Zipf; first names Zipf s={FirstNameExponent}; ~97 % Greek, ~3 % migrants (Latin script)");
}
