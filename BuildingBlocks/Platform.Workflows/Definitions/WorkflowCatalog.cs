using System.Collections.Frozen;

namespace Platform.Workflows.Definitions;

/// <summary>
/// Every version of every process the host knows. New instances take the newest version of their process;
/// a running instance is always driven by the version it records, so adding version 2 changes nothing for
/// instances on version 1 until they are migrated.
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly FrozenDictionary<(string Name, int Version), IWorkflowDefinition> _byVersion;
    private readonly FrozenDictionary<string, IWorkflowDefinition> _latest;

    public WorkflowCatalog(IEnumerable<IWorkflowDefinition> definitions)
    {
        var all = definitions.ToList();
        var duplicate = all.GroupBy(d => (d.Name, d.Version)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Workflow {duplicate.Key.Name} v{duplicate.Key.Version} is registered twice");
        }
        foreach (var definition in all)
        {
            _ = definition.Model; // build and check every definition at start, not at its first use
        }
        _byVersion = all.ToFrozenDictionary(d => (d.Name, d.Version));
        _latest = all.GroupBy(d => d.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!, StringComparer.Ordinal);
    }

    public IEnumerable<IWorkflowDefinition> All => _byVersion.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Version);

    public IWorkflowDefinition? Latest(string name) => _latest.GetValueOrDefault(name);

    public IWorkflowDefinition? Find(string name, int version) => _byVersion.GetValueOrDefault((name, version));

    public DefinitionModel Get(string name, int version) =>
        Find(name, version)?.Model ?? throw new InvalidOperationException($"Workflow {name} v{version} is not registered in this host");

    /// <summary>The process's title (its newest version's), or its name when this host does not run it.</summary>
    public Platform.BuildingBlocks.Localization.Bilingual Title(string name) =>
        Latest(name)?.Title ?? new Platform.BuildingBlocks.Localization.Bilingual(name, name);

    /// <summary>A state's title, from the newest version that has the state (a migrated-away state keeps its old title).</summary>
    public Platform.BuildingBlocks.Localization.Bilingual StateTitle(string name, string state) =>
        _byVersion.Values.Where(d => d.Name == name).OrderByDescending(d => d.Version)
            .Select(d => d.Model.States.GetValueOrDefault(state)?.Title).FirstOrDefault(t => t is not null)
        ?? new Platform.BuildingBlocks.Localization.Bilingual(state, state);
}
