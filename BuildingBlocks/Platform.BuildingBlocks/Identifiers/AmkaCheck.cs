namespace Platform.BuildingBlocks.Identifiers;

/// <summary>Outcome of <see cref="Amka.Check"/>, in the order the checks are applied.</summary>
public enum AmkaCheck
{
    /// <summary>11 digits, Luhn check digit correct, real DDMMYY date, matches the birth date (if given).</summary>
    Valid = 0,

    /// <summary>Null, empty, wrong length or contains something other than ASCII digits.</summary>
    NotElevenDigits,

    /// <summary>The Luhn check over all 11 digits fails (typo).</summary>
    BadCheckDigit,

    /// <summary>The DDMMYY prefix does not equal the stated birth date (day, month, two-digit year).</summary>
    BirthDateMismatch,

    /// <summary>The DDMMYY prefix is not a calendar date in either 19YY or 20YY (e.g. 310299, 290299).</summary>
    ImpossibleDate,
}
