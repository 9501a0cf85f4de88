using System.Text;
using Platform.BuildingBlocks.Text;

namespace Platform.BuildingBlocks.Tests.Text;

public class GreekTextFoldTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("Παπαδόπουλος", "παπαδοπουλοσ")]          // tonos + final sigma
    [InlineData("ΠΑΠΑΔΟΠΟΥΛΟΣ", "παπαδοπουλοσ")]          // capital Σ at the end
    [InlineData("ΆΝΝΑ", "αννα")]                          // upper-case accented
    [InlineData("Ένας Ήλιος Ίων Όλγα Ύβη Ώρα", "ενασ ηλιοσ ιων ολγα υβη ωρα")]
    [InlineData("Ϊ ϊ Ϋ ϋ", "ι ι υ υ")]                    // dialytika
    [InlineData("ΐ ΰ", "ι υ")]                            // dialytika + tonos
    [InlineData("Προϊστάμενος", "προισταμενοσ")]
    [InlineData("Ταΰγετος", "ταυγετοσ")]
    [InlineData("José Müller Ñoño", "jose muller nono")] // Latin diacritics
    [InlineData("  Οδυσσέας   Ελύτης ", "οδυσσεασ ελυτησ")] // normalised whitespace
    [InlineData("ᾨδὴ Ἀθηνᾶ", "ωδη αθηνα")]                // polytonic marks and iota subscript
    [InlineData("Μαρία Σ. Papadopoulou", "μαρια σ. papadopoulou")] // mixed scripts keep their script
    public void Fold_lowercases_and_strips_diacritics(string? input, string expected)
    {
        Assert.Equal(expected, GreekText.Fold(input));
    }

    [Theory]
    [InlineData("Ελένη", "ΕΛΕΝΗ")]
    [InlineData("Ελένη", "ελενη")]
    [InlineData("Ευαγγελία", "ΕΥΑΓΓΕΛΙΑ")]
    [InlineData("Χρυσούλα", "χρυσουλα")]
    [InlineData("Νικόλαος", "νικολαοσ")]
    [InlineData("Σοφία Αλεξίου", "ΣΟΦΙΑ   ΑΛΕΞΙΟΥ")]
    public void Fold_makes_case_accent_and_final_sigma_variants_equal(string a, string b)
    {
        Assert.Equal(GreekText.Fold(a), GreekText.Fold(b));
    }

    [Fact]
    public void Fold_keeps_Greek_script()
    {
        Assert.Equal("χρηστοσ", GreekText.Fold("Χρήστος"));
        Assert.NotEqual(GreekText.Fold("Χρήστος"), GreekText.Fold("Christos"));
    }

    [Fact]
    public void Fold_handles_decomposed_input_and_returns_NFC()
    {
        var result = GreekText.Fold("Ευάγγελος".Normalize(NormalizationForm.FormD));
        Assert.Equal("ευαγγελοσ", result);
        Assert.True(result.IsNormalized(NormalizationForm.FormC));
    }
}
