using Platform.Registries.Contracts;

namespace Platform.Host.Tests.Silo;

/// <summary>R29: the electronic file's grain on a two-silo cluster with ADO.NET clustering on PostgreSQL, its state in registries.beneficiary_files.</summary>
public sealed class BeneficiaryFileGrainTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private static FileEvent Event(Guid id, string kind, string surname) => new(
        new TimelineEntry(Guid.NewGuid(), DateTimeOffset.UtcNow, kind, "tester", null, ["surname"]),
        new BeneficiaryFileSummary(id, surname, "Ελένη", new DateOnly(1980, 1, 1), null, null, DateTimeOffset.UtcNow, ["Poverty"], 0, 1));

    [Fact]
    public async Task The_same_event_twice_is_one_timeline_entry_and_the_file_survives_deactivation()
    {
        var id = Guid.NewGuid();
        var grain = fixture.Cluster.Client.GetGrain<IBeneficiaryGrain>(id);
        var registered = Event(id, TimelineKinds.Registered, "Παπαδάκη");

        Assert.True(await grain.Record(registered));
        Assert.False(await grain.Record(registered)); // a retried delivery
        Assert.True(await grain.Record(Event(id, TimelineKinds.ProfileUpdated, "Παπαδάκη-Ρήγα")));

        // Stored as plain JSON (System.Text.Json) in the Registries module's table, one row per file, readable and renaming-safe.
        Assert.Equal(2, await fixture.Database.ScalarAsync<int>($"SELECT version FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));
        Assert.Equal("Παπαδάκη-Ρήγα", await fixture.Database.ScalarAsync<string>(
            $"SELECT state -> 'summary' ->> 'surname' FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));

        // Deactivate everywhere; the next call activates it again (perhaps on the other silo) from PostgreSQL.
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        var timeline = await fixture.Cluster.Client.GetGrain<IBeneficiaryGrain>(id).GetTimeline(0, 50);
        Assert.Equal([TimelineKinds.ProfileUpdated, TimelineKinds.Registered], timeline.Select(t => t.Kind));
        Assert.Equal("Παπαδάκη-Ρήγα", (await grain.GetSummary())!.Surname);
    }

    [Fact]
    public async Task An_unopened_file_has_no_summary_and_an_empty_timeline()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBeneficiaryGrain>(Guid.NewGuid());
        Assert.Null(await grain.GetSummary());
        Assert.Empty(await grain.GetTimeline(0, 10));
    }

    [Fact]
    public async Task Events_arriving_out_of_order_keep_the_timeline_in_order_and_the_newest_summary()
    {
        var id = Guid.NewGuid();
        var grain = fixture.Cluster.Client.GetGrain<IBeneficiaryGrain>(id);
        var t0 = DateTimeOffset.UtcNow;
        FileEvent At(DateTimeOffset at, string kind, string surname) => new(
            new TimelineEntry(Guid.NewGuid(), at, kind, "tester", null, ["surname"]),
            new BeneficiaryFileSummary(id, surname, "Ελένη", new DateOnly(1980, 1, 1), null, null, t0, [], 0, 0));

        await grain.Record(At(t0, TimelineKinds.Registered, "Α"));
        await grain.Record(At(t0.AddSeconds(2), TimelineKinds.ConsentRecorded, "Γ")); // committed second, arrives first
        await grain.Record(At(t0.AddSeconds(1), TimelineKinds.ProfileUpdated, "Β"));  // committed first, arrives late

        var timeline = await grain.GetTimeline(0, 10);
        Assert.Equal([TimelineKinds.ConsentRecorded, TimelineKinds.ProfileUpdated, TimelineKinds.Registered], timeline.Select(t => t.Kind));
        Assert.Equal("Γ", (await grain.GetSummary())!.Surname);
    }
}
