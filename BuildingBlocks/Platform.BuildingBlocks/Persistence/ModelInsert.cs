using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// One-row INSERTs of an entity as an <see cref="NpgsqlBatchCommand"/>, built from the EF model: the same table,
/// columns and value conversions (enums as text, arrays) that SaveChanges would write, without the change tracker.
/// For a hot path that writes a few new rows and commits in one round trip; everything else uses SaveChanges.
/// Columns the database fills (identity, computed, <c>xmin</c>) are left out.
/// </summary>
public sealed class ModelInsert<T>
    where T : class
{
    private readonly string _sql;
    private readonly Column[] _columns;

    private sealed record Column(IProperty Property, Func<object, object?>? ToProvider, NpgsqlDbType Type);

    private ModelInsert(string sql, Column[] columns)
    {
        _sql = sql;
        _columns = columns;
    }

    public static ModelInsert<T> For(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        // What this writer does not do the way SaveChanges would: refuse at start-up rather than write something else.
        if (entity.GetComplexProperties().Any() || entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetDerivedTypes().Any()
            || entity.BaseType is not null)
        {
            throw new NotSupportedException($"{entity.DisplayName()}: owned, complex or inherited types are not written by ModelInsert.");
        }

        if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty() || p.GetDefaultValueSql() is not null || p.TryGetDefaultValue(out _)) is { } unsupported)
        {
            throw new NotSupportedException($"{entity.DisplayName()}.{unsupported.Name}: shadow properties and database defaults are not written by ModelInsert.");
        }

        var columns = entity.GetProperties().Where(p => IsWritten(p, table)).Select(p =>
        {
            var converter = p.GetTypeMapping().Converter;
            return new Column(p, converter is null ? null : converter.ConvertToProvider, TypeOf(converter?.ProviderClrType ?? p.ClrType, p));
        }).ToArray();

        var sql = new StringBuilder("INSERT INTO ");
        if (table.Schema is { } schema)
        {
            sql.Append(Quote(schema)).Append('.');
        }

        sql.Append(Quote(table.Name)).Append(" (");
        sql.AppendJoin(", ", columns.Select(c => Quote(c.Property.GetColumnName(table)!))).Append(") VALUES (");
        sql.AppendJoin(", ", columns.Select((_, i) => "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(')');
        return new ModelInsert<T>(sql.ToString(), columns);
    }

    /// <summary>The statement for one row (positional parameters, so it can share a batch with any other).</summary>
    public NpgsqlBatchCommand Command(T row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var command = new NpgsqlBatchCommand(_sql);
        foreach (var column in _columns)
        {
            var value = column.Property.GetGetter().GetClrValueUsingContainingEntity(row);
            if (column.ToProvider is { } convert && value is not null)
            {
                value = convert(value);
            }

            // Typed even when null: one statement signature, so the server prepares it once (an untyped null is another statement).
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = column.Type, Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static bool IsWritten(IProperty p, StoreObjectIdentifier table) =>
        p.GetColumnName(table) is { } column
        && column != "xmin"
        && p.GetComputedColumnSql() is null
        && p.ValueGenerated != ValueGenerated.OnAddOrUpdate
        && p.GetValueGenerationStrategy() is not (Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
            or Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn
            or Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.SerialColumn);

    private static NpgsqlDbType TypeOf(Type clr, IProperty p)
    {
        var type = Nullable.GetUnderlyingType(clr) ?? clr;
        if (type.IsArray)
        {
            return NpgsqlDbType.Array | TypeOf(type.GetElementType()!, p);
        }

        return type switch
        {
            _ when type == typeof(string) => NpgsqlDbType.Text,
            _ when type == typeof(Guid) => NpgsqlDbType.Uuid,
            _ when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
            _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
            _ when type == typeof(int) => NpgsqlDbType.Integer,
            _ when type == typeof(long) => NpgsqlDbType.Bigint,
            _ when type == typeof(bool) => NpgsqlDbType.Boolean,
            _ when type == typeof(decimal) => NpgsqlDbType.Numeric,
            _ => throw new NotSupportedException($"{p.DeclaringType.DisplayName()}.{p.Name}: no parameter type for {type.Name}; add it here."),
        };
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
