using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchByDistinctSurnameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "surname_keys",
                schema: "registries",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surname_keys", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_greek_order",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "surname", "first_name", "birth_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_surname_keys_trgm",
                schema: "registries",
                table: "surname_keys",
                column: "key")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // Keep the distinct keys with the people: a trigger, so every writer (the API, a bulk COPY) is covered.
            migrationBuilder.Sql("""
                INSERT INTO registries.surname_keys (key)
                SELECT DISTINCT surname_key FROM registries.beneficiaries ON CONFLICT DO NOTHING;

                CREATE OR REPLACE FUNCTION registries.remember_surname_key() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO registries.surname_keys (key) VALUES (NEW.surname_key) ON CONFLICT DO NOTHING;
                    RETURN NEW;
                END $$;

                CREATE TRIGGER beneficiaries_remember_surname_key
                AFTER INSERT OR UPDATE OF surname_key ON registries.beneficiaries
                FOR EACH ROW EXECUTE FUNCTION registries.remember_surname_key();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS beneficiaries_remember_surname_key ON registries.beneficiaries;
                DROP FUNCTION IF EXISTS registries.remember_surname_key();
                """);

            migrationBuilder.DropTable(
                name: "surname_keys",
                schema: "registries");

            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_surname_key_greek_order",
                schema: "registries",
                table: "beneficiaries");
        }
    }
}
