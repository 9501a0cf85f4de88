using Microsoft.EntityFrameworkCore;
using Platform.Premises.Domain;
using Platform.Premises.Persistence;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features;

/// <summary>The premises verdict on a centre (R15–R16), for the centre grain.</summary>
internal sealed class PremisesCompliance(PremisesDbContext db) : ICentreComplianceSource
{
    public async Task<ComplianceSummary> EvaluateAsync(CentreIdentity centre, CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().Include(s => s.Spaces).Where(s => s.CentreId == centre.Id).ToListAsync(cancellationToken);
        var breaches = PremisesRules.Evaluate(sites).Where(f => f.Severity == PremisesSeverity.Breach).ToList();
        return new ComplianceSummary("premises", breaches.Count == 0, breaches.Count, [.. breaches.Select(b => b.Rule).Distinct()]);
    }
}
