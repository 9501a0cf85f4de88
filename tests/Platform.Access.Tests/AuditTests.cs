using System.Net;
using Npgsql;
using Platform.Testing;

namespace Platform.Access.Tests;

/// <summary>Issue 4: the audit says who read which file, when and from which centre; the application cannot erase it.</summary>
public sealed class AuditTests(AccessFixture access) : IClassFixture<AccessFixture>
{
    [Fact]
    public async Task The_application_role_cannot_update_delete_or_truncate_audit_rows()
    {
        using var caseworker = await access.ClientAsync(DemoUsers.Caseworker);
        var id = await AccessFixture.RegisterAsync(caseworker, AccessFixture.Person(DemoUsers.Centre, DemoUsers.Trikala));
        var before = await access.Database.ScalarAsync<long>("SELECT count(*) FROM registries.audit_log");
        Assert.True(before > 0);

        // The host's own role, as it connects: it reads and adds rows (it just did) but cannot change or remove any.
        await using var app = new NpgsqlConnection(access.Database.AppConnectionString);
        await app.OpenAsync();
        Assert.Equal("platform_app", await Scalar<string>(app, "SELECT current_user"));
        Assert.Equal(before, await Scalar<long>(app, "SELECT count(*) FROM registries.audit_log"));
        foreach (var sql in new[]
        {
            $"DELETE FROM registries.audit_log WHERE entity_id = '{id}'",
            "UPDATE registries.audit_log SET actor = 'nobody'",
            "TRUNCATE registries.audit_log",
            "DELETE FROM staffing.audit_log",
            "ALTER TABLE registries.audit_log DISABLE TRIGGER ALL",
            "DROP TABLE registries.audit_log",
        })
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => Scalar<object>(app, sql));
            Assert.True(ex.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {ex.SqlState} {ex.MessageText}");
        }

        // Other tables stay writable for it (the Platform works as this role).
        Assert.Equal(1L, await Scalar<long>(app, $"WITH u AS (UPDATE registries.beneficiaries SET phone = phone WHERE id = '{id}' RETURNING 1) SELECT count(*) FROM u"));
        Assert.Equal(before, await access.Database.ScalarAsync<long>("SELECT count(*) FROM registries.audit_log"));
    }

    [Fact]
    public async Task Every_file_read_is_audited_with_who_when_and_from_which_centre()
    {
        using var caseworker = await access.ClientAsync(DemoUsers.Caseworker);
        var id = await AccessFixture.RegisterAsync(caseworker, AccessFixture.Person(DemoUsers.Centre, DemoUsers.Trikala));
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).StatusCode);

        await using var owner = new NpgsqlConnection(access.Database.ConnectionString);
        await owner.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"SELECT actor, actor_centre_id, at, fields FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'read' ORDER BY id", owner);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(string Actor, Guid Centre, DateTimeOffset At, string[] Fields)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<string[]>(3)));
        }

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(DemoUsers.Caseworker, r.Actor);
            Assert.Equal(DemoUsers.Centre, r.Centre);
            Assert.True(r.At >= started);
        });
        Assert.Contains("special-categories", rows[0].Fields);
        Assert.Equal(["timeline"], rows[1].Fields);
    }

    [Fact]
    public async Task A_supervisor_filters_the_audit_of_their_area_and_a_caseworker_prints_who_looked_at_a_file()
    {
        using var caseworker = await access.ClientAsync(DemoUsers.Caseworker);
        var id = await AccessFixture.RegisterAsync(caseworker, AccessFixture.Person(DemoUsers.Centre, DemoUsers.Trikala, "Κυριακίδου", "Σοφία"));
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);
        using var b = await access.ClientAsync(access.CaseworkerB, access.CaseworkerBPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/registries/beneficiaries/{id}")).StatusCode);

        using var supervisor = await access.ClientAsync(DemoUsers.Supervisor);
        var page = await AccessFixture.Read(await supervisor.GetAsync($"/api/registries/audit?beneficiaryId={id}"));
        var rows = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["refused", "read", "create"], rows.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal(["caseworker.b", "caseworker", "caseworker"], rows.Select(r => r.GetProperty("actor").GetString()));
        Assert.Equal("Κέντρο Κοινότητας Δήμου Τρικκαίων", rows[1].GetProperty("actorCentreName").GetString());
        var reads = await AccessFixture.Read(await supervisor.GetAsync($"/api/registries/audit?beneficiaryId={id}&action=read&actor=caseworker"));
        Assert.Equal(1, reads.GetProperty("total").GetInt64());

        // Outside the area: centre B's own acts on its own files are not this supervisor's to see.
        var bid = await AccessFixture.RegisterAsync(b, AccessFixture.Person(access.CentreB, AccessFixture.Pyli, "Μαυρίδη", "Άννα"));
        var other = await AccessFixture.Read(await supervisor.GetAsync($"/api/registries/audit?beneficiaryId={bid}"));
        Assert.Equal(0, other.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync("/api/registries/audit")).StatusCode);

        // The printable report for the person (GDPR art. 15), itself audited.
        var html = await caseworker.GetAsync($"/api/registries/beneficiaries/{id}/access-report?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var text = await html.Content.ReadAsStringAsync();
        Assert.Contains("Ποιος είδε τον φάκελό μου", text);
        Assert.Contains("Κυριακίδου", text);
        Assert.Contains("caseworker.b", text);
        Assert.Contains("άρνηση πρόσβασης", text);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/registries/beneficiaries/{id}/access-report")).StatusCode);
        Assert.Equal(1, await access.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.audit_log WHERE entity_id = '{id}' AND 'access-report' = ANY(fields) AND action = 'read'"));
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
