using System.Security.Cryptography;

namespace Platform.Access.Seed;

internal static class Passwords
{
    // No 0/O, 1/l/I: read off a screen and typed by hand.
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnopqrstuvwxyz", Digits = "23456789";

    /// <summary>A random 16-character password that meets the Platform's rules (upper, lower, digit).</summary>
    public static string Generate()
    {
        const string all = Upper + Lower + Digits;
        var chars = new char[16];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
