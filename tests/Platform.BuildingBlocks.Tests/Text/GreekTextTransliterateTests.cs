using Platform.BuildingBlocks.Text;

namespace Platform.BuildingBlocks.Tests.Text;

public class GreekTextTransliterateTests
{
    [Theory]
    // examples from the spec
    [InlineData("Παπαδόπουλος", "Papadopoulos")]
    [InlineData("Γεώργιος", "Georgios")]
    [InlineData("Χρήστος", "Christos")]
    [InlineData("Ψαρρού", "Psarrou")]
    [InlineData("Θεοδώρα", "Theodora")]
    [InlineData("Ευάγγελος", "Evangelos")]
    [InlineData("Μπάμπης", "Bampis")]
    [InlineData("Ιωάννης", "Ioannis")]
    [InlineData("Ξανθή", "Xanthi")]
    // single letters
    [InlineData("αβγδεζηθικλμνξοπρστυφχψω", "avgdezithiklmnxoprstyfchpso")]
    [InlineData("Κυριακή", "Kyriaki")]
    [InlineData("Ζωή", "Zoi")]
    [InlineData("Ντίνος", "Ntinos")]                      // ντ → nt
    // αυ / ευ / ηυ
    [InlineData("Παύλος", "Pavlos")]                      // before voiced λ
    [InlineData("Ευαγγελία", "Evangelia")]                // before a vowel
    [InlineData("Αυγή", "Avgi")]                          // before voiced γ
    [InlineData("Ευθύμιος", "Efthymios")]                 // before voiceless θ
    [InlineData("Ναυσικά", "Nafsika")]                    // before voiceless σ
    [InlineData("Ευτυχία", "Eftychia")]                   // before voiceless τ
    [InlineData("Ζευς", "Zefs")]                          // before final ς
    [InlineData("Ηύα", "Iva")]                            // ηυ before a vowel
    [InlineData("αυ ευ", "af ef")]                        // at the end of a word
    [InlineData("Ταΰγετος", "Taygetos")]                  // dialytika breaks the digraph
    [InlineData("άυλος", "aylos")]                        // tonos on the first vowel breaks it too
    [InlineData("Προϊστάμενος", "Proistamenos")]
    // ου
    [InlineData("Ουρανία", "Ourania")]
    [InlineData("Παπαδοπούλου", "Papadopoulou")]
    // γ clusters
    [InlineData("Αγγελική", "Angeliki")]                  // γγ → ng
    [InlineData("Γκίκας", "Gikas")]                       // γκ word-initial → G
    [InlineData("Αγκαθάκης", "Ankathakis")]               // γκ inside → nk
    [InlineData("Σφίγξ", "Sfinx")]                        // γξ → nx
    [InlineData("Μελαγχολία", "Melancholia")]             // γχ → nch
    // μπ
    [InlineData("Λάμπρος", "Lampros")]                    // inside → mp
    [InlineData("Μπουμπουλίνα", "Boumpoulina")]           // start → B, inside → mp
    [InlineData("κλαμπ", "klab")]                         // word end → b
    public void Transliterate_follows_ELOT_743(string greek, string expected)
    {
        Assert.Equal(expected, GreekText.Transliterate(greek));
    }

    [Theory]
    [InlineData("ΠΑΠΑΔΟΠΟΥΛΟΣ", "PAPADOPOULOS")]
    [InlineData("ΧΡΗΣΤΟΣ", "CHRISTOS")]
    [InlineData("ΘΕΟΔΩΡΑ", "THEODORA")]
    [InlineData("ΨΑΡΡΟΥ", "PSARROU")]
    [InlineData("ΜΠΑΜΠΗΣ", "BAMPIS")]
    [InlineData("ΕΥΑΓΓΕΛΟΣ", "EVANGELOS")]
    [InlineData("ΞΑΝΘΗ", "XANTHI")]
    [InlineData("ΧΡΗΣΤΟΣ Χ. ΘΕΟΔΩΡΟΥ", "CHRISTOS CH. THEODOROU")] // initials of an all-caps text
    [InlineData("Χ. Παπαδόπουλος", "Ch. Papadopoulos")]
    [InlineData("Θεοδώρα ΨΑΡΡΟΥ", "Theodora PSARROU")]         // case decided per word
    [InlineData("Άννα-Μαρία Ουζουνίδου", "Anna-Maria Ouzounidou")]
    public void Transliterate_preserves_capitalisation(string greek, string expected)
    {
        Assert.Equal(expected, GreekText.Transliterate(greek));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("John Smith", "John Smith")]
    [InlineData("José Müller", "José Müller")]
    [InlineData("Μαρία-José Παππά, 1980", "Maria-José Pappa, 1980")]
    [InlineData("  Νίκος  ", "  Nikos  ")]               // layout is not the transliterator's job
    public void Transliterate_passes_non_Greek_through(string? input, string expected)
    {
        Assert.Equal(expected, GreekText.Transliterate(input));
    }
}
