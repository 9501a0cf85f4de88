using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Paging;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Programmes;

/// <summary>The registry of programmes (R25): what a centre can refer people to (R10), ΚΕΑ first.</summary>
internal record ProgrammeData
{
    public string Name { get; init; } = "";
    public ProgrammeLevel? Level { get; init; }
    public Guid? OperatingBodyId { get; init; }
    public string? Eligibility { get; init; }
    public int? MinAge { get; init; }
    public int? MaxAge { get; init; }
    public string[]? RequiredDocuments { get; init; }
    public bool IsOpen { get; init; }
    public bool IsSocialSolidarityIncome { get; init; }

    public void ApplyTo(Programme p)
    {
        p.Name = GreekText.Normalize(Name);
        p.Level = Level!.Value;
        p.OperatingBodyId = OperatingBodyId;
        p.Eligibility = string.IsNullOrWhiteSpace(Eligibility) ? null : Eligibility.Trim();
        p.MinAge = MinAge;
        p.MaxAge = MaxAge;
        p.RequiredDocuments = [.. (RequiredDocuments ?? []).Select(GreekText.Normalize).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal)];
        p.IsOpen = IsOpen;
        p.IsSocialSolidarityIncome = IsSocialSolidarityIncome;
    }

    public static ProgrammeData From(Programme p) => new()
    {
        Name = p.Name, Level = p.Level, OperatingBodyId = p.OperatingBodyId, Eligibility = p.Eligibility, MinAge = p.MinAge, MaxAge = p.MaxAge,
        RequiredDocuments = p.RequiredDocuments, IsOpen = p.IsOpen, IsSocialSolidarityIncome = p.IsSocialSolidarityIncome,
    };
}

internal sealed class ProgrammeDataValidator : AbstractValidator<ProgrammeData>
{
    public ProgrammeDataValidator(RegistriesDbContext db)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotEmpty().WithMessage("Ο τίτλος του προγράμματος είναι υποχρεωτικός.", "The programme's name is required.")
            .MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.Level).NotNull().WithMessage("Το επίπεδο (τοπικό, περιφερειακό, εθνικό) είναι υποχρεωτικό.", "The level (local, regional, national) is required.");
        RuleFor(x => x.OperatingBodyId)
            .MustAsync(async (id, ct) => id is null || await db.Bodies.AnyAsync(b => b.Id == id, ct))
            .WithMessage("Ο φορέας λειτουργίας δεν υπάρχει στο μητρώο.", "The operating body is not in the registry.");
        RuleFor(x => x.MinAge).InclusiveBetween(0, 120).WithMessage("Ηλικία 0–120.", "Age 0–120.").When(x => x.MinAge is not null);
        RuleFor(x => x.MaxAge).InclusiveBetween(0, 120).WithMessage("Ηλικία 0–120.", "Age 0–120.")
            .GreaterThanOrEqualTo(x => x.MinAge ?? 0).WithMessage("Το ανώτατο όριο ηλικίας δεν είναι κάτω από το κατώτατο.", "The maximum age is not below the minimum.")
            .When(x => x.MaxAge is not null);
        RuleForEach(x => x.RequiredDocuments).NotNull().WithMessage("Κενό δικαιολογητικό.", "An empty document.")
            .MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.Eligibility).MaximumLength(4000).WithMessage("Έως 4000 χαρακτήρες.", "At most 4000 characters.");
        RuleFor(x => x.Level).Equal(ProgrammeLevel.National)
            .WithMessage("Το ΚΕΑ είναι εθνικό πρόγραμμα.", "ΚΕΑ is a national programme.")
            .When(x => x.IsSocialSolidarityIncome && x.Level is not null);
    }
}

internal sealed record ProgrammeView(Guid Id, uint Version, ProgrammeData Data);

internal sealed record CreateProgramme : ProgrammeData, ICommand<ProgrammeView>
{
    public Guid? CommandId { get; init; }
}

internal sealed record UpdateProgramme : ProgrammeData, ICommand<ProgrammeView>
{
    public Guid Id { get; init; }
    public uint? ExpectedVersion { get; init; }
}

internal sealed record GetProgramme(Guid Id) : IQuery<ProgrammeView>;

internal sealed record ListProgrammes(string? Q, ProgrammeLevel? Level, bool? Open, int Page = 1, int PageSize = 50) : IQuery<Page<ProgrammeView>>;

internal sealed class CreateProgrammeValidator : AbstractValidator<CreateProgramme>
{
    public CreateProgrammeValidator(RegistriesDbContext db) => Include(new ProgrammeDataValidator(db));
}

internal sealed class UpdateProgrammeValidator : AbstractValidator<UpdateProgramme>
{
    public UpdateProgrammeValidator(RegistriesDbContext db)
    {
        RuleFor(x => x.ExpectedVersion).NotNull().WithMessage("Δώστε την έκδοση που διαβάσατε (version).", "Give the version you read (version).");
        Include(new ProgrammeDataValidator(db));
    }
}

internal sealed class ProgrammeHandlers(RegistriesDbContext db, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<CreateProgramme, ProgrammeView>, ICommandHandler<UpdateProgramme, ProgrammeView>,
      IQueryHandler<GetProgramme, ProgrammeView>, IQueryHandler<ListProgrammes, Page<ProgrammeView>>
{
    public const string EntityType = "programme";

    public async ValueTask<ProgrammeView> Handle(CreateProgramme command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = command.CommandId ?? Guid.CreateVersion7(now);
        if (await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } earlier)
        {
            // The same command again returns what it made; the same id for another programme is a client bug.
            return earlier.Name == GreekText.Normalize(command.Name) && earlier.Level == command.Level
                ? View(earlier)
                : throw new ConflictException(
                    new("Αυτό το commandId χρησιμοποιήθηκε ήδη για άλλο πρόγραμμα.", "This commandId was already used for another programme."), "command-id-reused");
        }

        var programme = new Programme { Id = id, Name = "" };
        command.ApplyTo(programme);
        programme.UpdatedAt = now;
        db.Programmes.Add(programme);
        RegistryAudit.Changed(db, actor, now, "create", EntityType, id, RegistryAudit.Diff(new ProgrammeData(), ProgrammeData.From(programme)));
        await SaveAsync(cancellationToken);
        return View(programme);
    }

    public async ValueTask<ProgrammeView> Handle(UpdateProgramme command, CancellationToken cancellationToken)
    {
        var programme = await db.Programmes.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken) ?? throw NotFound();
        if (programme.Version != command.ExpectedVersion)
        {
            throw Stale();
        }

        var before = ProgrammeData.From(programme);
        command.ApplyTo(programme);
        var changed = RegistryAudit.Diff(before, ProgrammeData.From(programme));
        if (changed.Count > 0)
        {
            var now = clock.GetUtcNow();
            programme.UpdatedAt = now;
            RegistryAudit.Changed(db, actor, now, "update", EntityType, programme.Id, changed);
            await SaveAsync(cancellationToken);
        }

        return View(programme);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException(new("Το ΚΕΑ είναι ήδη καταχωρισμένο ως πρόγραμμα.", "ΚΕΑ is already registered as a programme."), "duplicate-kea");
        }
    }

    public async ValueTask<ProgrammeView> Handle(GetProgramme query, CancellationToken cancellationToken) =>
        View(await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == query.Id, cancellationToken) ?? throw NotFound());

    public async ValueTask<Page<ProgrammeView>> Handle(ListProgrammes query, CancellationToken cancellationToken)
    {
        var (skip, take) = Page<ProgrammeView>.Window(query.Page, query.PageSize);
        var q = db.Programmes.AsNoTracking();
        if (query.Level is { } level) q = q.Where(p => p.Level == level);
        if (query.Open is { } open) q = q.Where(p => p.IsOpen == open);
        var all = await q.ToListAsync(cancellationToken);
        var folded = GreekText.Fold(query.Q);
        // ΚΕΑ first (R10), then Greek order; the registry holds hundreds of programmes, so this is done in memory.
        var matched = all.Where(p => folded.Length == 0 || GreekText.Fold(p.Name).Contains(folded, StringComparison.Ordinal))
            .OrderByDescending(p => p.IsSocialSolidarityIncome)
            .ThenBy(p => p.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("el-GR"), ignoreCase: true))
            .ToList();
        return new Page<ProgrammeView>([.. matched.Skip(skip).Take(take).Select(View)], query.Page, take, matched.Count);
    }

    private static ProgrammeView View(Programme p) => new(p.Id, p.Version, ProgrammeData.From(p));

    private static NotFoundException NotFound() => new(new("Το πρόγραμμα δεν βρέθηκε.", "The programme was not found."));

    private static ConflictException Stale() =>
        new(new("Το πρόγραμμα άλλαξε από άλλον χρήστη στο μεταξύ. Ανανεώστε και δοκιμάστε ξανά.", "The programme was changed by someone else in the meantime. Reload and try again."), "stale-version");
}

internal static class ProgrammeEndpoints
{
    public static void Map(RouteGroupBuilder registries)
    {
        var programmes = registries.MapGroup("/programmes").WithTags("Programmes");
        programmes.MapGet("/", async ([AsParameters] ListProgrammes query, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(query, ct)))
            .RequireAuthorization(PlatformPolicies.ReadRegistries).WithName("ListProgrammes").WithSummary("Programmes, ΚΕΑ first, then in Greek order").Produces<Page<ProgrammeView>>();
        programmes.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetProgramme(id), ct)))
            .RequireAuthorization(PlatformPolicies.ReadRegistries).WithName("GetProgramme").Produces<ProgrammeView>().ProducesProblem(StatusCodes.Status404NotFound);
        programmes.MapPost("/", async (CreateProgramme command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command, ct);
                return Results.Created($"/api/registries/programmes/{view.Id}", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageRegistries).WithName("CreateProgramme").Produces<ProgrammeView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        programmes.MapPut("/{id:guid}", async (Guid id, UpdateProgramme command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { Id = id }, ct)))
            .RequireAuthorization(PlatformPolicies.ManageRegistries).WithName("UpdateProgramme").Produces<ProgrammeView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }
}
