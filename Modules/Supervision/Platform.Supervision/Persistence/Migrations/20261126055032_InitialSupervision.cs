using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Supervision.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "supervision");

            migrationBuilder.CreateTable(
                name: "annual_report_filings",
                schema: "supervision",
                columns: table => new
                {
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    protocol_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false),
                    snapshot_sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_annual_report_filings", x => new { x.centre_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "supervision",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_centre_id = table.Column<Guid>(type: "uuid", nullable: true),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    fields = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "centre_oversight",
                schema: "supervision",
                columns: table => new
                {
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    operation_started_on = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_centre_oversight", x => x.centre_id);
                });

            migrationBuilder.CreateTable(
                name: "deadline_reminders",
                schema: "supervision",
                columns: table => new
                {
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    deadline_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    reminded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deadline_reminders", x => new { x.centre_id, x.deadline_key, x.due_on });
                });

            migrationBuilder.CreateTable(
                name: "regulation_documents",
                schema: "supervision",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regulation_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "regulation_versions",
                schema: "supervision",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    adopted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    decision_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    protocol_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regulation_versions", x => x.id);
                    table.CheckConstraint("ck_regulation_versions_number", "number >= 1");
                    table.ForeignKey(
                        name: "fk_regulation_versions_regulation_documents_document_id",
                        column: x => x.document_id,
                        principalSchema: "supervision",
                        principalTable: "regulation_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                schema: "supervision",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_entity_type_entity_id_at",
                schema: "supervision",
                table: "audit_log",
                columns: new[] { "entity_type", "entity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_regulation_versions_centre_id_number",
                schema: "supervision",
                table: "regulation_versions",
                columns: new[] { "centre_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_regulation_versions_document_id",
                schema: "supervision",
                table: "regulation_versions",
                column: "document_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annual_report_filings",
                schema: "supervision");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "supervision");

            migrationBuilder.DropTable(
                name: "centre_oversight",
                schema: "supervision");

            migrationBuilder.DropTable(
                name: "deadline_reminders",
                schema: "supervision");

            migrationBuilder.DropTable(
                name: "regulation_versions",
                schema: "supervision");

            migrationBuilder.DropTable(
                name: "regulation_documents",
                schema: "supervision");
        }
    }
}
