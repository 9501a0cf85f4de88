using Npgsql;

namespace Platform.Registries.Persistence;

/// <summary>
/// "Close" names: a trigram similarity of at least 0.5 (pg_trgm's default 0.3 lets thousands of keys share trigrams with
/// «Παπαδόπουλος» and costs ~10 ms per check). The likely-duplicate check, the typo search and the surname-key trigger all
/// read <c>pg_trgm.similarity_threshold</c>, so every connection of the module sets it when it opens. The Initial migration
/// sets it for the database too (for psql and other tools), but the module does not rely on that: a database restored from
/// a dump without <c>--create</c> has lost its per-database settings, and a new session then has no such setting until
/// pg_trgm loads. Every registration whose check was a new session's first statement answered 500 ("unrecognized
/// configuration parameter"), and the rest compared names with 0.3.
/// </summary>
internal static class TrigramThreshold
{
    public const string Value = "0.5";

    /// <summary>The connection string with the threshold among the options the server applies at every session start.</summary>
    public static string On(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c pg_trgm.similarity_threshold={Value}".Trim();
        return builder.ConnectionString;
    }
}
