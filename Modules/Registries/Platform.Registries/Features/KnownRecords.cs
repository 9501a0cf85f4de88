using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features;

/// <summary>
/// Remembers municipalities and bodies once seen: every registration checks both, and neither is ever
/// deleted, so a positive answer stays true. A miss always asks the database (a body added a moment ago counts),
/// in a scope of its own, so the validators that ask need no database context and are built once.
/// </summary>
internal sealed class KnownRecords(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<Guid, byte> _municipalities = new();
    private readonly ConcurrentDictionary<Guid, byte> _bodies = new();

    public Task<bool> MunicipalityExistsAsync(Guid? id, CancellationToken ct) =>
        ExistsAsync(_municipalities, id, (db, i) => db.Municipalities.AnyAsync(m => m.Id == i, ct));

    public Task<bool> BodyExistsAsync(Guid? id, CancellationToken ct) =>
        ExistsAsync(_bodies, id, (db, i) => db.Bodies.AnyAsync(b => b.Id == i, ct));

    private async Task<bool> ExistsAsync(ConcurrentDictionary<Guid, byte> known, Guid? id, Func<RegistriesDbContext, Guid, Task<bool>> ask)
    {
        if (id is not { } value || known.ContainsKey(value))
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        if (!await ask(scope.ServiceProvider.GetRequiredService<RegistriesDbContext>(), value))
        {
            return false;
        }

        known.TryAdd(value, 0);
        return true;
    }
}
