using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>How every module's DbContext talks to PostgreSQL: its own schema, its own migrations history, snake_case names.</summary>
public static class ModuleDatabase
{
    /// <summary>The ICU collation that sorts names as Greek users expect (accents and case after the letter).</summary>
    public const string GreekCollation = "el-GR-x-icu";

    public static TBuilder UseModuleNpgsql<TBuilder>(this TBuilder options, string connectionString, string schema)
        where TBuilder : DbContextOptionsBuilder
    {
        options
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema))
            .UseSnakeCaseNamingConvention();
        return options;
    }
}
