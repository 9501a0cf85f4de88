using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <summary>
    /// No query filters or sorts on the birth date alone (search sorts by name first; the likely-duplicate check uses the
    /// name keys with the birth date or year), so the index was written by every registration and read by none (issue 2).
    /// </summary>
    public partial class DropUnusedBirthDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_birth_date",
                schema: "registries",
                table: "beneficiaries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_birth_date",
                schema: "registries",
                table: "beneficiaries",
                column: "birth_date");
        }
    }
}
