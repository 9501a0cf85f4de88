using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SurnameNeighboursAndCountSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_centre_file_counts",
                schema: "registries",
                table: "centre_file_counts");

            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.AddColumn<int>(
                name: "slot",
                schema: "registries",
                table: "centre_file_counts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "pk_centre_file_counts",
                schema: "registries",
                table: "centre_file_counts",
                columns: new[] { "centre_id", "category", "slot" });

            migrationBuilder.CreateTable(
                name: "surname_key_neighbours",
                schema: "registries",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false, collation: "C"),
                    neighbour = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false, collation: "C"),
                    similarity = table.Column<float>(type: "real", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surname_key_neighbours", x => new { x.key, x.neighbour });
                });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "birth_year" })
                .Annotation("Npgsql:IndexInclude", new[] { "first_name_key", "id" });

            // Each transaction adds to the slot of its own id (consecutive ids, distinct slots): concurrent registrations
            // at one centre no longer wait on one counter row until each other's commit. One slot per transaction and rows
            // in (centre, category) order, so two transactions on one slot lock the same rows in the same order.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION registries.count_centre_files() RETURNS trigger
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
                    INSERT INTO registries.centre_file_counts (centre_id, category, slot, files)
                    SELECT centre_id, category, (txid_current() % 32)::int, d FROM summed ORDER BY centre_id, category
                    ON CONFLICT (centre_id, category, slot) DO UPDATE SET files = registries.centre_file_counts.files + EXCLUDED.files;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION registries.count_centre_files_inserted() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    WITH delta AS (
                        SELECT centre_id, '' AS category FROM new_rows WHERE centre_id IS NOT NULL
                        UNION ALL SELECT centre_id, unnest(categories) FROM new_rows WHERE centre_id IS NOT NULL
                    )
                    INSERT INTO registries.centre_file_counts (centre_id, category, slot, files)
                    SELECT centre_id, category, (txid_current() % 32)::int, count(*)::int FROM delta
                    GROUP BY centre_id, category ORDER BY centre_id, category
                    ON CONFLICT (centre_id, category, slot) DO UPDATE SET files = registries.centre_file_counts.files + EXCLUDED.files;
                    RETURN NULL;
                END $$;
                """);

            // A key's close keys, found once when the key first appears instead of by a trigram search over every key on
            // each registration. New keys take turns (one lock for all), so two close keys that appear at the same moment
            // still find each other: the second one's search runs after the first one's commit. The lock is taken before
            // the key is written, so a key another transaction is writing is only ever waited for by the lock's holder.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION registries.remember_surname_key() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM registries.surname_keys WHERE key = NEW.surname_key) THEN
                        RETURN NEW;
                    END IF;
                    PERFORM pg_advisory_xact_lock(hashtext('registries.surname_keys'), 0);
                    INSERT INTO registries.surname_keys (key) VALUES (NEW.surname_key) ON CONFLICT DO NOTHING;
                    IF FOUND THEN
                        WITH close AS (
                            SELECT k.key, similarity(k.key, NEW.surname_key) AS s
                            FROM registries.surname_keys k WHERE k.key % NEW.surname_key
                        )
                        INSERT INTO registries.surname_key_neighbours (key, neighbour, similarity)
                        SELECT NEW.surname_key, key, s FROM close
                        UNION ALL SELECT key, NEW.surname_key, s FROM close WHERE key <> NEW.surname_key
                        ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NEW;
                END $$;

                -- The keys already there. This session may predate the database's threshold (set by the first migration).
                SET LOCAL pg_trgm.similarity_threshold = 0.5;
                INSERT INTO registries.surname_key_neighbours (key, neighbour, similarity)
                SELECT a.key, b.key, similarity(a.key, b.key)
                FROM registries.surname_keys a JOIN registries.surname_keys b ON b.key % a.key;
                ANALYZE registries.surname_key_neighbours;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION registries.remember_surname_key() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO registries.surname_keys (key) VALUES (NEW.surname_key) ON CONFLICT DO NOTHING;
                    RETURN NEW;
                END $$;

                CREATE OR REPLACE FUNCTION registries.count_centre_files() RETURNS trigger
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

                CREATE OR REPLACE FUNCTION registries.count_centre_files_inserted() RETURNS trigger
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

                -- Back to one row per centre and category.
                CREATE TEMP TABLE summed_counts ON COMMIT DROP AS
                SELECT centre_id, category, sum(files)::int AS files FROM registries.centre_file_counts GROUP BY centre_id, category;
                DELETE FROM registries.centre_file_counts;
                INSERT INTO registries.centre_file_counts (centre_id, category, slot, files) SELECT centre_id, category, 0, files FROM summed_counts;
                """);

            migrationBuilder.DropTable(
                name: "surname_key_neighbours",
                schema: "registries");

            migrationBuilder.DropPrimaryKey(
                name: "pk_centre_file_counts",
                schema: "registries",
                table: "centre_file_counts");

            migrationBuilder.DropIndex(
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries");

            migrationBuilder.DropColumn(
                name: "slot",
                schema: "registries",
                table: "centre_file_counts");

            migrationBuilder.AddPrimaryKey(
                name: "pk_centre_file_counts",
                schema: "registries",
                table: "centre_file_counts",
                columns: new[] { "centre_id", "category" });

            migrationBuilder.CreateIndex(
                name: "ix_beneficiaries_surname_key_birth_year",
                schema: "registries",
                table: "beneficiaries",
                columns: new[] { "surname_key", "birth_year" })
                .Annotation("Npgsql:IndexInclude", new[] { "first_name_key" });
        }
    }
}
