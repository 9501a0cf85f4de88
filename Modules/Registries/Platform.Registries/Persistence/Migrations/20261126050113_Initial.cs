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
                name: "centre_file_counts",
                schema: "registries",
                columns: table => new
                {
                    centre_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    files = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_centre_file_counts", x => new { x.centre_id, x.category });
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
                name: "surname_keys",
                schema: "registries",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surname_keys", x => x.key);
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
                    surname_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false, collation: "C"),
                    first_name_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false, collation: "C"),
                    birth_year = table.Column<int>(type: "integer", nullable: false, computedColumnSql: "date_part('year', birth_date)::int", stored: true),
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
                    withdrawn_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "birth_year" })
                .Annotation("Npgsql:IndexInclude", new[] { "first_name_key" });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_greek_order",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "surname", "first_name", "birth_date", "id" });

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
                name: "ux_consents_active",
                schema: "registries",
                table: "consents",
                columns: new[] { "beneficiary_id", "purpose", "body_id" },
                unique: true,
                filter: "withdrawn_at IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);

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

            // "Close" means a trigram similarity of at least 0.5 (pg_trgm's default 0.3 lets thousands of keys
            // share common trigrams with a name like «Παπαδόπουλος» and costs ~10 ms per check). Set for the
            // database, so every connection (the API, the likely-duplicate check, the typo search) agrees.
            migrationBuilder.Sql("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET pg_trgm.similarity_threshold = 0.5', current_database()); END $$;");

            // Statement triggers with transition tables: one upsert per statement, whether it writes one file
            // (the API) or a million (a bulk COPY). Category '' counts every file.
            migrationBuilder.Sql("""
                CREATE FUNCTION registries.count_centre_files() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    WITH delta AS (
                        SELECT centre_id, '' AS category, 1 AS d FROM new_rows WHERE centre_id IS NOT NULL
                        UNION ALL SELECT centre_id, unnest(categories), 1 FROM new_rows WHERE centre_id IS NOT NULL
                        UNION ALL SELECT centre_id, '', -1 FROM old_rows WHERE centre_id IS NOT NULL
                        UNION ALL SELECT centre_id, unnest(categories), -1 FROM old_rows WHERE centre_id IS NOT NULL
                    ), summed AS (
                        SELECT centre_id, category, sum(d)::int AS d FROM delta GROUP BY centre_id, category HAVING sum(d) <> 0
                    )
                    INSERT INTO registries.centre_file_counts (centre_id, category, files)
                    SELECT centre_id, category, d FROM summed
                    ON CONFLICT (centre_id, category) DO UPDATE SET files = registries.centre_file_counts.files + EXCLUDED.files;
                    RETURN NULL;
                END $$;

                -- INSERT has no old rows and DELETE no new ones: give each event an empty stand-in.
                CREATE FUNCTION registries.count_centre_files_inserted() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    WITH delta AS (
                        SELECT centre_id, '' AS category FROM new_rows WHERE centre_id IS NOT NULL
                        UNION ALL SELECT centre_id, unnest(categories) FROM new_rows WHERE centre_id IS NOT NULL
                    )
                    INSERT INTO registries.centre_file_counts (centre_id, category, files)
                    SELECT centre_id, category, count(*)::int FROM delta GROUP BY centre_id, category
                    ON CONFLICT (centre_id, category) DO UPDATE SET files = registries.centre_file_counts.files + EXCLUDED.files;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER beneficiaries_count_inserted AFTER INSERT ON registries.beneficiaries
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registries.count_centre_files_inserted();
                CREATE TRIGGER beneficiaries_count_updated AFTER UPDATE ON registries.beneficiaries
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registries.count_centre_files();

                INSERT INTO registries.centre_file_counts (centre_id, category, files)
                SELECT centre_id, category, count(*)::int FROM (
                    SELECT centre_id, '' AS category FROM registries.beneficiaries WHERE centre_id IS NOT NULL
                    UNION ALL SELECT centre_id, unnest(categories) FROM registries.beneficiaries WHERE centre_id IS NOT NULL) x
                GROUP BY centre_id, category;
                """);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS beneficiaries_count_inserted ON registries.beneficiaries;
                DROP TRIGGER IF EXISTS beneficiaries_count_updated ON registries.beneficiaries;
                DROP TRIGGER IF EXISTS beneficiaries_remember_surname_key ON registries.beneficiaries;
                DROP FUNCTION IF EXISTS registries.count_centre_files_inserted();
                DROP FUNCTION IF EXISTS registries.count_centre_files();
                DROP FUNCTION IF EXISTS registries.remember_surname_key();
                DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET pg_trgm.similarity_threshold', current_database()); END $$;
                """);

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "registries");

            migrationBuilder.DropTable(
                name: "centre_file_counts",
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
                name: "surname_keys",
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
