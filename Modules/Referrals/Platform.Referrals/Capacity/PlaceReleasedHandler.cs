using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Referrals.Processes;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;
using Platform.Workflows.Outbox;

namespace Platform.Referrals.Capacity;

/// <summary>
/// After a referral that held or waited for a place closes (committed), gives the place back to the structure
/// and tells every referral promoted from the waiting list that a place is theirs. At least once: releasing twice
/// changes nothing, and "place available" is fired with a command id fixed per referral, so it is applied once.
/// </summary>
internal sealed class PlaceReleasedHandler(IGrainFactory grains) : IWorkflowEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Handles(string type) => type == ReferralEvents.PlaceReleased;

    public async Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<ReferralEvents.PlaceReleasedPayload>(workflowEvent.Payload, Json)!;
        var structure = grains.GetGrain<IStructureCapacityGrain>(payload.StructureId);
        await structure.Release(payload.ReferralId);
        foreach (var promoted in await structure.PendingPromotions())
        {
            var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(promoted).Fire(new FireTrigger(
                PlaceAvailableCommand(promoted), nameof(ReferralTrigger.PlaceAvailable), null, null, WorkflowActor.System));
            if (outcome.Succeeded || outcome.Code is "instance-closed" or "trigger-not-permitted")
            {
                // told, or no longer waiting (withdrawn meanwhile: its own release frees the place again)
                await structure.Acknowledge(promoted);
            }
            else
            {
                throw new InvalidOperationException($"Referral {promoted} could not be told of its place: {outcome.Code}");
            }
        }
    }

    internal static Guid PlaceAvailableCommand(Guid referralId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("place-available:" + referralId.ToString("N")))[..16]);
}
