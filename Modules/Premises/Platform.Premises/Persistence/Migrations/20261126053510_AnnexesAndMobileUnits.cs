using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Premises.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AnnexesAndMobileUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "centre_changes",
                schema: "premises",
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

            migrationBuilder.CreateTable(
                name: "outposts",
                schema: "premises",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "el-GR-x-icu"),
                    body_id = table.Column<Guid>(type: "uuid", nullable: true),
                    former_roma_support_centre = table.Column<bool>(type: "boolean", nullable: false),
                    reasons = table.Column<string[]>(type: "text[]", nullable: false),
                    no_easy_access = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: true),
                    street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outposts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mobile_unit_visits",
                schema: "premises",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    outpost_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    settlement = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    weekday = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    on_date = table.Column<DateOnly>(type: "date", nullable: true),
                    starts_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    ends_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mobile_unit_visits", x => x.id);
                    table.CheckConstraint("ck_mobile_unit_visits_times", "starts_at < ends_at");
                    table.CheckConstraint("ck_mobile_unit_visits_weekday_or_date", "(weekday IS NULL) <> (on_date IS NULL)");
                    table.ForeignKey(
                        name: "fk_mobile_unit_visits_outposts_outpost_id",
                        column: x => x.outpost_id,
                        principalSchema: "premises",
                        principalTable: "outposts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outpost_areas",
                schema: "premises",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    outpost_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    settlement = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outpost_areas", x => x.id);
                    table.ForeignKey(
                        name: "fk_outpost_areas_outposts_outpost_id",
                        column: x => x.outpost_id,
                        principalSchema: "premises",
                        principalTable: "outposts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_centre_changes_centre_id_id",
                schema: "premises",
                table: "centre_changes",
                columns: new[] { "centre_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_centre_changes_created_at",
                schema: "premises",
                table: "centre_changes",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_mobile_unit_visits_outpost_id",
                schema: "premises",
                table: "mobile_unit_visits",
                column: "outpost_id");

            migrationBuilder.CreateIndex(
                name: "ix_outpost_areas_municipality_id",
                schema: "premises",
                table: "outpost_areas",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_outpost_areas_outpost_id",
                schema: "premises",
                table: "outpost_areas",
                column: "outpost_id");

            migrationBuilder.CreateIndex(
                name: "ix_outposts_centre_id_kind",
                schema: "premises",
                table: "outposts",
                columns: new[] { "centre_id", "kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "centre_changes",
                schema: "premises");

            migrationBuilder.DropTable(
                name: "mobile_unit_visits",
                schema: "premises");

            migrationBuilder.DropTable(
                name: "outpost_areas",
                schema: "premises");

            migrationBuilder.DropTable(
                name: "outposts",
                schema: "premises");
        }
    }
}
