using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Applies a module's migrations (the database itself is created by the host first).</summary>
    public static async Task MigrateModuleAsync<TContext>(this IServiceProvider services, CancellationToken ct = default)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // The history table first: otherwise EF reads it before it exists on a fresh database and logs a
        // failed command that is no failure at all.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        // A migration may rebuild something over every row (an index, a derived table): on a large database that
        // takes longer than the 30 s a request's command may.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15));
        await db.Database.MigrateAsync(ct);
    }
}
