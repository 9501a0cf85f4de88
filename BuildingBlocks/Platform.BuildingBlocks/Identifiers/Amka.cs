using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Platform.BuildingBlocks.Identifiers;

/// <summary>
/// ΑΜΚΑ (Αριθμός Μητρώου Κοινωνικής Ασφάλισης): 11 digits = birth date DDMMYY + 4-digit serial +
/// a Luhn check digit computed over the first 10 (so the Luhn test passes over all 11).
/// </summary>
public static class Amka
{
    public const int Length = 11;

    /// <summary>Exactly 11 ASCII digits (no spaces, no separators).</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? s)
    {
        if (s is null || s.Length != Length)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Well-formed and the Luhn test over all 11 digits passes.</summary>
    public static bool HasValidCheckDigit(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return IsWellFormed(s) && Luhn.IsValid(s);
    }

    /// <summary>Well-formed and the first six digits equal the birth date as DDMMYY.</summary>
    public static bool MatchesBirthDate(string amka, DateOnly birthDate)
    {
        ArgumentNullException.ThrowIfNull(amka);
        return IsWellFormed(amka)
            && amka.AsSpan(0, 6).SequenceEqual(birthDate.ToString("ddMMyy", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Full check, in this order: 11 digits → Luhn check digit → DDMMYY is a real date (in 19YY or
    /// 20YY, so 290200 is fine because 2000 is a leap year) → matches <paramref name="birthDate"/> when
    /// one is given.
    /// </summary>
    public static AmkaCheck Check(string? amka, DateOnly? birthDate)
    {
        if (!IsWellFormed(amka))
        {
            return AmkaCheck.NotElevenDigits;
        }

        if (!Luhn.IsValid(amka))
        {
            return AmkaCheck.BadCheckDigit;
        }

        if (!HasPossibleDate(amka))
        {
            return AmkaCheck.ImpossibleDate;
        }

        if (birthDate is { } date && !MatchesBirthDate(amka, date))
        {
            return AmkaCheck.BirthDateMismatch;
        }

        return AmkaCheck.Valid;
    }

    /// <summary>
    /// Builds a valid ΑΜΚΑ: DDMMYY of <paramref name="birth"/> + <paramref name="serial4"/> as four
    /// digits (0–9999) + the Luhn check digit.
    /// </summary>
    public static string Compute(DateOnly birth, int serial4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial4, 9999);

        var payload = string.Concat(
            birth.ToString("ddMMyy", CultureInfo.InvariantCulture),
            serial4.ToString("D4", CultureInfo.InvariantCulture));
        return payload + Luhn.ComputeCheckDigit(payload).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>True when the DDMMYY prefix is a calendar date in 19YY or 20YY.</summary>
    internal static bool HasPossibleDate(string amka)
    {
        var day = TwoDigits(amka, 0);
        var month = TwoDigits(amka, 2);
        var year = TwoDigits(amka, 4);
        if (month is < 1 or > 12 || day < 1)
        {
            return false;
        }

        // 20YY is a leap year whenever 19YY is (and also for YY = 00), so it gives the larger month.
        return day <= DateTime.DaysInMonth(2000 + year, month);
    }

    private static int TwoDigits(string s, int index) => ((s[index] - '0') * 10) + (s[index + 1] - '0');
}
