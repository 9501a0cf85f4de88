using Platform.BuildingBlocks.Identifiers;

namespace Platform.Bench.Data;

/// <summary>
/// Hands out unique, valid ΑΜΚΑ and ΑΦΜ, thread-safe. ΑΜΚΑ = birth date + a serial kept per birth date;
/// ΑΦΜ = a payload from a counter. The generator uses serials 0–4999 and ΑΦΜ payloads 10 000 000–89 999 999;
/// registrations during the bench use serials 5000–9999 and payloads from 90 000 000 up, each run past
/// the highest one already stored, so a run never collides with the data or with an earlier run.
/// </summary>
internal sealed class IdentifierAllocator
{
    public static readonly DateOnly FirstBirthDate = new(1930, 1, 1);
    public static readonly DateOnly LastBirthDate = new(2010, 12, 31);

    public const int GeneratorLastSerial = 4999;
    public const int FreshFirstSerial = 5000;
    public const int FreshFirstAfmPayload = 90_000_000;

    private readonly int[] _nextSerial;
    private readonly int _lastSerial;
    private readonly Func<long, int> _afmPayload;
    private long _afmCounter;

    private IdentifierAllocator(int firstSerial, int lastSerial, Func<long, int> afmPayload)
    {
        _nextSerial = new int[LastBirthDate.DayNumber - FirstBirthDate.DayNumber + 1];
        Array.Fill(_nextSerial, firstSerial);
        _lastSerial = lastSerial;
        _afmPayload = afmPayload;
    }

    /// <summary>For the bulk load: serials 0–4999, ΑΦΜ payloads spread over 10 000 000–89 999 999 (7919 is prime to 80 000 000, so no repeats).</summary>
    public static IdentifierAllocator ForGenerator() =>
        new(0, GeneratorLastSerial, i => 10_000_000 + (int)(i * 7919 % 80_000_000));

    /// <summary>For rows written while the bench runs: serials from <paramref name="firstSerial"/> (≥ 5000), payloads from <paramref name="firstAfmPayload"/> (≥ 90 000 000).</summary>
    public static IdentifierAllocator Fresh(int firstSerial, int firstAfmPayload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSerial, FreshFirstSerial);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstAfmPayload, FreshFirstAfmPayload);
        return new(firstSerial, 9999, i => checked(firstAfmPayload + (int)i));
    }

    public string Amka(DateOnly birth)
    {
        var serial = Interlocked.Increment(ref _nextSerial[birth.DayNumber - FirstBirthDate.DayNumber]) - 1;
        if (serial > _lastSerial)
        {
            throw new InvalidOperationException($"No ΑΜΚΑ serial left for {birth:yyyy-MM-dd} (last {_lastSerial}).");
        }

        return BuildingBlocks.Identifiers.Amka.Compute(birth, serial);
    }

    public string Afm()
    {
        var payload = _afmPayload(Interlocked.Increment(ref _afmCounter) - 1);
        if (payload > 99_999_999)
        {
            throw new InvalidOperationException("No ΑΦΜ payload left.");
        }

        return BuildingBlocks.Identifiers.Afm.Compute(payload);
    }
}
