using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WiderSearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The trigger names the column (UPDATE OF surname_key), so it must step aside while the type changes.
            migrationBuilder.Sql("DROP TRIGGER beneficiaries_remember_surname_key ON registries.beneficiaries;");

            migrationBuilder.AlterColumn<string>(
                name: "key",
                schema: "registries",
                table: "surname_keys",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "surname_key",
                schema: "registries",
                table: "beneficiaries",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "first_name_key",
                schema: "registries",
                table: "beneficiaries",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.Sql("""
                CREATE TRIGGER beneficiaries_remember_surname_key
                AFTER INSERT OR UPDATE OF surname_key ON registries.beneficiaries
                FOR EACH ROW EXECUTE FUNCTION registries.remember_surname_key();
                """);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The trigger names the column (UPDATE OF surname_key), so it must step aside while the type changes.
            migrationBuilder.Sql("DROP TRIGGER beneficiaries_remember_surname_key ON registries.beneficiaries;");

            migrationBuilder.AlterColumn<string>(
                name: "key",
                schema: "registries",
                table: "surname_keys",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(300)",
                oldMaxLength: 300,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "surname_key",
                schema: "registries",
                table: "beneficiaries",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(300)",
                oldMaxLength: 300,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "first_name_key",
                schema: "registries",
                table: "beneficiaries",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(300)",
                oldMaxLength: 300,
                oldCollation: "C");

            migrationBuilder.Sql("""
                CREATE TRIGGER beneficiaries_remember_surname_key
                AFTER INSERT OR UPDATE OF surname_key ON registries.beneficiaries
                FOR EACH ROW EXECUTE FUNCTION registries.remember_surname_key();
                """);

        }
    }
}
