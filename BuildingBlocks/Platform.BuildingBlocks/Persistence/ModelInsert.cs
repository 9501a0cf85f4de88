using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// INSERTs of an entity as an <see cref="NpgsqlBatchCommand"/> (one row, or several in one statement), built from the EF
/// model: the same table, columns and value conversions (enums as text, arrays) that SaveChanges would write, without the
/// change tracker. For a hot path that writes a few new rows and commits in one round trip; everything else uses SaveChanges.
/// Columns the database fills (identity, computed, <c>xmin</c>) are left out.
/// </summary>
public sealed class ModelInsert<T>
    where T : class
{
    private readonly string _insertInto;
    private readonly Column[] _columns;

    /// <summary>The statement for 1, 2, … rows, built when first asked for (index: rows − 1).</summary>
    private readonly string?[] _sqlByRows = new string?[64];

    private sealed record Column(IProperty Property, Func<object, object?>? ToProvider, NpgsqlDbType Type);

    private ModelInsert(string insertInto, Column[] columns)
    {
        _insertInto = insertInto;
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
        sql.AppendJoin(", ", columns.Select(c => Quote(c.Property.GetColumnName(table)!))).Append(") VALUES ");
        return new ModelInsert<T>(sql.ToString(), columns);
    }

    /// <summary>
    /// One statement for all <paramref name="rows"/> (at least one; positional parameters, so it can share a batch with any
    /// other): a single multi-row INSERT costs the server one statement's overhead instead of one per row.
    /// </summary>
    public NpgsqlBatchCommand Command(IReadOnlyList<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var command = new NpgsqlBatchCommand(Sql(rows.Count));
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row);
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
        }

        return command;
    }

    private string Sql(int rows)
    {
        if (rows <= _sqlByRows.Length && _sqlByRows[rows - 1] is { } cached)
        {
            return cached;
        }

        var sql = new StringBuilder(_insertInto);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            sql.AppendJoin(", ", _columns.Select((_, i) => "$" + (r * _columns.Length + i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(')');
        }

        var built = sql.ToString();
        if (rows <= _sqlByRows.Length)
        {
            _sqlByRows[rows - 1] = built; // a benign race: two threads build the same string
        }

        return built;
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
