using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features;

/// <summary>
/// Remembers municipalities and bodies once seen: every registration checks both, and neither is ever
/// deleted, so a positive answer stays true. A miss always asks the database (a body added a moment ago counts).
/// </summary>
internal sealed class KnownRecords
{
    private readonly ConcurrentDictionary<Guid, byte> _municipalities = new();
    private readonly ConcurrentDictionary<Guid, byte> _bodies = new();

    public Task<bool> MunicipalityExistsAsync(RegistriesDbContext db, Guid? id, CancellationToken ct) =>
        ExistsAsync(_municipalities, id, i => db.Municipalities.AnyAsync(m => m.Id == i, ct));

    public Task<bool> BodyExistsAsync(RegistriesDbContext db, Guid? id, CancellationToken ct) =>
        ExistsAsync(_bodies, id, i => db.Bodies.AnyAsync(b => b.Id == i, ct));

    private static async Task<bool> ExistsAsync(ConcurrentDictionary<Guid, byte> known, Guid? id, Func<Guid, Task<bool>> ask)
    {
        if (id is not { } value || known.ContainsKey(value))
        {
            return true;
        }

        if (!await ask(value))
        {
            return false;
        }

        known.TryAdd(value, 0);
        return true;
    }
}
