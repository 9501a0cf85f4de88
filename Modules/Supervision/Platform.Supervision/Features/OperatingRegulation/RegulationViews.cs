using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Platform.Registries.Contracts;
using Platform.Supervision.Domain;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.OperatingRegulation;

internal sealed record DocumentView(string FileName, string ContentType, long Size, string Sha256);

internal sealed record RegulationVersionView(
    Guid Id, int Number, bool Initial, DateOnly AdoptedOn, string DecisionNumber, DateOnly? FiledOn, string? ProtocolNumber,
    string? Summary, DocumentView Document, DateTimeOffset RecordedAt, uint Version)
{
    public static RegulationVersionView From(RegulationVersion v, RegulationDocument d) => new(
        v.Id, v.Number, v.IsInitial, v.AdoptedOn, v.DecisionNumber, v.FiledOn, v.ProtocolNumber, v.Summary,
        new DocumentView(d.FileName, d.ContentType, d.Size, d.Sha256), v.RecordedAt, v.Version);
}

/// <summary>Every version, newest first; <see cref="InForce"/> is the latest adopted one.</summary>
internal sealed record RegulationView(Guid CentreId, int? InForce, IReadOnlyList<RegulationVersionView> Versions);

internal sealed record GetRegulation(Guid CentreId) : IQuery<RegulationView>;

internal sealed record GetRegulationDocument(Guid CentreId, int Number) : IQuery<RegulationDocument>;

internal sealed class RegulationQueries(SupervisionDbContext db, ICentreDirectory centres)
    : IQueryHandler<GetRegulation, RegulationView>, IQueryHandler<GetRegulationDocument, RegulationDocument>
{
    public async ValueTask<RegulationView> Handle(GetRegulation query, CancellationToken cancellationToken)
    {
        _ = await centres.FindCentreAsync(query.CentreId, cancellationToken) ?? throw SupervisionErrors.NoSuchCentre();
        var versions = await (
            from v in db.RegulationVersions.AsNoTracking()
            where v.CentreId == query.CentreId
            join d in db.RegulationDocuments on v.DocumentId equals d.Id
            orderby v.Number descending
            select new { v, d.FileName, d.ContentType, d.Size, d.Sha256 }).ToListAsync(cancellationToken);
        return new RegulationView(query.CentreId, versions.FirstOrDefault()?.v.Number,
            [.. versions.Select(x => new RegulationVersionView(x.v.Id, x.v.Number, x.v.IsInitial, x.v.AdoptedOn, x.v.DecisionNumber, x.v.FiledOn,
                x.v.ProtocolNumber, x.v.Summary, new DocumentView(x.FileName, x.ContentType, x.Size, x.Sha256), x.v.RecordedAt, x.v.Version))]);
    }

    public async ValueTask<RegulationDocument> Handle(GetRegulationDocument query, CancellationToken cancellationToken) =>
        await (from v in db.RegulationVersions.AsNoTracking()
               where v.CentreId == query.CentreId && v.Number == query.Number
               join d in db.RegulationDocuments on v.DocumentId equals d.Id
               select d).FirstOrDefaultAsync(cancellationToken)
            ?? throw SupervisionErrors.NoSuchVersion();

    /// <summary>A document's name, type, size and hash, without its bytes.</summary>
    public static Task<RegulationDocument> DescribeAsync(SupervisionDbContext db, Guid documentId, CancellationToken ct) =>
        db.RegulationDocuments.AsNoTracking().Where(d => d.Id == documentId)
            .Select(d => new RegulationDocument { Id = d.Id, FileName = d.FileName, ContentType = d.ContentType, Size = d.Size, Sha256 = d.Sha256, Content = Array.Empty<byte>() })
            .FirstAsync(ct);

    /// <summary>The PDF as filed, with its SHA-256 as the ETag and as Repr-Digest (RFC 9530) so the reader can check it.</summary>
    public static IResult File(RegulationDocument d, HttpContext http)
    {
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(d.Sha256))}:";
        return Results.File(d.Content, d.ContentType, d.FileName, entityTag: new EntityTagHeaderValue($"\"{d.Sha256}\""));
    }
}
