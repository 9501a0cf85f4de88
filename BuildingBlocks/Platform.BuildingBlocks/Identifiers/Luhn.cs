namespace Platform.BuildingBlocks.Identifiers;

/// <summary>Luhn (mod 10) check digits over ASCII digit strings.</summary>
internal static class Luhn
{
    /// <summary>True when <paramref name="digits"/> (check digit last) passes the Luhn test.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        var sum = 0;
        for (var position = 0; position < digits.Length; position++)
        {
            var c = digits[digits.Length - 1 - position];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            sum += Weighted(c - '0', doubled: position % 2 == 1);
        }

        return sum % 10 == 0;
    }

    /// <summary>The digit to append to <paramref name="payload"/> so that the result passes <see cref="IsValid"/>.</summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        for (var position = 0; position < payload.Length; position++)
        {
            var c = payload[payload.Length - 1 - position];
            if (!char.IsAsciiDigit(c))
            {
                throw new ArgumentException("The payload must contain ASCII digits only.", nameof(payload));
            }

            // once the check digit is appended, the payload's last digit sits at position 1 (doubled)
            sum += Weighted(c - '0', doubled: position % 2 == 0);
        }

        return (10 - (sum % 10)) % 10;
    }

    private static int Weighted(int digit, bool doubled)
    {
        if (!doubled)
        {
            return digit;
        }

        var twice = digit * 2;
        return twice > 9 ? twice - 9 : twice;
    }
}
