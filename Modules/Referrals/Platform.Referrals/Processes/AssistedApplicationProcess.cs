using FluentValidation;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Validation;
using Platform.Workflows.Definitions;
using static Platform.BuildingBlocks.Identity.PlatformRoles;

namespace Platform.Referrals.Processes;

internal enum ApplicationState
{
    Preparing,
    Filed,
    Approved,
    RenewalDue,
    Rejected,
    Closed,
}

internal enum ApplicationTrigger
{
    UpdateDocuments,
    File,
    DecisionOverdue,
    RecordDecision,
    RenewalFallsDue,
    Renew,
    Close,
}

/// <summary>The national platforms an application is filed on for the person (R10).</summary>
internal enum NationalPlatform
{
    Kea,
    HousingAllowance,
    ChildBenefit,
    DisabilityAllowance,
    UninsuredElderlyPension,
    EmploymentRegistration,
    Other,
}

internal sealed record DocumentsInput(IReadOnlyList<DocumentItem> Documents);

internal sealed record DocumentItem(string Name, bool Provided);

internal sealed record FileInput(NationalPlatform Platform, string ProtocolNumber, DateOnly FiledOn, IReadOnlyList<DocumentItem>? Documents);

internal sealed record DecisionInput(bool Approved, DateOnly DecidedOn, DateOnly? ValidUntil, string? Reason);

/// <summary>
/// The assisted application (R10, ΚΕΑ first): the caseworker files an application for the person on a national
/// platform; the Platform records which platform, the protocol number, the documents checklist and the
/// decision, and reminds the caseworker 30 days before an approved benefit must be renewed.
/// </summary>
internal sealed class AssistedApplicationProcess : WorkflowDefinition<ApplicationState, ApplicationTrigger>
{
    public const string ProcessName = "assisted-application";

    internal static class Data
    {
        public const string BeneficiaryId = "beneficiaryId";
        public const string ProgrammeId = "programmeId";
        public const string ProgrammeName = "programmeName";
        public const string Platform = "platform";
        public const string ProtocolNumber = "protocolNumber";
        public const string FiledOn = "filedOn";
        public const string Documents = "documents";
        public const string Approved = "approved";
        public const string DecidedOn = "decidedOn";
        public const string ValidUntil = "validUntil";
        public const string RenewalReminderAt = "renewalReminderAt";
        public const string DecisionReason = "decisionReason";
        public const string Cycle = "cycle";
    }

    public override string Name => ProcessName;

    public override int Version => 1;

    // the centre grain's workload follows every state change
    protected override bool PublishesStateChanges => true;

    public override Bilingual Title => new("Υποβοηθούμενη αίτηση", "Assisted application");

    protected override ApplicationState InitialState => ApplicationState.Preparing;

    protected override void Define(WorkflowBuilder<ApplicationState, ApplicationTrigger> b)
    {
        b.State(ApplicationState.Preparing, new("Προετοιμασία δικαιολογητικών", "Preparing the documents"))
            .Task(Caseworker, TimeSpan.FromDays(14))
            .Internal(ApplicationTrigger.UpdateDocuments)
            .Permit(ApplicationTrigger.File, ApplicationState.Filed)
            .Permit(ApplicationTrigger.Close, ApplicationState.Closed);

        b.State(ApplicationState.Filed, new("Υποβλήθηκε — αναμονή απόφασης", "Filed — awaiting the decision"))
            .Task(Caseworker, TimeSpan.FromDays(60))
            .After("decision-overdue", TimeSpan.FromDays(60), ApplicationTrigger.DecisionOverdue, new("Καθυστέρηση απόφασης", "Decision overdue"))
            .Internal(ApplicationTrigger.DecisionOverdue)
            .PermitEither(ApplicationTrigger.RecordDecision, ApplicationState.Approved, ApplicationState.Rejected)
            .Permit(ApplicationTrigger.Close, ApplicationState.Closed);

        b.State(ApplicationState.Approved, new("Εγκρίθηκε", "Approved"))
            .At("renewal", d => d.Get<DateTimeOffset?>(Data.RenewalReminderAt), ApplicationTrigger.RenewalFallsDue, new("Υπενθύμιση ανανέωσης", "Renewal reminder"))
            .Permit(ApplicationTrigger.RenewalFallsDue, ApplicationState.RenewalDue)
            .Permit(ApplicationTrigger.Renew, ApplicationState.Preparing)
            .Permit(ApplicationTrigger.Close, ApplicationState.Closed);

        b.State(ApplicationState.RenewalDue, new("Ανανέωση σε εκκρεμότητα", "Renewal due"))
            .Task(Caseworker, TimeSpan.FromDays(30))
            .Permit(ApplicationTrigger.Renew, ApplicationState.Preparing)
            .Permit(ApplicationTrigger.Close, ApplicationState.Closed);

        b.State(ApplicationState.Rejected, new("Απορρίφθηκε", "Rejected"))
            .Permit(ApplicationTrigger.Renew, ApplicationState.Preparing)
            .Permit(ApplicationTrigger.Close, ApplicationState.Closed);

        b.State(ApplicationState.Closed, new("Έκλεισε", "Closed")).Final();

        b.Trigger(ApplicationTrigger.UpdateDocuments, new("Ενημέρωση δικαιολογητικών", "Update the documents checklist"))
            .By(Caseworker, CentreHead)
            .Needs<DocumentsInput, DocumentsValidator>()
            .Does(ctx => ctx.Data.Set(Data.Documents, ctx.Input<DocumentsInput>().Documents));

        b.Trigger(ApplicationTrigger.File, new("Υποβολή στην πλατφόρμα", "File on the platform"))
            .By(Caseworker, CentreHead)
            .Needs<FileInput, FileValidator>()
            .Does(ctx =>
            {
                var input = ctx.Input<FileInput>();
                ctx.Data.Set(Data.Platform, input.Platform.ToString());
                ctx.Data.Set(Data.ProtocolNumber, input.ProtocolNumber.Trim());
                ctx.Data.Set(Data.FiledOn, input.FiledOn);
                if (input.Documents is { } documents)
                {
                    ctx.Data.Set(Data.Documents, documents);
                }
            });

        b.Trigger(ApplicationTrigger.DecisionOverdue, new("Η απόφαση καθυστερεί", "The decision is overdue")).BySystem()
            .Does(ctx => ctx.NeedsAttention("decision-overdue"));

        b.Trigger(ApplicationTrigger.RecordDecision, new("Καταγραφή απόφασης", "Record the decision"))
            .By(Caseworker, CentreHead)
            .Needs<DecisionInput, DecisionValidator>()
            .Does(ctx =>
            {
                var input = ctx.Input<DecisionInput>();
                ctx.Data.Set(Data.Approved, input.Approved);
                ctx.Data.Set(Data.DecidedOn, input.DecidedOn);
                ctx.Data.Set(Data.ValidUntil, input.ValidUntil);
                ctx.Data.Set(Data.DecisionReason, input.Reason);
                ctx.Data.Set<DateTimeOffset?>(Data.RenewalReminderAt, input.ValidUntil is { } until
                    ? BuildingBlocks.Time.GreekTime.AtAthens(until.AddDays(-30), new TimeOnly(9, 0))
                    : null);
                ctx.GoTo(input.Approved ? ApplicationState.Approved : ApplicationState.Rejected);
            });

        b.Trigger(ApplicationTrigger.RenewalFallsDue, new("Ώρα για ανανέωση", "Renewal falls due")).BySystem()
            .Does(ctx => ctx.NeedsAttention("renewal-due"));

        b.Trigger(ApplicationTrigger.Renew, new("Νέα αίτηση (ανανέωση)", "Apply again (renewal)"))
            .By(Caseworker, CentreHead)
            .Does(ctx =>
            {
                ctx.Data.Set(Data.Cycle, ctx.Data.Get<int>(Data.Cycle) + 1);
                foreach (var key in new[] { Data.ProtocolNumber, Data.FiledOn, Data.Approved, Data.DecidedOn, Data.ValidUntil, Data.RenewalReminderAt, Data.DecisionReason })
                {
                    ctx.Data.Set<object?>(key, null);
                }
            });

        b.Trigger(ApplicationTrigger.Close, new("Κλείσιμο", "Close"))
            .By(Caseworker, CentreHead)
            .Needs<ReasonInput, ReferralProcess.ReasonValidator>()
            .Does(ctx => ctx.Comment = ctx.Input<ReasonInput>().Reason);
    }

    internal sealed class DocumentsValidator : AbstractValidator<DocumentsInput>
    {
        public DocumentsValidator()
        {
            RuleFor(x => x.Documents).NotNull().WithMessage("Δώστε τη λίστα δικαιολογητικών.", "Give the documents checklist.");
            RuleForEach(x => x.Documents).ChildRules(d =>
                d.RuleFor(x => x.Name).NotEmpty().MaximumLength(200).WithMessage("Όνομα δικαιολογητικού έως 200 χαρακτήρες.", "A document name of up to 200 characters."));
        }
    }

    internal sealed class FileValidator : AbstractValidator<FileInput>
    {
        public FileValidator(Platform.Workflows.Timers.WorkflowClock clock)
        {
            RuleFor(x => x.Platform).IsNamedValue().WithMessage("Άγνωστη πλατφόρμα.", "Unknown platform.");
            RuleFor(x => x.ProtocolNumber).NotEmpty().WithMessage("Γράψτε τον αριθμό πρωτοκόλλου.", "Give the protocol number.")
                .MaximumLength(60).WithMessage("Έως 60 χαρακτήρες.", "Up to 60 characters.");
            RuleFor(x => x.FiledOn).Must(d => d <= BuildingBlocks.Time.GreekTime.Today(clock) && d.Year >= 2000)
                .WithMessage("Η ημερομηνία υποβολής δεν μπορεί να είναι μελλοντική.", "The filing date cannot be in the future.");
            RuleForEach(x => x.Documents).ChildRules(d =>
                d.RuleFor(x => x.Name).NotEmpty().MaximumLength(200).WithMessage("Όνομα δικαιολογητικού έως 200 χαρακτήρες.", "A document name of up to 200 characters."));
        }
    }

    internal sealed class DecisionValidator : AbstractValidator<DecisionInput>
    {
        public DecisionValidator(Platform.Workflows.Timers.WorkflowClock clock)
        {
            RuleFor(x => x.DecidedOn).Must(d => d <= BuildingBlocks.Time.GreekTime.Today(clock) && d.Year >= 2000)
                .WithMessage("Η ημερομηνία απόφασης δεν μπορεί να είναι μελλοντική.", "The decision date cannot be in the future.");
            RuleFor(x => x.ValidUntil).Must((x, until) => until is null || until > x.DecidedOn)
                .WithMessage("Η λήξη πρέπει να είναι μετά την απόφαση.", "The end of validity must be after the decision.");
            RuleFor(x => x.Reason).NotEmpty().When(x => !x.Approved)
                .WithMessage("Γράψτε τον λόγο της απόρριψης.", "Give the reason for the rejection.");
        }
    }
}
