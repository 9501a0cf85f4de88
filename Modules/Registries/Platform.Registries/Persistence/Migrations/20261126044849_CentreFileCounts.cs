using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CentreFileCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                DROP FUNCTION IF EXISTS registries.count_centre_files_inserted();
                DROP FUNCTION IF EXISTS registries.count_centre_files();
                """);

            migrationBuilder.DropTable(
                name: "centre_file_counts",
                schema: "registries");
        }
    }
}
