using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.Registries.Contracts;
using Platform.Supervision.Features.Deadlines;
using Platform.Supervision.Features.OperatingRegulation;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.Oversight;

/// <summary>
/// A centre as its supervisors see it (R20–R23): who controls it, since when it operates, its regulation, the annual
/// reports filed and the deadlines still open.
/// </summary>
internal sealed record GetCentreOversight(Guid CentreId) : IQuery<CentreOversightView>;

internal sealed record AnnualReportFiledView(int Year, DateOnly FiledOn, string ProtocolNumber);

internal sealed record CentreOversightView(
    Guid CentreId, string CentreName, ControllersView Controllers, DateOnly? OperationStartedOn, uint? OperationStartVersion,
    RegulationView Regulation, IReadOnlyList<AnnualReportFiledView> AnnualReports, IReadOnlyList<DeadlineView> OpenDeadlines);

internal sealed class GetCentreOversightHandler(SupervisionDbContext db, ICentreDirectory centres, IMunicipalityDirectory municipalities, ISender sender)
    : IQueryHandler<GetCentreOversight, CentreOversightView>
{
    public async ValueTask<CentreOversightView> Handle(GetCentreOversight query, CancellationToken cancellationToken)
    {
        var centre = await centres.FindCentreAsync(query.CentreId, cancellationToken) ?? throw SupervisionErrors.NoSuchCentre();
        var controllers = await GetControllersHandler.ForAsync(municipalities, centre.MunicipalityId, cancellationToken);
        var start = await db.Oversight.AsNoTracking().FirstOrDefaultAsync(o => o.CentreId == centre.Id, cancellationToken);
        var reports = await db.AnnualReportFilings.AsNoTracking().Where(f => f.CentreId == centre.Id).OrderByDescending(f => f.Year)
            .Select(f => new AnnualReportFiledView(f.Year, f.FiledOn, f.ProtocolNumber)).ToListAsync(cancellationToken);
        var regulation = await sender.Send(new GetRegulation(centre.Id), cancellationToken);
        var deadlines = await sender.Send(new ListDeadlines("3650d", centre.Id), cancellationToken);
        return new CentreOversightView(centre.Id, centre.Name, controllers, start?.OperationStartedOn, start?.Version, regulation, reports, deadlines);
    }
}
