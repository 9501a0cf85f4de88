using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;

namespace Platform.Workflows.Tests;

/// <summary>Issue 3: incidents, versions and migrations of the runtime, on the real host with test processes.</summary>
public sealed class RuntimeTests : IAsyncLifetime
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private readonly TestDatabase _database = new();
    private PlatformFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = Host(withVersion2: true);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    private PlatformFactory Host(bool withVersion2) => new(_database.ConnectionString, seedDemoData: false, services: s =>
    {
        s.AddWorkflowDefinition<TestFlowV1>();
        if (withVersion2)
        {
            s.AddWorkflowDefinition<TestFlowV2>();
        }
    });

    /// <summary>A client signed in as a user with these roles at the test centre (issue 4).</summary>
    private HttpClient As(string roles) => _factory.ClientAs(roles, Centre, roles.ToLowerInvariant());

    private async Task<InstanceSnapshot> StartAsync()
    {
        var id = Guid.NewGuid();
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(id).Start(new StartInstance(
            Guid.NewGuid(), "test-flow", new InstanceScope(Centre, null, null), "{}", new WorkflowActor("tester", Centre, ["Caseworker"])));
        Assert.True(outcome.Succeeded, outcome.Code);
        return outcome.Instance!;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static Task<HttpResponseMessage> Fire(HttpClient client, Guid id, string trigger) =>
        client.PostAsJsonAsync($"/api/workflows/instances/{id}/triggers/{trigger}", new { commandId = Guid.NewGuid() });

    [Fact]
    public async Task A_failing_action_faults_the_instance_and_a_retry_runs_it_again()
    {
        var caseworker = As("Caseworker");
        var instance = await StartAsync();
        Effects.FailBegin[instance.Id] = true;

        var failed = await Fire(caseworker, instance.Id, "Begin");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var problem = await Json(failed);
        Assert.Equal("https://platform.local/problems/workflow-incident", problem.GetProperty("type").GetString());
        Assert.Equal(instance.Id, problem.GetProperty("instanceId").GetGuid());

        var faulted = await Json(await caseworker.GetAsync($"/api/workflows/instances/{instance.Id}"));
        Assert.Equal("Faulted", faulted.GetProperty("status").GetString());
        Assert.Equal("Open", faulted.GetProperty("state").GetString());
        Assert.Contains("national platform", faulted.GetProperty("incident").GetProperty("error").GetString());
        Assert.Empty(faulted.GetProperty("permittedTriggers").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await Fire(caseworker, instance.Id, "Begin")).StatusCode);

        var incidents = await Json(await As("CentreHead").GetAsync("/api/workflows/instances?status=Faulted&definition=test-flow"));
        Assert.Contains(incidents.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == instance.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.PostAsJsonAsync($"/api/workflows/instances/{instance.Id}/retry", new { commandId = Guid.NewGuid() })).StatusCode);
        Effects.FailBegin.TryRemove(instance.Id, out _);
        var retried = await As("CentreHead").PostAsJsonAsync($"/api/workflows/instances/{instance.Id}/retry", new { commandId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var view = await Json(retried);
        Assert.Equal("InProgress", view.GetProperty("state").GetString());
        Assert.Equal("Active", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("incident").ValueKind);
        Assert.Equal(2, Effects.BeginRuns[instance.Id]);
        var kinds = view.GetProperty("journal").EnumerateArray().Select(j => j.GetProperty("kind").GetString()!).ToArray();
        Assert.Equal(["Started", "Incident", "Step"], kinds);
        Assert.Equal("caseworker", view.GetProperty("journal")[2].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Incidents_are_retried_or_cancelled_in_bulk()
    {
        var instances = new List<InstanceSnapshot>();
        for (var i = 0; i < 4; i++)
        {
            var instance = await StartAsync();
            Effects.FailBegin[instance.Id] = true;
            await Fire(As("Caseworker"), instance.Id, "Begin");
            instances.Add(instance);
        }
        Effects.FailBegin.TryRemove(instances[0].Id, out _);
        Effects.FailBegin.TryRemove(instances[1].Id, out _);

        var result = await Json(await As("CentreHead").PostAsJsonAsync("/api/workflows/incidents/retry",
            new { instanceIds = instances.Select(i => i.Id).ToArray() }));
        Assert.Equal(2, result.GetProperty("done").GetInt32());
        Assert.Equal(2, result.GetProperty("refused").GetInt32());

        var cancelled = await Json(await As("CentreHead").PostAsJsonAsync("/api/workflows/incidents/cancel",
            new { instanceIds = new[] { instances[2].Id, instances[3].Id }, reason = "Η πλατφόρμα καταργήθηκε" }));
        Assert.Equal(2, cancelled.GetProperty("done").GetInt32());
        Assert.Equal(2, await _database.ScalarAsync<long>(
            $"SELECT count(*) FROM workflows.instances WHERE status = 'Cancelled' AND id IN ('{instances[2].Id}', '{instances[3].Id}')"));
        Assert.Equal(2, await _database.ScalarAsync<long>(
            $"SELECT count(*) FROM workflows.instances WHERE state = 'InProgress' AND id IN ('{instances[0].Id}', '{instances[1].Id}')"));
    }

    [Fact]
    public async Task New_instances_take_the_newest_version_running_ones_keep_theirs_until_migrated_without_rerunning_steps()
    {
        await _factory.DisposeAsync();
        _factory = Host(withVersion2: false);
        var old = await StartAsync();
        Assert.Equal(1, old.DefinitionVersion);
        Assert.Equal(HttpStatusCode.OK, (await Fire(As("Caseworker"), old.Id, "Begin")).StatusCode);
        var untouched = await StartAsync();

        // version 2 is deployed: the running instances stay on version 1
        await _factory.DisposeAsync();
        _factory = Host(withVersion2: true);
        var fresh = await StartAsync();
        Assert.Equal(2, fresh.DefinitionVersion);
        var stillV1 = await Json(await As("Caseworker").GetAsync($"/api/workflows/instances/{old.Id}"));
        Assert.Equal(1, stillV1.GetProperty("definitionVersion").GetInt32());
        Assert.Equal(["Finish"], stillV1.GetProperty("permittedTriggers").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());

        var badMap = await As("Administrator").PostAsJsonAsync("/api/workflows/definitions/test-flow/migrations",
            new { commandId = Guid.NewGuid(), fromVersion = 1, toVersion = 2, stateMap = new Dictionary<string, string> { ["Working"] = "Nowhere" } });
        Assert.Equal(HttpStatusCode.BadRequest, badMap.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As("Supervisor").PostAsJsonAsync("/api/workflows/definitions/test-flow/migrations",
            new { commandId = Guid.NewGuid(), fromVersion = 1, toVersion = 2, stateMap = new Dictionary<string, string>() })).StatusCode);

        var runsBefore = Effects.BeginRuns[old.Id];
        var journalBefore = await _database.ScalarAsync<long>($"SELECT count(*) FROM workflows.journal WHERE instance_id = '{old.Id}'");
        var request = new { commandId = Guid.NewGuid(), fromVersion = 1, toVersion = 2, stateMap = new Dictionary<string, string> { ["Working"] = "InProgress" } };
        var migrated = await Json(await As("Administrator").PostAsJsonAsync("/api/workflows/definitions/test-flow/migrations", request));
        Assert.Equal(2, migrated.GetProperty("done").GetInt32());
        // the same request again migrates nothing twice
        await As("Administrator").PostAsJsonAsync("/api/workflows/definitions/test-flow/migrations", request);

        var moved = await Json(await As("Caseworker").GetAsync($"/api/workflows/instances/{old.Id}"));
        Assert.Equal(2, moved.GetProperty("definitionVersion").GetInt32());
        Assert.Equal("InProgress", moved.GetProperty("state").GetString());
        Assert.Equal(runsBefore, Effects.BeginRuns[old.Id]);
        var journal = moved.GetProperty("journal").EnumerateArray().ToArray();
        Assert.Equal(journalBefore + 1, journal.Length);
        Assert.Equal(["Started", "Step", "Migrated"], journal.Select(j => j.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal("Begin", journal[1].GetProperty("trigger").GetString());
        Assert.Equal(["SendToReview"], moved.GetProperty("permittedTriggers").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("Open", (await Json(await As("Caseworker").GetAsync($"/api/workflows/instances/{untouched.Id}"))).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Fire(As("Caseworker"), old.Id, "SendToReview")).StatusCode);
    }

    [Fact]
    public void A_definition_with_a_mistake_is_refused_when_the_host_builds_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WorkflowCatalog([new BrokenFlow()]));
        Assert.Contains("does not accept", error.Message);
        Assert.Throws<InvalidOperationException>(() => new WorkflowCatalog([new TestFlowV1(), new TestFlowV1()]));
    }

    [Fact]
    public async Task Definitions_and_their_diagrams_are_served()
    {
        var definitions = await Json(await As("Caseworker").GetAsync("/api/workflows/definitions"));
        var versions = definitions.EnumerateArray().Where(d => d.GetProperty("name").GetString() == "test-flow").ToArray();
        Assert.Equal([false, true], versions.Select(v => v.GetProperty("latest").GetBoolean()).ToArray());
        var svg = await As("Caseworker").GetAsync("/api/workflows/definitions/test-flow/2/diagram.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Contains("Σε εξέλιξη", await svg.Content.ReadAsStringAsync());
        var english = new HttpRequestMessage(HttpMethod.Get, "/api/workflows/definitions/test-flow/2/diagram.svg");
        english.Headers.AcceptLanguage.ParseAdd("en");
        Assert.Contains("In progress", await (await As("Caseworker").SendAsync(english)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await As("Caseworker").GetAsync("/api/workflows/definitions/test-flow/9/diagram.svg")).StatusCode);
    }
}
