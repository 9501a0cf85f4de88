using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Registries.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TrigramThreshold : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // "Close" means a trigram similarity of at least 0.5 (pg_trgm's default 0.3 lets thousands of keys
            // share common trigrams with a name like «Παπαδόπουλος» and costs ~10 ms per check). Set for the
            // database, so every connection (the API, the likely-duplicate check, the typo search) agrees.
            migrationBuilder.Sql("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET pg_trgm.similarity_threshold = 0.5', current_database()); END $$;");


        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET pg_trgm.similarity_threshold', current_database()); END $$;");


        }
    }
}
