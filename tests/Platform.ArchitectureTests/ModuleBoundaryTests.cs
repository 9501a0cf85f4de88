using System.Reflection;
using System.Runtime.CompilerServices;

namespace Platform.ArchitectureTests;

/// <summary>
/// Modules talk through contracts: a module may use BuildingBlocks and other modules' <c>.Contracts</c>,
/// never their internals; contracts and BuildingBlocks know no module. Checked on the compiled
/// assemblies (their references and InternalsVisibleTo grants), so no source trick gets around it.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string[] Modules = ["Access", "Registries", "Referrals", "Staffing", "Premises", "Supervision"];

    private static readonly string[] Contracts = ["Platform.Registries.Contracts", "Platform.Supervision.Contracts"];

    private static Assembly Load(string name) => Assembly.Load(name);

    private static IEnumerable<string> References(string assembly) => Load(assembly).GetReferencedAssemblies().Select(r => r.Name!);

    public static TheoryData<string> AllModules() => [.. Modules];

    [Theory]
    [MemberData(nameof(AllModules))]
    public void A_module_references_other_modules_only_through_their_contracts(string module)
    {
        var forbidden = References($"Platform.{module}")
            .Where(r => Modules.Any(m => m != module && r.StartsWith($"Platform.{m}", StringComparison.Ordinal) && r != $"Platform.{m}.Contracts"))
            .ToList();
        Assert.Empty(forbidden);
    }

    [Theory]
    [MemberData(nameof(AllModules))]
    public void A_module_opens_its_internals_only_to_the_host_its_tests_and_the_bench(string module)
    {
        var grants = Load($"Platform.{module}").GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();
        Assert.All(grants, g => Assert.True(
            g is "Platform.Host" or "Platform.Bench" || g == $"Platform.{module}.Tests" || g.StartsWith("DynamicProxyGenAssembly", StringComparison.Ordinal),
            $"Platform.{module} grants InternalsVisibleTo {g}"));
    }

    [Fact]
    public void BuildingBlocks_and_contracts_know_no_module_and_no_host()
    {
        foreach (var assembly in Contracts.Prepend("Platform.Workflows").Prepend("Platform.BuildingBlocks"))
        {
            var bad = References(assembly).Where(r => r == "Platform.Host" || Modules.Any(m => r == $"Platform.{m}")).ToList();
            Assert.True(bad.Count == 0, $"{assembly} references {string.Join(", ", bad)}");
        }
    }

    [Theory]
    [InlineData("Registries")]
    [InlineData("Staffing")]
    [InlineData("Supervision")]
    [InlineData("Premises")]
    [InlineData("Referrals")]
    [InlineData("Access")]
    public void Module_internals_are_not_public(string module)
    {
        // Only the module's entry point is public; the rest is internal sealed by default. Routable pages must be
        // public for the Blazor router to find them: they are the module's pages, not an API.
        var publicTypes = Load($"Platform.{module}").GetExportedTypes()
            .Where(t => t.Name != $"{module}Module" && !Generated(t) && !typeof(Microsoft.AspNetCore.Components.ComponentBase).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(publicTypes);
    }

    [Theory]
    [InlineData("Platform.Registries.Contracts")]
    [InlineData("Platform.Supervision.Contracts")]
    public void Contracts_hold_only_interfaces_records_and_constants(string contracts)
    {
        var odd = Load(contracts).GetExportedTypes()
            .Where(t => !Generated(t) && !t.IsInterface && !(t.IsAbstract && t.IsSealed) && t.GetMethod("<Clone>$") is null)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(odd);
    }

    /// <summary>Orleans' serializers, EF's migrations and Razor's _Imports are generated public; they are not the module's API.</summary>
    private static bool Generated(Type t) => t.Name == "_Imports" ||
        t.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) == true || t.Namespace?.Contains("Migrations", StringComparison.Ordinal) == true;
}
