using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Text;
using Platform.BuildingBlocks.Validation;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Features;
using Platform.Registries.Grains;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// R26, R29: registering a person opens their electronic file at once. Refused when the AMKA or AFM
/// is already registered (409 with that file's id); held back when a likely duplicate exists, until the
/// caller confirms with <see cref="ConfirmNotDuplicate"/>.
/// </summary>
internal sealed record RegisterBeneficiary : BeneficiaryProfile, ICommand<RegistrationResult>
{
    /// <summary>The client's id for this command: sending it again returns the same file instead of a second one.</summary>
    public Guid? CommandId { get; init; }

    /// <summary>The centre or entry point registering the person (R26, R28).</summary>
    public Guid? CentreId { get; init; }

    /// <summary>"Register anyway": the caseworker has looked at the likely duplicates and this is someone else.</summary>
    public bool ConfirmNotDuplicate { get; init; }

    /// <summary>Consents the person gives at registration.</summary>
    public ConsentPurpose[]? Consents { get; init; }
}

internal sealed record RegistrationResult(Guid Id, bool Created);

/// <summary>Built once (a singleton): registration is the hot path and its rules hold no per-request state.</summary>
internal sealed class RegisterBeneficiaryValidator : AbstractValidator<RegisterBeneficiary>
{
    public RegisterBeneficiaryValidator(BeneficiaryProfileValidator profile, KnownRecords known)
    {
        Include(profile);
        RuleFor(x => x.MunicipalityId)
            .MustAsync((id, ct) => known.MunicipalityExistsAsync(id, ct))
            .WithMessage("Ο δήμος δεν υπάρχει στο μητρώο.", "The municipality is not in the registry.");
        RuleFor(x => x.CentreId)
            .MustAsync((id, ct) => known.BodyExistsAsync(id, ct))
            .WithMessage("Η δομή εγγραφής δεν υπάρχει στο μητρώο φορέων.", "The registering structure is not in the bodies registry.");
        RuleForEach(x => x.Consents).IsNamedValue().WithMessage("Άγνωστος σκοπός συναίνεσης.", "Unknown consent purpose.");
    }
}

/// <summary>
/// Runs the registration's transaction (<see cref="RegistrationTransaction"/>) on the context's connection, then tells the
/// centre. The file's grain is not called: its state row is already there, and it activates when first read.
/// </summary>
internal sealed class RegisterBeneficiaryHandler(
    RegistriesDbContext db, RegistrationTransaction transaction, ICurrentActor actor, IGrainFactory grains,
    ILogger<RegisterBeneficiaryHandler> logger)
    : ICommandHandler<RegisterBeneficiary, RegistrationResult>
{
    public async ValueTask<RegistrationResult> Handle(RegisterBeneficiary command, CancellationToken cancellationToken)
    {
        RegistrationOutcome outcome;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            outcome = await transaction.RunAsync(command, actor, (NpgsqlConnection)db.Database.GetDbConnection(), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        // After the connection is back in the pool: the notice may wait on the silo, and it must not hold a connection.
        if (outcome.Result.Created && outcome.CentreId is { } centre)
        {
            await TellCentreAsync(centre);
        }

        return outcome.Result;
    }

    /// <summary>
    /// The centre's figures count files lazily: it only needs to know one more exists. Not in the outbox: a lost notice
    /// (the call failing after the commit) only delays the count until the grain's next recount (see CentreGrain).
    /// </summary>
    private async Task TellCentreAsync(Guid centreId)
    {
        try
        {
            await grains.GetGrain<ICentreGrain>(centreId).FilesChanged();
        }
        catch (Exception ex)
        {
            // The file is committed: whatever happens here, the registration succeeded.
            logger.LogWarning("The centre grain was not told of a new file ({ExceptionType}); its next recount will show it", ex.GetType().Name);
        }
    }
}

/// <summary>What a registration's transaction decided, and the centre to tell when it opened a file.</summary>
internal readonly record struct RegistrationOutcome(RegistrationResult Result, Guid? CentreId);

/// <summary>
/// Everything a registration asks of the database, on an open connection. Registration is the Platform's hottest write, so
/// it talks to PostgreSQL directly: one round trip opens the transaction and runs every check, a second writes the person,
/// consents, audit row and the file's first state and commits. The transaction is opened and ended in SQL
/// (BEGIN … COMMIT/ROLLBACK), so EF knows nothing of it: a caller lending an EF context's connection may not use the
/// context's own transactions or SaveChanges while it is open. Npgsql follows the server's transaction state and rolls
/// back whatever is still open when the connection goes back to the pool. The bench drives this class alone to measure
/// the database's share of a registration.
/// </summary>
internal sealed class RegistrationTransaction(RegistrationRows rows, TimeProvider clock, ILogger<RegistrationTransaction> logger)
{
    public async Task<RegistrationOutcome> RunAsync(RegisterBeneficiary command, ICurrentActor actor, NpgsqlConnection connection, CancellationToken ct)
    {
        var committed = false;
        try
        {
            var checks = await CheckAsync(command, connection, ct);
            if (AlreadyRegistered(checks, command) is { } replayed)
            {
                return new(replayed, null);
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

            try
            {
                // Not cancelled halfway: a commit the server made but the caller never heard of would answer an error
                // for a file that exists (the batch is short; the checks before it took the request's token).
                await using var write = rows.Write(connection, beneficiary, consents, audit, file);
                await write.ExecuteNonQueryAsync(CancellationToken.None);
                committed = true;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Lost a race with a concurrent registration of the same person: answer as if we had seen it first.
                await RollbackAsync(connection);
                if (AlreadyRegistered(await CheckAsync(command, connection, ct), command) is { } first)
                {
                    return new(first, null);
                }

                throw;
            }

            return new(new RegistrationResult(beneficiary.Id, Created: true), beneficiary.CentreId);
        }
        finally
        {
            if (!committed)
            {
                await RollbackAsync(connection);
            }
        }
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
    /// Everything the decision needs, in one round trip that also opens the transaction: first the lock, so two caseworkers
    /// registering the same person (no ΑΜΚΑ to collide on) take turns from these checks to the commit (registrations of
    /// one surname key and birth year wait for each other); then the file an earlier sending of this command opened,
    /// another file with the ΑΜΚΑ or ΑΦΜ, and the likely duplicates.
    /// </summary>
    private static async Task<Checks> CheckAsync(RegisterBeneficiary command, NpgsqlConnection connection, CancellationToken ct)
    {
        var birthDate = command.BirthDate!.Value;
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("BEGIN"),
                new(DuplicateFinder.GenericPlans),
                new("SELECT pg_advisory_xact_lock(hashtext(@lock_key))")
                {
                    Parameters = { new NpgsqlParameter<string>("lock_key", GreekText.SearchKey(command.Surname) + ":" + birthDate.Year.ToString(CultureInfo.InvariantCulture)) },
                },
                new("SELECT id, surname_key, first_name_key, birth_date FROM registries.beneficiaries WHERE registration_command_id = @command_id")
                {
                    Parameters = { new NpgsqlParameter("command_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = command.CommandId is { } id ? id : DBNull.Value } },
                },
                Command(DuplicateFinder.SameIdentifiersSql, DuplicateFinder.SameIdentifiersParameters(command.Amka, command.Afm, null)),
                Command(DuplicateFinder.Sql, DuplicateFinder.Parameters(command.Surname, command.FirstName, birthDate, null)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the lock
        var earlier = await reader.ReadAsync(ct)
            ? new EarlierRegistration(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3))
            : null;
        await reader.NextResultAsync(ct);
        var same = await reader.ReadAsync(ct) ? new ExistingIdentifier(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
        await reader.NextResultAsync(ct);
        var likely = new List<PossibleDuplicate>();
        while (await reader.ReadAsync(ct))
        {
            likely.Add(new PossibleDuplicate(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateOnly>(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetString(7)));
        }

        return new Checks(earlier, same, DuplicateFinder.Distinct(likely));
    }

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
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

/// <summary>
/// The rows a registration writes, as one batch that ends with the COMMIT: the person, their consents, the audit row and
/// the file's first state. Statements built once from the EF model (<see cref="ModelInsert{T}"/>), so they write exactly
/// what SaveChanges would.
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

    public NpgsqlBatch Write(NpgsqlConnection connection, Beneficiary beneficiary, IEnumerable<Consent> consents, AuditEntry audit, BeneficiaryFileState file)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(_beneficiary.Command(beneficiary));
        foreach (var consent in consents)
        {
            batch.BatchCommands.Add(_consent.Command(consent));
        }

        batch.BatchCommands.Add(_audit.Command(audit));
        var state = new NpgsqlBatchCommand(BeneficiaryFileStorage.NewFileSql);
        state.Parameters.AddRange(BeneficiaryFileStorage.NewFileParameters(beneficiary.Id, file));
        batch.BatchCommands.Add(state);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        return batch;
    }
}

internal static class RegisterBeneficiaryEndpoint
{
    public static void Map(RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPost("/", async (RegisterBeneficiary command, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(command, ct);
                return result.Created
                    ? Results.Created($"/api/registries/beneficiaries/{result.Id}", result)
                    : Results.Ok(result);
            })
            .RequireAuthorization(PlatformPolicies.RegisterBeneficiaries)
            .AddEndpointFilter(RegistrationScope.FilterAsync)
            .WithName("RegisterBeneficiary")
            .WithSummary("Register a beneficiary and open their electronic file (R26, R29)")
            .Produces<RegistrationResult>(StatusCodes.Status201Created)
            .Produces<RegistrationResult>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
