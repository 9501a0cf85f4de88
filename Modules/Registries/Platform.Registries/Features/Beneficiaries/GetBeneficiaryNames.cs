using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// "Surname Firstname" of the given people, for lists that name whom a task is about (the inbox, a process's page).
/// Only people within the actor's scope and only for roles that may read files: the rest are simply absent.
/// Names only (no file content), so not audited as a file read.
/// </summary>
internal sealed record GetBeneficiaryNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>;

internal sealed class GetBeneficiaryNamesHandler(RegistriesDbContext db, ICurrentActor actor)
    : IQueryHandler<GetBeneficiaryNames, IReadOnlyDictionary<Guid, string>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetBeneficiaryNames query, CancellationToken cancellationToken)
    {
        if (query.Ids.Count == 0 || !actor.Allows(PlatformPolicies.ReadBeneficiaries))
        {
            return new Dictionary<Guid, string>();
        }
        var ids = query.Ids.Distinct().Take(500).ToArray();
        return await db.Beneficiaries.AsNoTracking().Visible(db, actor).Where(b => ids.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Surname + " " + b.FirstName, cancellationToken);
    }
}
