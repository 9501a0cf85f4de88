using FluentValidation;
using Mediator;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Validation;
using Platform.Premises.Domain;
using Platform.Premises.Persistence;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features;

/// <summary>Records a building a centre works in, with its spaces and their accessibility (R15, R16).</summary>
internal sealed record AddSite : ICommand<SiteView>
{
    public Guid CentreId { get; init; }
    public string Street { get; init; } = "";
    public string? PostalCode { get; init; }
    public string City { get; init; } = "";
    public Ownership? Ownership { get; init; }
    public bool Distinct { get; init; }
    public bool NearSocialService { get; init; }
    public bool NearOtherStructures { get; init; }
    public SpaceInput[]? Spaces { get; init; }
}

internal sealed record SpaceInput(SpaceKind? Kind, string? Name, bool Accessible, string? AccessibilityNotes);

internal sealed record SpaceView(Guid Id, SpaceKind Kind, string Name, bool Accessible, string? AccessibilityNotes);

internal sealed record SiteView(Guid Id, string Street, string? PostalCode, string City, Ownership Ownership, bool Distinct,
    bool NearSocialService, bool NearOtherStructures, IReadOnlyList<SpaceView> Spaces)
{
    public static SiteView From(Site s) => new(s.Id, s.Street, s.PostalCode, s.City, s.Ownership, s.Distinct, s.NearSocialService, s.NearOtherStructures,
        [.. s.Spaces.Select(x => new SpaceView(x.Id, x.Kind, x.Name, x.Accessible, x.AccessibilityNotes))]);
}

internal sealed class AddSiteValidator : AbstractValidator<AddSite>
{
    public AddSiteValidator()
    {
        RuleFor(x => x.Street).NotEmpty().WithMessage("Η διεύθυνση είναι υποχρεωτική.", "The street address is required.")
            .MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.City).NotEmpty().WithMessage("Η πόλη είναι υποχρεωτική.", "The city is required.")
            .MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        RuleFor(x => x.PostalCode).Matches(@"^\d{5}$").WithMessage("Ο ταχυδρομικός κώδικας έχει 5 ψηφία.", "The postal code has 5 digits.")
            .When(x => !string.IsNullOrWhiteSpace(x.PostalCode));
        RuleFor(x => x.Ownership).NotNull().WithMessage("Το ιδιοκτησιακό καθεστώς είναι υποχρεωτικό.", "The ownership is required.");
        RuleForEach(x => x.Spaces).ChildRules(space =>
        {
            space.RuleFor(s => s.Kind).NotNull().WithMessage("Το είδος του χώρου είναι υποχρεωτικό.", "The kind of space is required.");
            space.RuleFor(s => s.Name).NotEmpty().WithMessage("Ο χώρος χρειάζεται όνομα.", "The space needs a name.")
                .MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
            space.RuleFor(s => s.AccessibilityNotes).MaximumLength(500).WithMessage("Έως 500 χαρακτήρες.", "At most 500 characters.");
        });
    }
}

internal sealed class AddSiteHandler(PremisesDbContext db, ICentreDirectory centres, ICurrentActor actor, TimeProvider clock, CentreChanges<PremisesDbContext> changes) : ICommandHandler<AddSite, SiteView>
{
    public async ValueTask<SiteView> Handle(AddSite command, CancellationToken cancellationToken)
    {
        _ = await centres.FindCentreAsync(command.CentreId, cancellationToken) ?? throw PremisesErrors.NoSuchCentre();
        var now = clock.GetUtcNow();
        var site = new Site
        {
            Id = Guid.CreateVersion7(now), CentreId = command.CentreId, Street = command.Street.Trim(), PostalCode = command.PostalCode?.Trim(),
            City = command.City.Trim(), Ownership = command.Ownership!.Value, Distinct = command.Distinct,
            NearSocialService = command.NearSocialService, NearOtherStructures = command.NearOtherStructures,
        };
        foreach (var input in command.Spaces ?? [])
        {
            site.Spaces.Add(new Space
            {
                Id = Guid.CreateVersion7(now), SiteId = site.Id, Kind = input.Kind!.Value, Name = input.Name!.Trim(),
                Accessible = input.Accessible, AccessibilityNotes = input.AccessibilityNotes,
            });
        }

        db.Sites.Add(site);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = AuditActions.Create,
            EntityType = "site", EntityId = site.Id.ToString(), Fields = ["address", "ownership", "spaces"],
        });
        changes.Stage(site.CentreId, now);
        await db.SaveChangesAsync(cancellationToken);
        await changes.DeliverAsync(site.CentreId);
        return SiteView.From(site);
    }
}
