using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Localization;
using Platform.Workflows.Definitions;

namespace Platform.Workflows.Diagrams;

/// <summary>
/// A definition as a picture: DOT from Stateless (every state, trigger and possible destination), with labels
/// in the reader's language and the instance's current state filled, rendered to SVG by Graphviz on the server
/// (no JavaScript in the browser, testable with plain HTTP).
/// </summary>
internal static partial class DiagramRenderer
{
    public static string Dot(DefinitionModel model, string? currentState, CultureInfo culture)
    {
        var state = model.InitialState;
        var machine = StatelessMachine.Create(model, () => state, s => state = s, () => null);
        var dot = Stateless.Graph.UmlDotGraph.Format(machine.GetInfo());

        foreach (var trigger in model.Triggers.Values)
        {
            var title = Escape(trigger.Title.For(culture));
            dot = dot.Replace($"label=\"{trigger.Name}\"", $"label=\"{title}\"", StringComparison.Ordinal)
                .Replace($"label=\"{trigger.Name} [Function]\"", $"label=\"{title}\"", StringComparison.Ordinal);
        }
        // graph-wide attributes first (they apply only to what follows them), state styles last (they merge into the nodes)
        var header = new StringBuilder();
        header.Append(CultureInfo.InvariantCulture, $"label=\"{Escape(model.Title.For(culture))} v{model.Version}\"; labelloc=t; fontname=\"DejaVu Sans\";\n");
        header.Append("node [fontname=\"DejaVu Sans\"]; edge [fontname=\"DejaVu Sans\", fontsize=10];\n");
        var extra = new StringBuilder();
        foreach (var s in model.States.Values)
        {
            var style = s.Name == currentState
                ? ", style=filled, fillcolor=\"#ffd54f\", penwidth=3, color=\"#5d4037\""
                : s.IsFinal ? ", peripheries=2" : "";
            extra.Append(CultureInfo.InvariantCulture, $"\"{s.Name}\" [label=\"{Escape(s.Title.For(culture))}\"{style}, id=\"state_{s.Name}\"];\n");
        }
        var start = dot.IndexOf('{', StringComparison.Ordinal) + 1;
        var end = dot.LastIndexOf('}');
        return dot[..start] + "\n" + header + dot[start..end] + extra + "}\n";
    }

    public static async Task<string> SvgAsync(string dot, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dot", "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DiagramUnavailableException();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new DiagramUnavailableException();
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await process.StandardInput.WriteAsync(dot.AsMemory(), timeout.Token);
            process.StandardInput.Close();
            var svg = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? await svg : throw new InvalidOperationException("dot failed: " + await errors);
        }
    }

    private static string Escape(string text) => QuoteOrBackslash().Replace(text, m => "\\" + m.Value);

    [GeneratedRegex("[\"\\\\]")]
    private static partial Regex QuoteOrBackslash();
}

/// <summary>Graphviz is not installed on this machine (the README's commands install it).</summary>
public sealed class DiagramUnavailableException()
    : PlatformException(new Bilingual("Το διάγραμμα δεν είναι διαθέσιμο (λείπει το Graphviz).", "The diagram is not available (Graphviz is missing)."), "diagram-unavailable")
{
    public override int StatusCode => 503;
}
