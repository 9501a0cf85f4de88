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
        await using var db = OwnedContext<TContext>(scope.ServiceProvider);
        // The history table first: otherwise EF reads it before it exists on a fresh database and logs a
        // failed command that is no failure at all.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        // A migration may rebuild something over every row (an index, a derived table): on a large database that
        // takes longer than the 30 s a request's command may.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15));
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// A context of the module on the schema owner's connection (<see cref="SchemaOwnerConnection"/>) when the host
    /// runs with one: the application's own role may read and write rows but not change tables (nor delete audit rows).
    /// </summary>
    private static TContext OwnedContext<TContext>(IServiceProvider services)
        where TContext : DbContext
    {
        var db = ActivatorUtilities.CreateInstance<TContext>(services, services.GetRequiredService<DbContextOptions<TContext>>());
        if (services.GetService<SchemaOwnerConnection>() is { } owner)
        {
            db.Database.SetConnectionString(owner.ConnectionString);
        }

        return db;
    }
}

/// <summary>The connection of the role that owns the schemas (migrations run as it); registered by the host when it differs from the application's.</summary>
public sealed record SchemaOwnerConnection(string ConnectionString);
