using System.Globalization;
using System.Text;

namespace Platform.BuildingBlocks.Text;

/// <summary>
/// Text helpers for Greek (and Latin) personal names: storage normalisation, case/accent folding,
/// ELOT 743 transliteration and a phonetic search key that makes Greek, Greeklish and
/// accent/case/final-sigma variants of a name collide.
/// </summary>
public static class GreekText
{
    // el-GR casing; falls back to the invariant culture (identical for Greek and Latin letters) when the
    // process runs with InvariantGlobalization and the culture cannot be created.
    private static readonly TextInfo GreekTextInfo = CreateGreekTextInfo();

    private const char Tonos = '\u0301';      // combining acute (tonos / oxia)
    private const char Varia = '\u0300';      // combining grave (polytonic)
    private const char Perispomeni = '\u0342'; // combining circumflex (polytonic)
    private const char Dialytika = '\u0308';  // combining diaeresis

    // Internal single-character symbols used by the phonetic reducer; they are Greek letters so they
    // can never survive transliteration and therefore never collide with real input.
    private const char ThSymbol = 'θ';
    private const char ChiSymbol = 'χ';
    private const char OuSymbol = 'υ';

    /// <summary>
    /// Storage form of a name: trims, collapses every run of whitespace (tabs, NBSP, new lines…) to a
    /// single space, drops invisible format/control characters (BOM, zero-width space, soft hyphen)
    /// and returns the NFC composition. <c>null</c> gives the empty string.
    /// </summary>
    public static string Normalize(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.Control)
            {
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Case- and accent-insensitive form (Greek and Latin): <see cref="Normalize"/>, lower-case with
    /// el-GR rules, strip every diacritic (tonos, dialytika, polytonic marks, Latin accents:
    /// ά→α, ϊ→ι, ΐ→ι, ΰ→υ, é→e) and map final sigma ς→σ. The script is kept (Greek stays Greek).
    /// </summary>
    public static string Fold(string? s)
    {
        var normalized = Normalize(s);
        if (normalized.Length == 0)
        {
            return normalized;
        }

        var decomposed = GreekTextInfo.ToLower(normalized).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c == 'ς' ? 'σ' : c);
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Greek → Latin transliteration following ELOT 743 (the passport standard), without accents:
    /// <list type="bullet">
    /// <item>α a, β v, γ g, δ d, ε e, ζ z, η i, θ th, ι i, κ k, λ l, μ m, ν n, ξ x, ο o, π p, ρ r,
    /// σ/ς s, τ t, υ y, φ f, χ ch, ψ ps, ω o.</item>
    /// <item>ου → ou; αυ/ευ/ηυ → av/ev/iv before a vowel or a voiced consonant (β γ δ ζ λ μ ν ρ),
    /// af/ef/if before a voiceless one (θ κ ξ π σ τ φ χ ψ) and at the end of a word. A tonos on the
    /// first vowel (άυ) or a dialytika on the second (αϋ) breaks the digraph (ay).</item>
    /// <item>γγ → ng, γξ → nx, γχ → nch, γκ → g at the start of a word and nk inside it.</item>
    /// <item>μπ → b at the start or end of a word, mp inside it. ντ → nt.</item>
    /// </list>
    /// Capitalisation is preserved: a capital Greek letter gives a capitalised Latin unit ("Χ"→"Ch"),
    /// an all-caps word (or a capital in an all-caps text) gives all caps ("ΧΡΗΣΤΟΣ"→"CHRISTOS").
    /// Every non-Greek character (Latin letters, digits, punctuation, spacing) passes through.
    /// </summary>
    /// <remarks>
    /// ELOT 743:2001 itself writes γκ as "gk" everywhere; this platform uses g/nk as agreed for
    /// name matching and display (Γκίκας→Gikas, Αγκάθι→Ankathi).
    /// </remarks>
    public static string Transliterate(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return string.Empty;
        }

        var units = Decompose(s);
        var allCaps = ComputeAllCapsWords(units);
        var sb = new StringBuilder(s.Length + 8);

        var i = 0;
        while (i < units.Count)
        {
            var unit = units[i];
            if (!unit.IsGreek)
            {
                sb.Append(unit.Text);
                i++;
                continue;
            }

            var (latin, consumed) = MapGreekUnit(units, i);
            AppendCased(sb, latin, unit.IsUpper, allCaps[i]);
            i += consumed;
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Canonical key for fuzzy name matching. The same function is applied to stored names and to
    /// the user's query, so Greek, Greeklish and accent/case/final-sigma variants give the same key
    /// ("Παπαδόπουλος", "ΠΑΠΑΔΟΠΟΥΛΟΣ", "papadopulos" → "papadopulos").
    /// </summary>
    /// <remarks>
    /// Pipeline:
    /// <list type="number">
    /// <item><see cref="Fold"/> (trim, lower-case el-GR, no accents, ς→σ).</item>
    /// <item>Greek pre-mapping: ξ→κσ (so ELOT gives "ks", not the Greeklish χ-letter "x"),
    /// γκ→γγ (so γκ/γγ both reach "ng" and then "g").</item>
    /// <item><see cref="Transliterate"/> (ELOT 743) and lower-case invariant.</item>
    /// <item>Tokenise: letters are kept; the Greeklish digit '8' becomes "th" (θ); apostrophes are
    /// dropped (O'Neil is one word); other digits are dropped; anything else (spaces, hyphens, dots…)
    /// separates words. Words are joined by single spaces.</item>
    /// <item>Per word, pass 1: a greedy left-to-right pass over the letters (input is never
    /// re-scanned, so the result of one rule cannot trigger another):
    /// <list type="bullet">
    /// <item>"ou", "oy" → u (lone u stays u, so "papadopulos" matches).</item>
    /// <item>"y" → i, "w" → o, lone "h" → i or χ (below).</item>
    /// <item>"au", "eu", "ay", "ey" → av/ev before a vowel or voiced consonant, af/ef before a
    /// voiceless one (t k x p s f c h q) or at the end of the word — the ELOT rule applied to
    /// Greeklish, so "Euaggelos" ≡ "Evangelos" and "Euthymios" ≡ "Efthymios".</item>
    /// <item>"mp", "mb" → b (not before h: "mph" is m+ph). Latin "b" stays b, because Greeklish b
    /// usually means μπ (Babis).</item>
    /// <item>"nt", "nd" → d (not before h: "nth" is n+θ as in Ξανθή).</item>
    /// <item>"gg", "gk", "ng" → g.</item>
    /// <item>"th" → θ; "ch", "kh", "x" → χ; "ph" → f; lone "c" → k; "ps", "ks", "ts", "tz" stay.
    /// Exception: a word-final "th", "kh", "ph" (optionally followed by a final "s") is τη/κη/πη,
    /// because no Greek word ends in θ/χ/φ: "Fwths" = Φώτης, "Kuriakh", "Eurwph".</item>
    /// <item>Lone "h" (not in ch/kh/ph/th): χ when word-initial before a vowel or r (Haralampos,
    /// Hristos) or between two vowels (Mihalis, Zaharias); otherwise η → i (Elenh, Dhmhtrhs,
    /// Hlias, Zwh).</item>
    /// </list>
    /// </item>
    /// <item>Per word, pass 2 over the symbols of pass 1: "ai" → e; "ei", "oi", "ui" → i (the
    /// i may come from y, h or η: "Zwh", "Zoi", Ζωή all give "zi"; the u of "ou" does not pair);
    /// doubled symbols collapse (ss, ll, rr, nn, pp, tt, kk, mm and any other repeat such as ii);
    /// the final s of a word is kept. Symbols are spelt out: θ → "th", χ → "h" (in the key an "h"
    /// therefore always means χ).</item>
    /// </list>
    /// Known trade-offs (the trigram fallback of the search covers them): Greeklish "x" is read as χ,
    /// so "Xanthi"/"Alexandros" do not equal Ξανθή/Αλέξανδρος (which give "ks"); "b" is read as μπ,
    /// so "Basilis" ≠ Βασίλης; a word-initial "h" before a vowel or r is read as χ, so the rare η-words
    /// like "Hrakleio" miss, while "Hlias" (η before a consonant) still matches Ηλίας; Greeklish
    /// "u" for υ ("Kuriakh") does not equal ELOT "y" (→ i). Deliberate merges: δ = ντ = νδ → d,
    /// μπ = μβ = b, γγ = γκ = γ → g, ο = ω, ι = η = υ = ει = οι = υι (also ωι, οη: Ζωή → "zi"),
    /// ε = αι, double = single consonant.
    /// </remarks>
    public static string SearchKey(string? s)
    {
        var folded = Fold(s);
        if (folded.Length == 0)
        {
            return string.Empty;
        }

        var greekPrepared = folded
            .Replace("ξ", "κσ", StringComparison.Ordinal)
            .Replace("γκ", "γγ", StringComparison.Ordinal);
        var latin = Transliterate(greekPrepared).ToLowerInvariant();

        var key = new StringBuilder(latin.Length);
        foreach (var word in Tokenize(latin))
        {
            var reduced = PhoneticWord(word);
            if (reduced.Length == 0)
            {
                continue;
            }

            if (key.Length > 0)
            {
                key.Append(' ');
            }

            key.Append(reduced);
        }

        return key.ToString();
    }

    private static TextInfo CreateGreekTextInfo()
    {
        try
        {
            return CultureInfo.GetCultureInfo("el-GR").TextInfo;
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture.TextInfo;
        }
    }

    // ------------------------------------------------------------------ search key helpers

    /// <summary>Splits lower-case Latin text into words of letters (see <see cref="SearchKey"/>).</summary>
    internal static List<string> Tokenize(string latin)
    {
        var words = new List<string>();
        var current = new StringBuilder();

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        foreach (var c in latin)
        {
            if (char.IsLetter(c))
            {
                current.Append(c);
            }
            else if (c == '8')
            {
                current.Append("th");
            }
            else if (c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4')
            {
                // apostrophes join: O'Neil → oneil
            }
            else if (char.IsDigit(c))
            {
                // other digits are not part of a name
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;
    }

    /// <summary>Phonetic skeleton of one lower-case Latin word (see <see cref="SearchKey"/>).</summary>
    internal static string PhoneticWord(string w)
    {
        // Pass 1: greedy left-to-right over the input letters, consonant digraphs, ou/au/eu and the
        // single-letter vowel mappings (y→i, w→o, lone h→i/χ) into symbols. Vowel pairs are left for
        // pass 2 so that they are seen after y/w/h have become vowels (Zwh = Zoi = Ζωή).
        var symbols = new StringBuilder(w.Length);
        var i = 0;
        while (i < w.Length)
        {
            var c = w[i];
            var next = At(w, i + 1);
            var afterNext = At(w, i + 2);

            switch (c)
            {
                case 'o' when next is 'u' or 'y':
                    symbols.Append(OuSymbol);
                    i += 2;
                    continue;

                case 'a' or 'e' when next is 'u' or 'y':
                    // ELOT αυ/ευ voicing rule applied to Greeklish au/eu/ay/ey
                    symbols.Append(c).Append(afterNext == '\0' || IsVoicelessStart(afterNext) ? 'f' : 'v');
                    i += 2;
                    continue;

                case 'm' when next is 'p' or 'b' && afterNext != 'h':
                    symbols.Append('b');
                    i += 2;
                    continue;

                case 'n' when next is 't' or 'd' && afterNext != 'h':
                    symbols.Append('d');
                    i += 2;
                    continue;

                case 'g' when next is 'g' or 'k':
                case 'n' when next == 'g':
                    symbols.Append('g');
                    i += 2;
                    continue;

                case 't' or 'k' or 'p' when next == 'h' && (afterNext == '\0' || (afterNext == 's' && i + 3 == w.Length)):
                    // No Greek word ends in θ, χ, φ (or θς, χς, φς): a final th/kh/ph(s) is lazy
                    // Greeklish for τη/κη/πη (Fwths = Φώτης, Kuriakh, Eurwph).
                    symbols.Append(c).Append('i');
                    i += 2;
                    continue;

                case 't' when next == 'h':
                    symbols.Append(ThSymbol);
                    i += 2;
                    continue;

                case 'c' or 'k' when next == 'h':
                    symbols.Append(ChiSymbol);
                    i += 2;
                    continue;

                case 'p' when next == 'h':
                    symbols.Append('f');
                    i += 2;
                    continue;

                case 'x':
                    symbols.Append(ChiSymbol);
                    break;

                case 'c':
                    symbols.Append('k');
                    break;

                case 'h':
                    var previous = i > 0 ? w[i - 1] : '\0';
                    var isChi = (i == 0 && (IsLatinVowel(next) || next == 'r'))
                        || (IsLatinVowel(previous) && IsLatinVowel(next));
                    symbols.Append(isChi ? ChiSymbol : 'i');
                    break;

                case 'y':
                    symbols.Append('i');
                    break;

                case 'w':
                    symbols.Append('o');
                    break;

                default:
                    symbols.Append(c);
                    break;
            }

            i++;
        }

        // Pass 2: vowel pairs ai→e, ei/oi→i, ui→i (only a typed u, not the u of ou), collapse of
        // doubled symbols, then spell the symbols out (θ→th, χ→h, ou-u→u).
        var result = new StringBuilder(symbols.Length + 4);
        var last = '\0';

        void Emit(char symbol)
        {
            if (symbol != last)
            {
                result.Append(symbol switch
                {
                    ThSymbol => "th",
                    ChiSymbol => "h",
                    OuSymbol => "u",
                    _ => new string(symbol, 1),
                });
                last = symbol;
            }
        }

        for (var k = 0; k < symbols.Length; k++)
        {
            var symbol = symbols[k];
            var next = k + 1 < symbols.Length ? symbols[k + 1] : '\0';
            if (next == 'i' && symbol is 'a' or 'e' or 'o' or 'u')
            {
                Emit(symbol == 'a' ? 'e' : 'i');
                k++;
                continue;
            }

            Emit(symbol);
        }

        return result.ToString();
    }

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    private static bool IsLatinVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'w';

    // first Latin letter of θ κ ξ π σ τ φ χ ψ (th, t, k, ks, x, p, ps, s, f, ph, ch, kh, h, q)
    private static bool IsVoicelessStart(char c) => c is 't' or 'k' or 'x' or 'p' or 's' or 'f' or 'c' or 'h' or 'q';

    // ------------------------------------------------------------------ transliteration helpers

    private sealed class Unit
    {
        public required char Base { get; init; }          // lower-case base letter (Greek) or the char itself
        public required bool IsGreek { get; init; }
        public required bool IsUpper { get; init; }
        public required bool IsLetter { get; init; }
        public bool HasTonos { get; set; }
        public bool HasDialytika { get; set; }
        public required StringBuilder Text { get; init; } // original text (non-Greek pass-through)
    }

    private static List<Unit> Decompose(string s)
    {
        var decomposed = s.Normalize(NormalizationForm.FormD);
        var units = new List<Unit>(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && units.Count > 0)
            {
                var last = units[^1];
                if (last.IsGreek)
                {
                    if (c == Dialytika)
                    {
                        last.HasDialytika = true;
                    }
                    else if (c is Tonos or Varia or Perispomeni)
                    {
                        last.HasTonos = true;
                    }
                }
                else
                {
                    last.Text.Append(c);
                }

                continue;
            }

            var lower = char.ToLowerInvariant(c);
            units.Add(new Unit
            {
                Base = IsGreekLetter(lower) ? lower : c,
                IsGreek = IsGreekLetter(lower),
                IsUpper = char.IsUpper(c),
                IsLetter = char.IsLetter(c),
                Text = new StringBuilder().Append(c),
            });
        }

        return units;
    }

    private static bool IsGreekLetter(char lower) => lower is >= 'α' and <= 'ω';

    private static bool IsGreekVowel(char c) => c is 'α' or 'ε' or 'η' or 'ι' or 'ο' or 'υ' or 'ω';

    private static bool IsGreekVoicedConsonant(char c) => c is 'β' or 'γ' or 'δ' or 'ζ' or 'λ' or 'μ' or 'ν' or 'ρ';

    /// <summary>For every unit, whether it belongs to a word that should be written in all caps.</summary>
    private static bool[] ComputeAllCapsWords(List<Unit> units)
    {
        var textHasLower = false;
        var textUpperCount = 0;
        foreach (var unit in units)
        {
            if (unit.IsLetter)
            {
                if (unit.IsUpper)
                {
                    textUpperCount++;
                }
                else if (char.IsLower(unit.Text[0]))
                {
                    textHasLower = true;
                }
            }
        }

        var textAllCaps = !textHasLower && textUpperCount >= 2;
        var result = new bool[units.Count];
        var start = 0;
        while (start < units.Count)
        {
            if (!units[start].IsLetter)
            {
                start++;
                continue;
            }

            var end = start;
            var upper = 0;
            var hasLower = false;
            while (end < units.Count && units[end].IsLetter)
            {
                if (units[end].IsUpper)
                {
                    upper++;
                }
                else if (char.IsLower(units[end].Text[0]))
                {
                    hasLower = true;
                }

                end++;
            }

            var wordAllCaps = !hasLower && (upper >= 2 || (upper == 1 && textAllCaps));
            for (var k = start; k < end; k++)
            {
                result[k] = wordAllCaps;
            }

            start = end;
        }

        return result;
    }

    private static (string Latin, int Consumed) MapGreekUnit(List<Unit> units, int i)
    {
        var unit = units[i];
        var c = unit.Base;
        var next = i + 1 < units.Count && units[i + 1].IsGreek ? units[i + 1] : null;
        var atWordStart = i == 0 || !units[i - 1].IsLetter;

        if (next is not null)
        {
            var n = next.Base;
            var afterIndex = i + 2;
            var atWordEndAfterPair = afterIndex >= units.Count || !units[afterIndex].IsLetter;

            if (c is 'α' or 'ε' or 'η' && n == 'υ' && !unit.HasTonos && !next.HasDialytika)
            {
                var after = afterIndex < units.Count ? units[afterIndex] : null;
                var voiced = after is { IsGreek: true }
                    && (IsGreekVowel(after.Base) || IsGreekVoicedConsonant(after.Base));
                var vowel = c switch { 'α' => "a", 'ε' => "e", _ => "i" };
                return (vowel + (voiced ? "v" : "f"), 2);
            }

            if (c == 'ο' && n == 'υ' && !unit.HasTonos && !next.HasDialytika)
            {
                return ("ou", 2);
            }

            if (c == 'γ')
            {
                switch (n)
                {
                    case 'γ':
                        return ("ng", 2);
                    case 'ξ':
                        return ("nx", 2);
                    case 'χ':
                        return ("nch", 2);
                    case 'κ':
                        return (atWordStart ? "g" : "nk", 2);
                }
            }

            if (c == 'μ' && n == 'π')
            {
                return (atWordStart || atWordEndAfterPair ? "b" : "mp", 2);
            }
        }

        return (SingleLetter(c), 1);
    }

    private static string SingleLetter(char c) => c switch
    {
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' => "i",
        'θ' => "th",
        'ι' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' or 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' => "o",
        _ => new string(c, 1),
    };

    private static void AppendCased(StringBuilder sb, string latin, bool isUpper, bool allCaps)
    {
        if (allCaps)
        {
            sb.Append(latin.ToUpperInvariant());
        }
        else if (isUpper)
        {
            sb.Append(char.ToUpperInvariant(latin[0])).Append(latin, 1, latin.Length - 1);
        }
        else
        {
            sb.Append(latin);
        }
    }
}
