using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Workflows.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "workflows");

            migrationBuilder.CreateTable(
                name: "instances",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    definition_version = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: true),
                    policy_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    task_role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    task_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attention = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    attention_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    state_entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    incident_trigger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    incident_input = table.Column<string>(type: "jsonb", nullable: true),
                    incident_actor = table.Column<string>(type: "jsonb", nullable: true),
                    incident_error = table.Column<string>(type: "text", nullable: true),
                    incident_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    incident_command_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instances", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "journal",
                schema: "workflows",
                columns: table => new
                {
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    trigger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    from_state = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    to_state = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    command_id = table.Column<Guid>(type: "uuid", nullable: true),
                    command_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    input = table.Column<string>(type: "jsonb", nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal", x => new { x.instance_id, x.revision });
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "timer_policies",
                schema: "workflows",
                columns: table => new
                {
                    definition = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    timer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    policy_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    after_minutes = table.Column<int>(type: "integer", nullable: false),
                    working_days_only = table.Column<bool>(type: "boolean", nullable: false),
                    quiet_from = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    quiet_until = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timer_policies", x => new { x.definition, x.timer, x.policy_key });
                });

            migrationBuilder.CreateTable(
                name: "timers",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    trigger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    definition = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timers", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_instances_centre_id_status_task_role",
                schema: "workflows",
                table: "instances",
                columns: new[] { "centre_id", "status", "task_role" });

            migrationBuilder.CreateIndex(
                name: "ix_instances_definition_state_status",
                schema: "workflows",
                table: "instances",
                columns: new[] { "definition", "state", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_instances_faulted",
                schema: "workflows",
                table: "instances",
                column: "status",
                filter: "status = 'Faulted'");

            migrationBuilder.CreateIndex(
                name: "ix_instances_subject_id",
                schema: "workflows",
                table: "instances",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "ix_instances_task_due_at",
                schema: "workflows",
                table: "instances",
                column: "task_due_at",
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_journal_instance_id_command_id",
                schema: "workflows",
                table: "journal",
                columns: new[] { "instance_id", "command_id" },
                unique: true,
                filter: "command_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_created_at",
                schema: "workflows",
                table: "outbox",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_timers_centre_id_due_at",
                schema: "workflows",
                table: "timers",
                columns: new[] { "centre_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_timers_due_at",
                schema: "workflows",
                table: "timers",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "ix_timers_instance_id_name",
                schema: "workflows",
                table: "timers",
                columns: new[] { "instance_id", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instances",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "journal",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "timer_policies",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "timers",
                schema: "workflows");
        }
    }
}
