using FluentValidation;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Validation;
using Platform.Workflows.Definitions;
using static Platform.BuildingBlocks.Identity.PlatformRoles;

namespace Platform.Referrals.Processes;

internal enum FollowUpState
{
    Active,
    ReviewDue,
    Closed,
}

internal enum FollowUpTrigger
{
    ReviewFallsDue,
    RecordReview,
    ChangeInterval,
    EscalateOverdueReview,
    Close,
}

internal sealed record ReviewInput(string Situation, string? NextSteps, int? NextReviewInDays);

internal sealed record IntervalInput(int IntervalDays, string? Reason);

/// <summary>
/// The follow-up plan of one beneficiary (R6: monitoring how the person is doing over months): a review at an
/// interval chosen for the person; each review is a caseworker's task recording the situation and next steps;
/// a review not done within a week escalates to the centre head.
/// </summary>
internal sealed class FollowUpPlanProcess : WorkflowDefinition<FollowUpState, FollowUpTrigger>
{
    public const string ProcessName = "follow-up-plan";

    internal static class Data
    {
        public const string BeneficiaryId = "beneficiaryId";
        public const string IntervalDays = "intervalDays";
        public const string NextReviewAt = "nextReviewAt";
        public const string Goals = "goals";
        public const string LastSituation = "lastSituation";
        public const string LastNextSteps = "lastNextSteps";
        public const string ReviewsDone = "reviewsDone";
    }

    public override string Name => ProcessName;

    public override int Version => 1;

    // the centre grain's workload follows every state change
    protected override bool PublishesStateChanges => true;

    public override Bilingual Title => new("Σχέδιο παρακολούθησης", "Follow-up plan");

    protected override FollowUpState InitialState => FollowUpState.Active;

    protected override void Define(WorkflowBuilder<FollowUpState, FollowUpTrigger> b)
    {
        b.State(FollowUpState.Active, new("Σε εξέλιξη", "Active"))
            .At("review", d => d.Get<DateTimeOffset?>(Data.NextReviewAt), FollowUpTrigger.ReviewFallsDue, new("Επόμενη επανεξέταση", "Next review"))
            .Permit(FollowUpTrigger.ReviewFallsDue, FollowUpState.ReviewDue)
            .Permit(FollowUpTrigger.ChangeInterval, FollowUpState.Active)
            .Permit(FollowUpTrigger.RecordReview, FollowUpState.Active)
            .Permit(FollowUpTrigger.Close, FollowUpState.Closed);

        b.State(FollowUpState.ReviewDue, new("Επανεξέταση σε εκκρεμότητα", "Review due"))
            .Task(Caseworker, TimeSpan.FromDays(7))
            .After("review-overdue", TimeSpan.FromDays(7), FollowUpTrigger.EscalateOverdueReview, new("Καθυστέρηση επανεξέτασης", "Review overdue"))
            .Internal(FollowUpTrigger.EscalateOverdueReview)
            .Permit(FollowUpTrigger.RecordReview, FollowUpState.Active)
            .Permit(FollowUpTrigger.Close, FollowUpState.Closed);

        b.State(FollowUpState.Closed, new("Έκλεισε", "Closed")).Final();

        b.Trigger(FollowUpTrigger.ReviewFallsDue, new("Ώρα για επανεξέταση", "A review falls due")).BySystem()
            .Does(ctx => ctx.NeedsAttention("review-due"));

        b.Trigger(FollowUpTrigger.RecordReview, new("Καταγραφή επανεξέτασης", "Record a review"))
            .By(Caseworker, CentreHead)
            .Needs<ReviewInput, ReviewValidator>()
            .Does(ctx =>
            {
                var input = ctx.Input<ReviewInput>();
                var interval = input.NextReviewInDays ?? ctx.Data.Get<int>(Data.IntervalDays);
                ctx.Data.Set(Data.LastSituation, input.Situation);
                ctx.Data.Set(Data.LastNextSteps, input.NextSteps);
                ctx.Data.Set(Data.ReviewsDone, ctx.Data.Get<int>(Data.ReviewsDone) + 1);
                ctx.Data.Set(Data.NextReviewAt, ctx.Now.AddDays(interval));
                ctx.AttentionHandled();
            });

        b.Trigger(FollowUpTrigger.ChangeInterval, new("Αλλαγή διαστήματος επανεξέτασης", "Change the review interval"))
            .By(Caseworker, CentreHead)
            .Needs<IntervalInput, IntervalValidator>()
            .Does(ctx =>
            {
                var input = ctx.Input<IntervalInput>();
                ctx.Comment = input.Reason;
                ctx.Data.Set(Data.IntervalDays, input.IntervalDays);
                ctx.Data.Set(Data.NextReviewAt, ctx.Now.AddDays(input.IntervalDays));
            });

        b.Trigger(FollowUpTrigger.EscalateOverdueReview, new("Κλιμάκωση καθυστερημένης επανεξέτασης", "Escalate an overdue review")).BySystem()
            .Does(ctx =>
            {
                ctx.AssignTo(CentreHead);
                ctx.NeedsAttention("review-overdue");
            });

        b.Trigger(FollowUpTrigger.Close, new("Κλείσιμο σχεδίου", "Close the plan"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReferralProcess.ReasonValidator>()
            .Does(ctx => ctx.Comment = ctx.Input<ReasonInput>().Reason);
    }

    internal sealed class ReviewValidator : AbstractValidator<ReviewInput>
    {
        public ReviewValidator()
        {
            RuleFor(x => x.Situation).NotEmpty().WithMessage("Περιγράψτε την κατάσταση του ωφελούμενου.", "Describe the person's situation.")
                .MaximumLength(4000).WithMessage("Έως 4.000 χαρακτήρες.", "Up to 4,000 characters.");
            RuleFor(x => x.NextSteps).MaximumLength(4000).WithMessage("Έως 4.000 χαρακτήρες.", "Up to 4,000 characters.");
            RuleFor(x => x.NextReviewInDays).InclusiveBetween(1, 365)
                .WithMessage("Η επόμενη επανεξέταση πρέπει να απέχει από 1 έως 365 ημέρες.", "The next review must be 1 to 365 days away.");
        }
    }

    internal sealed class IntervalValidator : AbstractValidator<IntervalInput>
    {
        public IntervalValidator()
        {
            RuleFor(x => x.IntervalDays).InclusiveBetween(1, 365)
                .WithMessage("Το διάστημα πρέπει να είναι από 1 έως 365 ημέρες.", "The interval must be 1 to 365 days.");
            RuleFor(x => x.Reason).MaximumLength(2000).WithMessage("Έως 2.000 χαρακτήρες.", "Up to 2,000 characters.");
        }
    }
}
