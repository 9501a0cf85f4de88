using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Paging;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Bodies;

/// <summary>The registry of bodies (Φορείς, R25): every organisation and structure a centre works with or refers to.</summary>
internal record BodyData
{
    public string Name { get; init; } = "";
    public BodyKind? Kind { get; init; }
    public LegalForm? LegalForm { get; init; }
    public Guid? MunicipalityId { get; init; }
    public string? Street { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
    public string[]? Services { get; init; }
    public int? Capacity { get; init; }
    public string? OpeningHours { get; init; }
    public bool Accessible { get; init; }
    public string? AccessibilityNotes { get; init; }
    public string? AgreementNumber { get; init; }
    public DateOnly? AgreementSignedOn { get; init; }
    public DateOnly? AgreementValidUntil { get; init; }
    public Guid? ReferenceCentreId { get; init; }

    public void ApplyTo(Body b)
    {
        b.Name = GreekText.Normalize(Name);
        b.Kind = Kind!.Value;
        b.LegalForm = LegalForm!.Value;
        b.MunicipalityId = MunicipalityId!.Value;
        b.Street = Blank(Street);
        b.PostalCode = Blank(PostalCode)?.Replace(" ", "", StringComparison.Ordinal);
        b.City = Blank(City);
        b.Phone = Blank(Phone)?.Replace(" ", "", StringComparison.Ordinal);
        b.Email = Blank(Email)?.ToLowerInvariant();
        b.Website = Blank(Website);
        b.Services = [.. (Services ?? []).Select(GreekText.Normalize).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
        b.CapacityUnit = BodyRules.CapacityUnitOf(b.Kind);
        b.Capacity = b.CapacityUnit is null ? null : Capacity;
        b.OpeningHours = Blank(OpeningHours);
        b.Accessible = Accessible;
        b.AccessibilityNotes = Blank(AccessibilityNotes);
        var agreement = BodyRules.NeedsCooperationAgreement(b.Kind, b.LegalForm) || !string.IsNullOrWhiteSpace(AgreementNumber);
        b.AgreementNumber = agreement ? Blank(AgreementNumber) : null;
        b.AgreementSignedOn = agreement ? AgreementSignedOn : null;
        b.AgreementValidUntil = agreement ? AgreementValidUntil : null;
        b.ReferenceCentreId = b.Kind is BodyKind.Annex or BodyKind.MobileUnit ? ReferenceCentreId : null;
    }

    public static BodyData From(Body b) => new()
    {
        Name = b.Name, Kind = b.Kind, LegalForm = b.LegalForm, MunicipalityId = b.MunicipalityId, Street = b.Street, PostalCode = b.PostalCode,
        City = b.City, Phone = b.Phone, Email = b.Email, Website = b.Website, Services = b.Services, Capacity = b.Capacity,
        OpeningHours = b.OpeningHours, Accessible = b.Accessible, AccessibilityNotes = b.AccessibilityNotes, AgreementNumber = b.AgreementNumber,
        AgreementSignedOn = b.AgreementSignedOn, AgreementValidUntil = b.AgreementValidUntil, ReferenceCentreId = b.ReferenceCentreId,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : GreekText.Normalize(s);
}

internal sealed class BodyDataValidator : AbstractValidator<BodyData>
{
    public BodyDataValidator(RegistriesDbContext db)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotEmpty().WithMessage("Η επωνυμία είναι υποχρεωτική.", "The name is required.")
            .MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.Kind).NotNull().WithMessage("Το είδος του φορέα είναι υποχρεωτικό.", "The kind of body is required.");
        RuleFor(x => x.LegalForm).NotNull().WithMessage("Η νομική μορφή είναι υποχρεωτική.", "The legal form is required.");
        RuleFor(x => x.LegalForm)
            .Must((x, form) => BodyRules.AllowedLegalForms(x.Kind!.Value) is not { } allowed || allowed.Contains(form!.Value))
            .WithMessage("Αυτό το είδος φορέα δεν λειτουργεί με αυτή τη νομική μορφή (π.χ. ΚΔΗΦ μόνο από αδειοδοτημένο ΝΠΙΔ μη κερδοσκοπικό, Κέντρο Κοινότητας μόνο από τον δήμο ή νομικό του πρόσωπο).",
                "This kind of body cannot have this legal form (e.g. a ΚΔΗΦ only by a licensed non-profit, a community centre only by the municipality or its legal entity).")
            .When(x => x.Kind is not null && x.LegalForm is not null);
        RuleFor(x => x.MunicipalityId).NotNull().WithMessage("Ο δήμος είναι υποχρεωτικός.", "The municipality is required.")
            .MustAsync(async (id, ct) => await db.Municipalities.AnyAsync(m => m.Id == id, ct))
            .WithMessage("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.");
        RuleFor(x => x.Capacity).NotNull()
            .WithMessage("Αυτό το είδος δομής δηλώνει δυναμικότητα (κλίνες, θέσεις, γεύματα ή νοικοκυριά).",
                "This kind of structure states its capacity (beds, places, meals or households).")
            .GreaterThan(0).WithMessage("Η δυναμικότητα είναι θετικός αριθμός.", "Capacity is a positive number.")
            .When(x => x.Kind is { } k && BodyRules.CapacityUnitOf(k) is not null);
        RuleFor(x => x.AgreementNumber).NotEmpty()
            .WithMessage("Δομή που λειτουργεί από ΜΚΟ ή κοινωνική συνεταιριστική επιχείρηση χρειάζεται σύμφωνο συνεργασίας με τον δήμο (R2, R3).",
                "A structure run by an NGO or a social cooperative needs a cooperation agreement with the municipality (R2, R3).")
            .When(x => x.Kind is { } k && x.LegalForm is { } f && BodyRules.NeedsCooperationAgreement(k, f));
        RuleFor(x => x.AgreementSignedOn).NotNull()
            .WithMessage("Η ημερομηνία υπογραφής του συμφώνου είναι υποχρεωτική.", "The agreement's signing date is required.")
            .When(x => !string.IsNullOrWhiteSpace(x.AgreementNumber));
        RuleFor(x => x.AgreementValidUntil).GreaterThan(x => x.AgreementSignedOn)
            .WithMessage("Η λήξη του συμφώνου είναι μετά την υπογραφή του.", "The agreement ends after it is signed.")
            .When(x => x.AgreementValidUntil is not null && x.AgreementSignedOn is not null);
        RuleFor(x => x.ReferenceCentreId).NotNull()
            .WithMessage("Παράρτημα και κινητή μονάδα ανήκουν σε Κέντρο Κοινότητας αναφοράς (R19).", "An annex or mobile unit belongs to a reference community centre (R19).")
            .MustAsync(async (id, ct) => await db.Bodies.AnyAsync(b => b.Id == id && b.Kind == BodyKind.CommunityCentre, ct))
            .WithMessage("Το κέντρο αναφοράς πρέπει να είναι Κέντρο Κοινότητας του μητρώου.", "The reference centre must be a community centre in the registry.")
            .When(x => x.Kind is BodyKind.Annex or BodyKind.MobileUnit);
        RuleFor(x => x.PostalCode).Matches(@"^\d{3} ?\d{2}$").WithMessage("Ο ταχυδρομικός κώδικας έχει 5 ψηφία.", "The postal code has 5 digits.")
            .When(x => !string.IsNullOrWhiteSpace(x.PostalCode));
        RuleFor(x => x.Email).EmailAddress().WithMessage("Η διεύθυνση e-mail δεν είναι έγκυρη.", "The e-mail address is not valid.")
            .When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleFor(x => x.Phone).Matches(@"^(\d{10}|\+\d{8,15})$").WithMessage("Το τηλέφωνο έχει 10 ψηφία (ή διεθνή μορφή με +).", "The phone has 10 digits (or international form with +).")
            .When(x => !string.IsNullOrWhiteSpace(x.Phone));
        RuleFor(x => x.Street).MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.City).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        RuleFor(x => x.Email).MaximumLength(254).WithMessage("Έως 254 χαρακτήρες.", "At most 254 characters.");
        RuleFor(x => x.Website).MaximumLength(300).WithMessage("Έως 300 χαρακτήρες.", "At most 300 characters.");
        RuleFor(x => x.AgreementNumber).MaximumLength(50).WithMessage("Έως 50 χαρακτήρες.", "At most 50 characters.");
        RuleForEach(x => x.Services).NotNull().WithMessage("Κενή υπηρεσία.", "An empty service.")
            .MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.OpeningHours).MaximumLength(300).WithMessage("Έως 300 χαρακτήρες.", "At most 300 characters.");
        RuleFor(x => x.AccessibilityNotes).MaximumLength(500).WithMessage("Έως 500 χαρακτήρες.", "At most 500 characters.");
    }
}

internal sealed record BodyView(Guid Id, uint Version, BodyData Data, CapacityUnit? CapacityUnit, bool NeedsCooperationAgreement);

internal sealed record CreateBody : BodyData, ICommand<BodyView>
{
    /// <summary>The client's id for the command, used as the new body's id: a retry returns the same body.</summary>
    public Guid? CommandId { get; init; }
}

internal sealed record UpdateBody : BodyData, ICommand<BodyView>
{
    public Guid Id { get; init; }
    public uint? ExpectedVersion { get; init; }
}

internal sealed record GetBody(Guid Id) : IQuery<BodyView>;

internal sealed record ListBodies(string? Q, string? Kind, Guid? MunicipalityId, int Page = 1, int PageSize = 50) : IQuery<Page<BodyView>>
{
    /// <summary>The kind filter; the query string takes the JSON spelling ("nightShelter") as well as "NightShelter".</summary>
    public BodyKind? KindValue => Enum.TryParse<BodyKind>(Kind, ignoreCase: true, out var k) ? k : null;
}

internal sealed class ListBodiesValidator : AbstractValidator<ListBodies>
{
    public ListBodiesValidator() =>
        RuleFor(x => x.Kind).Must(k => Enum.TryParse<BodyKind>(k, ignoreCase: true, out _) && !int.TryParse(k, out _) && !k!.Contains(',', StringComparison.Ordinal))
            .WithMessage("Άγνωστο είδος φορέα.", "Unknown kind of body.").When(x => !string.IsNullOrWhiteSpace(x.Kind));
}

internal sealed class CreateBodyValidator : AbstractValidator<CreateBody>
{
    public CreateBodyValidator(RegistriesDbContext db) => Include(new BodyDataValidator(db));
}

internal sealed class UpdateBodyValidator : AbstractValidator<UpdateBody>
{
    public UpdateBodyValidator(RegistriesDbContext db)
    {
        RuleFor(x => x.ExpectedVersion).NotNull().WithMessage("Δώστε την έκδοση που διαβάσατε (version).", "Give the version you read (version).");
        Include(new BodyDataValidator(db));
    }
}

internal sealed class BodyHandlers(RegistriesDbContext db, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<CreateBody, BodyView>, ICommandHandler<UpdateBody, BodyView>, IQueryHandler<GetBody, BodyView>, IQueryHandler<ListBodies, Page<BodyView>>
{
    public const string EntityType = "body";

    public async ValueTask<BodyView> Handle(CreateBody command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = command.CommandId ?? Guid.CreateVersion7(now);
        if (await EarlierAsync(id, command, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var body = new Body { Id = id, Name = "" };
        command.ApplyTo(body);
        body.UpdatedAt = now;
        db.Bodies.Add(body);
        RegistryAudit.Changed(db, actor, now, "create", EntityType, id, RegistryAudit.Diff(new BodyData(), BodyData.From(body)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same command, sent twice at once: the other one made it.
            db.ChangeTracker.Clear();
            if (await EarlierAsync(id, command, cancellationToken) is { } raced)
            {
                return raced;
            }

            throw;
        }

        return View(body);
    }

    /// <summary>The body an earlier sending of this command made; the same id for another body is 409, not that body.</summary>
    private async Task<BodyView?> EarlierAsync(Guid id, CreateBody command, CancellationToken ct)
    {
        var earlier = await db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (earlier is null)
        {
            return null;
        }

        return earlier.Name == GreekText.Normalize(command.Name) && earlier.Kind == command.Kind
            ? View(earlier)
            : throw new ConflictException(new("Αυτό το commandId χρησιμοποιήθηκε ήδη για άλλον φορέα.", "This commandId was already used for another body."), "command-id-reused");
    }

    public async ValueTask<BodyView> Handle(UpdateBody command, CancellationToken cancellationToken)
    {
        var body = await db.Bodies.FirstOrDefaultAsync(b => b.Id == command.Id, cancellationToken) ?? throw NotFound();
        if (body.Version != command.ExpectedVersion)
        {
            throw Stale();
        }

        var before = BodyData.From(body);
        command.ApplyTo(body);
        var changed = RegistryAudit.Diff(before, BodyData.From(body));
        if (changed.Count > 0)
        {
            var now = clock.GetUtcNow();
            body.UpdatedAt = now;
            RegistryAudit.Changed(db, actor, now, "update", EntityType, body.Id, changed);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw Stale();
            }
        }

        return View(body);
    }

    public async ValueTask<BodyView> Handle(GetBody query, CancellationToken cancellationToken) =>
        View(await db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == query.Id, cancellationToken) ?? throw NotFound());

    public async ValueTask<Page<BodyView>> Handle(ListBodies query, CancellationToken cancellationToken)
    {
        var (skip, take) = Page<BodyView>.Window(query.Page, query.PageSize);
        var q = db.Bodies.AsNoTracking();
        if (query.KindValue is { } kind) q = q.Where(b => b.Kind == kind);
        if (query.MunicipalityId is { } m) q = q.Where(b => b.MunicipalityId == m);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // Few thousand rows at most: accent- and case-insensitive match on the folded name is enough.
            var folded = GreekText.Fold(query.Q);
            var names = await q.Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken);
            var ids = names.Where(n => GreekText.Fold(n.Name).Contains(folded, StringComparison.Ordinal)).Select(n => n.Id).ToList();
            q = q.Where(b => ids.Contains(b.Id));
        }

        var total = await q.LongCountAsync(cancellationToken);
        var items = await q.OrderBy(b => b.Name).ThenBy(b => b.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new Page<BodyView>([.. items.Select(View)], query.Page, take, total);
    }

    internal static BodyView View(Body b) => new(b.Id, b.Version, BodyData.From(b), b.CapacityUnit, BodyRules.NeedsCooperationAgreement(b.Kind, b.LegalForm));

    private static NotFoundException NotFound() => new(new("Ο φορέας δεν βρέθηκε.", "The body was not found."));

    private static ConflictException Stale() =>
        new(new("Ο φορέας άλλαξε από άλλον χρήστη στο μεταξύ. Ανανεώστε και δοκιμάστε ξανά.", "The body was changed by someone else in the meantime. Reload and try again."), "stale-version");
}

internal static class BodyEndpoints
{
    public static void Map(RouteGroupBuilder registries)
    {
        var bodies = registries.MapGroup("/bodies").WithTags("Bodies");
        bodies.MapGet("/", async ([AsParameters] ListBodies query, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(query, ct)))
            .RequireAuthorization(PlatformPolicies.ReadRegistries).WithName("ListBodies").WithSummary("Bodies and structures, by kind, municipality and name; Greek order").Produces<Page<BodyView>>();
        bodies.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetBody(id), ct)))
            .RequireAuthorization(PlatformPolicies.ReadRegistries).WithName("GetBody").Produces<BodyView>().ProducesProblem(StatusCodes.Status404NotFound);
        bodies.MapPost("/", async (CreateBody command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command, ct);
                return Results.Created($"/api/registries/bodies/{view.Id}", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageRegistries).WithName("CreateBody").WithSummary("Add a body; commandId makes a retry return the same body")
            .Produces<BodyView>(StatusCodes.Status201Created).ProducesValidationProblem();
        bodies.MapPut("/{id:guid}", async (Guid id, UpdateBody command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { Id = id }, ct)))
            .RequireAuthorization(PlatformPolicies.ManageRegistries).WithName("UpdateBody").WithSummary("Change a body (send the version you read)")
            .Produces<BodyView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }
}
