using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace Platform.Registries.Grains;

/// <summary>
/// Where the electronic file's grain keeps its state: <c>registries.beneficiary_files</c>, one JSON row per file with
/// an optimistic version (a write that lost a race fails with <see cref="InconsistentStateException"/>, as with any
/// Orleans storage). The table is the module's own, so the registration writes a new file's first row in its own
/// transaction (<see cref="NewFilesSql"/>): the file exists exactly when its person does, and registering costs no grain
/// activation and no second commit.
/// </summary>
/// <remarks>
/// Files opened before this table existed live in Orleans' general storage: a file with no row here is read from
/// there (<paramref name="earlier"/>) and written here from its next change on. Files are never cleared (the Platform
/// keeps them); <see cref="ClearStateAsync"/> removes the row here only. Every silo must run this provider: a silo still
/// writing files to the general storage would split a file's history between the two (upgrade all hosts together).
/// </remarks>
internal sealed class BeneficiaryFileStorage(NpgsqlDataSource dataSource, IGrainStorage earlier) : IGrainStorage
{
    /// <summary>The provider's name in <c>[PersistentState]</c>.</summary>
    public const string Name = "beneficiary-files";

    /// <summary>How the state is written: plain JSON, camelCase, no type names (a renamed class still reads).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new file's first row, version 1: @id, @state. Fails (unique violation) if the file already has one.</summary>
    public const string NewFileSql = "INSERT INTO registries.beneficiary_files (beneficiary_id, version, state) VALUES (@id, 1, @state)";

    /// <summary>Several new files' first states in one statement: @ids and @states, one element per file, in the same order.</summary>
    public const string NewFilesSql = "INSERT INTO registries.beneficiary_files (beneficiary_id, version, state) SELECT f.id, 1, f.state FROM unnest(@ids, @states) AS f(id, state)";

    public static NpgsqlParameter[] NewFilesParameters(IReadOnlyList<(Guid Id, BeneficiaryFileState State)> files) =>
    [
        new NpgsqlParameter<Guid[]>("ids", [.. files.Select(f => f.Id)]),
        new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = files.Select(f => JsonSerializer.Serialize(f.State, Json)).ToArray() },
    ];

    private static NpgsqlParameter[] Row(Guid id, string json) =>
    [
        new NpgsqlParameter<Guid>("id", id),
        new NpgsqlParameter("state", NpgsqlDbType.Jsonb) { Value = json },
    ];

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = dataSource.CreateCommand("SELECT version, state FROM registries.beneficiary_files WHERE beneficiary_id = @id");
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", grainId.GetGuidKey()));
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                grainState.State = JsonSerializer.Deserialize<T>(reader.GetString(1), Json) ?? Activator.CreateInstance<T>();
                grainState.ETag = reader.GetInt32(0).ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
                return;
            }
        }

        await earlier.ReadStateAsync(stateName, grainId, grainState);
        // Its version is the other store's: the next write here is this file's first row.
        grainState.ETag = null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var json = JsonSerializer.Serialize(grainState.State, Json);
        var id = grainId.GetGuidKey();
        int written;
        if (grainState.ETag is null)
        {
            await using var insert = dataSource.CreateCommand(NewFileSql + " ON CONFLICT DO NOTHING");
            insert.Parameters.AddRange(Row(id, json));
            written = await insert.ExecuteNonQueryAsync() == 1 ? 1 : 0;
        }
        else
        {
            var version = int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            await using var update = dataSource.CreateCommand(
                "UPDATE registries.beneficiary_files SET version = version + 1, state = @state WHERE beneficiary_id = @id AND version = @version");
            update.Parameters.AddRange(Row(id, json));
            update.Parameters.Add(new NpgsqlParameter<int>("version", version));
            written = await update.ExecuteNonQueryAsync() == 1 ? version + 1 : 0;
        }

        if (written == 0)
        {
            throw new InconsistentStateException(
                $"The file {id} was written by someone else since it was read (version {grainState.ETag ?? "none"}).", "unknown", grainState.ETag ?? "none");
        }

        grainState.ETag = written.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM registries.beneficiary_files WHERE beneficiary_id = @id");
        delete.Parameters.Add(new NpgsqlParameter<Guid>("id", grainId.GetGuidKey()));
        await delete.ExecuteNonQueryAsync();
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
