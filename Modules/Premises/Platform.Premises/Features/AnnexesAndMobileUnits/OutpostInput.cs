using FluentValidation;
using FluentValidation.Results;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Premises.Domain;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features.AnnexesAndMobileUnits;

internal sealed record ServedAreaInput(Guid? MunicipalityId, string? Settlement);

internal sealed record VisitInput(Guid? MunicipalityId, string? Settlement, DayOfWeek? Weekday, DateOnly? On, TimeOnly? From, TimeOnly? To);

/// <summary>What an annex and a mobile unit both have: a name, whom they serve, when they work.</summary>
internal abstract record OutpostInput
{
    public string Name { get; init; } = "";
    public Guid? BodyId { get; init; }
    public ServedAreaInput[]? Areas { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }

    public abstract OutpostKind Kind { get; }

    /// <summary>Writes the input onto <paramref name="o"/> (areas and visits replaced), trimmed and normalised.</summary>
    public virtual void ApplyTo(Outpost o, Func<Guid> newId)
    {
        o.Name = GreekText.Normalize(Name);
        o.BodyId = BodyId;
        o.StartDate = StartDate!.Value;
        o.EndDate = EndDate;
        o.Areas.Clear();
        o.Areas.AddRange((Areas ?? []).Select(a => new ServedArea
        {
            Id = newId(), OutpostId = o.Id, MunicipalityId = a.MunicipalityId!.Value, Settlement = Blank(a.Settlement),
        }));
    }

    protected static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : GreekText.Normalize(s);
}

/// <summary>R17, R19: an annex where pockets of poverty, Roma or migrants are.</summary>
internal record AnnexData : OutpostInput
{
    public bool FormerRomaSupportCentre { get; init; }
    public AnnexReason[]? Reasons { get; init; }
    public Guid? MunicipalityId { get; init; }
    public string? Street { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }

    public override OutpostKind Kind => OutpostKind.Annex;

    public override void ApplyTo(Outpost o, Func<Guid> newId)
    {
        base.ApplyTo(o, newId);
        o.FormerRomaSupportCentre = FormerRomaSupportCentre;
        o.Reasons = [.. (Reasons ?? []).Distinct().Order()];
        o.MunicipalityId = MunicipalityId;
        o.Street = Blank(Street);
        o.PostalCode = Blank(PostalCode);
        o.City = Blank(City);
    }
}

/// <summary>R18: a mobile unit for municipalities with no centre and no easy access to one, with its visiting schedule.</summary>
internal record MobileUnitData : OutpostInput
{
    public string? NoEasyAccess { get; init; }
    public VisitInput[]? Schedule { get; init; }

    public override OutpostKind Kind => OutpostKind.MobileUnit;

    public override void ApplyTo(Outpost o, Func<Guid> newId)
    {
        base.ApplyTo(o, newId);
        o.NoEasyAccess = Blank(NoEasyAccess);
        o.Visits.Clear();
        o.Visits.AddRange((Schedule ?? []).Select(v => new Visit
        {
            Id = newId(), OutpostId = o.Id, MunicipalityId = v.MunicipalityId!.Value, Settlement = Blank(v.Settlement),
            Weekday = v.Weekday, On = v.On, From = v.From!.Value, To = v.To!.Value,
        }));
    }
}

/// <summary>The checks that need no database: required fields, lengths, dates, a coherent schedule.</summary>
internal static class OutpostRules
{
    public const int MaxAreas = 100;
    public const int MaxVisits = 200;

    public static void Common<T>(AbstractValidator<T> v)
        where T : OutpostInput
    {
        v.RuleFor(x => x.Name).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Η ονομασία είναι υποχρεωτική.", "The name is required.")
            .MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        v.RuleFor(x => x.StartDate).NotNull().WithMessage("Η ημερομηνία έναρξης είναι υποχρεωτική.", "The start date is required.");
        v.RuleFor(x => x.EndDate).GreaterThanOrEqualTo(x => x.StartDate)
            .WithMessage("Η λήξη δεν είναι πριν την έναρξη.", "The end is not before the start.")
            .When(x => x.EndDate is not null && x.StartDate is not null);
        v.RuleFor(x => x.Areas).Cascade(CascadeMode.Stop).NotEmpty()
            .WithMessage("Δηλώστε τουλάχιστον έναν δήμο ή οικισμό που εξυπηρετείται.", "Give at least one municipality or settlement served.")
            .Must(a => a!.Length <= MaxAreas).WithMessage($"Έως {MaxAreas} περιοχές.", $"At most {MaxAreas} areas.")
            .Must(a => a!.Where(x => x is not null).GroupBy(x => (x.MunicipalityId, GreekText.Fold(x.Settlement))).All(g => g.Count() == 1))
            .WithMessage("Η ίδια περιοχή δηλώθηκε δύο φορές.", "The same area is given twice.");
        v.RuleForEach(x => x.Areas).ChildRules(area =>
        {
            area.RuleFor(a => a.MunicipalityId).NotNull().WithMessage("Ο δήμος είναι υποχρεωτικός.", "The municipality is required.");
            area.RuleFor(a => a.Settlement).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        });
    }

    public static void Annex<T>(AbstractValidator<T> v)
        where T : AnnexData
    {
        Common(v);
        v.RuleFor(x => x.Reasons).NotEmpty()
            .WithMessage("Δηλώστε γιατί υπάρχει το παράρτημα: θύλακας φτώχειας, Ρομά ή μετανάστες (R17).",
                "Say why the annex exists: a pocket of poverty, Roma or migrants (R17).");
        v.RuleFor(x => x.Reasons).Must(r => r!.Contains(AnnexReason.Roma))
            .WithMessage("Πρώην Κέντρο Στήριξης Ρομά και Ευπαθών Ομάδων: ο λόγος περιλαμβάνει τους Ρομά (R19).",
                "A former Roma and vulnerable-groups support centre: the reasons include Roma (R19).")
            .When(x => x.FormerRomaSupportCentre && x.Reasons is { Length: > 0 });
        v.RuleFor(x => x.MunicipalityId).NotNull().WithMessage("Ο δήμος όπου λειτουργεί το παράρτημα είναι υποχρεωτικός.", "The municipality the annex works in is required.");
        v.RuleFor(x => x.Street).MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        v.RuleFor(x => x.City).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        v.RuleFor(x => x.PostalCode).Matches(@"^\d{5}$").WithMessage("Ο ταχυδρομικός κώδικας έχει 5 ψηφία.", "The postal code has 5 digits.")
            .When(x => !string.IsNullOrWhiteSpace(x.PostalCode));
    }

    public static void MobileUnit<T>(AbstractValidator<T> v)
        where T : MobileUnitData
    {
        Common(v);
        v.RuleFor(x => x.NoEasyAccess).Cascade(CascadeMode.Stop).NotEmpty()
            .WithMessage("Περιγράψτε γιατί οι δήμοι που εξυπηρετούνται δεν έχουν εύκολη πρόσβαση σε Κέντρο Κοινότητας (R18).",
                "Say why the municipalities served have no easy access to a community centre (R18).")
            .MaximumLength(500).WithMessage("Έως 500 χαρακτήρες.", "At most 500 characters.");
        v.RuleFor(x => x.Schedule).Must(s => s is null || s.Length <= MaxVisits).WithMessage($"Έως {MaxVisits} επισκέψεις.", $"At most {MaxVisits} visits.");
        v.RuleForEach(x => x.Schedule).ChildRules(visit =>
        {
            visit.RuleFor(s => s.MunicipalityId).NotNull().WithMessage("Ο δήμος της επίσκεψης είναι υποχρεωτικός.", "The visit's municipality is required.");
            visit.RuleFor(s => s.Settlement).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
            visit.RuleFor(s => s.Weekday).NotNull()
                .WithMessage("Δώστε ημέρα της εβδομάδας (τακτική επίσκεψη) ή ημερομηνία.", "Give a weekday (a standing visit) or a date.")
                .When(s => s.On is null);
            visit.RuleFor(s => s.On).Null()
                .WithMessage("Ημέρα της εβδομάδας ή ημερομηνία, όχι και τα δύο.", "A weekday or a date, not both.")
                .When(s => s.Weekday is not null);
            visit.RuleFor(s => s.From).NotNull().WithMessage("Η ώρα έναρξης είναι υποχρεωτική.", "The start time is required.");
            visit.RuleFor(s => s.To).NotNull().WithMessage("Η ώρα λήξης είναι υποχρεωτική.", "The end time is required.");
            visit.RuleFor(s => s.To).Must((s, to) => to > s.From).WithMessage("Η επίσκεψη τελειώνει μετά την έναρξή της.", "The visit ends after it starts.")
                .When(s => s.From is not null && s.To is not null);
        });
        // Visits happen where the unit serves and while it works.
        v.RuleForEach(x => x.Schedule).Must((x, s) => s.MunicipalityId is null || Serves(x.Areas, s.MunicipalityId.Value, s.Settlement))
            .WithMessage("Η επίσκεψη είναι σε δήμο ή οικισμό που η μονάδα δεν εξυπηρετεί.", "The visit is in a municipality or settlement the unit does not serve.");
        v.RuleForEach(x => x.Schedule).Must((x, s) => s.On is not { } on || x.StartDate is not { } start || (on >= start && (x.EndDate is null || on <= x.EndDate)))
            .WithMessage("Η ημερομηνία της επίσκεψης είναι εκτός της περιόδου λειτουργίας.", "The visit's date is outside the unit's period of operation.");
    }

    public static void ExpectedVersion<T>(AbstractValidator<T> v, System.Linq.Expressions.Expression<Func<T, uint?>> expectedVersion) =>
        v.RuleFor(expectedVersion).NotNull().WithMessage("Δώστε την έκδοση που διαβάσατε (version).", "Give the version you read (version).");

    private static bool Serves(ServedAreaInput[]? areas, Guid municipalityId, string? settlement) =>
        (areas ?? []).Any(a => a is not null && a.MunicipalityId == municipalityId
            && (a.Settlement is null || string.Equals(GreekText.Fold(a.Settlement), GreekText.Fold(settlement), StringComparison.Ordinal)));
}

/// <summary>
/// The checks against the registry: the municipalities exist, a mobile unit serves at least one municipality without a
/// centre (R18), the registry body (if named) is an annex or mobile unit of this same centre (R19). One pass, all failures.
/// </summary>
internal sealed class OutpostRegistryChecks(IMunicipalityDirectory municipalities, ICentreDirectory centres)
{
    /// <summary>Adds the registry checks to <paramref name="v"/>; <paramref name="centreOf"/> finds the centre (null: the handler answers 404).</summary>
    public void Apply<T>(AbstractValidator<T> v, Func<T, CancellationToken, Task<Guid?>> centreOf)
        where T : OutpostInput =>
        v.RuleFor(x => x).CustomAsync(async (x, ctx, ct) =>
        {
            if (await centreOf(x, ct) is { } centreId)
            {
                foreach (var failure in await CheckAsync(x, centreId, ct))
                {
                    ctx.AddFailure(failure);
                }
            }
        });

    public async Task<IReadOnlyList<ValidationFailure>> CheckAsync(OutpostInput input, Guid centreId, CancellationToken ct)
    {
        // R19: attached to a community centre; anything else is not there to attach to.
        _ = await centres.FindCentreAsync(centreId, ct) ?? throw PremisesErrors.NoSuchCentre();
        var failures = new List<ValidationFailure>();
        var areas = input.Areas ?? [];
        var ids = areas.Where(a => a?.MunicipalityId is not null).Select(a => a.MunicipalityId!.Value).ToList();
        if (input is AnnexData { MunicipalityId: { } at })
        {
            ids.Add(at);
        }

        var known = (await municipalities.FindCoverageAsync(ids, ct)).ToDictionary(m => m.Id);
        for (var i = 0; i < areas.Length; i++)
        {
            if (areas[i]?.MunicipalityId is { } id && !known.ContainsKey(id))
            {
                failures.Add(Failure($"Areas[{i}].MunicipalityId", new("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.")));
            }
        }

        if (input is AnnexData { MunicipalityId: { } annexAt } && !known.ContainsKey(annexAt))
        {
            failures.Add(Failure(nameof(AnnexData.MunicipalityId), new("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.")));
        }

        if (input is MobileUnitData && areas.Length > 0 && known.Count > 0
            && !areas.Any(a => a?.MunicipalityId is { } id && known.TryGetValue(id, out var m) && m.CommunityCentres == 0))
        {
            failures.Add(Failure(nameof(OutpostInput.Areas), new(
                "Η κινητή μονάδα εξυπηρετεί δήμους χωρίς Κέντρο Κοινότητας: κανένας από τους δηλωμένους δήμους δεν είναι τέτοιος (R18).",
                "A mobile unit serves municipalities without a community centre: none of the municipalities given is one (R18).")));
        }

        if (input.BodyId is { } bodyId)
        {
            var body = await centres.FindBodyAsync(bodyId, ct);
            var kind = input is AnnexData ? RegistryBody.AnnexKind : RegistryBody.MobileUnitKind;
            if (body is null || body.Kind != kind)
            {
                failures.Add(Failure(nameof(OutpostInput.BodyId), input is AnnexData
                    ? new("Ο φορέας του μητρώου δεν είναι παράρτημα.", "The registry body is not an annex.")
                    : new("Ο φορέας του μητρώου δεν είναι κινητή μονάδα.", "The registry body is not a mobile unit.")));
            }
            else if (body.ReferenceCentreId != centreId)
            {
                failures.Add(Failure(nameof(OutpostInput.BodyId), new(
                    "Στο μητρώο φορέων ο φορέας ανήκει σε άλλο Κέντρο Κοινότητας αναφοράς (R19).",
                    "In the bodies registry this body belongs to another reference community centre (R19).")));
            }
        }

        return failures;
    }

    private static ValidationFailure Failure(string property, Bilingual message) =>
        new(property, message.English) { CustomState = message };
}
