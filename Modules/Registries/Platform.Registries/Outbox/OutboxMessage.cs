namespace Platform.Registries.Outbox;

/// <summary>
/// A file event written in the same transaction as the change it reports, so the beneficiary's
/// grain gets it even if the process dies right after the commit. Deleted once the grain has it.
/// </summary>
internal sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public Guid BeneficiaryId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The <see cref="Contracts.FileEvent"/> as JSON.</summary>
    public required string Payload { get; init; }
    public int Attempts { get; set; }
}
