using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Workflows.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InboxIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_instances_inbox",
                schema: "workflows",
                table: "instances",
                columns: new[] { "centre_id", "task_role" },
                filter: "status = 'Active'")
                .Annotation("Npgsql:IndexInclude", new[] { "id", "definition", "definition_version", "state", "task_due_at", "attention", "attention_at", "state_entered_at", "subject_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_instances_inbox",
                schema: "workflows",
                table: "instances");
        }
    }
}
