namespace Platform.Bench.Data;

/// <summary>
/// Picks items by rank with Zipf weights (rank r, from 1, weighs 1 / (r + offset)^exponent): a few very common
/// names and a long tail. An offset continues the ranks of another list (a tail after its head).
/// </summary>
internal sealed class Zipf<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public Zipf(IReadOnlyList<T> items, double exponent, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfZero(items.Count);
        _items = [.. items];
        _cumulative = new double[_items.Length];
        var sum = 0.0;
        for (var r = 0; r < _items.Length; r++)
        {
            sum += 1.0 / Math.Pow(r + 1 + offset, exponent);
            _cumulative[r] = sum;
        }
    }

    public int Count => _items.Length;

    /// <summary>The share of picks the item of this (0-based) rank gets.</summary>
    public double Share(int rank) => (_cumulative[rank] - (rank == 0 ? 0 : _cumulative[rank - 1])) / _cumulative[^1];

    public T Next(Random rng)
    {
        var x = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        return _items[Math.Min(i < 0 ? ~i : i, _items.Length - 1)];
    }
}
