using Platform.Referrals.Processes;
using Platform.Registries.Contracts;
using Platform.Workflows.Definitions;
using Platform.Workflows.Outbox;
using Platform.Workflows.Queries;
using System.Text.Json;

namespace Platform.Referrals.Centres;

/// <summary>The centre's workload, counted from the workflow rows each step commits.</summary>
internal sealed class ReferralWorkloadSource(IWorkflowReports reports) : ICentreWorkloadSource
{
    public async Task<CentreWorkload> GetAsync(Guid centreId, CancellationToken cancellationToken)
    {
        var workload = (await reports.WorkloadAsync(centreId, cancellationToken)).ToDictionary(w => w.Definition, StringComparer.Ordinal);
        WorkloadFigures? Of(string definition) => workload.GetValueOrDefault(definition);
        var referrals = Of(ReferralProcess.ProcessName);
        var plans = Of(FollowUpPlanProcess.ProcessName);
        return new CentreWorkload(
            referrals?.Open ?? 0,
            referrals?.ByState.GetValueOrDefault(nameof(ReferralState.WaitingList)) ?? 0,
            plans?.Open ?? 0,
            plans?.ByState.GetValueOrDefault(nameof(FollowUpState.ReviewDue)) ?? 0,
            Of(AssistedApplicationProcess.ProcessName)?.Open ?? 0,
            workload.Values.Sum(w => w.Overdue),
            workload.Values.Sum(w => w.NeedAttention));
    }
}

/// <summary>A referral, plan or application changed state (committed): the centre grain recounts its workload.</summary>
internal sealed class CentreWorkloadHandler(IGrainFactory grains) : IWorkflowEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Handles(string type) => type == WorkflowEvents.StateChanged;

    public async Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken ct)
    {
        var change = JsonSerializer.Deserialize<WorkflowEvents.StateChangedPayload>(workflowEvent.Payload, Json)!;
        if (change.CentreId is { } centre)
        {
            await grains.GetGrain<ICentreGrain>(centre).WorkloadChanged();
        }
    }
}
