using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateCheckByCandidateKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_birth_year_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "birth_year" })
                .Annotation("Npgsql:IndexInclude", new[] { "first_name_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_birth_year_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "birth_year", "surname_key" })
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "int4_ops", "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries",
                column: "surname_key")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }
    }
}
