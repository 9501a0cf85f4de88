using Microsoft.Extensions.DependencyInjection;
using Platform.Registries.Contracts;

namespace Platform.Referrals.Capacity;

/// <summary>
/// The live places of one structure with capacity (a night shelter's beds, a ΚΔΗΦ/ΚΗΦΗ's places, a grocery's,
/// soup kitchen's or pharmacy's quota), keyed by the body's id. One writer at a time, so two referrals racing
/// for the last place cannot both get it; the places taken never exceed the capacity the registry gives.
/// Every call is idempotent per referral: a retried step gets the same answer.
/// </summary>
internal interface IStructureCapacityGrain : IGrainWithGuidKey
{
    /// <summary>A place for this referral, or a position on the waiting list.</summary>
    Task<PlaceOutcome> TryTake(Guid referralId);

    /// <summary>The referral no longer needs its place or its position; the first waiting referral is promoted into a freed place.</summary>
    Task Release(Guid referralId);

    /// <summary>Referrals promoted into a place whose instance has not yet been told; the outbox handler tells them and acknowledges.</summary>
    Task<IReadOnlyList<Guid>> PendingPromotions();

    Task Acknowledge(Guid referralId);

    Task<CapacityFigures> GetFigures();
}

[GenerateSerializer, Immutable]
internal sealed record PlaceOutcome([property: Id(0)] bool Taken, [property: Id(1)] int WaitingPosition);

[GenerateSerializer, Immutable]
internal sealed record CapacityFigures(
    [property: Id(0)] Guid StructureId,
    [property: Id(1)] int Capacity,
    [property: Id(2)] int Taken,
    [property: Id(3)] int Free,
    [property: Id(4)] int Waiting,
    [property: Id(5)] string? Unit);

[GenerateSerializer]
internal sealed class CapacityState
{
    [Id(0)] public List<Guid> Holders { get; set; } = [];
    [Id(1)] public List<Guid> Waiting { get; set; } = [];
    [Id(2)] public List<Guid> Promoted { get; set; } = [];
    [Id(3)] public HashSet<Guid> Released { get; set; } = [];
}

internal sealed class StructureCapacityGrain(
    [PersistentState("capacity")] IPersistentState<CapacityState> state,
    IServiceScopeFactory scopes) : Grain, IStructureCapacityGrain
{
    private int _capacity;
    private string? _unit;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await RefreshCapacityAsync(cancellationToken);

    public async Task<PlaceOutcome> TryTake(Guid referralId)
    {
        var s = state.State;
        if (s.Holders.Contains(referralId))
        {
            return new PlaceOutcome(true, 0);
        }
        if (s.Waiting.IndexOf(referralId) is var position and >= 0)
        {
            return new PlaceOutcome(false, position + 1);
        }
        if (s.Released.Contains(referralId))
        {
            // a late retry of a referral that already gave its place back must not take one again
            return new PlaceOutcome(false, 0);
        }
        await RefreshCapacityAsync(CancellationToken.None);
        if (s.Holders.Count < _capacity)
        {
            s.Holders.Add(referralId);
            await state.WriteStateAsync();
            return new PlaceOutcome(true, 0);
        }
        s.Waiting.Add(referralId);
        await state.WriteStateAsync();
        return new PlaceOutcome(false, s.Waiting.Count);
    }

    public async Task Release(Guid referralId)
    {
        var s = state.State;
        var changed = s.Holders.Remove(referralId) | s.Waiting.Remove(referralId) | s.Promoted.Remove(referralId);
        changed |= s.Released.Add(referralId);
        await RefreshCapacityAsync(CancellationToken.None);
        while (s.Holders.Count < _capacity && s.Waiting.Count > 0)
        {
            var next = s.Waiting[0];
            s.Waiting.RemoveAt(0);
            s.Holders.Add(next);
            s.Promoted.Add(next);
            changed = true;
        }
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<Guid>> PendingPromotions() => Task.FromResult<IReadOnlyList<Guid>>([.. state.State.Promoted]);

    public async Task Acknowledge(Guid referralId)
    {
        if (state.State.Promoted.Remove(referralId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<CapacityFigures> GetFigures()
    {
        await RefreshCapacityAsync(CancellationToken.None);
        var s = state.State;
        return new CapacityFigures(this.GetPrimaryKey(), _capacity, s.Holders.Count, Math.Max(0, _capacity - s.Holders.Count), s.Waiting.Count, _unit);
    }

    /// <summary>The registry is the source of the capacity (a body's record can change); a lowered capacity frees no held place.</summary>
    private async Task RefreshCapacityAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var target = await scope.ServiceProvider.GetRequiredService<IReferralTargetDirectory>().FindBodyAsync(this.GetPrimaryKey(), ct);
        _capacity = target?.Capacity ?? 0;
        _unit = target?.CapacityUnit;
    }
}
