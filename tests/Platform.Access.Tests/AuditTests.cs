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

    private static async Task<T> Scalar<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
