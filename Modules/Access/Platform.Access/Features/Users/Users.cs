using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Access.Domain;
using Platform.Access.Persistence;
using Platform.Access.Seed;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Validation;

namespace Platform.Access.Features.Users;

internal sealed record UserView(
    Guid Id, string UserName, string? DisplayName, IReadOnlyList<string> Roles, Guid? CentreId, Guid? MunicipalityId, string? RegionalUnit,
    bool TwoFactorEnabled, DateTimeOffset? LockedOutUntil);

/// <summary>The users of one centre, or all of them.</summary>
internal sealed record ListUsers(Guid? CentreId) : IQuery<IReadOnlyList<UserView>>;

/// <summary>
/// An administrator creates a certified user (R26, R28) with their roles and place; the first password is generated
/// and returned once, for the administrator to hand over. Roles that need a second factor enrol it at first sign-in.
/// </summary>
internal sealed record CreateUser(string? UserName, string? DisplayName, string[]? Roles, Guid? CentreId, Guid? MunicipalityId, string? RegionalUnit)
    : ICommand<CreatedUser>;

internal sealed record CreatedUser(UserView User, string InitialPassword);

internal sealed record SetUserRoles(Guid Id, string[]? Roles) : ICommand<UserView>;

/// <summary>Ends a lockout before its time (the person called; the administrator checked who they are).</summary>
internal sealed record UnlockUser(Guid Id) : ICommand<UserView>;

internal static class UserRules
{
    private static readonly string[] CentreRoles = [PlatformRoles.CentreHead, PlatformRoles.Caseworker, PlatformRoles.EntryPointClerk, PlatformRoles.Scheduler];

    public static bool KnownRoles(string[]? roles) => roles is { Length: > 0 } && roles.All(r => PlatformRoles.All.Contains(r, StringComparer.Ordinal));

    public static bool NeedsCentre(string[]? roles) => roles?.Any(r => CentreRoles.Contains(r, StringComparer.Ordinal)) == true;

    /// <summary>A supervisor acts on nothing: no role that changes data goes with it.</summary>
    public static bool SupervisorAlone(string[]? roles) =>
        roles is null || !roles.Contains(PlatformRoles.Supervisor, StringComparer.Ordinal) || roles.All(r => r == PlatformRoles.Supervisor);
}

internal sealed class CreateUserValidator : AbstractValidator<CreateUser>
{
    public CreateUserValidator(ICentreLocator centres)
    {
        RuleFor(x => x.UserName).NotEmpty().WithMessage("Το όνομα χρήστη είναι υποχρεωτικό.", "The user name is required.")
            .Matches("^[a-z0-9][a-z0-9._@-]{2,63}$")
            .WithMessage("Όνομα χρήστη: 3–64 πεζά λατινικά γράμματα, ψηφία, . _ - @.", "User name: 3–64 lower-case Latin letters, digits, . _ - @.");
        RuleFor(x => x.DisplayName).MaximumLength(200).WithMessage("Έως 200 χαρακτήρες.", "At most 200 characters.");
        RuleFor(x => x.Roles).Must(UserRules.KnownRoles).WithMessage("Δώστε έναν ή περισσότερους γνωστούς ρόλους.", "Give one or more known roles.")
            .Must(UserRules.SupervisorAlone).WithMessage("Ο ρόλος εποπτείας δεν συνδυάζεται με άλλους.", "The supervisor role does not go with others.");
        RuleFor(x => x.CentreId).NotNull().When(x => UserRules.NeedsCentre(x.Roles))
            .WithMessage("Οι ρόλοι του κέντρου χρειάζονται κέντρο ή δομή.", "Centre roles need a centre or structure.");
        RuleFor(x => x.CentreId).MustAsync(async (id, ct) => id is null || await centres.LocateAsync(id.Value, ct) is not null)
            .WithMessage("Η δομή δεν υπάρχει στο μητρώο φορέων.", "The structure is not in the bodies registry.");
        RuleFor(x => x.MunicipalityId).NotNull()
            .When(x => x.Roles?.Contains(PlatformRoles.Supervisor, StringComparer.Ordinal) == true && string.IsNullOrWhiteSpace(x.RegionalUnit))
            .WithMessage("Η εποπτεία χρειάζεται δήμο ή περιφερειακή ενότητα.", "A supervisor needs a municipality or a regional unit.");
        RuleFor(x => x.RegionalUnit).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
    }
}

internal sealed class SetUserRolesValidator : AbstractValidator<SetUserRoles>
{
    public SetUserRolesValidator()
    {
        RuleFor(x => x.Roles).Must(UserRules.KnownRoles).WithMessage("Δώστε έναν ή περισσότερους γνωστούς ρόλους.", "Give one or more known roles.")
            .Must(UserRules.SupervisorAlone).WithMessage("Ο ρόλος εποπτείας δεν συνδυάζεται με άλλους.", "The supervisor role does not go with others.");
    }
}

internal sealed class UserHandlers(UserManager<PlatformUser> users, AccessDbContext db, TimeProvider clock, ICurrentActor actor, ILogger<UserHandlers> logger)
    : IQueryHandler<ListUsers, IReadOnlyList<UserView>>, ICommandHandler<CreateUser, CreatedUser>,
      ICommandHandler<SetUserRoles, UserView>, ICommandHandler<UnlockUser, UserView>
{
    public async ValueTask<IReadOnlyList<UserView>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        var list = await db.Users.AsNoTracking().Where(u => query.CentreId == null || u.CentreId == query.CentreId)
            .OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        return [.. list.Select(u => View(u, [.. byUser[u.Id].Order(StringComparer.Ordinal)]))];
    }

    public async ValueTask<CreatedUser> Handle(CreateUser command, CancellationToken cancellationToken)
    {
        var user = new PlatformUser
        {
            Id = Guid.CreateVersion7(),
            UserName = command.UserName,
            DisplayName = command.DisplayName?.Trim(),
            CentreId = UserRules.NeedsCentre(command.Roles) ? command.CentreId : null,
            MunicipalityId = command.MunicipalityId,
            RegionalUnit = string.IsNullOrWhiteSpace(command.RegionalUnit) ? null : command.RegionalUnit.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        var password = Passwords.Generate();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? new ConflictException(new("Υπάρχει ήδη χρήστης με αυτό το όνομα.", "A user with this name exists already."), "duplicate-user")
                : ValidationFailedException.For("userName", new("Το όνομα χρήστη δεν γίνεται δεκτό.", "The user name is not accepted."));
        }

        await users.AddToRolesAsync(user, command.Roles!.Distinct(StringComparer.Ordinal));
        logger.LogInformation("User {UserId} created by {AdminId} with roles {Roles}", user.Id, actor.UserId, string.Join(',', command.Roles!));
        return new CreatedUser(View(user, [.. command.Roles!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]), password);
    }

    public async ValueTask<UserView> Handle(SetUserRoles command, CancellationToken cancellationToken)
    {
        var user = await FindAsync(command.Id);
        var current = await users.GetRolesAsync(user);
        var wanted = command.Roles!.Distinct(StringComparer.Ordinal).ToList();
        await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal));
        await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal));
        // Open sessions pick the new roles up at their next check (a minute at most).
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Roles of user {UserId} set by {AdminId} to {Roles}", user.Id, actor.UserId, string.Join(',', wanted));
        return View(user, [.. wanted.Order(StringComparer.Ordinal)]);
    }

    public async ValueTask<UserView> Handle(UnlockUser command, CancellationToken cancellationToken)
    {
        var user = await FindAsync(command.Id);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("User {UserId} unlocked by {AdminId}", user.Id, actor.UserId);
        return View(user, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)]);
    }

    private async Task<PlatformUser> FindAsync(Guid id) =>
        await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException(new("Ο χρήστης δεν βρέθηκε.", "The user was not found."));

    private static UserView View(PlatformUser u, IReadOnlyList<string> roles) =>
        new(u.Id, u.UserName!, u.DisplayName, roles, u.CentreId, u.MunicipalityId, u.RegionalUnit, u.TwoFactorEnabled,
            u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null);
}

internal static class UserEndpoints
{
    internal sealed record RolesRequest(string[]? Roles);

    public static void Map(RouteGroupBuilder users)
    {
        users.MapGet("/", async (Guid? centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListUsers(centreId), ct)))
            .WithName("ListUsers").WithSummary("Users with their roles and place (administrators)").Produces<IReadOnlyList<UserView>>();
        users.MapPost("/", async (CreateUser command, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(command, ct);
                return Results.Created($"/api/access/users/{created.User.Id}", created);
            })
            .WithName("CreateUser").WithSummary("Create a user; the first password is generated and returned once")
            .Produces<CreatedUser>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPut("/{id:guid}/roles", async (Guid id, RolesRequest body, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new SetUserRoles(id, body.Roles), ct)))
            .WithName("SetUserRoles").WithSummary("Replace a user's roles").Produces<UserView>().ProducesValidationProblem();
        users.MapPost("/{id:guid}/unlock", async (Guid id, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new UnlockUser(id), ct)))
            .WithName("UnlockUser").WithSummary("End a lockout").Produces<UserView>();
    }
}
