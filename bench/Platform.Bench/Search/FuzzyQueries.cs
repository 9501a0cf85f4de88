using System.Globalization;
using System.Text;
using Platform.BuildingBlocks.Text;

namespace Platform.Bench.Search;

/// <summary>A name query as a caseworker might type it, made from a stored person.</summary>
internal sealed record FuzzyQuery(string Text, string Form, Guid TargetId);

/// <summary>
/// Turns stored names into the queries people type: Greeklish of the surname (lower case), ALL CAPS
/// without accents, lower case without accents, surname + first name (in either order, in any of those
/// spellings), and ~10 % of them with a one-letter typo in the surname (substitution, deletion,
/// insertion or transposition, never the first letter).
/// </summary>
internal static class FuzzyQueries
{
    private static readonly CultureInfo Greek = CultureInfo.GetCultureInfo("el-GR");
    private const string GreekLower = "αβγδεζηθικλμνξοπρστυφχψω";
    private const string LatinLower = "abcdefghijklmnopqrstuvwxyz";

    public const double TypoShare = 0.10;

    public static FuzzyQuery Make(Random rng, Guid id, string surname, string firstName)
    {
        var typo = rng.NextDouble() < TypoShare;
        var (form, text) = rng.Next(4) switch
        {
            0 => ("greeklish", Greeklish(surname)),
            1 => ("ALL CAPS", Caps(surname)),
            2 => ("lower, no accents", Lower(surname)),
            _ => ("surname + first name", ""),
        };

        if (form == "surname + first name")
        {
            Func<string, string> spell = rng.Next(4) switch
            {
                0 => s => s,
                1 => Lower,
                2 => Greeklish,
                _ => Caps,
            };
            var s = spell(surname);
            if (typo)
            {
                s = Typo(rng, s);
            }

            var f = spell(firstName);
            text = rng.NextDouble() < 0.7 ? $"{s} {f}" : $"{f} {s}";
        }
        else if (typo)
        {
            text = Typo(rng, text);
        }

        return new FuzzyQuery(text, typo ? form + " + typo" : form, id);
    }

    public static string Greeklish(string name) => GreekText.Transliterate(name).ToLowerInvariant();

    public static string Caps(string name) => StripAccents(name).ToUpper(Greek);

    public static string Lower(string name) => StripAccents(name).ToLower(Greek);

    private static string StripAccents(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>One wrong letter in the word: substituted, dropped, doubled-in or swapped with its neighbour.</summary>
    public static string Typo(Random rng, string word)
    {
        if (word.Length < 3)
        {
            return word;
        }

        var greek = word.Any(c => c is >= 'Α' and <= 'ω');
        var upper = word.Where(char.IsLetter).All(char.IsUpper);
        var alphabet = greek ? GreekLower : LatinLower;
        char Letter(char not)
        {
            char c;
            do
            {
                c = alphabet[rng.Next(alphabet.Length)];
                c = upper ? char.ToUpper(c, Greek) : c;
            }
            while (char.ToLower(c, Greek) == char.ToLower(not, Greek));
            return c;
        }

        var chars = new List<char>(word);
        var pos = rng.Next(1, chars.Count);
        switch (rng.Next(4))
        {
            case 0:
                chars[pos] = Letter(chars[pos]);
                break;
            case 1:
                chars.RemoveAt(pos);
                break;
            case 2:
                chars.Insert(pos, Letter('\0'));
                break;
            default:
                if (chars[pos] == chars[pos - 1])
                {
                    chars[pos] = Letter(chars[pos]);
                }
                else
                {
                    (chars[pos], chars[pos - 1]) = (chars[pos - 1], chars[pos]);
                }

                break;
        }

        return new string([.. chars]);
    }
}
