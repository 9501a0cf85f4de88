using Platform.BuildingBlocks.Outbox;
using Platform.Registries.Contracts;

namespace Platform.Registries.Grains;

/// <summary>What the modules' centre-change relays call: the centre grain recomputes from every source.</summary>
internal sealed class CentreGrainNotifier(IGrainFactory grains) : ICentreChangeNotifier
{
    public Task NotifyAsync(Guid centreId) => grains.GetGrain<ICentreGrain>(centreId).Recompute();
}
