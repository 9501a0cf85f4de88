using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Platform.BuildingBlocks.Identifiers;

/// <summary>
/// ΑΦΜ (Greek tax number): 9 digits d0..d8 where
/// d8 = (Σ_{i=0..7} d_i · 2^(8−i)) mod 11 mod 10. "000000000" is not a valid ΑΦΜ.
/// </summary>
public static class Afm
{
    public const int Length = 9;

    /// <summary>Exactly 9 ASCII digits, not all zero, with a correct check digit.</summary>
    public static bool IsValid([NotNullWhen(true)] string? s)
    {
        if (s is null || s.Length != Length)
        {
            return false;
        }

        var allZero = true;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            allZero &= c == '0';
        }

        return !allZero && CheckDigit(s.AsSpan(0, 8)) == s[8] - '0';
    }

    /// <summary>
    /// Builds a valid ΑΦΜ from the first eight digits (1 – 99 999 999, zero-padded on the left)
    /// followed by the check digit.
    /// </summary>
    public static string Compute(int eightDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eightDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eightDigits, 99_999_999);

        var payload = eightDigits.ToString("D8", CultureInfo.InvariantCulture);
        return payload + CheckDigit(payload).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>(Σ d_i · 2^(8−i)) mod 11 mod 10 over the eight payload digits.</summary>
    internal static int CheckDigit(ReadOnlySpan<char> firstEight) => WeightedSumMod11(firstEight) % 10;

    /// <summary>(Σ d_i · 2^(8−i)) mod 11 — exposed for tests (10 and 0 both give check digit 0).</summary>
    internal static int WeightedSumMod11(ReadOnlySpan<char> firstEight)
    {
        if (firstEight.Length != 8)
        {
            throw new ArgumentException("Exactly eight digits are required.", nameof(firstEight));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (firstEight[i] - '0') << (8 - i);
        }

        return sum % 11;
    }
}
