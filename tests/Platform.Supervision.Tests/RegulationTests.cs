using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Supervision.Tests;

/// <summary>R23: the operating regulation, filed at the start and on every amendment, with versions, dates and the PDF.</summary>
public sealed class RegulationTests : IAsyncLifetime
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private const int MaxBytes = 4096;
    private readonly TestDatabase _database = new();
    private PlatformFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new PlatformFactory(_database.ConnectionString, settings: new Dictionary<string, string?> { ["Supervision:MaxDocumentBytes"] = $"{MaxBytes}" });
        _client = _factory.ClientAs("CentreHead", Centre, "head.test");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static byte[] Pdf(string text) => Encoding.UTF8.GetBytes($"%PDF-1.4\n% {text}\n%%EOF\n");

    private Task<HttpResponseMessage> UploadAsync(byte[] document, string adoptedOn, string decision = "45/2017", string? filedOn = null, string? protocol = null,
        string contentType = "application/pdf", string fileName = "Κανονισμός Λειτουργίας.pdf", string? sha256 = null, Guid? commandId = null)
    {
        var form = new MultipartFormDataContent();
        void Field(string name, string? value)
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }

        Field("adoptedOn", adoptedOn);
        Field("decisionNumber", decision);
        Field("filedOn", filedOn);
        Field("protocolNumber", protocol);
        Field("sha256", sha256);
        Field("commandId", commandId?.ToString());
        var file = new ByteArrayContent(document);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "document", fileName);
        return _client.PostAsync($"/api/supervision/centres/{Centre}/regulation", form);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("errors");
    }

    [Fact]
    public async Task Versions_are_numbered_dated_and_their_pdf_comes_back_as_filed_with_its_sha256()
    {
        var initial = Pdf("Κανονισμός Λειτουργίας Κέντρου Κοινότητας — αρχικός");
        var first = await UploadAsync(initial, "2017-02-20", filedOn: "2017-03-01", protocol: "ΔΚΑΑ/1234", sha256: Convert.ToHexStringLower(SHA256.HashData(initial)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var v1 = await JsonAsync(first);
        Assert.Equal(1, v1.GetProperty("number").GetInt32());
        Assert.True(v1.GetProperty("initial").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(initial)), v1.GetProperty("document").GetProperty("sha256").GetString());

        var amendment = Pdf("Τροποποίηση: ωράριο και παράρτημα Ρομά");
        var second = await JsonAsync(await UploadAsync(amendment, "2023-05-10", decision: "112/2023"));
        Assert.Equal(2, second.GetProperty("number").GetInt32());
        Assert.False(second.GetProperty("initial").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("filedOn").ValueKind);

        // Filing the amendment later needs the version read.
        var filing = await _client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/regulation/2/filing",
            new { filedOn = "2023-05-22", protocolNumber = "ΔΚΑΑ/9876", expectedVersion = second.GetProperty("version").GetUInt32() });
        Assert.Equal(HttpStatusCode.OK, filing.StatusCode);
        Assert.Equal("2023-05-22", (await JsonAsync(filing)).GetProperty("filedOn").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/regulation/2/filing",
            new { filedOn = "2023-05-23", protocolNumber = "ΔΚΑΑ/9877", expectedVersion = second.GetProperty("version").GetUInt32() })).StatusCode);

        var list = await JsonAsync(await _client.GetAsync($"/api/supervision/centres/{Centre}/regulation"));
        Assert.Equal(2, list.GetProperty("inForce").GetInt32());
        Assert.Equal([2, 1], list.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));

        var download = await _client.GetAsync($"/api/supervision/centres/{Centre}/regulation/1/document");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(initial, bytes);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(initial))}\"", download.Headers.ETag!.Tag);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(initial))}:", download.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal("Κανονισμός Λειτουργίας.pdf", download.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/supervision/centres/{Centre}/regulation/3/document")).StatusCode);

        // Stored in PostgreSQL, once per version, with the hash the database agrees with.
        Assert.Equal(1, await _database.ScalarAsync<long>(
            $"SELECT count(*) FROM supervision.regulation_documents WHERE sha256 = encode(sha256(content), 'hex') AND sha256 = '{Convert.ToHexStringLower(SHA256.HashData(initial))}'"));
    }

    [Fact]
    public async Task A_document_that_is_not_a_pdf_is_too_large_or_damaged_is_refused_and_nothing_is_stored()
    {
        Assert.True((await ErrorsAsync(await UploadAsync(Encoding.UTF8.GetBytes("<html>not a pdf</html>"), "2017-02-20"))).TryGetProperty("document", out _));
        Assert.True((await ErrorsAsync(await UploadAsync(Pdf("x"), "2017-02-20", contentType: "application/msword"))).TryGetProperty("document", out _));
        var tooLarge = await ErrorsAsync(await UploadAsync([.. Pdf("x"), .. new byte[MaxBytes]], "2017-02-20"));
        Assert.Contains("MB", tooLarge.GetProperty("document")[0].GetString(), StringComparison.Ordinal);
        Assert.True((await ErrorsAsync(await UploadAsync(Pdf("x"), "2017-02-20", sha256: new string('0', 64)))).TryGetProperty("sha256", out _));

        var missing = await ErrorsAsync(await UploadAsync(Pdf("x"), "2999-01-01", decision: "", filedOn: "2017-01-01"));
        Assert.True(missing.TryGetProperty("adoptedOn", out _));      // in the future
        Assert.True(missing.TryGetProperty("decisionNumber", out _));
        Assert.True(missing.TryGetProperty("filedOn", out _));        // before the adoption
        Assert.True(missing.TryGetProperty("protocolNumber", out _)); // filed, so a protocol number

        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM supervision.regulation_documents"));
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM supervision.regulation_versions"));
    }

    [Fact]
    public async Task An_amendment_is_adopted_after_the_version_it_amends_and_a_retried_upload_is_one_version()
    {
        var commandId = Guid.NewGuid();
        var first = await JsonAsync(await UploadAsync(Pdf("v1"), "2020-01-10", commandId: commandId));
        var again = await UploadAsync(Pdf("v1"), "2020-01-10", commandId: commandId);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await JsonAsync(again)).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, (await UploadAsync(Pdf("v1"), "2020-01-10", decision: "99/2020", commandId: commandId)).StatusCode);

        var early = await ErrorsAsync(await UploadAsync(Pdf("v2"), "2019-12-31", decision: "3/2020"));
        Assert.Contains("1", early.GetProperty("adoptedOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM supervision.regulation_versions"));
    }

    [Fact]
    public async Task The_centres_supervision_page_names_its_controllers_and_regulation()
    {
        await UploadAsync(Pdf("v1"), "2020-01-10");
        var oversight = await JsonAsync(await _client.GetAsync($"/api/supervision/centres/{Centre}"));
        Assert.Equal(["R20", "R21"], oversight.GetProperty("controllers").GetProperty("controllers").EnumerateArray().Select(c => c.GetProperty("rule").GetString()));
        Assert.Equal(1, oversight.GetProperty("regulation").GetProperty("inForce").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/supervision/centres/{Guid.NewGuid()}")).StatusCode);
    }
}
