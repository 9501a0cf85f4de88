using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Staffing.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CentreChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "centre_changes",
                schema: "staffing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_centre_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_centre_changes_centre_id_id",
                schema: "staffing",
                table: "centre_changes",
                columns: new[] { "centre_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_centre_changes_created_at",
                schema: "staffing",
                table: "centre_changes",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "centre_changes",
                schema: "staffing");
        }
    }
}
