using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Platform.Bench.Measure;

/// <summary>A command EF Core sent, with copies of its parameters, to be run again under EXPLAIN.</summary>
internal sealed record CapturedCommand(string Sql, NpgsqlParameter[] Parameters);

/// <summary>Records the SQL EF Core sends (only while <see cref="Enabled"/>); the measured runs use options without it.</summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private readonly List<CapturedCommand> _commands = [];

    public bool Enabled { get; set; }

    public IReadOnlyList<CapturedCommand> Take()
    {
        lock (_commands)
        {
            var all = _commands.ToList();
            _commands.Clear();
            return all;
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (!Enabled)
        {
            return;
        }

        var parameters = command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray();
        lock (_commands)
        {
            _commands.Add(new CapturedCommand(command.CommandText, parameters));
        }
    }
}

/// <summary>EXPLAIN (ANALYZE, BUFFERS) of a captured command, and a one-line summary of the plan.</summary>
internal sealed record ExplainedCommand(string Sql, string Parameters, IReadOnlyList<string> Plan)
{
    public static async Task<ExplainedCommand> RunAsync(string connectionString, CapturedCommand command, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + command.Sql, conn) { CommandTimeout = 120 };
        foreach (var p in command.Parameters)
        {
            cmd.Parameters.Add(p.Clone());
        }

        var plan = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plan.Add(reader.GetString(0));
        }

        var parameters = string.Join(", ", command.Parameters.Select(p => $"{(p.ParameterName.Length > 0 ? p.ParameterName : "$")} = {Quote(p.Value)}"));
        return new ExplainedCommand(command.Sql, parameters, plan);
    }

    public string ExecutionTime => Plan.FirstOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

    /// <summary>"Limit ← Sort (top-N heapsort) ← Bitmap Heap Scan (rows=…) …; execution 12.3 ms".</summary>
    public string Summary()
    {
        var nodes = Plan
            .Select(l => l.TrimStart())
            .Where(l => l.Length > 0 && (l == Plan[0].TrimStart() || l.StartsWith("->", StringComparison.Ordinal)))
            .Select(l => l.TrimStart('-', '>', ' '))
            .Select(Shorten)
            .Take(8);
        var extras = Plan
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Sort Method", StringComparison.Ordinal) || l.StartsWith("Rows Removed by Index Recheck", StringComparison.Ordinal)
                || l.StartsWith("Heap Blocks", StringComparison.Ordinal) || l.StartsWith("JIT:", StringComparison.Ordinal))
            .Distinct()
            .Take(4);
        var sb = new StringBuilder();
        sb.AppendJoin(" → ", nodes);
        var extra = string.Join("; ", extras);
        if (extra.Length > 0)
        {
            sb.Append(" [").Append(extra).Append(']');
        }

        sb.Append("; execution ").Append(ExecutionTime);
        return sb.ToString();
    }

    private static string Quote(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        DateOnly d => "'" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        Guid g => "'" + g.ToString() + "'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Node name with its actual rows, without costs and timings.</summary>
    private static string Shorten(string node)
    {
        var name = node.Split("  (", 2)[0];
        var actual = node.IndexOf("(actual", StringComparison.Ordinal);
        if (actual >= 0)
        {
            var end = node.IndexOf(')', actual);
            var inside = node[(actual + 1)..(end > actual ? end : node.Length)];
            var rows = inside.Split(' ').FirstOrDefault(p => p.StartsWith("rows=", StringComparison.Ordinal));
            var time = inside.Split(' ').FirstOrDefault(p => p.StartsWith("time=", StringComparison.Ordinal));
            var ms = time is null ? "" : " " + time.Split("..").Last() + " ms";
            return string.Create(CultureInfo.InvariantCulture, $"{name} ({rows}{ms})");
        }

        return name;
    }

    public void AppendMarkdown(StringBuilder md, int maxLines = 60)
    {
        md.AppendLine("```sql").AppendLine(Sql.Trim());
        if (Parameters.Length > 0)
        {
            md.Append("-- parameters: ").AppendLine(Parameters);
        }

        md.AppendLine("```");
        md.AppendLine("```text");
        foreach (var line in Plan.Take(maxLines))
        {
            md.AppendLine(line);
        }

        if (Plan.Count > maxLines)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"… ({Plan.Count - maxLines} more lines)"));
        }

        md.AppendLine("```");
    }
}
