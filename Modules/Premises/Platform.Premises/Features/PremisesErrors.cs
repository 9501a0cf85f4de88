using Platform.BuildingBlocks.Errors;
using Platform.Premises.Domain;

namespace Platform.Premises.Features;

internal static class PremisesErrors
{
    public static NotFoundException NoSuchCentre() =>
        new(new("Το Κέντρο Κοινότητας δεν βρέθηκε στο μητρώο φορέων.", "The community centre was not found in the bodies registry."));

    public static NotFoundException NoSuchOutpost(OutpostKind kind) => kind == OutpostKind.Annex
        ? new(new("Το παράρτημα δεν βρέθηκε.", "The annex was not found."))
        : new(new("Η κινητή μονάδα δεν βρέθηκε.", "The mobile unit was not found."));

    public static ConflictException Stale() =>
        new(new("Άλλαξε στο μεταξύ από άλλον χρήστη· ξαναδιαβάστε το και δοκιμάστε πάλι.", "It was changed meanwhile by someone else; read it again and retry."), "stale-version");
}
