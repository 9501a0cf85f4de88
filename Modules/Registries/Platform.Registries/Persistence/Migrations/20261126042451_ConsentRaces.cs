using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConsentRaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                schema: "registries",
                table: "consents",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateIndex(
                name: "ux_consents_active",
                schema: "registries",
                table: "consents",
                columns: new[] { "beneficiary_id", "purpose", "body_id" },
                unique: true,
                filter: "withdrawn_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_consents_active",
                schema: "registries",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "xmin",
                schema: "registries",
                table: "consents");
        }
    }
}
