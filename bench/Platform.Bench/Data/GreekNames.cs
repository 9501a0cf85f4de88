using System.Globalization;

namespace Platform.Bench.Data;

/// <summary>A surname in its male and female forms (Παπαδόπουλος / Παπαδοπούλου); equal for invariant ones (Γεωργίου).</summary>
internal sealed record Surname(string Male, string Female);

/// <summary>
/// Name lists for the generator. Surnames: ~300 common Greek surnames in rough frequency order, then
/// the extra ones of Bogus' <c>el</c> locale, then a long synthetic tail (stem × suffix × prefix, e.g.
/// Παπα+γεωργ+ίου, Χατζη+νικολ+άκης) so that a million people carry tens of thousands of distinct
/// surnames, as real registers do; ranks get Zipf weights (see <see cref="Zipf{T}"/>).
/// </summary>
internal static class GreekNames
{
    private static readonly CultureInfo Greek = CultureInfo.GetCultureInfo("el-GR");

    // Male forms (or invariant ones); "Male|Female" where the usual rule would get the female form wrong.
    private const string CommonSurnames = """
        Παπαδόπουλος Παπαδάκης Γεωργίου Παπαδημητρίου Παπαγεωργίου Οικονόμου Βασιλείου Ιωάννου Νικολάου Δημητρίου
        Παπανικολάου Κωνσταντίνου Αθανασίου Γεωργιάδης Παπαϊωάννου Μακρής Παππάς Χριστοδούλου Αντωνίου Ιωαννίδης
        Αλεξίου Θεοδωρίδης Κωνσταντινίδης Νικολαΐδης Παπαθανασίου Μιχαηλίδης Καραγιάννης Χατζηγεωργίου Παναγιωτόπουλος Γεωργόπουλος
        Κωνσταντόπουλος Δημόπουλος Αναστασίου Μαυρίδης Ευαγγέλου Αποστόλου Σταθόπουλος Χριστοδουλίδης Παπαναστασίου Ζαχαρίου
        Αλεξανδρόπουλος Κυριακίδης Καλογεράκης Παπακωνσταντίνου Δημητρόπουλος Αναγνώστου Πετρόπουλος Αντωνόπουλος Θεοδώρου Παπαευαγγέλου
        Λαμπρόπουλος Νικολόπουλος Χατζηδάκης Παπανδρέου Σαββίδης Βλάχος Σταυρόπουλος Μαρκόπουλος Αθανασόπουλος Παπαδογιάννης
        Μανωλάκης Δασκαλάκης Γιαννόπουλος Γιαννακόπουλος Κουτσούκος Σπυρόπουλος Μιχαλόπουλος Χρηστίδης Καραμανλής Τσιρίγος
        Παπαστεργίου Ραφαηλίδης Βασιλόπουλος Ηλιόπουλος Κυριακόπουλος Φωτόπουλος Παπαχρήστου Σταματόπουλος Πολυχρονίου Καλαμαράς
        Ζαφειρόπουλος Μητρόπουλος Τριανταφύλλου Παυλίδης Κοντογιάννης Μπακογιάννης Ξενάκης Δούκας Σιδηρόπουλος Μαργαρίτης
        Τσακίρης Ευθυμίου Χατζηπαύλου Γεωργακόπουλος Καρράς Ψαράς Μπαλτάς Κατσαρός Ζερβός Κόκκινος|Κοκκίνου
        Ραφτόπουλος Σαρρής Τζανετάκης Βογιατζής Μουρατίδης Λιάπης Ντόκος Μπούρας Ρήγας Μυλωνάς
        Αργυρόπουλος Παναγιωτίδης Στεφανίδης Στεφανόπουλος Φραγκιαδάκης Μαυρομάτης Κωστόπουλος Χατζηνικολάου Καλλέργης Τσολάκης
        Μπαλάσκας Κοτσιφάκης Σκουλάς Καραγιαννόπουλος Ανδρεάδης Αναστασιάδης Αλεξανδρίδης Μελετίου Πανάγου Σπυρίδης
        Αθανασιάδης Ευαγγελίδης Λαζαρίδης Λαζαρίου Χαραλαμπίδης Χαραλάμπους Πασχαλίδης Τσαλίκης Καλαϊτζής Τοπαλίδης
        Κεφαλάς Κυριαζής Τσιμπούκης Κουκουλάκης Σαββόπουλος Καρανικόλας Μπέκας Πέτρου Στυλιανού Μαυρόπουλος
        Σταύρου Σωτηρίου Σωτηρόπουλος Θεοχάρης Θεοχαρίδης Φιλιππίδης Φιλίππου Χατζής Χατζόπουλος Χριστόπουλος
        Κατσούλης Κατσίκας Βαρβαρέσος Μπιτσάκος Ρούσσος Βασιλάκης Σπανός Σπανού Λάμπρου Γκίκας
        Ζαχαριάδης Ζαχαρόπουλος Θεοδωρόπουλος Θεοδωράκης Κανελλόπουλος Κανελλοπούλου Καλογερόπουλος Καλογεροπούλου Καρβούνης Κοκκινάκης
        Κουρής Κουτρουμπής Κυπραίος Λουκάς Μαρινάκης Μαρκάκης Μαυράκης Μιχαλάκης Μπαλωμένος Νικολακόπουλος
        Ξυδάκης Πανταζής Παπαδοπετράκης Παπαματθαίου Παπαμιχαήλ Παπασπύρου Παπαστεφάνου Παπαφιλίππου Πατσής Περδίκης
        Πλατής Πολίτης Ραπτόπουλος Ρέντζος Σακελλαρίου Σαμαράς Σγουρός Σιμόπουλος Σκαλτσάς Σπηλιόπουλος
        Σταματίου Στάθης Στρατάκης Συρίγος Τζαβάρας Τζιόλας Τριαντάφυλλος|Τριανταφύλλου Τσάκαλος Τσαμπούρας Τσαντίλας
        Τσάτσος Τσελέπης Τσιάρας Τσιόλης Τσίπρας Τσούκαλης Φασούλας Φλώρος Φουντούκης Φραγκούλης
        Χαλκιάς Χαρίτος Χατζηαντωνίου Χατζηιωάννου Χατζημιχαήλ Χατζηχρήστου Χειλάκης Χρυσικός Χρυσοχοΐδης Ψυχογιός
        Αβραμίδης Αγγελίδης Αγγελόπουλος Αδαμόπουλος Αλεβιζόπουλος Αλεξάκης Αλεξανδράκης Αναγνωστόπουλος Αναστασόπουλος Ανδριανός
        Αντωνάκης Αποστολόπουλος Αρβανίτης Αργύρης Αυγερινός Βαρδάκης Βασιλειάδης Βελής Βενετσάνος Βερβέρης
        Βλαχόπουλος Βλαχάκης Βογιατζόγλου Βούλγαρης Γαλάνης Γεωργαντάς Γιαννάκης Γιαννακάκης Γιαννούλης Γκούμας
        Γρηγορίου Γρηγοριάδης Δαμιανός Δεληγιάννης Δελής Διαμαντόπουλος Διαμαντής Δρόσος Ελευθερίου Ευαγγελόπουλος
        Ζαφειρίου Ζαχαράκης Ζήσης Ζώης Ηλιάδης Θεοδοσίου Ιατρίδης Καλαμπόκης Καλλιγάς Καμπούρης
        Καπετανάκης Καραβίας Καραλής Καρανάσιος Καρατζάς Κασιμάτης Κατσαρός Κεχαγιάς Κλεάνθους Κολοκοτρώνης
        Κομνηνός Κοντός Κοντόπουλος Κορδάς Κουβέλης Κουκούλης Κουντουριώτης Κουτσογιάννης Κυρίτσης Λαγός
        Λεβέντης Λεοντίδης Λιακόπουλος Λιόλιος Λυμπερόπουλος Μάγγος Μαλλιαράς Μανιάτης Μαντζουράνης Μάρκου
        Ματθαίου Μελάς Μεταξάς Μηλιώτης Μιχαήλ Μοσχονάς Μπακάλης Μπαλτζής Μπάρκας Μπεκιάρης
        Μπόμπολας Μπούτσικος Μωραΐτης Νάκος Νεοφύτου Νικηφόρου Ντάβος Ντούσκας Ξανθόπουλος Ξυνός
        Οικονομίδης Οικονομόπουλος Πάλλης Πανόπουλος Παπαδοδήμας Παπακώστας Παπαλάμπρου Παπαντωνίου Παπάζογλου Παπουτσής
        """;

    // Accent-free stems (a surname's accent comes with its suffix) for the synthetic tail.
    private const string Stems = """
        Γεωργ Νικολ Κωνσταντ Δημητρ Αθανασ Αναστασ Παναγιωτ Βασιλ Χριστ Μιχαλ Ευαγγελ Σπυρ Αντων Θεοδωρ Ανδρε Χαραλαμπ
        Αλεξανδρ Μανωλ Ηλι Σταυρ Πετρ Σωτηρ Στυλιαν Λευτερ Αποστολ Φωτ Διονυσ Γρηγορ Αγγελ Στεφαν Σταθ Παυλ Αριστειδ
        Λεωνιδ Κυριακ Μαρκ Θωμ Λαμπρ Ιακωβ Φιλιππ Ορεστ Σαββ Ραφαηλ Νεκταρ Ζαχαρ Μαρ Θεοφαν Τριανταφυλλ Χρυσοστομ Προδρομ
        Μιλτιαδ Ηρακλ Λουκ Ματθ Κλεανθ Μαυρ Ασπρ Κοκκιν Ξανθ Μακρ Κοντ Χοντρ Ψηλ Ραπτ Μυλων Σιδερ Καλογερ Δασκαλ Ψαρ
        Βοσκ Τσαγκαρ Κουρ Μπακαλ Χαλκ Γιατρ Λιαπ Τσακ Μπαλ Κουτσ Τζαν Μαργαρ Ζαφειρ Σαρρ Τσολ Γκικ Μαντ Φραγκ Μπουρ
        Βλαχ Αρβαν Κρητ Μωρ Ρουμελ Σφακ Μανιατ Πολιτ Σμυρν Ποντ Λαζ Τσιρ Τσιτσ Γιαννακ Κωστ Μητσ Τασ Ντιν Μανθ Λιαν
        Σακελλαρ Οικονομ Πρωτ Νταλ Μπεκ Καλλ Ρηγ Ζερβ Κατσ Μπιτσ Πατσ Τριαντ Θεοχαρ Παρασκευ Γιαν Βαγγελ Τζιμ Σταματ
        Μπαρμπ Κεφαλ Τσιμπ Καρβουν Κουκουλ Σγουρ Φλωρ Ρεντζ Σκαλτσ Περδικ Φασουλ Καραμπ Λυμπερ Μοσχ Ψυχ Χρυσ Σταμ Κολοκ
        """;

    private static readonly (string Male, string Female)[] Suffixes =
    [
        ("όπουλος", "οπούλου"), ("άκης", "άκη"), ("ίδης", "ίδου"), ("άτος", "άτου"), ("έας", "έα"), ("ιάδης", "ιάδου"),
        ("άς", "ά"), ("ίου", "ίου"), ("ούλης", "ούλη"), ("όγλου", "όγλου"), ("άρης", "άρη"), ("ιώτης", "ιώτη"),
        ("ίτης", "ίτη"), ("ίνης", "ίνη"), ("άκος", "άκου"), ("έλης", "έλη"), ("ούδης", "ούδη"),
    ];

    private static readonly string[] Prefixes = ["", "Παπα", "Χατζη", "Καρα", "Μαυρο", "Κοντο", "Γερο"];

    /// <summary>Official male first names (rough frequency order) and the everyday form some registrations use.</summary>
    public static readonly (string Official, string? Everyday)[] MaleFirstNames =
    [
        ("Γεώργιος", "Γιώργος"), ("Ιωάννης", "Γιάννης"), ("Κωνσταντίνος", "Κώστας"), ("Δημήτριος", "Δημήτρης"), ("Νικόλαος", "Νίκος"),
        ("Παναγιώτης", "Πάνος"), ("Βασίλειος", "Βασίλης"), ("Χρήστος", null), ("Αθανάσιος", "Θανάσης"), ("Μιχαήλ", "Μιχάλης"),
        ("Ευάγγελος", "Βαγγέλης"), ("Σπυρίδων", "Σπύρος"), ("Αντώνιος", "Αντώνης"), ("Αναστάσιος", "Τάσος"), ("Θεόδωρος", "Θοδωρής"),
        ("Ανδρέας", null), ("Χαράλαμπος", "Μπάμπης"), ("Αλέξανδρος", null), ("Εμμανουήλ", "Μανώλης"), ("Ηλίας", null),
        ("Σταύρος", null), ("Πέτρος", null), ("Σωτήριος", "Σωτήρης"), ("Στυλιανός", "Στέλιος"), ("Ελευθέριος", "Λευτέρης"),
        ("Απόστολος", null), ("Φώτιος", "Φώτης"), ("Διονύσιος", "Διονύσης"), ("Γρηγόριος", "Γρηγόρης"), ("Άγγελος", null),
        ("Στέφανος", null), ("Ευστάθιος", "Στάθης"), ("Παύλος", null), ("Παρασκευάς", null), ("Αριστείδης", null),
        ("Λεωνίδας", null), ("Κυριάκος", null), ("Μάρκος", null), ("Θωμάς", null), ("Λάμπρος", null), ("Ιάκωβος", null),
        ("Φίλιππος", null), ("Ξενοφών", null), ("Ορέστης", null), ("Αχιλλέας", null), ("Περικλής", null), ("Σάββας", null),
        ("Ραφαήλ", null), ("Νεκτάριος", null), ("Ζαχαρίας", null), ("Μάριος", null), ("Άρης", null), ("Οδυσσέας", null),
        ("Θεοφάνης", null), ("Τριαντάφυλλος", null), ("Χρυσόστομος", null), ("Πρόδρομος", null), ("Μιλτιάδης", null),
        ("Ηρακλής", null), ("Λουκάς", null), ("Ματθαίος", null), ("Αριστοτέλης", null), ("Κλεάνθης", null), ("Ευθύμιος", "Θύμιος"),
        ("Ιορδάνης", null), ("Μελέτιος", null), ("Χαρίλαος", null), ("Ερμής", null), ("Σεραφείμ", null), ("Πολυχρόνης", null),
    ];

    public static readonly (string Official, string? Everyday)[] FemaleFirstNames =
    [
        ("Μαρία", null), ("Ελένη", null), ("Αικατερίνη", "Κατερίνα"), ("Βασιλική", "Βάσω"), ("Σοφία", null), ("Αγγελική", null),
        ("Γεωργία", null), ("Δήμητρα", null), ("Κωνσταντίνα", "Ντίνα"), ("Παναγιώτα", "Γιώτα"), ("Ιωάννα", null), ("Ευαγγελία", "Λίτσα"),
        ("Χριστίνα", null), ("Αναστασία", "Τασούλα"), ("Ευτυχία", null), ("Ειρήνη", null), ("Παρασκευή", "Βούλα"), ("Θεοδώρα", "Δώρα"),
        ("Αλεξάνδρα", null), ("Χρυσούλα", null), ("Σταυρούλα", "Ρούλα"), ("Αθανασία", "Σούλα"), ("Δέσποινα", null), ("Φωτεινή", null),
        ("Αντωνία", null), ("Ζωή", null), ("Νικολέτα", null), ("Αργυρώ", null), ("Στυλιανή", "Στέλλα"), ("Ευδοκία", null),
        ("Κυριακή", "Κική"), ("Ευφροσύνη", "Φρόσω"), ("Μαργαρίτα", null), ("Αφροδίτη", null), ("Καλλιόπη", "Πόπη"), ("Πηνελόπη", null),
        ("Όλγα", null), ("Άννα", null), ("Ουρανία", null), ("Χαρίκλεια", "Χαρά"), ("Σπυριδούλα", null), ("Μαρίνα", null),
        ("Αρετή", null), ("Ασπασία", null), ("Βαρβάρα", null), ("Ευγενία", null), ("Ροδάνθη", null), ("Ξανθή", null),
        ("Δανάη", null), ("Μυρτώ", null), ("Ραφαέλα", null), ("Ηλιάνα", null), ("Ιφιγένεια", null), ("Θεοπίστη", null),
        ("Αναστασία-Μαρία", null), ("Ελπίδα", null), ("Σεβαστή", null), ("Μελπομένη", null), ("Φανή", null), ("Λαμπρινή", null),
    ];

    /// <summary>People registered by the centres who are not Greek: Latin-script names, their nationality and languages.</summary>
    public static readonly MigrantGroup[] Migrants =
    [
        new("AL", ["sq", "el"], ["Hoxha", "Berisha", "Shehu", "Kola", "Gjoka", "Hasani", "Dervishi", "Leka", "Meta", "Basha"],
            ["Arben", "Gentian", "Ardit", "Ervin", "Fatmir", "Blerim"], ["Elira", "Anjeza", "Mirela", "Dorina", "Eralda", "Klodiana"]),
        new("SY", ["ar"], ["Al-Ahmad", "Hassan", "Ibrahim", "Mahmoud", "Khalil", "Haddad", "Abdullah", "Omar", "Saleh", "Youssef"],
            ["Ahmad", "Mohammad", "Omar", "Khaled", "Mustafa", "Yusuf"], ["Fatima", "Aisha", "Layla", "Amina", "Noor", "Samira"]),
        new("AF", ["fa"], ["Ahmadi", "Mohammadi", "Hussaini", "Rezaei", "Karimi", "Hosseini", "Rahimi", "Nazari", "Sultani", "Jafari"],
            ["Ali", "Reza", "Hamid", "Karim", "Mahdi", "Javad"], ["Maryam", "Zahra", "Mina", "Sara", "Leila", "Parwana"]),
        new("PK", ["ur", "en"], ["Khan", "Ali", "Hussain", "Ahmed", "Iqbal", "Butt", "Malik", "Raza"],
            ["Imran", "Bilal", "Usman", "Asif", "Tariq"], ["Ayesha", "Sana", "Hina", "Nadia"]),
        new("GE", ["ka", "ru"], ["Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Lomidze"],
            ["Giorgi", "Levan", "David", "Irakli"], ["Nino", "Tamar", "Ana", "Mariam"]),
        new("UA", ["uk", "ru"], ["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko"],
            ["Andriy", "Oleksandr", "Serhiy"], ["Olena", "Iryna", "Natalia"]),
    ];

    public static readonly string[] Streets =
    [
        "Ασκληπιού", "Καραϊσκάκη", "Κολοκοτρώνη", "Ερμού", "Αθηνάς", "25ης Μαρτίου", "28ης Οκτωβρίου", "Ελευθερίου Βενιζέλου",
        "Παπαναστασίου", "Αγίου Νικολάου", "Αγίου Γεωργίου", "Κονδύλη", "Σαράφη", "Βύρωνος", "Μιαούλη", "Κανάρη", "Μπότσαρη",
        "Παλαιολόγου", "Καποδιστρίου", "Όθωνος", "Ιπποκράτους", "Πλάτωνος", "Αριστοτέλους", "Σωκράτους", "Περικλέους",
        "Θεμιστοκλέους", "Ομήρου", "Πινδάρου", "Αγίας Σοφίας", "Εθνικής Αντιστάσεως", "Ηρώων Πολυτεχνείου", "Μακεδονίας",
        "Ηπείρου", "Θεσσαλίας", "Κύπρου", "Κρήτης", "Σμύρνης", "Πόντου", "Κωνσταντινουπόλεως", "Λαρίσης", "Καλαμπάκας",
        "Καρδίτσης", "Ιωαννίνων", "Πύλης", "Φαρκαδόνας", "Στρατηγού Μακρυγιάννη", "Γρηγορίου Λαμπράκη", "Δημοκρατίας", "Ειρήνης",
        "Ελευθερίας", "Αλεξάνδρου Παπαναστασίου", "Τσιτσάνη", "Βασιλίσσης Όλγας", "Ρήγα Φεραίου", "Κοραή", "Σολωμού", "Παλαμά",
    ];

    public static readonly string[] EmailDomains = ["gmail.com", "gmail.com", "gmail.com", "yahoo.gr", "hotmail.com", "otenet.gr", "windowslive.com"];

    /// <summary>
    /// The surname pool: the common list then Bogus' extra ones (the "head", by rank), and the synthetic
    /// tail grouped by prefix ("" for none, "Παπα", "Καρα", …), each group shuffled with <paramref name="seed"/>.
    /// </summary>
    public static SurnamePool Pool(IEnumerable<string> bogusLastNames, int seed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var head = new List<Surname>(600);

        bool Add(List<Surname> list, Surname s)
        {
            if (!seen.Add(s.Male))
            {
                return false;
            }

            seen.Add(s.Female);
            list.Add(s);
            return true;
        }

        foreach (var entry in CommonSurnames.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('|');
            Add(head, parts.Length == 2 ? new Surname(parts[0], parts[1]) : new Surname(parts[0], FemaleForm(parts[0])));
        }

        // Bogus' el list mixes male and female forms ("Αγγελίδης", "Αγγελίδου"): keep the male and invariant
        // ones, derive the female form, skip clan names in the plural ("Μέλιοι") and notes ("(επώνυμο)").
        var bogus = bogusLastNames.Select(n => n.Split('(')[0].Trim()).Where(n => n.Length > 2 && !n.EndsWith("οι", StringComparison.Ordinal)).ToList();
        foreach (var name in bogus.Where(n => n.EndsWith('ς') || n.EndsWith("ου", StringComparison.Ordinal)))
        {
            Add(head, new Surname(name, FemaleForm(name)));
        }

        var rng = new Random(seed);
        var tail = new Dictionary<string, List<Surname>>(StringComparer.Ordinal);
        foreach (var prefix in Prefixes)
        {
            var group = new List<Surname>();
            foreach (var stem in Stems.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var (male, female) in Suffixes)
                {
                    if (IsVowel(stem[^1]) && Plain(stem[^1]) == Plain(male[0]))
                    {
                        continue; // Ηλι + ίδης
                    }

                    var body = prefix.Length == 0 ? stem : Join(prefix, stem);
                    Add(group, new Surname(body + male, body + female));
                }
            }

            var shuffled = group.ToArray();
            rng.Shuffle(shuffled);
            tail[prefix] = [.. shuffled];
        }

        return new SurnamePool(head, tail);
    }

    /// <summary>The usual female (genitive) form of a male surname: -όπουλος → -οπούλου, -ίδης → -ίδου, -ης → -η, -ας → -α, -ος → -ου.</summary>
    public static string FemaleForm(string male)
    {
        if (male.EndsWith("όπουλος", StringComparison.Ordinal))
        {
            return male[..^7] + "οπούλου";
        }

        if (male.EndsWith("ίδης", StringComparison.Ordinal) || male.EndsWith("ΐδης", StringComparison.Ordinal) || male.EndsWith("άδης", StringComparison.Ordinal))
        {
            return male[..^2] + "ου";
        }

        if (male.EndsWith("ης", StringComparison.Ordinal) || male.EndsWith("ής", StringComparison.Ordinal)
            || male.EndsWith("ας", StringComparison.Ordinal) || male.EndsWith("άς", StringComparison.Ordinal)
            || male.EndsWith("έας", StringComparison.Ordinal))
        {
            return male[..^1];
        }

        if (male.EndsWith("ός", StringComparison.Ordinal))
        {
            return male[..^2] + "ού";
        }

        if (male.EndsWith("ος", StringComparison.Ordinal))
        {
            return male[..^2] + "ου";
        }

        return male; // -ου, -ίου, -όγλου, -ήλ: the same for everyone
    }

    private static string Join(string prefix, string stem)
    {
        var lowered = char.ToLower(stem[0], Greek) + stem[1..];
        // Παπα + αντων → Παπαντων; Χατζη keeps its vowel (Χατζηαντωνίου).
        return IsVowel(lowered[0]) && prefix != "Χατζη" ? prefix[..^1] + lowered : prefix + lowered;
    }

    private static bool IsVowel(char c) => "αεηιουωάέήίόύώΑΕΗΙΟΥΩ".Contains(c, StringComparison.Ordinal);

    private static char Plain(char c) => c switch
    {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' => 'ι',
        'ό' => 'ο',
        'ύ' => 'υ',
        'ώ' => 'ω',
        _ => char.ToLower(c, Greek),
    };
}

/// <summary>
/// Picks surnames: 20 % of people from the common head by Zipf rank; the others from the synthetic tail,
/// first its prefix group by how common such surnames are in Greece (no prefix 80 %, Παπα- 8 %, Καρα- 4 %,
/// Χατζη- 4 %, Μαυρο-/Κοντο- 1.5 %, Γερο- 1 %), then a name of the group by Zipf rank counted after the head's.
/// </summary>
internal sealed class SurnamePool
{
    public const double HeadShare = 0.20;
    private static readonly (string Prefix, double Weight)[] PrefixWeights =
        [("", 0.80), ("Παπα", 0.08), ("Καρα", 0.04), ("Χατζη", 0.04), ("Μαυρο", 0.015), ("Κοντο", 0.015), ("Γερο", 0.01)];

    private readonly Zipf<Surname> _head;
    private readonly (Zipf<Surname> Names, double Cumulative)[] _tail;

    public SurnamePool(IReadOnlyList<Surname> head, IReadOnlyDictionary<string, List<Surname>> tail)
    {
        _head = new Zipf<Surname>(head, PersonFaker.SurnameExponent);
        var cumulative = 0.0;
        // Tail ranks continue after the head's, so no synthetic name is more common than a common one.
        _tail = [.. PrefixWeights.Select(p => (new Zipf<Surname>(tail[p.Prefix], PersonFaker.SurnameExponent, head.Count), cumulative += p.Weight))];
        Distinct = head.Count + tail.Values.Sum(t => t.Count);
    }

    public int Distinct { get; }

    public double TopShare => HeadShare * _head.Share(0);

    public Surname Next(Random rng)
    {
        if (rng.NextDouble() < HeadShare)
        {
            return _head.Next(rng);
        }

        var x = rng.NextDouble() * _tail[^1].Cumulative;
        foreach (var (names, cumulative) in _tail)
        {
            if (x < cumulative)
            {
                return names.Next(rng);
            }
        }

        return _tail[^1].Names.Next(rng);
    }
}

internal sealed record MigrantGroup(string Nationality, string[] Languages, string[] Surnames, string[] MaleNames, string[] FemaleNames);
