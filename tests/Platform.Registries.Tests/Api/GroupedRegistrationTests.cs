using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.BuildingBlocks.Errors;
using Platform.Registries.Features.Beneficiaries;
using QueuedRegistration = Platform.BuildingBlocks.Concurrency.Coalescer<
    Platform.Registries.Features.Beneficiaries.PendingRegistration, Platform.Registries.Features.Beneficiaries.RegistrationOutcome>.Request;

namespace Platform.Registries.Tests.Api;

/// <summary>
/// R26, R29: concurrent registrations share their round trips and their transaction (<see cref="RegistrationBatcher"/>),
/// yet each person is all or nothing and each caller hears about their own person only.
/// </summary>
public sealed class GroupedRegistrationTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_group_commits_in_one_transaction_and_every_file_holds_its_own_person()
    {
        string[] surnames = ["Αγγελάκη", "Βλαχογιάννη", "Γεωργακοπούλου", "Δρακοπούλου", "Ευαγγέλου"];
        var people = surnames.Select(s => Confirmed(PlatformFixture.Person(s, "Ζωή"))).ToArray();
        foreach (var person in people)
        {
            person["consents"] = new JsonArray("processingOfPersonalData", "contactByPhone");
        }

        var (requests, created) = await RunGroupAsync(people);

        Assert.Equal(surnames.Length, created.Count);
        Assert.All(requests, r => Assert.False(r.Done.Task.IsCompleted)); // the batcher answers them, after telling the centres
        var ids = created.Select(c => c.Outcome.Result.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(created, c => Assert.True(c.Outcome.Result.Created));
        // One transaction for the whole group: every row carries the same transaction id.
        Assert.Equal(1, await platform.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT xmin::text) FROM registries.beneficiaries WHERE id IN ({string.Join(',', ids.Select(i => $"'{i}'"))})"));
        foreach (var (request, outcome) in created)
        {
            var id = outcome.Result.Id;
            var surname = request.Item.Command.Surname;
            Assert.Equal(surname, await platform.Database.ScalarAsync<string>($"SELECT surname FROM registries.beneficiaries WHERE id = '{id}'"));
            Assert.Equal(2, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.consents WHERE beneficiary_id = '{id}'"));
            Assert.Equal(1, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.audit_log WHERE action = 'create' AND entity_id = '{id}'"));
            Assert.Equal(surname, await platform.Database.ScalarAsync<string>(
                $"SELECT state->'summary'->>'surname' FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));
            Assert.Equal(PlatformFixture.Centre, outcome.CentreId);
        }
    }

    [Fact]
    public async Task A_registration_whose_rows_fail_does_not_take_the_rest_of_its_group_down()
    {
        var first = Confirmed(PlatformFixture.Person("Ηλιοπούλου", "Θεοπίστη"));
        var failing = Confirmed(PlatformFixture.Person("Ιατρίδου", "Θεοπίστη"));
        failing["municipalityId"] = Guid.NewGuid(); // past validation (called directly): the foreign key refuses the row
        var last = Confirmed(PlatformFixture.Person("Καλλέργη", "Θεοπίστη"));

        var (requests, created) = await RunGroupAsync(first, failing, last);

        Assert.Equal(["Ηλιοπούλου", "Καλλέργη"], created.Select(c => c.Request.Item.Command.Surname).Order(StringComparer.Ordinal));
        var error = await Assert.ThrowsAsync<PostgresException>(() => Answer(requests[1]));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Equal(0, await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries WHERE surname = 'Ιατρίδου'"));
        Assert.Equal(2, await platform.Database.ScalarAsync<long>(
            "SELECT count(*) FROM registries.beneficiaries WHERE surname IN ('Ηλιοπούλου', 'Καλλέργη')"));
    }

    [Fact]
    public async Task The_same_person_twice_in_one_group_opens_one_file_and_the_second_hears_of_it()
    {
        var person = Confirmed(PlatformFixture.Person("Λαμπράκη", "Μυρτώ"));
        var retried = Confirmed(PlatformFixture.Person("Νικολάου", "Ξανθή"));
        retried["commandId"] = Guid.NewGuid();

        // No ΑΜΚΑ to collide on: only the checks of a later round can see the first.
        var birth = new DateOnly(1981, 3, 25);
        var passport = PlatformFixture.Person("Ξενοφώντος", "Ολυμπία", birth, withAmka: false);
        var anotherPassport = PlatformFixture.Person("Ξενοφώντος", "Ολυμπία", birth, withAmka: false);

        var (requests, created) = await RunGroupAsync(person, Clone(person), retried, Clone(retried));
        var (passports, passportCreated) = await RunGroupAsync(passport, anotherPassport); // a group without a unique key to trip

        Assert.Equal(2, created.Count);
        var firstId = created.Single(c => c.Request == requests[0]).Outcome.Result.Id;
        var sameAmka = await Assert.ThrowsAsync<ConflictException>(() => Answer(requests[1]));
        Assert.Equal(firstId, sameAmka.Extensions["existingId"]);
        var retriedId = created.Single(c => c.Request == requests[2]).Outcome.Result.Id;
        var replay = await Answer(requests[3]);
        Assert.Equal(retriedId, replay.Result.Id);
        Assert.False(replay.Result.Created);
        Assert.Equal(1, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE amka = '{person["amka"]}'"));
        Assert.Equal(1, await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries WHERE surname = 'Νικολάου'"));
        var passportId = Assert.Single(passportCreated, c => c.Request == passports[0]).Outcome.Result.Id;
        var heldBack = await Assert.ThrowsAsync<ConflictException>(() => Answer(passports[1]));
        Assert.EndsWith("possible-duplicate", heldBack.Type, StringComparison.Ordinal);
        Assert.Contains((IEnumerable<PossibleDuplicate>)heldBack.Extensions["matches"]!, m => m.Id == passportId);
        Assert.Equal(1, await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries WHERE surname = 'Ξενοφώντος'"));
    }

    [Fact]
    public async Task Many_registrations_at_once_over_http_each_get_their_own_complete_file()
    {
        var people = Enumerable.Range(0, 24).Select(i => Confirmed(PlatformFixture.Person("Ομαδοπούλου", "Πηνελόπη"))).ToArray();

        var responses = await Task.WhenAll(people.Select(p => platform.Client.PostAsJsonAsync("/api/registries/beneficiaries", p)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new List<Guid>();
        for (var i = 0; i < people.Length; i++)
        {
            var id = (await responses[i].ReadJsonAsync()).GetProperty("id").GetGuid();
            ids.Add(id);
            var file = await (await platform.Client.GetAsync($"/api/registries/beneficiaries/{id}")).ReadJsonAsync();
            Assert.Equal(people[i]["amka"]!.GetValue<string>(), file.GetProperty("profile").GetProperty("amka").GetString());
        }

        Assert.Equal(people.Length, ids.Distinct().Count());
        Assert.Equal(people.Length, await platform.Database.ScalarAsync<long>(
            "SELECT count(*) FROM registries.beneficiary_files f JOIN registries.beneficiaries b ON b.id = f.beneficiary_id WHERE b.surname = 'Ομαδοπούλου'"));
    }

    /// <summary>The answer the transaction gave; one it added to the created files instead is never answered here.</summary>
    private static Task<RegistrationOutcome> Answer(QueuedRegistration request) => request.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));

    private static JsonObject Confirmed(JsonObject person)
    {
        person["confirmNotDuplicate"] = true;
        return person;
    }

    private static JsonObject Clone(JsonObject person) => JsonNode.Parse(person.ToJsonString())!.AsObject();

    /// <summary>The people as one group, straight to the transaction (past the host's validation), on one connection.</summary>
    private async Task<(QueuedRegistration[] Requests,
        List<(QueuedRegistration Request, RegistrationOutcome Outcome)> Created)> RunGroupAsync(params JsonObject[] people)
    {
        var services = platform.Factory.Services;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var requests = people.Select(p => new QueuedRegistration(
            new PendingRegistration(p.Deserialize<RegisterBeneficiary>(json)!, new Registrant("caseworker", PlatformFixture.Centre)),
            new TaskCompletionSource<RegistrationOutcome>(TaskCreationOptions.RunContinuationsAsynchronously))).ToArray();
        var created = new List<(QueuedRegistration, RegistrationOutcome)>();
        await using var connection = await services.GetRequiredKeyedService<NpgsqlDataSource>(RegistrationBatcher.DataSourceKey).OpenConnectionAsync();
        await services.GetRequiredService<RegistrationTransaction>().RunAsync(requests, connection, created, CancellationToken.None);
        return (requests, created);
    }
}
