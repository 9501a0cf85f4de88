using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Http;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Persistence;
using Platform.Supervision.Features;
using Platform.Supervision.Features.AnnualReport;
using Platform.Supervision.Features.Deadlines;
using Platform.Supervision.Features.OperatingRegulation;
using Platform.Supervision.Features.Oversight;
using Platform.Supervision.Persistence;

namespace Platform.Supervision;

/// <summary>
/// The Supervision module (R20–R23): who controls each centre, its operating regulation with every version and
/// document, the annual operation report and the reminders before the filing deadlines.
/// </summary>
public static class SupervisionModule
{
    public static IServiceCollection AddSupervisionModule(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextPool<SupervisionDbContext>(o => o.UseModuleNpgsql(connectionString, SupervisionDbContext.Schema));
        services.AddValidatorsFromAssemblyContaining<SupervisionDbContext>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.Section)
            .Validate(o => { _ = o.AnnualReportDueDay(); return o.MaxDocumentBytes > 0 && o.ReminderLeadDays >= 0; }).ValidateOnStart();
        services.AddScoped<AnnualReportBuilder>();
        services.AddScoped<Contracts.IAnnualReportContributor, RegulationReportContributor>();
        services.AddSingleton<DeadlineRefresh>();
        services.AddHostedService<DeadlineSweep>();
        return services;
    }

    public static IEndpointRouteBuilder MapSupervisionModule(this IEndpointRouteBuilder app)
    {
        // Reading: centre roles and supervisors; under a centre, that centre within the caller's scope; changes: its head
        // or an administrator (a supervisor reads, never acts).
        var supervision = app.MapGroup("/api/supervision").WithTags("Supervision").RequireAuthorization(PlatformPolicies.ReadCentres);
        supervision.MapGet("/municipalities/{municipalityId:guid}/controllers", async (Guid municipalityId, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new GetControllers(municipalityId), ct)))
            .WithName("GetControllers")
            .WithSummary("Who controls the municipality's centres: operational (R20) and administrative/financial (R21), or the regional-unit seat's directorate when there is no social service (R22)")
            .Produces<ControllersView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        supervision.MapGet("/deadlines", async (string? within, Guid? centreId, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new ListDeadlines(within, centreId), ct)))
            .WithName("ListDeadlines")
            .WithSummary("Open R23 deadlines (regulation, amendments, annual report) due within ?within=30d, overdue included, with whether their reminder fired")
            .Produces<IReadOnlyList<DeadlineView>>().ProducesValidationProblem();

        var centre = supervision.MapGroup("/centres/{centreId:guid}").RequireCentreScope();
        centre.MapGet("/", async (Guid centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetCentreOversight(centreId), ct)))
            .WithName("GetCentreOversight").WithSummary("Controllers, start of operation, regulation, annual reports filed and open deadlines of a centre")
            .Produces<CentreOversightView>().ProducesProblem(StatusCodes.Status404NotFound);
        centre.MapPut("/operation-start", async (Guid centreId, SetOperationStart command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { CentreId = centreId }, ct)))
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("SetOperationStart").WithSummary("The day the centre started operating (R23 deadlines count from it); a correction sends expectedVersion")
            .Produces<OperationStartView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        MapRegulation(centre);
        MapAnnualReports(centre);
        return app;
    }

    private static void MapRegulation(RouteGroupBuilder centre)
    {
        centre.MapGet("/regulation", async (Guid centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetRegulation(centreId), ct)))
            .WithName("GetRegulation").WithSummary("Every version of the centre's operating regulation, newest first (R23)")
            .Produces<RegulationView>().ProducesProblem(StatusCodes.Status404NotFound);
        centre.MapPost("/regulation", async (Guid centreId, [FromForm] RegulationForm form, ISender sender, IOptions<SupervisionOptions> options, CancellationToken ct) =>
            {
                var view = await sender.Send(await form.ToCommandAsync(centreId, options.Value.MaxDocumentBytes, ct), ct);
                return Results.Created($"/api/supervision/centres/{centreId}/regulation/{view.Number}/document", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageCentres)
            // A multipart form: scripts post it with a bearer token (nothing to forge); a cookie-signed post needs the antiforgery token.
            .RequireAntiforgeryUnlessBearer()
            .WithName("RecordRegulationVersion")
            .WithSummary("Record the next version (1 at the start, then each amendment) with its decision and PDF (multipart/form-data, field 'document')")
            .Accepts<RegulationForm>("multipart/form-data")
            .Produces<RegulationVersionView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        centre.MapPost("/regulation/{number:int}/filing", async (Guid centreId, int number, RecordRegulationFiling command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { CentreId = centreId, Number = number }, ct)))
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("RecordRegulationFiling").WithSummary("Record the day and protocol number a version was filed with the ministry's directorate")
            .Produces<RegulationVersionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        centre.MapGet("/regulation/{number:int}/document", async (Guid centreId, int number, ISender sender, HttpContext http, CancellationToken ct) =>
                RegulationQueries.File(await sender.Send(new GetRegulationDocument(centreId, number), ct), http))
            .WithName("GetRegulationDocument").WithSummary("The version's PDF as filed; ETag and Repr-Digest carry its SHA-256")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapAnnualReports(RouteGroupBuilder centre)
    {
        var report = centre.MapGroup("/annual-reports/{year:int}");
        report.MapGet("/", async (Guid centreId, int year, ISender sender, CancellationToken ct) =>
                Results.Ok(AnnualReportRendering.View(await sender.Send(new GetAnnualReport(centreId, year), ct), CultureInfo.CurrentUICulture)))
            .WithName("GetAnnualReport")
            .WithSummary("The annual operation report generated from the data (R23); sections no module fills yet are marked not available")
            .Produces<AnnualReportView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("/export.csv", async (Guid centreId, int year, string? lang, ISender sender, CancellationToken ct) =>
            {
                var culture = Culture(lang);
                var data = await sender.Send(new GetAnnualReport(centreId, year), ct);
                return Results.File(AnnualReportRendering.Csv(data, culture), "text/csv; charset=utf-8",
                    AnnualReportRendering.FileName(year).For(culture) + ".csv");
            })
            .WithName("ExportAnnualReportCsv").WithSummary("The report as CSV for Excel (UTF-8 with BOM, ';'), Greek unless ?lang=en or Accept-Language: en")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("/print", async (Guid centreId, int year, string? lang, ISender sender, CancellationToken ct) =>
            {
                var culture = Culture(lang);
                return Results.Content(AnnualReportRendering.Html(await sender.Send(new GetAnnualReport(centreId, year), ct), culture), "text/html; charset=utf-8");
            })
            .WithName("PrintAnnualReport").WithSummary("The report as a printable page, Greek unless ?lang=en or Accept-Language: en")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        report.MapPost("/filing", async (Guid centreId, int year, FileAnnualReport command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command with { CentreId = centreId, Year = year }, ct);
                return Results.Created($"/api/supervision/centres/{centreId}/annual-reports/{year}/filing", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("FileAnnualReport").WithSummary("Record that a finished year's report was filed; the report is kept as it was then")
            .Produces<AnnualReportFilingView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        report.MapGet("/filing", async (Guid centreId, int year, ISender sender, CancellationToken ct) =>
            {
                var filed = await sender.Send(new GetAnnualReportFiling(centreId, year), ct);
                return Results.Ok(new { filed.Filing, Report = AnnualReportRendering.View(filed.Report, CultureInfo.CurrentUICulture) });
            })
            .WithName("GetAnnualReportFiling").WithSummary("The filing of a year's report and the report as filed")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>?lang= wins over Accept-Language (a printed page's link must not depend on the browser's setting).</summary>
    private static CultureInfo Culture(string? lang) => lang?.Trim().ToLowerInvariant() switch
    {
        "en" => CultureInfo.GetCultureInfo("en"),
        "el" => CultureInfo.GetCultureInfo("el-GR"),
        _ => CultureInfo.CurrentUICulture,
    };

    public static Task MigrateSupervisionAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateModuleAsync<SupervisionDbContext>(ct);
}
