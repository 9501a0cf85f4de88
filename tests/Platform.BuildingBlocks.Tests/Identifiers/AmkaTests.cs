using Platform.BuildingBlocks.Identifiers;

namespace Platform.BuildingBlocks.Tests.Identifiers;

public class AmkaTests
{
    // Hand-computed examples. Luhn: number the digits from the right starting at 0 (the check digit);
    // digits at odd positions are doubled (minus 9 when the double exceeds 9); the total must be ≡ 0 (mod 10).
    // For Compute, the payload's last digit is at position 1, so the check digit is (10 − total mod 10) mod 10.
    //
    // 15038501233 = 150385 | 0123 | 3, born 15/03/1985
    //   payload from the right: 3 2 1 0 5 8 3 0 5 1
    //   doubled (3 1 5 3 5): 6 + 2 + 1 + 6 + 1 = 16; plain (2 0 8 0 1): 11; total 27 → check 3
    // 01010000014 = 010100 | 0001 | 4, born 01/01/2000
    //   payload from the right: 1 0 0 0 0 0 1 0 1 0
    //   doubled (1 0 0 1 1): 2 + 0 + 0 + 2 + 2 = 6; plain (0 0 0 0 0): 0; total 6 → check 4
    // 29020012349 = 290200 | 1234 | 9, born 29/02/2000 (leap year)
    //   payload from the right: 4 3 2 1 0 0 2 0 9 2
    //   doubled (4 2 0 2 9): 8 + 4 + 0 + 4 + 9 = 25; plain (3 1 0 0 2): 6; total 31 → check 9
    // 29029612347 = 290296 | 1234 | 7, born 29/02/1996 (leap year)
    //   payload from the right: 4 3 2 1 6 9 2 0 9 2
    //   doubled (4 2 6 2 9): 8 + 4 + 3 + 4 + 9 = 28; plain (3 1 9 0 2): 15; total 43 → check 7
    // 31029900003 = 310299 | 0000 | 3: Luhn-valid, but there is no 31 February
    //   payload from the right: 0 0 0 0 9 9 2 0 1 3
    //   doubled (0 0 9 2 1): 0 + 0 + 9 + 4 + 2 = 15; plain (0 0 9 0 3): 12; total 27 → check 3
    // 29029900007 = 290299 | 0000 | 7: Luhn-valid, but neither 1999 nor 2099 is a leap year
    //   payload from the right: 0 0 0 0 9 9 2 0 9 2
    //   doubled (0 0 9 2 9): 0 + 0 + 9 + 4 + 9 = 22; plain (0 0 9 0 2): 11; total 33 → check 7
    public static TheoryData<string, int, int, int, int> KnownGood => new()
    {
        { "15038501233", 1985, 3, 15, 123 },
        { "01010000014", 2000, 1, 1, 1 },
        { "29020012349", 2000, 2, 29, 1234 },
        { "29029612347", 1996, 2, 29, 1234 },
    };

    [Theory]
    [MemberData(nameof(KnownGood))]
    public void Compute_gives_the_hand_computed_number(string expected, int year, int month, int day, int serial)
    {
        var birth = new DateOnly(year, month, day);

        Assert.Equal(expected, Amka.Compute(birth, serial));
        Assert.True(Amka.IsWellFormed(expected));
        Assert.True(Amka.HasValidCheckDigit(expected));
        Assert.True(Amka.MatchesBirthDate(expected, birth));
        Assert.Equal(AmkaCheck.Valid, Amka.Check(expected, birth));
        Assert.Equal(AmkaCheck.Valid, Amka.Check(expected, null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1503850123")]      // 10 digits
    [InlineData("150385012330")]    // 12 digits
    [InlineData("1503850123a")]
    [InlineData("15038501 33")]
    [InlineData(" 15038501233")]
    [InlineData("15038501233 ")]
    [InlineData("150385-01233")]
    [InlineData("١٥٠٣٨٥٠١٢٣٣")]     // Arabic-Indic digits are not ASCII digits
    public void Not_eleven_ascii_digits(string? input)
    {
        Assert.False(Amka.IsWellFormed(input));
        Assert.Equal(AmkaCheck.NotElevenDigits, Amka.Check(input, new DateOnly(1985, 3, 15)));
        if (input is not null)
        {
            Assert.False(Amka.HasValidCheckDigit(input));
            Assert.False(Amka.MatchesBirthDate(input, new DateOnly(1985, 3, 15)));
        }
    }

    [Theory]
    [InlineData("15038501234")]     // check digit +1
    [InlineData("15038501232")]     // check digit −1
    [InlineData("15038501133")]     // serial digit changed
    [InlineData("25038501233")]     // day digit changed
    [InlineData("15048501233")]     // month digit changed
    [InlineData("15038601233")]     // year digit changed
    [InlineData("51038501233")]     // adjacent transposition (1↔5) is caught by Luhn
    public void One_digit_changes_fail_the_check_digit(string input)
    {
        Assert.True(Amka.IsWellFormed(input));
        Assert.False(Amka.HasValidCheckDigit(input));
        Assert.Equal(AmkaCheck.BadCheckDigit, Amka.Check(input, new DateOnly(1985, 3, 15)));
    }

    [Theory]
    [InlineData("31029900003")]     // 31 February (hand-computed above)
    [InlineData("29029900007")]     // 29 February 1999 / 2099 (hand-computed above)
    public void Impossible_dates_are_reported(string amka)
    {
        Assert.True(Amka.HasValidCheckDigit(amka));
        Assert.Equal(AmkaCheck.ImpossibleDate, Amka.Check(amka, null));
        Assert.Equal(AmkaCheck.ImpossibleDate, Amka.Check(amka, new DateOnly(1999, 2, 28)));
    }

    [Theory]
    [InlineData("0001990000")]      // day 00
    [InlineData("3201990000")]      // day 32
    [InlineData("0100990000")]      // month 00
    [InlineData("0113990000")]      // month 13
    [InlineData("3104990000")]      // 31 April
    [InlineData("3006990000")]      // 30 June is fine → control row
    public void Impossible_dates_with_a_correct_check_digit(string payload)
    {
        var amka = WithLuhnDigit(payload);
        var expected = payload == "3006990000" ? AmkaCheck.Valid : AmkaCheck.ImpossibleDate;

        Assert.True(Amka.HasValidCheckDigit(amka));
        Assert.Equal(expected, Amka.Check(amka, null));
    }

    [Fact]
    public void Feb_29_of_year_00_is_possible_because_2000_is_a_leap_year()
    {
        var amka = WithLuhnDigit("2902000000");
        Assert.Equal(AmkaCheck.Valid, Amka.Check(amka, null));
        Assert.Equal(AmkaCheck.Valid, Amka.Check(amka, new DateOnly(2000, 2, 29)));
    }

    [Theory]
    [InlineData("15038501233", 1985, 3, 16)]   // day differs
    [InlineData("15038501233", 1985, 4, 15)]   // month differs
    [InlineData("15038501233", 1986, 3, 15)]   // year differs
    [InlineData("29020012349", 2000, 2, 28)]
    [InlineData("29029612347", 1996, 3, 1)]
    public void Birth_date_mismatch_is_reported(string amka, int year, int month, int day)
    {
        var birth = new DateOnly(year, month, day);

        Assert.True(Amka.HasValidCheckDigit(amka));
        Assert.False(Amka.MatchesBirthDate(amka, birth));
        Assert.Equal(AmkaCheck.BirthDateMismatch, Amka.Check(amka, birth));
    }

    [Fact]
    public void The_century_is_not_encoded()
    {
        // DDMMYY cannot tell 1885 from 1985
        Assert.Equal(AmkaCheck.Valid, Amka.Check("15038501233", new DateOnly(1885, 3, 15)));
        Assert.Equal(AmkaCheck.BirthDateMismatch, Amka.Check("15038501233", new DateOnly(1985, 3, 16)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10000)]
    public void Compute_rejects_serials_outside_four_digits(int serial)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Amka.Compute(new DateOnly(1990, 1, 1), serial));
    }

    [Fact]
    public void Null_arguments_throw_where_the_signature_is_not_nullable()
    {
        Assert.Throws<ArgumentNullException>(() => Amka.HasValidCheckDigit(null!));
        Assert.Throws<ArgumentNullException>(() => Amka.MatchesBirthDate(null!, new DateOnly(1990, 1, 1)));
    }

    [Fact]
    public void Random_computed_numbers_validate_and_every_single_digit_change_breaks_them()
    {
        var random = new Random(743);
        var firstDay = new DateOnly(1900, 1, 1).DayNumber;
        var lastDay = new DateOnly(2099, 12, 31).DayNumber;

        for (var n = 0; n < 1000; n++)
        {
            var birth = DateOnly.FromDayNumber(random.Next(firstDay, lastDay + 1));
            var serial = random.Next(0, 10_000);
            var amka = Amka.Compute(birth, serial);

            Assert.Equal(11, amka.Length);
            Assert.Equal(AmkaCheck.Valid, Amka.Check(amka, birth));

            for (var position = 0; position < amka.Length; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == amka[position])
                    {
                        continue;
                    }

                    var changed = string.Concat(amka.AsSpan(0, position), new string(digit, 1), amka.AsSpan(position + 1));
                    Assert.False(Amka.HasValidCheckDigit(changed), $"{amka} → {changed} still passes Luhn");
                    Assert.Equal(AmkaCheck.BadCheckDigit, Amka.Check(changed, birth));
                }
            }
        }
    }

    [Fact]
    public void Luhn_helper_matches_the_classic_example()
    {
        // 79927398713 is the textbook Luhn example (check digit 3).
        Assert.True(Luhn.IsValid("79927398713"));
        Assert.False(Luhn.IsValid("79927398710"));
        Assert.Equal(3, Luhn.ComputeCheckDigit("7992739871"));
        Assert.False(Luhn.IsValid(""));
        Assert.False(Luhn.IsValid("7992739871x"));
    }

    private static string WithLuhnDigit(string payload10) =>
        payload10 + Luhn.ComputeCheckDigit(payload10).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
