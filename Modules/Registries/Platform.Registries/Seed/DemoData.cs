using Microsoft.EntityFrameworkCore;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Seed;

/// <summary>
/// Demo data for `./platform run`: the municipalities of one regional unit (Trikala; populations
/// rounded from the 2021 census), one community centre, a body of every kind, programmes with ΚΕΑ.
/// Written once: a database that has municipalities is left alone. Fixed ids so demos and docs can name them.
/// </summary>
internal static class DemoData
{
    public static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");
    public static readonly Guid Pyli = new("0b5e7a10-0000-4000-8000-000000000002");
    public static readonly Guid Meteora = new("0b5e7a10-0000-4000-8000-000000000003");
    public static readonly Guid Farkadona = new("0b5e7a10-0000-4000-8000-000000000004");
    public static readonly Guid CommunityCentre = new("0b5e7a10-0000-4000-8000-000000000101");
    public static readonly Guid Opeka = new("0b5e7a10-0000-4000-8000-000000000115");
    public static readonly Guid Kea = new("0b5e7a10-0000-4000-8000-000000000201");

    public static async Task SeedAsync(RegistriesDbContext db, CancellationToken ct)
    {
        if (await db.Municipalities.AnyAsync(ct))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        db.Municipalities.AddRange(
            new Municipality { Id = Trikala, Name = "Δήμος Τρικκαίων", Population = 80_800, RegionalUnit = "Τρικάλων", IsRegionalUnitSeat = true, HasSocialService = true },
            new Municipality { Id = Pyli, Name = "Δήμος Πύλης", Population = 13_600, RegionalUnit = "Τρικάλων", HasSocialService = true },
            new Municipality { Id = Meteora, Name = "Δήμος Μετεώρων", Population = 20_400, RegionalUnit = "Τρικάλων", HasSocialService = true },
            new Municipality { Id = Farkadona, Name = "Δήμος Φαρκαδόνας", Population = 12_700, RegionalUnit = "Τρικάλων", HasSocialService = false });

        var n = 300; // ids 0b5e7a10-…-000000000301 onwards; the named ones above stay clear of them
        Body Make(BodyKind kind, LegalForm form, string name, int? capacity = null, string? agreement = null, Guid? id = null, Guid? reference = null, params string[] services)
        {
            var body = new Body
            {
                Id = id ?? new Guid($"0b5e7a10-0000-4000-8000-{++n:D12}"),
                Name = name,
                Kind = kind,
                LegalForm = form,
                MunicipalityId = Trikala,
                Street = "Ασκληπιού 18",
                PostalCode = "42100",
                City = "Τρίκαλα",
                Phone = "2431000000",
                Services = services,
                CapacityUnit = BodyRules.CapacityUnitOf(kind),
                Capacity = BodyRules.CapacityUnitOf(kind) is null ? null : capacity,
                OpeningHours = "Δευτέρα–Παρασκευή 08:00–15:00",
                Accessible = true,
                AgreementNumber = agreement,
                AgreementSignedOn = agreement is null ? null : new DateOnly(2024, 3, 1),
                AgreementValidUntil = agreement is null ? null : new DateOnly(2027, 2, 28),
                ReferenceCentreId = reference,
                UpdatedAt = now,
            };
            db.Bodies.Add(body);
            return body;
        }

        Make(BodyKind.CommunityCentre, LegalForm.Municipality, "Κέντρο Κοινότητας Δήμου Τρικκαίων", id: CommunityCentre,
            services: ["Υποδοχή και καταγραφή", "Παραπομπή σε προγράμματα", "Υποστήριξη αιτήσεων ΚΕΑ", "Ψυχοκοινωνική στήριξη"]);
        Make(BodyKind.Annex, LegalForm.Municipality, "Παράρτημα Ρομά Κέντρου Κοινότητας (Κηπάκι)", reference: CommunityCentre, services: ["Διαμεσολάβηση", "Καταγραφή"]);
        Make(BodyKind.MobileUnit, LegalForm.Municipality, "Κινητή Μονάδα Κέντρου Κοινότητας", reference: CommunityCentre, services: ["Επισκέψεις σε οικισμούς"]);
        Make(BodyKind.SocialGrocery, LegalForm.Municipality, "Κοινωνικό Παντοπωλείο Δήμου Τρικκαίων", capacity: 450, services: ["Τρόφιμα", "Είδη πρώτης ανάγκης"]);
        Make(BodyKind.SoupKitchen, LegalForm.NonGovernmentalOrganisation, "Συσσίτιο «Αγάπη»", capacity: 120, agreement: "ΣΣ-14/2024", services: ["Μεσημεριανό γεύμα"]);
        Make(BodyKind.SocialPharmacy, LegalForm.MunicipalLegalEntity, "Κοινωνικό Φαρμακείο ΚΕΔΗΤ", capacity: 300, services: ["Φάρμακα", "Παραφάρμακα"]);
        Make(BodyKind.HomelessDayCentre, LegalForm.Municipality, "Ανοιχτό Κέντρο Ημέρας Αστέγων", capacity: 40, services: ["Ημερήσια φιλοξενία", "Σνακ", "Ατομική υγιεινή"]);
        Make(BodyKind.NightShelter, LegalForm.Municipality, "Υπνωτήριο Αστέγων Τρικάλων", capacity: 20, services: ["Διανυκτέρευση", "Βραδινό γεύμα"]);
        Make(BodyKind.DisabilityDayCareCentre, LegalForm.LicensedNonProfit, "ΚΔΗΦ «Ελπίδα»", capacity: 30, services: ["Ημερήσια φροντίδα ΑμεΑ", "Μεταφορά"]);
        Make(BodyKind.ElderlyDayCareCentre, LegalForm.MunicipalLegalEntity, "ΚΗΦΗ Δήμου Τρικκαίων", capacity: 25, services: ["Ημερήσια φροντίδα ηλικιωμένων"]);
        Make(BodyKind.MunicipalSocialService, LegalForm.Municipality, "Κοινωνική Υπηρεσία Δήμου Τρικκαίων", services: ["Κοινωνική έρευνα", "Προνοιακά επιδόματα"]);
        Make(BodyKind.EmploymentService, LegalForm.PublicBody, "ΔΥΠΑ – Κέντρο Προώθησης Απασχόλησης Τρικάλων", services: ["Εγγραφή ανέργων", "Προγράμματα απασχόλησης"]);
        Make(BodyKind.AddictionService, LegalForm.PublicBody, "ΟΚΑΝΑ – Μονάδα Τρικάλων", services: ["Πρόληψη", "Θεραπεία εξάρτησης"]);
        Make(BodyKind.NonGovernmentalOrganisation, LegalForm.NonGovernmentalOrganisation, "Ένωση Εθελοντών Τρικάλων", services: ["Εθελοντισμός", "Συνοδεία"]);
        Make(BodyKind.OtherPublicService, LegalForm.PublicBody, "ΟΠΕΚΑ – Περιφερειακό Τμήμα Τρικάλων", id: Opeka, services: ["ΚΕΑ", "Επιδόματα"]);

        db.Programmes.AddRange(
            new Programme
            {
                Id = Kea, Name = "Κοινωνικό Εισόδημα Αλληλεγγύης (ΚΕΑ)", Level = ProgrammeLevel.National, OperatingBodyId = Opeka, IsOpen = true,
                IsSocialSolidarityIncome = true, MinAge = 18,
                Eligibility = "Νοικοκυριά σε ακραία φτώχεια, με εισοδηματικά και περιουσιακά κριτήρια· αίτηση στην πλατφόρμα του ΟΠΕΚΑ.",
                RequiredDocuments = ["ΑΜΚΑ όλων των μελών", "ΑΦΜ", "Εκκαθαριστικό φορολογικής δήλωσης", "IBAN", "Μισθωτήριο ή βεβαίωση φιλοξενίας"],
                UpdatedAt = now,
            },
            new Programme { Id = new("0b5e7a10-0000-4000-8000-000000000202"), Name = "Επίδομα Στέγασης", Level = ProgrammeLevel.National, OperatingBodyId = Opeka, IsOpen = true, RequiredDocuments = ["Μισθωτήριο", "ΑΦΜ εκμισθωτή"], UpdatedAt = now },
            new Programme { Id = new("0b5e7a10-0000-4000-8000-000000000203"), Name = "Επίδομα Παιδιού", Level = ProgrammeLevel.National, OperatingBodyId = Opeka, IsOpen = true, MaxAge = 24, UpdatedAt = now },
            new Programme { Id = new("0b5e7a10-0000-4000-8000-000000000204"), Name = "ΤΕΒΑ – Επισιτιστική και βασική υλική συνδρομή", Level = ProgrammeLevel.National, IsOpen = true, Eligibility = "Δικαιούχοι ΚΕΑ.", UpdatedAt = now },
            new Programme { Id = new("0b5e7a10-0000-4000-8000-000000000205"), Name = "Βοήθεια στο Σπίτι", Level = ProgrammeLevel.Local, OperatingBodyId = CommunityCentre, IsOpen = true, MinAge = 65, UpdatedAt = now },
            new Programme { Id = new("0b5e7a10-0000-4000-8000-000000000206"), Name = "Κοινωφελής εργασία ΔΥΠΑ", Level = ProgrammeLevel.National, IsOpen = false, MinAge = 18, MaxAge = 67, UpdatedAt = now },
            new Programme { Id = new("0b5e7a10-0000-4000-8000-000000000207"), Name = "Περιφερειακό πρόγραμμα στέγασης και επανένταξης αστέγων", Level = ProgrammeLevel.Regional, IsOpen = true, UpdatedAt = now });

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another host started at the same moment and seeded first: its data is ours.
            db.ChangeTracker.Clear();
        }
    }
}
