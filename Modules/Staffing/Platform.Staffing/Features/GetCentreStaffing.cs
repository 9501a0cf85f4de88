using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Time;
using Platform.Registries.Contracts;
using Platform.Staffing.Domain;
using Platform.Staffing.Persistence;

namespace Platform.Staffing.Features;

/// <summary>A centre's team against the rules: who serves, how many are required (R12), who heads it (R13), what breaks now or soon.</summary>
internal sealed record GetCentreStaffing(Guid CentreId) : IQuery<CentreStaffingView>;

internal sealed record FindingView(string Rule, FindingSeverity Severity, DateOnly From, string Message);

internal sealed record CentreStaffingView(
    Guid CentreId, string CentreName, string Municipality, int Population, int RequiredTeamSize, int ServingToday,
    bool Compliant, IReadOnlyList<FindingView> Findings, IReadOnlyList<StaffMemberView> Team);

internal sealed class GetCentreStaffingHandler(StaffingDbContext db, ICentreDirectory centres, TimeProvider clock)
    : IQueryHandler<GetCentreStaffing, CentreStaffingView>
{
    public async ValueTask<CentreStaffingView> Handle(GetCentreStaffing query, CancellationToken cancellationToken)
    {
        var centre = await centres.FindCentreAsync(query.CentreId, cancellationToken) ?? throw StaffingErrors.NoSuchCentre();
        var team = await db.Staff.AsNoTracking().Where(s => s.CentreId == query.CentreId)
            .OrderByDescending(s => s.IsHead).ThenBy(s => s.StartDate).ToListAsync(cancellationToken);
        var today = GreekTime.Today(clock);
        var findings = StaffingRules.Evaluate(centre.Population, team, today);
        return new CentreStaffingView(
            centre.Id, centre.Name, centre.MunicipalityName, centre.Population, StaffingRules.RequiredTeamSize(centre.Population),
            team.Count(m => m.ServesOn(today)), !findings.Any(f => f.Severity == FindingSeverity.Breach),
            [.. findings.Select(f => new FindingView(f.Rule, f.Severity, f.From, f.Message))],
            [.. team.Select(StaffingErrors.View)]);
    }
}
