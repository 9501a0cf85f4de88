using Microsoft.EntityFrameworkCore;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features;

internal sealed class ReferralTargetDirectory(RegistriesDbContext db) : IReferralTargetDirectory
{
    public async Task<ReferralSubject?> FindBeneficiaryAsync(Guid beneficiaryId, CancellationToken cancellationToken) =>
        await db.Beneficiaries.AsNoTracking().Where(b => b.Id == beneficiaryId)
            .Select(b => new ReferralSubject(b.Id, b.CentreId, b.MunicipalityId))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<bool> HasSharingConsentAsync(Guid beneficiaryId, Guid? targetBodyId, CancellationToken cancellationToken) =>
        db.Consents.AsNoTracking().AnyAsync(c =>
            c.BeneficiaryId == beneficiaryId && c.Purpose == ConsentPurpose.SharingWithReferralTargets && c.WithdrawnAt == null
            && (c.BodyId == null || c.BodyId == targetBodyId), cancellationToken);

    public async Task<ReferralTarget?> FindProgrammeAsync(Guid programmeId, CancellationToken cancellationToken) =>
        await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId)
            .Select(p => new ReferralTarget(p.Id, "Programme", p.Name, p.OperatingBodyId, null, null, p.IsOpen, p.IsSocialSolidarityIncome))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<ReferralTarget?> FindBodyAsync(Guid bodyId, CancellationToken cancellationToken)
    {
        var body = await db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bodyId, cancellationToken);
        return body is null
            ? null
            : new ReferralTarget(body.Id, body.Kind.ToString(), body.Name, body.Id, body.Capacity, body.CapacityUnit?.ToString(), IsOpen: true, IsSocialSolidarityIncome: false);
    }

    public async Task<ReferralTarget?> FindSocialSolidarityIncomeAsync(CancellationToken cancellationToken) =>
        await db.Programmes.AsNoTracking().Where(p => p.IsSocialSolidarityIncome)
            .Select(p => new ReferralTarget(p.Id, "Programme", p.Name, p.OperatingBodyId, null, null, p.IsOpen, true))
            .FirstOrDefaultAsync(cancellationToken);
}
