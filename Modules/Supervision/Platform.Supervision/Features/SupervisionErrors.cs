using Platform.BuildingBlocks.Errors;

namespace Platform.Supervision.Features;

internal static class SupervisionErrors
{
    public static NotFoundException NoSuchCentre() =>
        new(new("Το Κέντρο Κοινότητας δεν βρέθηκε στο μητρώο φορέων.", "The community centre was not found in the bodies registry."));

    public static NotFoundException NoSuchVersion() =>
        new(new("Αυτή η έκδοση του κανονισμού δεν βρέθηκε.", "This version of the regulation was not found."));

    public static ConflictException Stale() =>
        new(new("Άλλαξε στο μεταξύ από άλλον χρήστη· ξαναδιαβάστε το και δοκιμάστε πάλι.", "It was changed meanwhile by someone else; read it again and retry."), "stale-version");
}
