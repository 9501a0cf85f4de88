using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Platform.Testing;

/// <summary>
/// Users a test needs beyond the demo users — any roles, any centre (even one not in the registry) — written straight
/// into the identity tables as Identity would (hashed password; an enrolled authenticator for roles that need one),
/// then signed in through /api/identity/login like anyone else. Clients from <see cref="PlatformFactory.ClientAs"/> sign
/// in on their first request, so the call that makes them stays synchronous.
/// </summary>
internal static class TestUsers
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Creates the user, or gives an existing one these roles and this place; returns a bearer token for it.</summary>
    public static async Task<string> SignInAsync(PlatformFactory factory, string userName, string[] roles, Guid? centre, Guid? municipality)
    {
        // One at a time: the same user name may be asked for with other roles by another client of the test.
        await Gate.WaitAsync();
        try
        {
            await UpsertAsync(factory.ConnectionString, userName, roles, centre, municipality);
            return await factory.TokenAsync(userName, PlatformFactory.DemoPassword);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task UpsertAsync(string connectionString, string userName, string[] roles, Guid? centre, Guid? municipality)
    {
        var twoFactor = roles.Any(r => r is "Administrator" or "Supervisor");
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO identity.users (id, user_name, normalized_user_name, email_confirmed, password_hash, security_stamp, concurrency_stamp,
                phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, centre_id, municipality_id, created_at, display_name)
            VALUES (gen_random_uuid(), $1, upper($1), false, $2, $3, $3, false, $4, true, 0, $5, $6, now(), $1)
            ON CONFLICT (normalized_user_name) DO UPDATE SET centre_id = $5, municipality_id = $6, two_factor_enabled = $4, security_stamp = $3
            """, conn, tx))
        {
            upsert.Parameters.Add(new() { Value = userName });
            upsert.Parameters.Add(new() { Value = Hasher.HashPassword(new object(), PlatformFactory.DemoPassword) });
            upsert.Parameters.Add(new() { Value = Guid.NewGuid().ToString("N").ToUpperInvariant() });
            upsert.Parameters.Add(new() { Value = twoFactor });
            upsert.Parameters.Add(new() { Value = (object?)centre ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            upsert.Parameters.Add(new() { Value = (object?)municipality ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            await upsert.ExecuteNonQueryAsync();
        }

        await using (var setRoles = new NpgsqlCommand("""
            WITH u AS (SELECT id FROM identity.users WHERE normalized_user_name = upper($1)),
                 gone AS (DELETE FROM identity.user_roles WHERE user_id = (SELECT id FROM u))
            INSERT INTO identity.user_roles (user_id, role_id) SELECT (SELECT id FROM u), r.id FROM identity.roles r WHERE r.name = ANY($2)
            """, conn, tx))
        {
            setRoles.Parameters.Add(new() { Value = userName });
            setRoles.Parameters.Add(new() { Value = roles });
            await setRoles.ExecuteNonQueryAsync();
        }

        if (twoFactor)
        {
            await using var key = new NpgsqlCommand("""
                INSERT INTO identity.user_tokens (user_id, login_provider, name, value)
                SELECT id, '[AspNetUserStore]', 'AuthenticatorKey', $2 FROM identity.users WHERE normalized_user_name = upper($1)
                ON CONFLICT DO NOTHING
                """, conn, tx);
            key.Parameters.Add(new() { Value = userName });
            key.Parameters.Add(new() { Value = Base32(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)) });
            await key.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    private static string Base32(byte[] data)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}

/// <summary>Signs the client in on its first request (as the user with the roles and place it was made for) and keeps the token.</summary>
internal sealed class SignedInHandler(PlatformFactory factory, string userName, string[] roles, Guid? centre, Guid? municipality) : DelegatingHandler
{
    private readonly ConcurrentDictionary<int, Task<string>> _token = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _token.GetOrAdd(0, _ => TestUsers.SignInAsync(factory, userName, roles, centre, municipality));
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
