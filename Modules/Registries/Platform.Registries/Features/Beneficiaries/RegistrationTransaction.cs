using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Text;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Grains;
using Platform.Registries.Persistence;
using QueuedRegistration = Platform.BuildingBlocks.Concurrency.Coalescer<
    Platform.Registries.Features.Beneficiaries.PendingRegistration, Platform.Registries.Features.Beneficiaries.RegistrationOutcome>.Request;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>What a registration's transaction decided, and the centre to tell when it opened a file.</summary>
internal readonly record struct RegistrationOutcome(RegistrationResult Result, Guid? CentreId);

/// <summary>Who sends a registration: what its rows record, copied (the request may end before its group is written).</summary>
internal sealed record Registrant(string UserName, Guid? CentreId) : ICurrentActor
{
    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Not needed: the rows record the user and the centre, and access was decided before the registration queued.</summary>
    public IReadOnlySet<string> Roles => NoRoles;

    public static Registrant Of(ICurrentActor actor) => new(actor.UserName, actor.CentreId);
}

/// <summary>A validated registration waiting for its group.</summary>
internal sealed record PendingRegistration(RegisterBeneficiary Command, Registrant By);

/// <summary>
/// Everything a group of registrations asks of the database, on an open connection: one round trip opens the transaction and
/// runs every check for all of them, a second writes each table's rows as one statement (people, consents, audit rows, the
/// files' first states) and commits. The transaction is opened and ended in SQL (BEGIN … COMMIT/ROLLBACK). Each registration
/// gets its own answer: its file, a replay of an earlier sending, or the 409 that concerns it alone.
/// </summary>
internal sealed class RegistrationTransaction(RegistrationRows rows, TimeProvider clock, ILogger<RegistrationTransaction> logger)
{
    /// <summary>
    /// Answers every registration of the group except those that opened a file: those it adds to <paramref name="created"/>
    /// once committed, for the caller to answer. An exception it throws is the answer of those not answered or added.
    /// </summary>
    public async Task RunAsync(
        IReadOnlyList<QueuedRegistration> group, NpgsqlConnection connection, ICollection<(QueuedRegistration Request, RegistrationOutcome Outcome)> created, CancellationToken ct)
    {
        var pending = group;
        while (pending.Count > 0)
        {
            // Two of a group for the same person cannot see each other's rows: the second waits for the next round, whose
            // checks then find the first (a replay, a 409 or a likely duplicate, as if it had come a moment later).
            var (round, later) = SplitSamePerson(pending);
            try
            {
                await RunRoundAsync(round, connection, created, ct);
            }
            catch (Exception ex)
            {
                // The answer of this round's registrations not answered yet (a committed one keeps its file); the next round
                // goes on, or fails by itself.
                foreach (var request in round.Where(r => !created.Any(c => c.Request == r)))
                {
                    request.Done.TrySetException(ex);
                }
            }

            pending = later;
        }
    }

    private static (List<QueuedRegistration> Round, List<QueuedRegistration> Later)
        SplitSamePerson(IReadOnlyList<QueuedRegistration> group)
    {
        var round = new List<QueuedRegistration>(group.Count);
        var later = new List<QueuedRegistration>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in group)
        {
            var command = request.Item.Command;
            var (amka, afm) = DuplicateFinder.Identifiers(command.Amka, command.Afm);
            string?[] keys = [LockKey(command), amka is null ? null : "amka:" + amka, afm is null ? null : "afm:" + afm, command.CommandId is { } id ? "command:" + id : null];
            if (keys.Any(k => k is not null && seen.Contains(k)))
            {
                later.Add(request);
                continue;
            }

            foreach (var key in keys)
            {
                if (key is not null)
                {
                    seen.Add(key);
                }
            }

            round.Add(request);
        }

        return (round, later);
    }

    /// <summary>Registrations of one surname key and birth year take turns from their checks to their commit.</summary>
    private static string LockKey(RegisterBeneficiary command) =>
        GreekText.SearchKey(command.Surname) + ":" + command.BirthDate!.Value.Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>One transaction for registrations of different people.</summary>
    private async Task RunRoundAsync(
        List<QueuedRegistration> round, NpgsqlConnection connection, ICollection<(QueuedRegistration Request, RegistrationOutcome Outcome)> created, CancellationToken ct)
    {
        var ended = false; // committed, or rolled back on the way
        try
        {
            var checks = await CheckAsync(round, connection, ct);
            var files = new List<NewFile>(round.Count);
            for (var i = 0; i < round.Count; i++)
            {
                try
                {
                    if (Decide(round[i], checks[i]) is { } file)
                    {
                        files.Add(file);
                    }
                }
                catch (ConflictException ex)
                {
                    round[i].Done.TrySetException(ex);
                }
            }

            if (files.Count == 0)
            {
                return;
            }

            try
            {
                // Not cancelled halfway: a commit the server made but the callers never heard of would answer an error for
                // files that exist (the batch is short; the checks before it took the token).
                await using var write = rows.Write(connection, files);
                await write.ExecuteNonQueryAsync(CancellationToken.None);
                ended = true;
            }
            catch (PostgresException ex) when (files.Count > 1 || ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await RollbackAsync(connection);
                ended = true;
                await AfterFailedWriteAsync(files, ex, connection, created, ct);
                return;
            }

            foreach (var file in files)
            {
                created.Add((file.Request, new(new RegistrationResult(file.Person.Id, Created: true), file.Person.CentreId)));
            }
        }
        finally
        {
            if (!ended)
            {
                await RollbackAsync(connection);
            }
        }
    }

    /// <summary>
    /// A group's write failed: each of its registrations goes again alone, so one registration's failure is not the others'.
    /// One alone that lost a race with a concurrent registration of the same person (another host, or a change of ΑΜΚΑ)
    /// is answered as if it had seen the other first.
    /// </summary>
    private async Task AfterFailedWriteAsync(
        List<NewFile> files, PostgresException ex, NpgsqlConnection connection, ICollection<(QueuedRegistration Request, RegistrationOutcome Outcome)> created, CancellationToken ct)
    {
        if (files.Count > 1)
        {
            foreach (var file in files)
            {
                try
                {
                    await RunRoundAsync([file.Request], connection, created, ct);
                }
                catch (Exception alone)
                {
                    file.Request.Done.TrySetException(alone);
                }
            }

            return;
        }

        var request = files[0].Request;
        try
        {
            var again = await CheckAsync([request], connection, ct);
            if (AlreadyRegistered(again[0], request.Item.Command) is { } first)
            {
                request.Done.TrySetResult(new(first, null));
                return;
            }

            request.Done.TrySetException(ex);
        }
        catch (ConflictException conflict)
        {
            request.Done.TrySetException(conflict);
        }
        finally
        {
            await RollbackAsync(connection);
        }
    }

    /// <summary>
    /// What to write for one registration, or null when it is answered already (a replay of an earlier sending); throws the
    /// 409s (the ΑΜΚΑ or ΑΦΜ of another file, likely duplicates not confirmed, a command id reused for someone else).
    /// </summary>
    private NewFile? Decide(QueuedRegistration request, Checks checks)
    {
        var (command, actor) = request.Item;
        if (AlreadyRegistered(checks, command) is { } replayed)
        {
            request.Done.TrySetResult(new(replayed, null));
            return null;
        }

        var likely = checks.Likely;
        if (likely.Count > 0 && !command.ConfirmNotDuplicate)
        {
            throw new ConflictException(
                new("Υπάρχουν ήδη εγγεγραμμένοι με παρόμοια στοιχεία. Ελέγξτε τους και, αν πρόκειται για άλλο πρόσωπο, επιβεβαιώστε την εγγραφή.",
                    "People with similar details are already registered. Check them and, if this is someone else, confirm the registration."),
                "possible-duplicate")
            {
                Extensions = { ["matches"] = likely, ["confirmWith"] = "confirmNotDuplicate" },
            };
        }

        var now = clock.GetUtcNow();
        var beneficiary = new Beneficiary
        {
            Id = Guid.CreateVersion7(now),
            Surname = "",
            FirstName = "",
            CentreId = command.CentreId ?? actor.CentreId,
            RegisteredAt = now,
            RegisteredBy = actor.UserName,
            RegistrationCommandId = command.CommandId,
        };
        var fields = command.ApplyTo(beneficiary);
        var consents = (command.Consents ?? []).Distinct()
            .Select(purpose => new Consent { Id = Guid.CreateVersion7(now), BeneficiaryId = beneficiary.Id, Purpose = purpose, GivenAt = now, RecordedBy = actor.UserName })
            .ToList();
        var (audit, file) = FileChanges.Open(actor, now, beneficiary, likely.Count > 0 ? TimelineKinds.RegisteredDespiteDuplicates : TimelineKinds.Registered,
            fields, consents.Count, likely.Count > 0 ? string.Join(',', likely.Select(l => l.Id)) : null);
        return new NewFile(beneficiary, consents, audit, file, request);
    }

    /// <summary>Ends the transaction; never hides the exception that brought us here (a dead connection rolls back by itself).</summary>
    private async Task RollbackAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning("Rolling back a registration failed ({ExceptionType}); the connection is dropped or rolls back on return", ex.GetType().Name);
        }
    }

    private sealed record EarlierRegistration(Guid Id, string SurnameKey, string FirstNameKey, DateOnly BirthDate);

    private sealed record ExistingIdentifier(Guid Id, string? Amka);

    private sealed record Checks(EarlierRegistration? Earlier, ExistingIdentifier? SameIdentifier, IReadOnlyList<PossibleDuplicate> Likely);

    /// <summary>
    /// Everything the decisions need, in one round trip that also opens the transaction: first the locks, so two caseworkers
    /// registering the same person (no ΑΜΚΑ to collide on) take turns from these checks to the commit (registrations of one
    /// surname key and birth year wait for each other; taken in one order, so two groups never wait for each other in a
    /// circle); then the files earlier sendings of these commands opened, other files with their ΑΜΚΑ or ΑΦΜ, and the likely
    /// duplicates. One <see cref="Checks"/> per registration, in the group's order.
    /// </summary>
    private static async Task<Checks[]> CheckAsync(
        IReadOnlyList<QueuedRegistration> round, NpgsqlConnection connection, CancellationToken ct)
    {
        var commands = round.Select(r => r.Item.Command).ToArray();
        var identifiers = commands.Select(c => DuplicateFinder.Identifiers(c.Amka, c.Afm)).ToArray();
        var surnameKeys = commands.Select(c => GreekText.SearchKey(c.Surname)).ToArray();
        var firstNameKeys = commands.Select(c => GreekText.SearchKey(c.FirstName)).ToArray();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("BEGIN"),
                new(DuplicateFinder.GenericPlans),
                // A group's generic plans are costed for several people, which can pass the JIT threshold: compiling
                // costs tens of milliseconds for statements that run in one.
                new("SET LOCAL jit = off"),
                new("SELECT pg_advisory_xact_lock(l.h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(@lock_keys) AS k ORDER BY h) AS l")
                {
                    Parameters = { new NpgsqlParameter<string[]>("lock_keys", [.. commands.Select(LockKey)]) },
                },
                new("SELECT registration_command_id, id, surname_key, first_name_key, birth_date FROM registries.beneficiaries WHERE registration_command_id = ANY (@command_ids)")
                {
                    Parameters = { new NpgsqlParameter<Guid[]>("command_ids", [.. commands.Select(c => c.CommandId).OfType<Guid>()]) },
                },
                new("SELECT id, amka, afm FROM registries.beneficiaries WHERE amka = ANY (@amkas) OR afm = ANY (@afms)")
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string[]>("amkas", [.. identifiers.Select(i => i.Amka).OfType<string>()]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                        new NpgsqlParameter<string[]>("afms", [.. identifiers.Select(i => i.Afm).OfType<string>()]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                    },
                },
                new(DuplicateFinder.ForEachSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string[]>("surname_keys", surnameKeys),
                        new NpgsqlParameter<string[]>("first_name_keys", firstNameKeys),
                        new NpgsqlParameter<DateOnly[]>("birth_dates", [.. commands.Select(c => c.BirthDate!.Value)]),
                        new NpgsqlParameter<int[]>("birth_years", [.. commands.Select(c => c.BirthDate!.Value.Year)]),
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the locks
        var earlier = new Dictionary<Guid, EarlierRegistration>();
        while (await reader.ReadAsync(ct))
        {
            earlier[reader.GetGuid(0)] = new EarlierRegistration(reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateOnly>(4));
        }

        await reader.NextResultAsync(ct);
        var existing = new List<(Guid Id, string? Amka, string? Afm)>();
        while (await reader.ReadAsync(ct))
        {
            existing.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        await reader.NextResultAsync(ct);
        var likely = new List<PossibleDuplicate>[commands.Length];
        while (await reader.ReadAsync(ct))
        {
            var person = (int)reader.GetInt64(0) - 1;
            (likely[person] ??= []).Add(new PossibleDuplicate(
                reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateOnly>(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.GetString(8)));
        }

        return [.. commands.Select((c, i) =>
        {
            var (amka, afm) = identifiers[i];
            // The file with the same ΑΜΚΑ first, else the one with the same ΑΦΜ: the 409 names the field that clashed.
            var clash = existing.Where(e => amka is not null && e.Amka == amka).Concat(existing.Where(e => afm is not null && e.Afm == afm))
                .Select(e => new ExistingIdentifier(e.Id, e.Amka)).FirstOrDefault();
            return new Checks(
                c.CommandId is { } id ? earlier.GetValueOrDefault(id) : null,
                clash,
                likely[i] is { } found ? DuplicateFinder.Distinct(found) : []);
        })];
    }

    /// <summary>
    /// The person is registered already: by an earlier sending of this command (its file, replayed) or under the same
    /// ΑΜΚΑ/ΑΦΜ (409 naming the field and the file). Null when neither.
    /// </summary>
    private static RegistrationResult? AlreadyRegistered(Checks checks, RegisterBeneficiary command)
    {
        if (checks.Earlier is { } earlier)
        {
            return Replay(earlier, command);
        }

        if (checks.SameIdentifier is { } clash)
        {
            throw DuplicateFinder.SameIdentifier(clash.Id, clash.Amka, DuplicateFinder.Identifiers(command.Amka, command.Afm).Amka);
        }

        return null;
    }

    /// <summary>
    /// The file an earlier sending of this command opened. The same command id with another person
    /// is a client bug, not a retry: 409, so consents are never attached to the wrong file.
    /// </summary>
    private static RegistrationResult Replay(EarlierRegistration earlier, RegisterBeneficiary command)
    {
        if (earlier.SurnameKey != GreekText.SearchKey(command.Surname) || earlier.FirstNameKey != GreekText.SearchKey(command.FirstName)
            || earlier.BirthDate != command.BirthDate)
        {
            throw new ConflictException(
                new("Αυτό το commandId χρησιμοποιήθηκε ήδη για την εγγραφή άλλου προσώπου.", "This commandId was already used to register another person."),
                "command-id-reused")
            {
                Extensions = { ["existingId"] = earlier.Id },
            };
        }

        return new RegistrationResult(earlier.Id, Created: false);
    }
}

/// <summary>One registration's rows, and the request to answer once they are committed.</summary>
internal sealed record NewFile(
    Beneficiary Person, IReadOnlyList<Consent> Consents, AuditEntry Audit, BeneficiaryFileState File,
    QueuedRegistration Request);

/// <summary>
/// The rows a group of registrations writes, as one batch that ends with the COMMIT: the people, their consents, the audit
/// rows and the files' first states, one statement per table. Statements built once from the EF model
/// (<see cref="ModelInsert{T}"/>), so they write exactly what SaveChanges would.
/// </summary>
internal sealed class RegistrationRows(IModel model)
{
    /// <summary>Built once per host, from the module's model.</summary>
    public static RegistrationRows Create(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return new RegistrationRows(scope.ServiceProvider.GetRequiredService<RegistriesDbContext>().Model);
    }

    private readonly ModelInsert<Beneficiary> _beneficiary = ModelInsert<Beneficiary>.For(model);
    private readonly ModelInsert<Consent> _consent = ModelInsert<Consent>.For(model);
    private readonly ModelInsert<AuditEntry> _audit = ModelInsert<AuditEntry>.For(model);

    public NpgsqlBatch Write(NpgsqlConnection connection, IReadOnlyList<NewFile> files)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(_beneficiary.Command([.. files.Select(f => f.Person)]));
        if (files.SelectMany(f => f.Consents).ToList() is { Count: > 0 } consents)
        {
            batch.BatchCommands.Add(_consent.Command(consents));
        }

        batch.BatchCommands.Add(_audit.Command([.. files.Select(f => f.Audit)]));
        var states = new NpgsqlBatchCommand(BeneficiaryFileStorage.NewFilesSql);
        states.Parameters.AddRange(BeneficiaryFileStorage.NewFilesParameters([.. files.Select(f => (f.Person.Id, f.File))]));
        batch.BatchCommands.Add(states);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        return batch;
    }
}
