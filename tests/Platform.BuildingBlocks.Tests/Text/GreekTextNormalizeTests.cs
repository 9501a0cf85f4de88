using System.Text;
using Platform.BuildingBlocks.Text;

namespace Platform.BuildingBlocks.Tests.Text;

public class GreekTextNormalizeTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("Μαρία", "Μαρία")]
    [InlineData("  Γιώργος   Παπαδόπουλος \t", "Γιώργος Παπαδόπουλος")]
    [InlineData("Ελένη\u00A0\u00A0Κ.\r\nΠαππά", "Ελένη Κ. Παππά")]
    [InlineData("\uFEFFΝίκος\u200B", "Νίκος")]
    [InlineData("Άννα-Μαρία", "Άννα-Μαρία")]
    public void Normalize_trims_and_collapses_whitespace(string? input, string expected)
    {
        Assert.Equal(expected, GreekText.Normalize(input));
    }

    [Fact]
    public void Normalize_composes_to_NFC()
    {
        var decomposed = "Γεώργιος Ϊ".Normalize(NormalizationForm.FormD);
        Assert.NotEqual("Γεώργιος Ϊ", decomposed, StringComparer.Ordinal);

        var result = GreekText.Normalize(decomposed);

        Assert.Equal("Γεώργιος Ϊ", result);
        Assert.True(result.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Normalize_keeps_case_and_accents()
    {
        Assert.Equal("ΆΝΝΑ Δ'Αμίκο", GreekText.Normalize(" ΆΝΝΑ  Δ'Αμίκο "));
    }
}
