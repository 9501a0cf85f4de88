using Platform.BuildingBlocks.Identifiers;

namespace Platform.BuildingBlocks.Tests.Identifiers;

public class AfmTests
{
    // Weights for d0..d7 are 2^8 .. 2^1 = 256 128 64 32 16 8 4 2; check = Σ mod 11 mod 10.
    //
    // 090000045 (Greek State): 9·128 + 4·2 = 1152 + 8 = 1160; 1160 = 105·11 + 5 → 5 ✓
    // 094019245 (OTE S.A.):    9·128 + 4·64 + 1·16 + 9·8 + 2·4 + 4·2 = 1152 + 256 + 16 + 72 + 8 + 8 = 1512;
    //                          1512 = 137·11 + 5 → 5 ✓
    // 123456783:               256 + 256 + 192 + 128 + 80 + 48 + 28 + 16 = 1004; 1004 = 91·11 + 3 → 3
    // 000000050:               5·2 = 10; 10 mod 11 = 10 → 10 mod 10 = 0 (the "remainder 10" case)
    // 000000012:               1·2 = 2 → 2
    // 999999993:               9·(256 + 128 + 64 + 32 + 16 + 8 + 4 + 2) = 9·510 = 4590 = 417·11 + 3 → 3
    [Theory]
    [InlineData("090000045")]
    [InlineData("094019245")]
    [InlineData("123456783")]
    [InlineData("000000050")]
    [InlineData("000000012")]
    [InlineData("999999993")]
    public void Known_valid_numbers(string afm)
    {
        Assert.True(Afm.IsValid(afm));
    }

    [Theory]
    [InlineData(9000004, "090000045")]
    [InlineData(9401924, "094019245")]
    [InlineData(12345678, "123456783")]
    [InlineData(5, "000000050")]
    [InlineData(1, "000000012")]
    [InlineData(99_999_999, "999999993")]
    public void Compute_appends_the_check_digit(int eightDigits, string expected)
    {
        Assert.Equal(expected, Afm.Compute(eightDigits));
        Assert.True(Afm.IsValid(expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("000000000")]   // all zeros: formally passes the formula, but not a valid ΑΦΜ
    [InlineData("09000004")]    // 8 digits
    [InlineData("0900000450")]  // 10 digits
    [InlineData("09000004a")]
    [InlineData(" 090000045")]
    [InlineData("090 000 045")]
    [InlineData("090000046")]   // wrong check digit
    [InlineData("090000044")]
    [InlineData("190000045")]   // first digit changed
    [InlineData("094019244")]
    [InlineData("123456784")]
    [InlineData("000000051")]
    public void Invalid_numbers(string? afm)
    {
        Assert.False(Afm.IsValid(afm));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_000_000)]
    public void Compute_rejects_out_of_range_payloads(int eightDigits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Afm.Compute(eightDigits));
    }

    [Fact]
    public void Random_computed_numbers_validate_and_single_digit_changes_are_caught_except_the_mod_10_collision()
    {
        var random = new Random(743_2001);
        var changes = 0;
        var caught = 0;

        for (var n = 0; n < 1000; n++)
        {
            var afm = Afm.Compute(random.Next(1, 100_000_000));
            Assert.True(Afm.IsValid(afm), afm);

            for (var position = 0; position < afm.Length; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == afm[position])
                    {
                        continue;
                    }

                    var changed = string.Concat(afm.AsSpan(0, position), new string(digit, 1), afm.AsSpan(position + 1));
                    changes++;
                    if (!Afm.IsValid(changed))
                    {
                        caught++;
                        continue;
                    }

                    // Every weight 2^k is non-zero mod 11 and 11 is prime, so a single changed payload digit
                    // always changes Σ mod 11; only the final "mod 10" can hide it, when the remainder
                    // moves between 0 and 10 (both give check digit 0). A changed check digit is always caught.
                    Assert.NotEqual(8, position);
                    var before = Afm.WeightedSumMod11(afm.AsSpan(0, 8));
                    var after = Afm.WeightedSumMod11(changed.AsSpan(0, 8));
                    Assert.True(
                        (before, after) is (0, 10) or (10, 0),
                        $"{afm} → {changed} passes with remainders {before} → {after}");
                }
            }
        }

        // "most flips": the 0↔10 collision is rare
        Assert.True(caught >= changes * 0.97, $"{caught} of {changes} single-digit changes caught");
    }
}
