using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Platform.BuildingBlocks.Identifiers;
using Platform.BuildingBlocks.Text;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Grains;
using Platform.Registries.Persistence;

namespace Platform.Registries.Tests.Api;

/// <summary>
/// R26, R29: the registration writes its rows itself (statements built from the EF model, the file's first grain state in
/// the same transaction). What it writes must read back through EF exactly as SaveChanges would have written it.
/// </summary>
public sealed class RegistrationWriteTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Every_field_of_a_registration_reads_back_as_written_and_the_file_commits_with_the_person()
    {
        var birth = new DateOnly(1977, 11, 5);
        var person = PlatformFixture.Person("Ψαρρά-Ξενάκη", "Ευανθία", birth);
        person["afm"] = Afm.Compute(Random.Shared.Next(10_000_000, 99_999_999));
        person["documentKind"] = "identityCard";
        person["documentNumber"] = "ΑΒ123456";
        person["street"] = "Ασκληπιού 12";
        person["postalCode"] = "42100";
        person["city"] = "Τρίκαλα";
        person["phone"] = "2431012345";
        person["email"] = "evanthia@example.gr";
        person["languages"] = new JsonArray("el", "sq");
        person["categories"] = new JsonArray("homeless", "personWithDisability");
        person["consents"] = new JsonArray("processingOfPersonalData", "contactByPhone");
        person["commandId"] = Guid.NewGuid();

        var id = await platform.RegisterAsync(person);

        await using var scope = platform.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistriesDbContext>();
        var b = await db.Beneficiaries.AsNoTracking().Include(x => x.Consents).SingleAsync(x => x.Id == id);
        Assert.Equal(("Ψαρρά-Ξενάκη", "Ευανθία", "Δημήτριος", "Μαρία", birth, Sex.Female),
            (b.Surname, b.FirstName, b.FatherName, b.MotherName, b.BirthDate, b.Sex));
        Assert.Equal((person["amka"]!.GetValue<string>(), person["afm"]!.GetValue<string>(), IdentityDocumentKind.IdentityCard, "ΑΒ123456"),
            (b.Amka, b.Afm, b.DocumentKind, b.DocumentNumber));
        Assert.Equal(("GR", "Ασκληπιού 12", "42100", "Τρίκαλα", "2431012345", "evanthia@example.gr"),
            (b.Nationality, b.Street, b.PostalCode, b.City, b.Phone, b.Email));
        Assert.Equal(["el", "sq"], b.Languages);
        Assert.Equal([VulnerableGroup.Homeless, VulnerableGroup.PersonWithDisability], b.Categories.Order());
        Assert.Equal((PlatformFixture.Trikala, PlatformFixture.Centre, person["commandId"]!.GetValue<Guid>()),
            (b.MunicipalityId!.Value, b.CentreId!.Value, b.RegistrationCommandId!.Value));
        // What the database fills in (the computed birth year, the row version) and the search keys the handler sets.
        Assert.Equal((1977, GreekText.SearchKey("Ψαρρά-Ξενάκη"), GreekText.SearchKey("Ευανθία")), (b.BirthYear, b.SurnameKey, b.FirstNameKey));
        Assert.NotEqual(0u, b.Version);
        Assert.Equal([ConsentPurpose.ProcessingOfPersonalData, ConsentPurpose.ContactByPhone], b.Consents.Select(c => c.Purpose).Order());
        Assert.All(b.Consents, c => Assert.Null(c.WithdrawnAt));

        // The file's first state, in the same transaction: version 1, the summary and the registration on the timeline.
        Assert.Equal(1, await platform.Database.ScalarAsync<int>($"SELECT version FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));
        Assert.Equal("registered", await platform.Database.ScalarAsync<string>(
            $"SELECT state -> 'timeline' -> 0 ->> 'kind' FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));
        Assert.Equal(2, await platform.Database.ScalarAsync<int>(
            $"SELECT (state -> 'summary' ->> 'activeConsents')::int FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));
        Assert.Equal(0, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.outbox WHERE beneficiary_id = '{id}'"));

        // The row version EF reads is the one it checks: a change through EF after the direct insert works.
        person["phone"] = "2431099999";
        person["expectedVersion"] = b.Version;
        var update = await platform.Client.PutAsJsonAsync($"/api/registries/beneficiaries/{id}", person);
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_stored_before_the_files_table_is_read_from_orleans_storage_and_moves_there_on_its_next_change()
    {
        var id = Guid.NewGuid();
        var grains = platform.Factory.Services.GetRequiredService<IGrainFactory>();
        var grainId = grains.GetGrain<IBeneficiaryGrain>(id).GetGrainId();
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        var old = new BeneficiaryFileState
        {
            Summary = new BeneficiaryFileSummary(id, "Παλαιά", "Εγγραφή", new DateOnly(1950, 1, 1), PlatformFixture.Centre, null, at, [], 0, 1),
            SummaryAt = at,
            Timeline = [new TimelineEntry(Guid.NewGuid(), at, TimelineKinds.Registered, "earlier", null, ["surname"])],
        };
        // Written by the provider that held every file before: Orleans' ADO.NET storage.
        var earlier = platform.Factory.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        await earlier.WriteStateAsync("file", grainId, new GrainState<BeneficiaryFileState>(old));

        var file = grains.GetGrain<IBeneficiaryGrain>(id);
        Assert.Equal("Παλαιά", (await file.GetSummary())!.Surname);

        Assert.True(await file.Record(new FileEvent(
            new TimelineEntry(Guid.NewGuid(), DateTimeOffset.UtcNow, TimelineKinds.ProfileUpdated, "tester", null, ["phone"]), null)));
        Assert.Equal(2, await platform.Database.ScalarAsync<int>(
            $"SELECT jsonb_array_length(state -> 'timeline') FROM registries.beneficiary_files WHERE beneficiary_id = '{id}'"));
        Assert.Equal([TimelineKinds.ProfileUpdated, TimelineKinds.Registered], (await file.GetTimeline(0, 10)).Select(t => t.Kind));
    }
}
