using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Host.Web.Pages.Supervision;

/// <summary>The drill-down addresses of the supervisor's pages: every number links to the list behind it, with the same filters the API takes.</summary>
internal static class WorkflowLinks
{
    public const string ListPath = "/workflows/instances";

    public static string List(string? definition = null, Guid? centre = null, string? state = null, string? status = null, bool open = false,
        bool overdue = false, bool attention = false, bool oldest = false, int page = 1) =>
        QueryHelpers.AddQueryString(ListPath, Query(definition, centre, state, status, open, overdue, attention, oldest, page));

    public static string Instance(Guid id) => "/workflows/instances/" + id;

    /// <summary>The page's filters as the API's query (centre → centreId).</summary>
    public static Dictionary<string, string?> Query(string? definition, Guid? centre, string? state, string? status, bool open, bool overdue,
        bool attention, bool oldest, int page)
    {
        var q = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (definition is not null) q["definition"] = definition;
        if (centre is not null) q["centre"] = centre.Value.ToString();
        if (state is not null) q["state"] = state;
        if (status is not null) q["status"] = status;
        if (open) q["open"] = "true";
        if (overdue) q["overdue"] = "true";
        if (attention) q["needsAttention"] = "true";
        if (oldest) q["sort"] = "oldest";
        if (page > 1) q["page"] = page.ToString(CultureInfo.InvariantCulture);
        return q;
    }

    /// <summary>Hours in a state as people say it: hours under two days, days after.</summary>
    public static string Duration(double hours) => hours < 48
        ? Ui.T($"{hours.ToString("0.#", CultureInfo.CurrentCulture)} ώρ.", $"{hours.ToString("0.#", CultureInfo.InvariantCulture)} h")
        : Ui.T($"{(hours / 24).ToString("0.#", CultureInfo.CurrentCulture)} ημ.", $"{(hours / 24).ToString("0.#", CultureInfo.InvariantCulture)} d");

    public static string Status(string status) => Platform.Workflows.Api.WorkflowOversight.StatusTitle(status).For(CultureInfo.CurrentUICulture);

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? Platform.BuildingBlocks.Time.GreekTime.ToAthens(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";
}
