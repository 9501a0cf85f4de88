using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Time;
using Platform.BuildingBlocks.Validation;
using Platform.Premises.Domain;
using Platform.Premises.Persistence;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features.AnnexesAndMobileUnits;

/// <summary>Attaches an annex to a community centre (R17, R19). A retried command (same <see cref="CommandId"/>) returns what it made.</summary>
internal sealed record CreateAnnex : AnnexData, ICommand<AnnexView>
{
    public Guid CentreId { get; init; }

    /// <summary>The client's id for the command, used as the new annex's id.</summary>
    public Guid? CommandId { get; init; }
}

/// <summary>Replaces what is known of an annex (its areas too); ending it is setting <see cref="OutpostInput.EndDate"/>.</summary>
internal sealed record UpdateAnnex : AnnexData, ICommand<AnnexView>
{
    public Guid Id { get; init; }
    public uint? ExpectedVersion { get; init; }
}

/// <summary>Attaches a mobile unit to a community centre (R18, R19), with its schedule.</summary>
internal sealed record CreateMobileUnit : MobileUnitData, ICommand<MobileUnitView>
{
    public Guid CentreId { get; init; }
    public Guid? CommandId { get; init; }
}

internal sealed record UpdateMobileUnit : MobileUnitData, ICommand<MobileUnitView>
{
    public Guid Id { get; init; }
    public uint? ExpectedVersion { get; init; }
}

internal sealed class CreateAnnexValidator : AbstractValidator<CreateAnnex>
{
    public CreateAnnexValidator(OutpostRegistryChecks checks)
    {
        OutpostRules.Annex(this);
        checks.Apply(this, (x, _) => Task.FromResult<Guid?>(x.CentreId));
    }
}

internal sealed class CreateMobileUnitValidator : AbstractValidator<CreateMobileUnit>
{
    public CreateMobileUnitValidator(OutpostRegistryChecks checks)
    {
        OutpostRules.MobileUnit(this);
        checks.Apply(this, (x, _) => Task.FromResult<Guid?>(x.CentreId));
    }
}

internal sealed class UpdateAnnexValidator : AbstractValidator<UpdateAnnex>
{
    public UpdateAnnexValidator(OutpostRegistryChecks checks, PremisesDbContext db)
    {
        OutpostRules.Annex(this);
        OutpostRules.ExpectedVersion(this, x => x.ExpectedVersion);
        checks.Apply(this, (x, ct) => OutpostStore.CentreOfAsync(db, x.Id, ct));
    }
}

internal sealed class UpdateMobileUnitValidator : AbstractValidator<UpdateMobileUnit>
{
    public UpdateMobileUnitValidator(OutpostRegistryChecks checks, PremisesDbContext db)
    {
        OutpostRules.MobileUnit(this);
        OutpostRules.ExpectedVersion(this, x => x.ExpectedVersion);
        checks.Apply(this, (x, ct) => OutpostStore.CentreOfAsync(db, x.Id, ct));
    }
}

internal sealed class SaveOutpostHandlers(OutpostStore store)
    : ICommandHandler<CreateAnnex, AnnexView>, ICommandHandler<UpdateAnnex, AnnexView>,
      ICommandHandler<CreateMobileUnit, MobileUnitView>, ICommandHandler<UpdateMobileUnit, MobileUnitView>
{
    public async ValueTask<AnnexView> Handle(CreateAnnex command, CancellationToken cancellationToken) =>
        await store.AnnexViewAsync(await store.CreateAsync(command.CentreId, command.CommandId, command, cancellationToken), cancellationToken);

    public async ValueTask<AnnexView> Handle(UpdateAnnex command, CancellationToken cancellationToken) =>
        await store.AnnexViewAsync(await store.UpdateAsync(command.Id, command.ExpectedVersion, command, cancellationToken), cancellationToken);

    public async ValueTask<MobileUnitView> Handle(CreateMobileUnit command, CancellationToken cancellationToken) =>
        await store.MobileUnitViewAsync(await store.CreateAsync(command.CentreId, command.CommandId, command, cancellationToken), cancellationToken);

    public async ValueTask<MobileUnitView> Handle(UpdateMobileUnit command, CancellationToken cancellationToken) =>
        await store.MobileUnitViewAsync(await store.UpdateAsync(command.Id, command.ExpectedVersion, command, cancellationToken), cancellationToken);
}

/// <summary>Writes and reads annexes and mobile units: one audited transaction per change, then the centre grain is told.</summary>
internal sealed class OutpostStore(
    PremisesDbContext db, ICentreDirectory centres, IMunicipalityDirectory municipalities, ICurrentActor actor, TimeProvider clock, CentreChanges<PremisesDbContext> changes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<Guid?> CentreOfAsync(PremisesDbContext db, Guid id, CancellationToken ct) =>
        db.Outposts.Where(o => o.Id == id).Select(o => (Guid?)o.CentreId).FirstOrDefaultAsync(ct);

    public async Task<Outpost> CreateAsync(Guid centreId, Guid? commandId, OutpostInput input, CancellationToken ct)
    {
        _ = await centres.FindCentreAsync(centreId, ct) ?? throw PremisesErrors.NoSuchCentre();
        var now = clock.GetUtcNow();
        var id = commandId ?? Guid.CreateVersion7(now);
        if (await EarlierAsync(id, centreId, input, ct) is { } earlier)
        {
            return earlier;
        }

        var outpost = new Outpost { Id = id, CentreId = centreId, Kind = input.Kind, Name = "" };
        input.ApplyTo(outpost, () => Guid.CreateVersion7(now));
        outpost.UpdatedAt = now;
        db.Outposts.Add(outpost);
        Audit(outpost, AuditActions.Create, FilledFields(outpost), now);
        changes.Stage(centreId, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same command sent twice at once: the other one made it.
            db.ChangeTracker.Clear();
            return await EarlierAsync(id, centreId, input, ct) ?? throw new InvalidOperationException("A unique violation without an earlier outpost.");
        }

        await changes.DeliverAsync(centreId);
        return outpost;
    }

    public async Task<Outpost> UpdateAsync(Guid id, uint? expectedVersion, OutpostInput input, CancellationToken ct)
    {
        var outpost = await Load().FirstOrDefaultAsync(o => o.Id == id && o.Kind == input.Kind, ct) ?? throw PremisesErrors.NoSuchOutpost(input.Kind);
        if (outpost.Version != expectedVersion)
        {
            throw PremisesErrors.Stale();
        }

        var before = Snapshot(outpost);
        var now = clock.GetUtcNow();
        input.ApplyTo(outpost, () => Guid.CreateVersion7(now));
        var changed = Diff(before, Snapshot(outpost));
        if (changed.Count == 0)
        {
            return outpost;
        }

        // The parent row is written on every change, its areas' and visits' too, so its version moves with them.
        outpost.UpdatedAt = now;
        Audit(outpost, AuditActions.Update, changed, now);
        changes.Stage(outpost.CentreId, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw PremisesErrors.Stale();
        }

        await changes.DeliverAsync(outpost.CentreId);
        return outpost;
    }

    public IQueryable<Outpost> Load() => db.Outposts.Include(o => o.Areas).Include(o => o.Visits).AsSplitQuery();

    /// <summary>The outpost an earlier sending of this command made; the same id for something else is 409.</summary>
    private async Task<Outpost?> EarlierAsync(Guid id, Guid centreId, OutpostInput input, CancellationToken ct)
    {
        var earlier = await Load().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (earlier is null)
        {
            return null;
        }

        return earlier.CentreId == centreId && earlier.Kind == input.Kind && earlier.Name == GreekText.Normalize(input.Name)
            ? earlier
            : throw new ConflictException(new("Αυτό το commandId χρησιμοποιήθηκε ήδη για κάτι άλλο.", "This commandId was already used for something else."), "command-id-reused");
    }

    private void Audit(Outpost o, string action, IEnumerable<string> fields, DateTimeOffset now) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now, Actor = actor.UserName, ActorCentreId = actor.CentreId, Action = action,
            EntityType = o.Kind == OutpostKind.Annex ? "annex" : "mobile-unit", EntityId = o.Id.ToString(), Fields = [.. fields.Distinct(StringComparer.Ordinal)],
        });

    private static Dictionary<string, string> Snapshot(Outpost o) => new(StringComparer.Ordinal)
    {
        ["name"] = o.Name, ["bodyId"] = $"{o.BodyId}", ["formerRomaSupportCentre"] = $"{o.FormerRomaSupportCentre}",
        ["reasons"] = string.Join(',', o.Reasons), ["noEasyAccess"] = o.NoEasyAccess ?? "", ["municipalityId"] = $"{o.MunicipalityId}",
        ["address"] = $"{o.Street}|{o.PostalCode}|{o.City}", ["startDate"] = $"{o.StartDate}", ["endDate"] = $"{o.EndDate}",
        ["areas"] = JsonSerializer.Serialize(o.Areas.Select(a => new { a.MunicipalityId, a.Settlement }), Json),
        ["schedule"] = JsonSerializer.Serialize(o.Visits.Select(v => new { v.MunicipalityId, v.Settlement, v.Weekday, v.On, v.From, v.To }), Json),
    };

    private static List<string> Diff(Dictionary<string, string> before, Dictionary<string, string> after) =>
        [.. after.Where(kv => before[kv.Key] != kv.Value).Select(kv => kv.Key)];

    /// <summary>The fields a new outpost was given (the audit names fields, never values).</summary>
    private static IEnumerable<string> FilledFields(Outpost o) =>
        Snapshot(o).Where(kv => kv.Value.Length > 0 && kv.Value is not ("[]" or "False" or "||")).Select(kv => kv.Key);

    private async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Outpost> outposts, CancellationToken ct)
    {
        var ids = outposts.SelectMany(o => o.Areas.Select(a => a.MunicipalityId).Concat(o.Visits.Select(v => v.MunicipalityId)))
            .Concat(outposts.Where(o => o.MunicipalityId is not null).Select(o => o.MunicipalityId!.Value)).ToHashSet();
        return ids.Count == 0 ? new Dictionary<Guid, string>() : (await municipalities.FindCoverageAsync(ids, ct)).ToDictionary(m => m.Id, m => m.Name);
    }

    public async Task<AnnexView> AnnexViewAsync(Outpost o, CancellationToken ct) => OutpostViews.Annex(o, await NamesAsync([o], ct), GreekTime.Today(clock));

    public async Task<MobileUnitView> MobileUnitViewAsync(Outpost o, CancellationToken ct) => OutpostViews.MobileUnit(o, await NamesAsync([o], ct), GreekTime.Today(clock));

    public async Task<CentreOutpostsView> CentreViewAsync(IReadOnlyList<Outpost> outposts, CancellationToken ct)
    {
        var names = await NamesAsync(outposts, ct);
        var today = GreekTime.Today(clock);
        return new CentreOutpostsView(
            [.. outposts.Where(o => o.Kind == OutpostKind.Annex).Select(o => OutpostViews.Annex(o, names, today))],
            [.. outposts.Where(o => o.Kind == OutpostKind.MobileUnit).Select(o => OutpostViews.MobileUnit(o, names, today))]);
    }
}
