using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Time;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Supervision.Domain;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.Deadlines;

/// <summary>
/// The R23 deadlines still open and due within <see cref="Within"/> ("30d", or a number of days), overdue ones
/// included, soonest first; each says whether its reminder has fired. For the UI's reminder list and dashboards.
/// </summary>
internal sealed partial record ListDeadlines(string? Within, Guid? CentreId) : IQuery<IReadOnlyList<DeadlineView>>
{
    public int Days => Within is { } w && Pattern().Match(w) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 30;

    [GeneratedRegex(@"^\s*(\d{1,4})\s*d?\s*$", RegexOptions.IgnoreCase)]
    internal static partial Regex Pattern();
}

internal sealed record DeadlineView(
    Guid CentreId, string CentreName, string Key, DeadlineKind Kind, string Title, int? Year, int? RegulationNumber,
    DateOnly DueOn, DateOnly RemindOn, int DaysLeft, bool Overdue, DateTimeOffset? RemindedAt);

internal sealed class ListDeadlinesValidator : AbstractValidator<ListDeadlines>
{
    public ListDeadlinesValidator() =>
        RuleFor(x => x.Within).Matches(ListDeadlines.Pattern())
            .WithMessage("Δώστε διάστημα σε ημέρες, π.χ. 30d.", "Give a span in days, e.g. 30d.")
            .When(x => x.Within is not null);
}

internal sealed class ListDeadlinesHandler(SupervisionDbContext db, ICentreDirectory centres, TimeProvider clock, IOptions<SupervisionOptions> options)
    : IQueryHandler<ListDeadlines, IReadOnlyList<DeadlineView>>
{
    public async ValueTask<IReadOnlyList<DeadlineView>> Handle(ListDeadlines query, CancellationToken cancellationToken)
    {
        var today = GreekTime.Today(clock);
        var horizon = today.AddDays(query.Days);
        var plans = await DeadlineData.PlanAllAsync(db, query.CentreId, today, options.Value, cancellationToken);
        var fired = (await db.DeadlineReminders.AsNoTracking().Where(r => query.CentreId == null || r.CentreId == query.CentreId).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.CentreId, r.DeadlineKey, r.DueOn), r => r.RemindedAt);
        var names = new Dictionary<Guid, string>();
        var views = new List<DeadlineView>();
        foreach (var (centreId, plan) in plans)
        {
            foreach (var d in plan.Where(d => d.Open && d.DueOn <= horizon))
            {
                if (!names.TryGetValue(centreId, out var name))
                {
                    name = names[centreId] = (await centres.FindCentreAsync(centreId, cancellationToken))?.Name ?? "";
                }

                views.Add(new DeadlineView(centreId, name, d.Key, d.Kind, d.Title, d.Year, d.RegulationNumber, d.DueOn, d.RemindOn,
                    d.DueOn.DayNumber - today.DayNumber, d.DueOn < today, fired.TryGetValue((centreId, d.Key, d.DueOn), out var at) ? at : null));
            }
        }

        return [.. views.OrderBy(v => v.DueOn).ThenBy(v => v.CentreName, StringComparer.Ordinal).ThenBy(v => v.Key, StringComparer.Ordinal)];
    }
}
