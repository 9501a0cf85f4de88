using Platform.BuildingBlocks.Text;

namespace Platform.BuildingBlocks.Tests.Text;

public class GreekTextSearchKeyTests
{
    /// <summary>Each row: a name group whose members MUST share one key, and that key.</summary>
    public static TheoryData<string, string[]> EqualGroups => new()
    {
        { "papadopulos", ["Παπαδόπουλος", "ΠΑΠΑΔΟΠΟΥΛΟΣ", "παπαδοπουλος", "παπαδοπουλοσ", "papadopoulos", "Papadopoulos", "papadopulos", "PAPADOPOYLOS", "Papadopoulos "] },
        { "hristos", ["Χρήστος", "ΧΡΗΣΤΟΣ", "Christos", "Xristos", "Hristos", "Xrhstos", "Khristos", "CHRISTOS"] },
        { "georgios", ["Γεώργιος", "ΓΕΩΡΓΙΟΣ", "Georgios", "Gewrgios", "georgios"] },
        { "evagelos", ["Ευάγγελος", "ΕΥΑΓΓΕΛΟΣ", "Evangelos", "Euaggelos", "Evaggelos", "Eyaggelos", "Euangelos"] },
        { "ksanthi", ["Ξανθή", "ΞΑΝΘΗ", "Ksanthi", "Ksanthh", "Ksan8i"] },
        { "theodora", ["Θεοδώρα", "ΘΕΟΔΩΡΑ", "Theodora", "8eodora", "Theodwra", "8eodwra"] },
        { "ioanis", ["Ιωάννης", "ΙΩΑΝΝΗΣ", "Ioannis", "Iwannhs", "Ioanis"] },
        { "babis", ["Μπάμπης", "ΜΠΑΜΠΗΣ", "Bampis", "Mpampis", "Babis", "Mpabis"] },
        { "psaru", ["Ψαρρού", "ΨΑΡΡΟΥ", "Psarrou", "Psarou", "Psaru", "psarroy"] },
        // η typed as h, ι, i
        { "eleni", ["Ελένη", "Eleni", "Elenh", "ELENH", "Ελενη"] },
        { "dimitris", ["Δημήτρης", "Dimitris", "Dhmhtrhs", "Dimitrhs"] },
        { "ilias", ["Ηλίας", "Ilias", "Hlias"] },
        { "zi", ["Ζωή", "Zoi", "Zwh", "Zoh", "Zwi", "ZΩH"] },
        // χ between vowels / at the start
        { "mihalis", ["Μιχάλης", "Michalis", "Mixalis", "Mihalis", "Mixalhs"] },
        { "haralabos", ["Χαράλαμπος", "Charalampos", "Haralampos", "Haralambos", "Xaralampos"] },
        // ει / οι / αι / ου
        { "irini", ["Ειρήνη", "Eirini", "Irini", "Eirhnh"] },
        { "ekaterini", ["Αικατερίνη", "Aikaterini", "Ekaterini", "Aikaterinh"] },
        { "ikonomu", ["Οικονόμου", "Oikonomou", "Ikonomou", "Oikonomu"] },
        // ντ / νδ
        { "konstadinos", ["Κωνσταντίνος", "Konstantinos", "Kwnstantinos", "Konstandinos"] },
        // ευ before voiceless
        { "efthimios", ["Ευθύμιος", "Efthymios", "Efthimios", "Euthymios", "Eu8imios"] },
        // word-final th/kh/ph(s) is lazy Greeklish for τη/κη/πη
        { "fotis", ["Φώτης", "Fotis", "Fwths", "Photis", "FWTHS"] },
        { "panagiotis", ["Παναγιώτης", "Panagiotis", "Panagiwths", "Panagiwtis"] },
        { "afroditi", ["Αφροδίτη", "Afroditi", "Afrodith", "Aphroditi"] },
        { "evropi", ["Ευρώπη", "Evropi", "Eurwph", "Europi"] },
        { "kiriaki", ["Κυριακή", "Kyriaki", "Kiriaki", "Kyriakh"] },
        // φ typed as ph
        { "sofia", ["Σοφία", "Sofia", "Sophia", "SOFIA"] },
        // γγ
        { "ageliki", ["Αγγελική", "Angeliki", "Aggeliki", "Ageliki", "Αγκελική"] },
        // multi-word, punctuation and hyphens
        { "papadopulu psaru maria", ["Παπαδοπούλου-Ψαρρού Μαρία", "papadopoulou psarrou maria", " PAPADOPOULOU - PSAROU,  MARIA "] },
    };

    [Theory]
    [MemberData(nameof(EqualGroups))]
    public void SearchKey_is_equal_for_all_spellings_of_a_name(string expectedKey, string[] spellings)
    {
        foreach (var spelling in spellings)
        {
            Assert.True(
                string.Equals(expectedKey, GreekText.SearchKey(spelling), StringComparison.Ordinal),
                $"SearchKey(\"{spelling}\") = \"{GreekText.SearchKey(spelling)}\", expected \"{expectedKey}\"");
        }
    }

    [Theory]
    [InlineData("Ξανθή", "Xanthi")]             // Greeklish x is read as χ (documented trade-off)
    [InlineData("Αλέξανδρος", "Alexandros")]    // same trade-off: ks vs χ
    [InlineData("Γεώργιος", "Giorgos")]         // different name forms
    [InlineData("Ιωάννης", "Giannis")]
    [InlineData("Βασίλης", "Basilis")]          // Greeklish b is read as μπ (documented trade-off)
    [InlineData("Μαρία", "Μάρθα")]
    [InlineData("Ελένη", "Ελευθερία")]
    [InlineData("Χρήστος", "Χρυσόστομος")]
    [InlineData("Παπαδόπουλος", "Παπαδάκης")]
    [InlineData("Νίκος", "Νίκη")]
    [InlineData("Ξένια", "Χένια")]
    [InlineData("Δήμος", "Δήμας")]
    public void SearchKey_differs_for_different_names(string a, string b)
    {
        Assert.NotEqual(GreekText.SearchKey(a), GreekText.SearchKey(b));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("-- , .", "")]
    [InlineData("Μαρία2", "maria")]               // digits other than 8 are dropped
    [InlineData("O'Neil", "onil")]                // apostrophes join (ei → i)
    [InlineData("Άννα-Μαρία", "ana maria")]       // hyphen separates words
    [InlineData("Ραμφος Ramphos", "ramfos ramfos")] // mph is m + ph, not mp + h
    [InlineData("Σταύρος", "stavros")]
    [InlineData("Αλέξανδρος", "aleksadros")]
    public void SearchKey_examples(string? input, string expected)
    {
        Assert.Equal(expected, GreekText.SearchKey(input));
    }

    [Theory]
    [InlineData("Παπαδόπουλος Χρήστος")]
    [InlineData("Ευάγγελος Ψαρρού")]
    [InlineData("Hristos 8eodorou")]
    public void SearchKey_is_idempotent(string input)
    {
        var key = GreekText.SearchKey(input);
        Assert.Equal(key, GreekText.SearchKey(key));
    }

    [Theory]
    [InlineData("Χρήστος")]
    [InlineData("Ξανθή Παπαδοπούλου")]
    [InlineData("8eodora")]
    public void SearchKey_contains_only_lower_case_ascii_letters_and_single_spaces(string input)
    {
        var key = GreekText.SearchKey(input);
        Assert.Matches("^[a-z]+( [a-z]+)*$", key);
    }
}
