using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateCheckIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<int>(
                name: "birth_year",
                schema: "registries",
                table: "beneficiaries",
                type: "integer",
                nullable: false,
                computedColumnSql: "date_part('year', birth_date)::int",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_birth_year_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "birth_year", "surname_key" })
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "int4_ops", "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_birth_year_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.DropColumn(
                name: "birth_year",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
