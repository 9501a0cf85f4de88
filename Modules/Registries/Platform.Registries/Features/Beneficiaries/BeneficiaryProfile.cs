using System.Text.RegularExpressions;
using FluentValidation;
using Platform.BuildingBlocks.Identifiers;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Time;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Domain;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>The personal data a caseworker enters for a beneficiary, at registration and on every change.</summary>
internal record BeneficiaryProfile
{
    public string Surname { get; init; } = "";
    public string FirstName { get; init; } = "";
    public string? FatherName { get; init; }
    public string? MotherName { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Sex? Sex { get; init; }
    public string? Amka { get; init; }
    public string? Afm { get; init; }
    public IdentityDocumentKind? DocumentKind { get; init; }
    public string? DocumentNumber { get; init; }
    public string? NoDocumentReason { get; init; }
    public string? Nationality { get; init; }
    public string[]? Languages { get; init; }
    public string? Street { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public Guid? MunicipalityId { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public VulnerableGroup[]? Categories { get; init; }

    /// <summary>Copies the profile onto the entity, normalised; returns the names of the fields that changed.</summary>
    public IReadOnlyList<string> ApplyTo(Beneficiary b)
    {
        var changed = new List<string>();
        void Set<T>(string name, T current, T value, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                set(value);
                changed.Add(name);
            }
        }

        Set("surname", b.Surname, GreekText.Normalize(Surname), v => b.Surname = v);
        Set("firstName", b.FirstName, GreekText.Normalize(FirstName), v => b.FirstName = v);
        Set("fatherName", b.FatherName, Optional(FatherName), v => b.FatherName = v);
        Set("motherName", b.MotherName, Optional(MotherName), v => b.MotherName = v);
        Set("birthDate", b.BirthDate, BirthDate!.Value, v => b.BirthDate = v);
        Set("sex", b.Sex, Sex!.Value, v => b.Sex = v);
        Set("amka", b.Amka, Optional(Amka), v => b.Amka = v);
        Set("afm", b.Afm, Optional(Afm), v => b.Afm = v);
        Set("documentKind", b.DocumentKind, DocumentKind, v => b.DocumentKind = v);
        Set("documentNumber", b.DocumentNumber, Optional(DocumentNumber)?.ToUpperInvariant(), v => b.DocumentNumber = v);
        Set("noDocumentReason", b.NoDocumentReason, Optional(NoDocumentReason), v => b.NoDocumentReason = v);
        Set("nationality", b.Nationality, Optional(Nationality)?.ToUpperInvariant(), v => b.Nationality = v);
        var languages = (Languages ?? []).Select(l => l.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        if (!b.Languages.SequenceEqual(languages, StringComparer.Ordinal)) { b.Languages = languages; changed.Add("languages"); }
        Set("street", b.Street, Optional(Street), v => b.Street = v);
        Set("postalCode", b.PostalCode, Optional(PostalCode)?.Replace(" ", "", StringComparison.Ordinal), v => b.PostalCode = v);
        Set("city", b.City, Optional(City), v => b.City = v);
        Set("municipalityId", b.MunicipalityId, MunicipalityId, v => b.MunicipalityId = v);
        Set("phone", b.Phone, Optional(Phone)?.Replace(" ", "", StringComparison.Ordinal), v => b.Phone = v);
        Set("email", b.Email, Optional(Email)?.ToLowerInvariant(), v => b.Email = v);
        var categories = (Categories ?? []).Distinct().Order().ToArray();
        if (!b.Categories.SequenceEqual(categories)) { b.Categories = categories; changed.Add("categories"); }
        b.RefreshSearchKeys();
        return changed;
    }

    private static string? Optional(string? s) => string.IsNullOrWhiteSpace(s) ? null : GreekText.Normalize(s);
}

/// <summary>Field rules for <see cref="BeneficiaryProfile"/>; used by every command that carries one.</summary>
internal sealed partial class BeneficiaryProfileValidator : AbstractValidator<BeneficiaryProfile>
{
    public BeneficiaryProfileValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Surname).NotEmpty().WithMessage("Το επώνυμο είναι υποχρεωτικό.", "Surname is required.")
            .MaximumLength(100).WithMessage("Το επώνυμο έχει έως 100 χαρακτήρες.", "Surname has at most 100 characters.")
            .Must(IsName).WithMessage("Το επώνυμο περιέχει μη αποδεκτούς χαρακτήρες.", "Surname contains characters a name cannot have.");
        RuleFor(x => x.FirstName).NotEmpty().WithMessage("Το όνομα είναι υποχρεωτικό.", "First name is required.")
            .MaximumLength(100).WithMessage("Το όνομα έχει έως 100 χαρακτήρες.", "First name has at most 100 characters.")
            .Must(IsName).WithMessage("Το όνομα περιέχει μη αποδεκτούς χαρακτήρες.", "First name contains characters a name cannot have.");
        RuleFor(x => x.FatherName).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.")
            .Must(IsName).WithMessage("Το πατρώνυμο περιέχει μη αποδεκτούς χαρακτήρες.", "Father's name contains characters a name cannot have.")
            .When(x => !string.IsNullOrWhiteSpace(x.FatherName));
        RuleFor(x => x.MotherName).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.")
            .Must(IsName).WithMessage("Το μητρώνυμο περιέχει μη αποδεκτούς χαρακτήρες.", "Mother's name contains characters a name cannot have.")
            .When(x => !string.IsNullOrWhiteSpace(x.MotherName));

        RuleFor(x => x.BirthDate).NotNull().WithMessage("Η ημερομηνία γέννησης είναι υποχρεωτική.", "Birth date is required.")
            .Must(d => d is null || d.Value <= GreekTime.Today(clock))
            .WithMessage("Η ημερομηνία γέννησης δεν μπορεί να είναι μελλοντική.", "Birth date cannot be in the future.")
            .Must(d => d is null || d.Value.Year >= 1900)
            .WithMessage("Η ημερομηνία γέννησης δεν μπορεί να είναι πριν το 1900.", "Birth date cannot be before 1900.");
        RuleFor(x => x.Sex).NotNull().WithMessage("Το φύλο είναι υποχρεωτικό.", "Sex is required.");

        RuleFor(x => x.Amka).Must(Amka.IsWellFormed)
            .WithMessage("Ο ΑΜΚΑ έχει 11 ψηφία.", "AMKA has 11 digits.")
            .When(x => !string.IsNullOrWhiteSpace(x.Amka));
        RuleFor(x => x.Amka).Must(a => Amka.HasValidCheckDigit(a!))
            .WithMessage("Ο ΑΜΚΑ δεν είναι έγκυρος (λάθος ψηφίο ελέγχου).", "AMKA is not valid (wrong check digit).")
            .When(x => Amka.IsWellFormed(x.Amka));
        RuleFor(x => x.Amka).Must((p, a) => Amka.MatchesBirthDate(a!, p.BirthDate!.Value))
            .WithMessage("Τα πρώτα έξι ψηφία του ΑΜΚΑ πρέπει να είναι η ημερομηνία γέννησης (ΗΗΜΜΕΕ).",
                "The first six digits of the AMKA must be the birth date (DDMMYY).")
            .When(x => Amka.IsWellFormed(x.Amka) && Amka.HasValidCheckDigit(x.Amka!) && x.BirthDate is not null);
        RuleFor(x => x.Afm).Must(a => Afm.IsValid(a))
            .WithMessage("Ο ΑΦΜ δεν είναι έγκυρος (9 ψηφία με σωστό ψηφίο ελέγχου).", "AFM is not valid (9 digits with a correct check digit).")
            .When(x => !string.IsNullOrWhiteSpace(x.Afm));

        // People without AMKA are identified by a document; a person with neither needs a recorded reason.
        RuleFor(x => x.DocumentNumber)
            .NotEmpty().WithMessage("Χωρίς ΑΜΚΑ απαιτείται αριθμός εγγράφου ταυτοποίησης ή αιτιολογία.",
                "Without an AMKA, an identity document number or a reason is required.")
            .When(x => string.IsNullOrWhiteSpace(x.Amka) && string.IsNullOrWhiteSpace(x.NoDocumentReason));
        RuleFor(x => x.DocumentKind).NotNull().WithMessage("Επιλέξτε το είδος του εγγράφου.", "Choose the kind of document.")
            .When(x => !string.IsNullOrWhiteSpace(x.DocumentNumber));
        RuleFor(x => x.DocumentNumber).Matches("^[A-Za-zΑ-Ωα-ω0-9 /-]{4,30}$")
            .WithMessage("Ο αριθμός εγγράφου έχει 4–30 γράμματα ή ψηφία.", "The document number has 4–30 letters or digits.")
            .When(x => !string.IsNullOrWhiteSpace(x.DocumentNumber));
        RuleFor(x => x.NoDocumentReason).MaximumLength(500).WithMessage("Έως 500 χαρακτήρες.", "At most 500 characters.");

        RuleFor(x => x.Nationality).Matches("^[A-Za-z]{2}$")
            .WithMessage("Η υπηκοότητα δίνεται ως κωδικός χώρας δύο γραμμάτων (π.χ. GR).", "Nationality is a two-letter country code (e.g. GR).")
            .When(x => !string.IsNullOrWhiteSpace(x.Nationality));
        RuleForEach(x => x.Languages).NotNull().WithMessage("Κενή γλώσσα.", "An empty language.").Matches("^[A-Za-z]{2,3}$")
            .WithMessage("Κάθε γλώσσα δίνεται ως κωδικός ISO 639 (π.χ. el, en, ar).", "Each language is an ISO 639 code (e.g. el, en, ar).");
        RuleFor(x => x.PostalCode).Matches(@"^\d{3} ?\d{2}$")
            .WithMessage("Ο ταχυδρομικός κώδικας έχει 5 ψηφία.", "The postal code has 5 digits.")
            .When(x => !string.IsNullOrWhiteSpace(x.PostalCode));
        RuleFor(x => x.Street).MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.City).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        RuleFor(x => x.Phone).Must(IsPhone)
            .WithMessage("Το τηλέφωνο έχει 10 ψηφία (ή διεθνή μορφή με +).", "The phone has 10 digits (or international form with +).")
            .When(x => !string.IsNullOrWhiteSpace(x.Phone));
        RuleFor(x => x.Email).EmailAddress().WithMessage("Η διεύθυνση e-mail δεν είναι έγκυρη.", "The e-mail address is not valid.")
            .MaximumLength(254).WithMessage("Έως 254 χαρακτήρες.", "At most 254 characters.")
            .When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleForEach(x => x.Categories).IsNamedValue().WithMessage("Άγνωστη κατηγορία.", "Unknown category.");
    }

    private static bool IsName(string? s) => s is null || NamePattern().IsMatch(s);

    private static bool IsPhone(string? s) => s is not null && PhonePattern().IsMatch(s.Replace(" ", "", StringComparison.Ordinal));

    [GeneratedRegex(@"^[\p{L}\p{M}][\p{L}\p{M} '\-.]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(\d{10}|\+\d{8,15})$")]
    private static partial Regex PhonePattern();
}
