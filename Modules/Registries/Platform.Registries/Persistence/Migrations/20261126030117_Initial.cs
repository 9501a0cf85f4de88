using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "registries");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "registries",
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
                name: "municipalities",
                schema: "registries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "el-GR-x-icu"),
                    population = table.Column<int>(type: "integer", nullable: false),
                    regional_unit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    is_regional_unit_seat = table.Column<bool>(type: "boolean", nullable: false),
                    has_social_service = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_municipalities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "registries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    beneficiary_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "beneficiaries",
                schema: "registries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    surname = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "el-GR-x-icu"),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "el-GR-x-icu"),
                    father_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mother_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    amka = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    afm = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    document_kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    document_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    no_document_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    nationality = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    languages = table.Column<string[]>(type: "text[]", nullable: false),
                    street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    categories = table.Column<string[]>(type: "text[]", nullable: false),
                    centre_id = table.Column<Guid>(type: "uuid", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    registration_command_id = table.Column<Guid>(type: "uuid", nullable: true),
                    surname_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    first_name_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_beneficiaries", x => x.id);
                    table.ForeignKey(
                        name: "fk_beneficiaries_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalSchema: "registries",
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bodies",
                schema: "registries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "el-GR-x-icu"),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    legal_form = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    services = table.Column<string[]>(type: "text[]", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    capacity_unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    opening_hours = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    accessible = table.Column<bool>(type: "boolean", nullable: false),
                    accessibility_notes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    agreement_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    agreement_signed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    agreement_valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    reference_centre_id = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bodies", x => x.id);
                    table.ForeignKey(
                        name: "fk_bodies_bodies_reference_centre_id",
                        column: x => x.reference_centre_id,
                        principalSchema: "registries",
                        principalTable: "bodies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bodies_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalSchema: "registries",
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "consents",
                schema: "registries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    beneficiary_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    body_id = table.Column<Guid>(type: "uuid", nullable: true),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_consents_beneficiaries_beneficiary_id",
                        column: x => x.beneficiary_id,
                        principalSchema: "registries",
                        principalTable: "beneficiaries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "household_links",
                schema: "registries",
                columns: table => new
                {
                    beneficiary_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    relation = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    linked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    linked_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_links", x => new { x.beneficiary_id, x.member_id });
                    table.ForeignKey(
                        name: "fk_household_links_beneficiaries_beneficiary_id",
                        column: x => x.beneficiary_id,
                        principalSchema: "registries",
                        principalTable: "beneficiaries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_household_links_beneficiaries_member_id",
                        column: x => x.member_id,
                        principalSchema: "registries",
                        principalTable: "beneficiaries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "programmes",
                schema: "registries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "el-GR-x-icu"),
                    level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    operating_body_id = table.Column<Guid>(type: "uuid", nullable: true),
                    eligibility = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    min_age = table.Column<int>(type: "integer", nullable: true),
                    max_age = table.Column<int>(type: "integer", nullable: true),
                    required_documents = table.Column<string[]>(type: "text[]", nullable: false),
                    is_open = table.Column<bool>(type: "boolean", nullable: false),
                    is_social_solidarity_income = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programmes", x => x.id);
                    table.ForeignKey(
                        name: "fk_programmes_bodies_operating_body_id",
                        column: x => x.operating_body_id,
                        principalSchema: "registries",
                        principalTable: "bodies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                schema: "registries",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_entity_type_entity_id_at",
                schema: "registries",
                table: "audit_log",
                columns: new[] { "entity_type", "entity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_afm",
                schema: "registries",
                table: "beneficiaries",
                column: "afm",
                unique: true,
                filter: "afm IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_amka",
                schema: "registries",
                table: "beneficiaries",
                column: "amka",
                unique: true,
                filter: "amka IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_birth_date",
                schema: "registries",
                table: "beneficiaries",
                column: "birth_date");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_centre_id",
                schema: "registries",
                table: "beneficiaries",
                column: "centre_id");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_municipality_id",
                schema: "registries",
                table: "beneficiaries",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_name_keys",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "first_name_key", "birth_date" });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_registration_command_id",
                schema: "registries",
                table: "beneficiaries",
                column: "registration_command_id",
                unique: true,
                filter: "registration_command_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_trgm",
                schema: "registries",
                table: "beneficiaries",
                column: "surname_key")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_bodies_kind_municipality_id",
                schema: "registries",
                table: "bodies",
                columns: new[] { "kind", "municipality_id" });

            migrationBuilder.CreateIndex(
                name: "ix_bodies_municipality_id",
                schema: "registries",
                table: "bodies",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_bodies_reference_centre_id",
                schema: "registries",
                table: "bodies",
                column: "reference_centre_id");

            migrationBuilder.CreateIndex(
                name: "ix_consents_beneficiary_id_purpose",
                schema: "registries",
                table: "consents",
                columns: new[] { "beneficiary_id", "purpose" });

            migrationBuilder.CreateIndex(
                name: "ix_household_links_member_id",
                schema: "registries",
                table: "household_links",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_municipalities_name",
                schema: "registries",
                table: "municipalities",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_created_at",
                schema: "registries",
                table: "outbox",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_is_social_solidarity_income",
                schema: "registries",
                table: "programmes",
                column: "is_social_solidarity_income",
                unique: true,
                filter: "is_social_solidarity_income");

            migrationBuilder.CreateIndex(
                name: "ix_programmes_operating_body_id",
                schema: "registries",
                table: "programmes",
                column: "operating_body_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "consents",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "household_links",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "programmes",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "beneficiaries",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "bodies",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "municipalities",
                schema: "registries");
        }
    }
}
