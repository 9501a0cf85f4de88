using Microsoft.AspNetCore.Http;

namespace Platform.Supervision.Features.OperatingRegulation;

/// <summary>The multipart form of a regulation version: its fields and the PDF in <see cref="Document"/>.</summary>
internal sealed class RegulationForm
{
    public Guid? CommandId { get; set; }
    public DateOnly? AdoptedOn { get; set; }
    public string? DecisionNumber { get; set; }
    public DateOnly? FiledOn { get; set; }
    public string? ProtocolNumber { get; set; }
    public string? Summary { get; set; }
    public string? Sha256 { get; set; }
    public IFormFile? Document { get; set; }

    /// <summary>Reads the document unless it is over the limit (the validator then refuses it by its declared length).</summary>
    public async Task<RecordRegulationVersion> ToCommandAsync(Guid centreId, int maxBytes, CancellationToken ct)
    {
        UploadedDocument? document = null;
        if (Document is { } file)
        {
            byte[]? content = null;
            if (file.Length <= maxBytes)
            {
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }

            document = new UploadedDocument(file.FileName, file.ContentType, file.Length, content);
        }

        return new RecordRegulationVersion
        {
            CentreId = centreId, CommandId = CommandId, AdoptedOn = AdoptedOn, DecisionNumber = DecisionNumber, FiledOn = FiledOn,
            ProtocolNumber = ProtocolNumber, Summary = Summary, Sha256 = Sha256, Document = document,
        };
    }
}
