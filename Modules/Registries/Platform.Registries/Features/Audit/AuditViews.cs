using System.Globalization;
using System.Net;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Http;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Paging;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Features.Beneficiaries;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Audit;

internal sealed record AuditRow(long Id, DateTimeOffset At, string Actor, Guid? ActorCentreId, string? ActorCentreName, string Action, string EntityType, string EntityId, string[] Fields);

/// <summary>
/// The audit, filtered (issue 4): by time, user, act and file. A supervisor sees the rows of their area (acts by its
/// centres' staff, and acts on files of its centres); a centre head those of their centre.
/// </summary>
internal sealed record SearchAudit(
    DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, Guid? BeneficiaryId, Guid? CentreId, int Page = 1, int PageSize = 50)
    : IQuery<Page<AuditRow>>;

internal sealed class SearchAuditValidator : AbstractValidator<SearchAudit>
{
    public SearchAuditValidator()
    {
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("Το «έως» είναι πριν το «από».", "'To' is before 'from'.");
        RuleFor(x => x.Actor).MaximumLength(100).WithMessage("Έως 100 χαρακτήρες.", "At most 100 characters.");
        RuleFor(x => x.Page).InclusiveBetween(1, Page<AuditRow>.MaxPageNumber).WithMessage("Σελίδα 1–100.000.", "Page 1–100,000.");
        RuleFor(x => x.PageSize).InclusiveBetween(1, Page<AuditRow>.MaxPageSize).WithMessage("Μέγεθος σελίδας 1–200.", "Page size 1–200.");
    }
}

/// <summary>"Who looked at my file" (GDPR art. 15): every read and change of one person's file, by whom, from which centre, when.</summary>
internal sealed record GetAccessReport(Guid BeneficiaryId) : IQuery<AccessReport>;

internal sealed record AccessReport(Guid BeneficiaryId, string Surname, string FirstName, DateOnly BirthDate, DateTimeOffset GeneratedAt, IReadOnlyList<AuditRow> Entries);

internal sealed class AuditHandlers(RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, ILogger<Refusals> logger)
    : IQueryHandler<SearchAudit, Page<AuditRow>>, IQueryHandler<GetAccessReport, AccessReport>
{
    public async ValueTask<Page<AuditRow>> Handle(SearchAudit query, CancellationToken cancellationToken)
    {
        var (skip, take) = Page<AuditRow>.Window(query.Page, query.PageSize);
        var rows = Filtered(query);
        var total = await rows.LongCountAsync(cancellationToken);
        var items = await Project(rows.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(skip).Take(take)).ToListAsync(cancellationToken);
        return new Page<AuditRow>(items, query.Page, take, total);
    }

    /// <summary>The rows of the list, filtered and scoped (the CSV export streams the same rows, newest first).</summary>
    public IQueryable<AuditEntry> Filtered(SearchAudit query)
    {
        var rows = Scoped(db.AuditLog.AsNoTracking());
        if (query.From is { } from) rows = rows.Where(a => a.At >= from);
        if (query.To is { } to) rows = rows.Where(a => a.At <= to);
        if (!string.IsNullOrWhiteSpace(query.Actor)) rows = rows.Where(a => a.Actor == query.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(query.Action)) rows = rows.Where(a => a.Action == query.Action.Trim());
        if (query.CentreId is { } centre) rows = rows.Where(a => a.ActorCentreId == centre);
        if (query.BeneficiaryId is { } id)
        {
            var key = id.ToString();
            rows = rows.Where(a => a.EntityType == FileChanges.EntityType && a.EntityId == key);
        }
        return rows;
    }

    public async ValueTask<AccessReport> Handle(GetAccessReport query, CancellationToken cancellationToken)
    {
        var person = await db.Beneficiaries.AsNoTracking().Visible(db, actor).Where(b => b.Id == query.BeneficiaryId)
            .Select(b => new { b.Surname, b.FirstName, b.BirthDate }).FirstOrDefaultAsync(cancellationToken)
            ?? throw await BeneficiaryAccess.RefuseAsync(db, actor, logger, clock, query.BeneficiaryId, "access-report", cancellationToken);
        var key = query.BeneficiaryId.ToString();
        var entries = await Project(db.AuditLog.AsNoTracking().Where(a => a.EntityType == FileChanges.EntityType && a.EntityId == key)
            .OrderBy(a => a.At).ThenBy(a => a.Id)).ToListAsync(cancellationToken);
        // Printing the report shows the person's data: it is itself a read of the file.
        FileChanges.AuditRead(db, actor, clock.GetUtcNow(), query.BeneficiaryId, "access-report");
        await db.SaveChangesAsync(cancellationToken);
        return new AccessReport(query.BeneficiaryId, person.Surname, person.FirstName, person.BirthDate, clock.GetUtcNow(), entries);
    }

    /// <summary>The rows within the actor's scope: acts by staff of centres in scope, and acts on files in scope.</summary>
    private IQueryable<AuditEntry> Scoped(IQueryable<AuditEntry> rows)
    {
        var files = db.Beneficiaries.Visible(db, actor).Select(b => b.Id.ToString());
        if (actor.IsInRole(PlatformRoles.Supervisor))
        {
            var bodies = BeneficiaryAccess.BodiesInArea(db, actor);
            return rows.Where(a => bodies.Contains(a.ActorCentreId) || (a.EntityType == FileChanges.EntityType && files.Contains(a.EntityId)));
        }

        var own = actor.CentreId;
        return rows.Where(a => (own != null && a.ActorCentreId == own) || (a.EntityType == FileChanges.EntityType && files.Contains(a.EntityId)));
    }

    public IQueryable<AuditRow> Project(IQueryable<AuditEntry> rows) =>
        from a in rows
        join c in db.Bodies on a.ActorCentreId equals c.Id into centres
        from c in centres.DefaultIfEmpty()
        select new AuditRow(a.Id, a.At, a.Actor, a.ActorCentreId, c == null ? null : c.Name, a.Action, a.EntityType, a.EntityId, a.Fields);
}

internal static class AuditEndpoints
{
    public static void Map(IEndpointRouteBuilder registries, RouteGroupBuilder beneficiaries)
    {
        registries.MapGet("/audit", async ([AsParameters] SearchAudit query, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(query, ct)))
            .RequireAuthorization(PlatformPolicies.ReadAudit)
            .WithTags("Audit").WithName("SearchAudit")
            .WithSummary("Who read or changed what, when, from which centre; filters by time, user, act, file and centre (supervisors: their area)")
            .Produces<Page<AuditRow>>().ProducesValidationProblem();
        registries.MapGet("/audit/export.csv", async ([AsParameters] SearchAudit query, AuditHandlers audit, IEnumerable<IValidator<SearchAudit>> validators,
                CancellationToken ct) =>
            {
                await validators.ValidateOrThrowAsync(query with { Page = 1, PageSize = 1 }, ct);
                var rows = audit.Filtered(query);
                var total = await rows.LongCountAsync(ct);
                var culture = CultureInfo.CurrentUICulture;
                string T(string el, string en) => culture.TwoLetterISOLanguageName == "en" ? en : el;
                var lines = audit.Project(rows.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)).AsAsyncEnumerable()
                    .Select(r => (IReadOnlyList<string?>)[CsvExport.Time(r.At), r.Actor, r.ActorCentreName ?? r.ActorCentreId?.ToString(), r.Action,
                        r.EntityType, r.EntityId, string.Join(", ", r.Fields)]);
                string[] filters = [.. new (string Name, bool Set)[]
                {
                    ("from", query.From is not null), ("to", query.To is not null), ("actor", !string.IsNullOrWhiteSpace(query.Actor)),
                    ("action", !string.IsNullOrWhiteSpace(query.Action)), ("beneficiaryId", query.BeneficiaryId is not null), ("centreId", query.CentreId is not null),
                }.Where(f => f.Set).Select(f => f.Name)];
                return CsvExport.Stream(T("αρχείο-πρόσβασης", "access-audit") + ".csv",
                    [T("Πότε", "When"), T("Χρήστης", "User"), T("Δομή", "Centre"), T("Ενέργεια", "Act"), T("Είδος", "Kind"), T("Κωδικός", "Id"), T("Τι", "What")],
                    total, lines, "audit", filters);
            })
            .RequireAuthorization(PlatformPolicies.ReadAudit)
            .WithTags("Audit").WithName("ExportAudit")
            .WithSummary("The audit list with the same filters and scope, as CSV for Excel (UTF-8 with BOM, ';'); X-Total-Rows gives the count")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        beneficiaries.MapGet("/{id:guid}/access-report", async (Guid id, string? format, ISender sender, CancellationToken ct) =>
            {
                var report = await sender.Send(new GetAccessReport(id), ct);
                return string.Equals(format, "html", StringComparison.OrdinalIgnoreCase)
                    ? Results.Content(AccessReportHtml.Render(report, CultureInfo.CurrentUICulture), "text/html; charset=utf-8")
                    : Results.Ok(report);
            })
            .RequireAuthorization(PlatformPolicies.ReadBeneficiaries)
            .WithName("GetAccessReport")
            .WithSummary("'Who looked at my file' for one person (GDPR right of access); ?format=html gives a printable page (audited read)")
            .Produces<AccessReport>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>The report as a page to print and hand to the person: no script, print-friendly, in their language.</summary>
internal static class AccessReportHtml
{
    public static string Render(AccessReport r, CultureInfo culture)
    {
        var en = culture.TwoLetterISOLanguageName == "en";
        var athens = TimeZoneInfo.FindSystemTimeZoneById("Europe/Athens");
        string T(string el, string english) => WebUtility.HtmlEncode(en ? english : el);
        string Act(string action) => action switch
        {
            AuditActions.Read => T("ανάγνωση", "read"),
            AuditActions.Create => T("εγγραφή", "registration"),
            AuditActions.Update => T("αλλαγή", "change"),
            AuditActions.Search => T("αναζήτηση", "search"),
            BeneficiaryAccess.Refused => T("άρνηση πρόσβασης", "access refused"),
            _ => WebUtility.HtmlEncode(action),
        };
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html><html lang="{(en ? "en" : "el")}"><head><meta charset="utf-8">
            <title>{T("Ποιος είδε τον φάκελό μου", "Who looked at my file")}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;margin:2rem;color:#111{"}"}table{"{"}border-collapse:collapse;width:100%{"}"}
            th,td{"{"}border:1px solid #999;padding:.3rem .5rem;text-align:left;font-size:.9rem{"}"}th{"{"}background:#eee{"}"}
            @media print{"{"}body{"{"}margin:0{"}"}{"}"}</style></head><body>
            <h1>{T("Ποιος είδε τον φάκελό μου", "Who looked at my file")}</h1>
            <p>{T("Ωφελούμενος", "Beneficiary")}: <strong>{WebUtility.HtmlEncode(r.Surname)} {WebUtility.HtmlEncode(r.FirstName)}</strong>,
            {T("γέννηση", "born")} {r.BirthDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}<br>
            {T("Συντάχθηκε", "Produced")}: {TimeZoneInfo.ConvertTime(r.GeneratedAt, athens).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}
            ({T("ώρα Ελλάδας", "Greek time")}) — {T("άρθρο 15 ΓΚΠΔ", "GDPR article 15")}</p>
            <table><thead><tr><th>{T("Πότε", "When")}</th><th>{T("Χρήστης", "User")}</th><th>{T("Δομή", "Centre")}</th>
            <th>{T("Ενέργεια", "Act")}</th><th>{T("Τι", "What")}</th></tr></thead><tbody>
            """);
        foreach (var e in r.Entries)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{TimeZoneInfo.ConvertTime(e.At, athens).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)}</td>
                <td>{WebUtility.HtmlEncode(e.Actor)}</td><td>{WebUtility.HtmlEncode(e.ActorCentreName ?? "—")}</td>
                <td>{Act(e.Action)}</td><td>{WebUtility.HtmlEncode(string.Join(", ", e.Fields))}</td></tr>
                """);
        }

        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }
}
