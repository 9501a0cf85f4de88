using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Identity;

namespace Platform.BuildingBlocks.Http;

/// <summary>
/// Every list's CSV export, one way (issue 4): UTF-8 with a BOM (so Excel reads Greek), ';' between fields (Excel's
/// separator where the decimal comma is Greek; the annual report uses the same), a header row in the caller's
/// language, rows streamed as the database yields them (no list held in memory). <c>X-Total-Rows</c> says up front how
/// many rows follow, so a page can show the download's progress. Each export is logged under one category with who
/// asked, what list, which filters were set (names only, never values) and how many rows left: no personal data.
/// </summary>
public static partial class CsvExport
{
    public const string LogCategory = "Platform.Exports";
    public const string TotalRowsHeader = "X-Total-Rows";
    private const char Separator = ';';

    /// <summary>Streams <paramref name="rows"/> (already scoped and filtered like the list) as the response.</summary>
    public static IResult Stream(string fileName, IReadOnlyList<string> header, long total, IAsyncEnumerable<IReadOnlyList<string?>> rows,
        string list, IEnumerable<string> filtersSet) =>
        new CsvResult(fileName, header, total, rows, list, [.. filtersSet]);

    /// <summary>One field, quoted when it holds the separator, a quote or a line break; a leading =, +, - or @ is defused (CSV injection).</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([Separator, '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A time as Greek users read it (Athens, dd/MM/yyyy HH:mm), empty when there is none.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? Platform.BuildingBlocks.Time.GreekTime.ToAthens(t).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Exported {List} as CSV for user {UserId} (roles {Roles}, centre {CentreId}): {Rows} rows, filters {Filters}")]
    private static partial void Exported(ILogger logger, string list, string? userId, string roles, Guid? centreId, long rows, string filters);

    private sealed class CsvResult(string fileName, IReadOnlyList<string> header, long total, IAsyncEnumerable<IReadOnlyList<string?>> rows,
        string list, string[] filters) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
            {
                FileNameStar = fileName,
                FileName = Uri.EscapeDataString(fileName),
            }.ToString();
            http.Response.Headers[TotalRowsHeader] = total.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";

            var ct = http.RequestAborted;
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024);
            await writer.WriteAsync(string.Join(Separator, header.Select(Field)) + "\r\n");
            long written = 0;
            var line = new StringBuilder();
            await foreach (var row in rows.WithCancellation(ct))
            {
                line.Clear();
                for (var i = 0; i < row.Count; i++)
                {
                    if (i > 0)
                    {
                        line.Append(Separator);
                    }
                    line.Append(Field(row[i]));
                }
                line.Append("\r\n");
                await writer.WriteAsync(line, ct);
                if (++written % 500 == 0)
                {
                    // A page reading the stream sees the rows arrive (its progress bar), not one block at the end.
                    await writer.FlushAsync(ct);
                }
            }
            await writer.FlushAsync(ct);

            var actor = http.RequestServices.GetService(typeof(ICurrentActor)) as ICurrentActor;
            var logger = ((ILoggerFactory)http.RequestServices.GetService(typeof(ILoggerFactory))!).CreateLogger(LogCategory);
            Exported(logger, list, actor?.UserId, actor is null ? "" : string.Join(',', actor.Roles.Order(StringComparer.Ordinal)), actor?.CentreId,
                written, filters.Length == 0 ? "none" : string.Join(',', filters));
        }
    }
}
