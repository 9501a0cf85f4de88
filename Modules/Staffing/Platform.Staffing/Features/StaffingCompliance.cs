using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Time;
using Platform.Registries.Contracts;
using Platform.Staffing.Domain;
using Platform.Staffing.Persistence;

namespace Platform.Staffing.Features;

/// <summary>The staffing verdict on a centre (R12–R13), for the centre grain.</summary>
internal sealed class StaffingCompliance(StaffingDbContext db, TimeProvider clock) : ICentreComplianceSource
{
    public async Task<ComplianceSummary> EvaluateAsync(CentreIdentity centre, CancellationToken cancellationToken)
    {
        var team = await db.Staff.AsNoTracking().Where(s => s.CentreId == centre.Id).ToListAsync(cancellationToken);
        var breaches = StaffingRules.Evaluate(centre.Population, team, GreekTime.Today(clock)).Where(f => f.Severity == FindingSeverity.Breach).ToList();
        return new ComplianceSummary("staffing", breaches.Count == 0, breaches.Count, [.. breaches.Select(b => b.Rule).Distinct()]);
    }
}
