using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Validation;
using Platform.Referrals.Capacity;
using Platform.Registries.Contracts;
using Platform.Workflows.Definitions;
using static Platform.BuildingBlocks.Identity.PlatformRoles;

namespace Platform.Referrals.Processes;

internal enum ReferralState
{
    Draft,
    Submitted,
    MoreInformationNeeded,
    WaitingList,
    Accepted,
    InService,
    AwaitingConfirmation,
    Rejected,
    Closed,
}

internal enum ReferralTrigger
{
    Submit,
    Accept,
    Reject,
    RequestInformation,
    ProvideInformation,
    PlaceAvailable,
    StartService,
    RecordFollowUp,
    Close,
    ConfirmHelpReceived,
    HelpNotReceived,
    Withdraw,
    RemindNoAnswer,
    EscalateNoAnswer,
    FollowUpDue,
    HelpCheckDue,
}

/// <summary>How a referral ended (R10: followed up until the person actually got help).</summary>
internal enum ReferralOutcome
{
    GotHelp,
    CouldNotGetHelp,
    Withdrawn,
    CouldNotContact,
}

internal sealed record NoteInput(string? Note);

internal sealed record ReasonInput(string Reason);

internal sealed record CloseInput(ReferralOutcome Outcome, string? Reason);

/// <summary>Events other parts of the Platform react to, through the workflow outbox.</summary>
internal static class ReferralEvents
{
    /// <summary>The referral no longer holds (or waits for) a place at its target: free it, promote the next.</summary>
    public const string PlaceReleased = "referrals.place-released";

    public sealed record PlaceReleasedPayload(Guid StructureId, Guid ReferralId);
}

/// <summary>
/// The referral (R10): sent to a programme, a body of any kind or another structure of the municipality, and
/// followed up until the person actually got help. Submitting needs the person's consent to share (GDPR);
/// acceptance by a structure with capacity takes a live place or puts the referral on the waiting list; a
/// closure as "got help" is confirmed 30 days later before the loop is closed.
/// </summary>
internal sealed class ReferralProcess : WorkflowDefinition<ReferralState, ReferralTrigger>
{
    public const string ProcessName = "referral";

    /// <summary>Keys of the instance data the module writes at creation.</summary>
    internal static class Data
    {
        public const string BeneficiaryId = "beneficiaryId";
        public const string TargetKind = "targetKind";
        public const string TargetId = "targetId";
        public const string TargetBodyId = "targetBodyId";
        public const string TargetName = "targetName";
        public const string HasCapacity = "hasCapacity";
        public const string Reason = "reason";
        public const string Outcome = "outcome";
        public const string OutcomeReason = "outcomeReason";
        public const string RejectionReason = "rejectionReason";
        public const string InformationRequested = "informationRequested";
        public const string WaitingPosition = "waitingPosition";
        public const string HelpConfirmed = "helpConfirmed";
    }

    public override string Name => ProcessName;

    public override int Version => 1;

    // the centre grain's workload follows every state change
    protected override bool PublishesStateChanges => true;

    public override Bilingual Title => new("Παραπομπή", "Referral");

    protected override ReferralState InitialState => ReferralState.Draft;

    protected override void Define(WorkflowBuilder<ReferralState, ReferralTrigger> b)
    {
        b.State(ReferralState.Draft, new("Πρόχειρη", "Draft"))
            .Task(Caseworker, TimeSpan.FromDays(3))
            .Permit(ReferralTrigger.Submit, ReferralState.Submitted)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Closed);

        b.State(ReferralState.Submitted, new("Υποβλήθηκε — αναμονή απάντησης", "Submitted — awaiting an answer"))
            .Task(Caseworker, TimeSpan.FromDays(10))
            .After("answer-reminder", TimeSpan.FromDays(5), ReferralTrigger.RemindNoAnswer, new("Υπενθύμιση: καμία απάντηση", "Reminder: no answer"))
            .After("answer-escalation", TimeSpan.FromDays(10), ReferralTrigger.EscalateNoAnswer, new("Κλιμάκωση στον υπεύθυνο", "Escalation to the centre head"))
            .PermitEither(ReferralTrigger.Accept, ReferralState.Accepted, ReferralState.WaitingList)
            .Permit(ReferralTrigger.Reject, ReferralState.Rejected)
            .Permit(ReferralTrigger.RequestInformation, ReferralState.MoreInformationNeeded)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Closed)
            .Internal(ReferralTrigger.RemindNoAnswer)
            .Internal(ReferralTrigger.EscalateNoAnswer);

        b.State(ReferralState.MoreInformationNeeded, new("Ζητήθηκαν συμπληρωματικά στοιχεία", "More information needed"))
            .Task(Caseworker, TimeSpan.FromDays(5))
            .Permit(ReferralTrigger.ProvideInformation, ReferralState.Submitted)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Closed);

        b.State(ReferralState.WaitingList, new("Λίστα αναμονής (χωρίς διαθέσιμη θέση)", "Waiting list (no capacity)"))
            .Permit(ReferralTrigger.PlaceAvailable, ReferralState.Accepted)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Closed);

        b.State(ReferralState.Accepted, new("Έγινε δεκτή", "Accepted"))
            .Task(Caseworker)
            .After("follow-up", TimeSpan.FromDays(14), ReferralTrigger.FollowUpDue, new("Παρακολούθηση", "Follow-up"), repeat: true)
            .Permit(ReferralTrigger.StartService, ReferralState.InService)
            .Internal(ReferralTrigger.RecordFollowUp)
            .Internal(ReferralTrigger.FollowUpDue)
            .PermitEither(ReferralTrigger.Close, ReferralState.AwaitingConfirmation, ReferralState.Closed)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Closed);

        b.State(ReferralState.InService, new("Σε εξυπηρέτηση", "In service"))
            .Task(Caseworker)
            .After("follow-up", TimeSpan.FromDays(14), ReferralTrigger.FollowUpDue, new("Παρακολούθηση", "Follow-up"), repeat: true)
            .Internal(ReferralTrigger.RecordFollowUp)
            .Internal(ReferralTrigger.FollowUpDue)
            .PermitEither(ReferralTrigger.Close, ReferralState.AwaitingConfirmation, ReferralState.Closed)
            .Permit(ReferralTrigger.Withdraw, ReferralState.Closed);

        b.State(ReferralState.AwaitingConfirmation, new("Έλεγχος ότι η βοήθεια δόθηκε", "Checking the help reached the person"))
            .After("help-check", TimeSpan.FromDays(30), ReferralTrigger.HelpCheckDue, new("Έλεγχος 30 ημερών", "30-day check"))
            .Internal(ReferralTrigger.HelpCheckDue)
            .Permit(ReferralTrigger.ConfirmHelpReceived, ReferralState.Closed)
            .Permit(ReferralTrigger.HelpNotReceived, ReferralState.InService);

        b.State(ReferralState.Rejected, new("Απορρίφθηκε", "Rejected")).Final();
        b.State(ReferralState.Closed, new("Έκλεισε", "Closed")).Final();

        b.Trigger(ReferralTrigger.Submit, new("Υποβολή", "Submit"))
            .By(Caseworker, CentreHead)
            .Does(async (ctx, ct) =>
            {
                var directory = ctx.Services.GetRequiredService<IReferralTargetDirectory>();
                if (!await directory.HasSharingConsentAsync(ctx.Data.Get<Guid>(Data.BeneficiaryId), ctx.Data.Get<Guid?>(Data.TargetBodyId), ct))
                {
                    throw new StepRefusedException(new Refusal("consent-missing", new(
                        "Δεν έχει καταγραφεί συναίνεση του ωφελούμενου για κοινοποίηση στοιχείων στον φορέα παραπομπής.",
                        "The beneficiary's consent to share their file with the referral's target is not recorded.")));
                }
            });

        b.Trigger(ReferralTrigger.Accept, new("Αποδοχή από τον φορέα", "Accepted by the target"))
            .By(Caseworker, CentreHead)
            .Needs<NoteInput, NoteValidator>()
            .Does(async (ctx, _) =>
            {
                ctx.Comment = ctx.Input<NoteInput>().Note;
                if (!ctx.Data.Get<bool>(Data.HasCapacity))
                {
                    ctx.GoTo(ReferralState.Accepted);
                    return;
                }
                var place = await ctx.Services.GetRequiredService<IGrainFactory>()
                    .GetGrain<IStructureCapacityGrain>(ctx.Data.Get<Guid>(Data.TargetBodyId)).TryTake(ctx.InstanceId);
                ctx.Data.Set(Data.WaitingPosition, place.Taken ? (int?)null : place.WaitingPosition);
                ctx.GoTo(place.Taken ? ReferralState.Accepted : ReferralState.WaitingList);
            });

        b.Trigger(ReferralTrigger.Reject, new("Απόρριψη από τον φορέα", "Rejected by the target"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReasonValidator>()
            .Does(ctx => ctx.Data.Set(Data.RejectionReason, ctx.Input<ReasonInput>().Reason));

        b.Trigger(ReferralTrigger.RequestInformation, new("Ο φορέας ζητά στοιχεία", "The target asks for more information"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReasonValidator>()
            .Does(ctx => ctx.Data.Set(Data.InformationRequested, ctx.Input<ReasonInput>().Reason));

        b.Trigger(ReferralTrigger.ProvideInformation, new("Αποστολή στοιχείων", "Provide the information"))
            .By(Caseworker, CentreHead)
            .Needs<NoteInput, NoteValidator>()
            .Does(ctx => ctx.Comment = ctx.Input<NoteInput>().Note);

        b.Trigger(ReferralTrigger.PlaceAvailable, new("Βρέθηκε θέση", "A place became available")).BySystem()
            .Does(ctx => ctx.Data.Set<int?>(Data.WaitingPosition, null));

        b.Trigger(ReferralTrigger.StartService, new("Έναρξη εξυπηρέτησης", "Service started"))
            .By(Caseworker, CentreHead)
            .Needs<NoteInput, NoteValidator>()
            .Does(ctx => ctx.Comment = ctx.Input<NoteInput>().Note);

        b.Trigger(ReferralTrigger.RecordFollowUp, new("Καταγραφή παρακολούθησης", "Record a follow-up"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReasonValidator>()
            .Does(ctx =>
            {
                ctx.Comment = ctx.Input<ReasonInput>().Reason;
                ctx.AttentionHandled();
            });

        b.Trigger(ReferralTrigger.Close, new("Κλείσιμο με έκβαση", "Close with an outcome"))
            .By(Caseworker, CentreHead)
            .Needs<CloseInput, CloseValidator>()
            .Does(ctx =>
            {
                var input = ctx.Input<CloseInput>();
                ctx.Data.Set(Data.Outcome, input.Outcome.ToString());
                ctx.Data.Set(Data.OutcomeReason, input.Reason);
                ReleasePlace(ctx);
                ctx.GoTo(input.Outcome == ReferralOutcome.GotHelp ? ReferralState.AwaitingConfirmation : ReferralState.Closed);
            });

        b.Trigger(ReferralTrigger.ConfirmHelpReceived, new("Επιβεβαίωση ότι δόθηκε η βοήθεια", "Confirm the help was received"))
            .By(Caseworker, CentreHead)
            .Needs<NoteInput, NoteValidator>()
            .Does(ctx =>
            {
                ctx.Data.Set(Data.HelpConfirmed, true);
                ctx.Comment = ctx.Input<NoteInput>().Note;
            });

        b.Trigger(ReferralTrigger.HelpNotReceived, new("Η βοήθεια δεν έφτασε", "The help did not arrive"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReasonValidator>()
            .Does(ctx =>
            {
                ctx.Data.Set(Data.HelpConfirmed, false);
                ctx.Data.Set<string?>(Data.Outcome, null);
                ctx.Comment = ctx.Input<ReasonInput>().Reason;
            });

        b.Trigger(ReferralTrigger.Withdraw, new("Απόσυρση", "Withdraw"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReasonValidator>()
            .Does(ctx =>
            {
                ctx.Data.Set(Data.Outcome, ReferralOutcome.Withdrawn.ToString());
                ctx.Data.Set(Data.OutcomeReason, ctx.Input<ReasonInput>().Reason);
                ReleasePlace(ctx);
            });

        b.Trigger(ReferralTrigger.RemindNoAnswer, new("Υπενθύμιση: ο φορέας δεν απάντησε", "Reminder: the target has not answered")).BySystem()
            .Does(ctx => ctx.NeedsAttention("no-answer"));

        b.Trigger(ReferralTrigger.EscalateNoAnswer, new("Κλιμάκωση: καμία απάντηση", "Escalation: still no answer")).BySystem()
            .Does(ctx =>
            {
                ctx.AssignTo(CentreHead);
                ctx.NeedsAttention("escalated");
            });

        b.Trigger(ReferralTrigger.FollowUpDue, new("Ώρα για παρακολούθηση", "A follow-up is due")).BySystem()
            .Does(ctx => ctx.NeedsAttention("follow-up-due"));

        b.Trigger(ReferralTrigger.HelpCheckDue, new("Ώρα για τον έλεγχο 30 ημερών", "The 30-day check is due")).BySystem()
            .Does(ctx => ctx.NeedsAttention("help-check-due"));
    }

    /// <summary>A referral that held or waited for a place gives it back after the commit (outbox), never before.</summary>
    private static void ReleasePlace(StepContext ctx)
    {
        if (ctx.Data.Get<bool>(Data.HasCapacity) && ctx.State is nameof(ReferralState.Accepted) or nameof(ReferralState.InService) or nameof(ReferralState.WaitingList))
        {
            ctx.Emit(ReferralEvents.PlaceReleased, new ReferralEvents.PlaceReleasedPayload(ctx.Data.Get<Guid>(Data.TargetBodyId), ctx.InstanceId));
        }
    }

    internal sealed class NoteValidator : AbstractValidator<NoteInput>
    {
        public NoteValidator() =>
            RuleFor(x => x.Note).MaximumLength(2000).WithMessage("Έως 2.000 χαρακτήρες.", "Up to 2,000 characters.");
    }

    internal sealed class ReasonValidator : AbstractValidator<ReasonInput>
    {
        public ReasonValidator() =>
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Γράψτε τον λόγο.", "Give the reason.")
                .MaximumLength(2000).WithMessage("Έως 2.000 χαρακτήρες.", "Up to 2,000 characters.");
    }

    internal sealed class CloseValidator : AbstractValidator<CloseInput>
    {
        public CloseValidator()
        {
            RuleFor(x => x.Outcome).IsNamedValue().WithMessage("Άγνωστη έκβαση.", "Unknown outcome.");
            RuleFor(x => x.Reason).NotEmpty()
                .When(x => x.Outcome is ReferralOutcome.CouldNotGetHelp or ReferralOutcome.Withdrawn or ReferralOutcome.CouldNotContact)
                .WithMessage("Γράψτε τον λόγο για αυτή την έκβαση.", "Give the reason for this outcome.");
            RuleFor(x => x.Reason).MaximumLength(2000).WithMessage("Έως 2.000 χαρακτήρες.", "Up to 2,000 characters.");
        }
    }
}
