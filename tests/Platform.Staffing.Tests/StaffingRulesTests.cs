using Platform.Staffing.Domain;

namespace Platform.Staffing.Tests;

/// <summary>R12–R13 as pure rules.</summary>
public sealed class StaffingRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(39_999, 2)]
    [InlineData(40_000, 3)]
    [InlineData(100_000, 3)]
    [InlineData(100_001, 4)]
    [InlineData(3_000_000, 4)]
    public void R12_team_size_follows_the_municipalitys_population(int population, int required) =>
        Assert.Equal(required, StaffingRules.RequiredTeamSize(population));

    private static StaffMember Member(Specialty specialty, bool head = false, DateOnly? end = null) => new()
    {
        Id = Guid.NewGuid(), CentreId = Guid.Empty, Reference = Guid.NewGuid().ToString("N")[..8], Specialty = specialty,
        IsHead = head, StartDate = Today.AddYears(-1), EndDate = end,
    };

    [Fact]
    public void A_full_team_headed_by_a_social_worker_is_compliant() =>
        Assert.Empty(StaffingRules.Evaluate(50_000, [Member(Specialty.SocialWorker, head: true), Member(Specialty.Psychologist), Member(Specialty.SocialScientist)], Today));

    [Fact]
    public void A_team_too_small_for_its_population_breaks_R12()
    {
        var findings = StaffingRules.Evaluate(100_001, [Member(Specialty.SocialWorker, head: true), Member(Specialty.Psychologist), Member(Specialty.SocialScientist)], Today);
        var finding = Assert.Single(findings);
        Assert.Equal("R12", finding.Rule);
        Assert.Equal(FindingSeverity.Breach, finding.Severity);
    }

    [Fact]
    public void A_centre_without_a_social_worker_head_is_flagged_R13()
    {
        var headedByPsychologist = StaffingRules.Evaluate(10_000, [Member(Specialty.Psychologist, head: true), Member(Specialty.SocialWorker)], Today);
        Assert.Contains(headedByPsychologist, f => f.Rule == "R13" && f.Severity == FindingSeverity.Breach);

        var noSocialWorker = StaffingRules.Evaluate(10_000, [Member(Specialty.Psychologist, head: true), Member(Specialty.SocialScientist)], Today);
        Assert.Contains(noSocialWorker, f => f.Rule == "R13");
    }

    [Fact]
    public void A_contract_ending_within_the_notice_period_is_announced_as_a_breach_to_come()
    {
        var end = Today.AddDays(20);
        var findings = StaffingRules.Evaluate(20_000, [Member(Specialty.SocialWorker, head: true, end: end), Member(Specialty.Psychologist)], Today);

        Assert.Contains(findings, f => f.Rule == "R12" && f.Severity == FindingSeverity.Upcoming && f.From == end.AddDays(1));
        Assert.Contains(findings, f => f.Rule == "R13" && f.Severity == FindingSeverity.Upcoming);
        Assert.DoesNotContain(findings, f => f.Severity == FindingSeverity.Breach);
    }

    [Fact]
    public void A_contract_ending_after_the_notice_period_is_not_announced_yet() =>
        Assert.Empty(StaffingRules.Evaluate(20_000,
            [Member(Specialty.SocialWorker, head: true, end: Today.AddDays(StaffingRules.NoticeDays + 1)), Member(Specialty.Psychologist)], Today));
}
