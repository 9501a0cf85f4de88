using Platform.BuildingBlocks.Localization;
using Platform.Registries.Contracts;

namespace Platform.Supervision.Domain;

internal enum ControlKind { Operational, AdministrativeAndFinancial }

/// <summary>Who controls a centre, of which kind, and by which rule.</summary>
internal sealed record Controller(ControlKind Kind, Guid MunicipalityId, string MunicipalityName, Bilingual Authority, string Rule);

/// <summary>R20–R22: who controls the community centre of a municipality.</summary>
internal static class ControllerRules
{
    /// <summary>
    /// R20: operational control by the municipality's Social Protection Directorate through its Social Service;
    /// R21: administrative and financial control by the municipality's competent directorates;
    /// R22: where the municipality has no Social Service, both pass to the Social Protection Directorate of the
    /// municipality that is the seat of the regional unit. Null <paramref name="seat"/> then means the registry
    /// does not say which municipality is the seat: the caller reports that gap.
    /// </summary>
    public static IReadOnlyList<Controller> For(MunicipalityIdentity municipality, MunicipalityIdentity? seat)
    {
        if (municipality.HasSocialService)
        {
            return
            [
                new(ControlKind.Operational, municipality.Id, municipality.Name,
                    new("Δ/νση Κοινωνικής Προστασίας, μέσω της Κοινωνικής Υπηρεσίας", "Social Protection Directorate, through the Social Service"), "R20"),
                new(ControlKind.AdministrativeAndFinancial, municipality.Id, municipality.Name,
                    new("Αρμόδιες Διευθύνσεις του Δήμου", "The municipality's competent directorates"), "R21"),
            ];
        }

        if (seat is null)
        {
            return [];
        }

        var directorate = new Bilingual(
            "Δ/νση Κοινωνικής Προστασίας του Δήμου έδρας της Περιφερειακής Ενότητας",
            "Social Protection Directorate of the municipality that is the seat of the regional unit");
        return
        [
            new(ControlKind.Operational, seat.Id, seat.Name, directorate, "R22"),
            new(ControlKind.AdministrativeAndFinancial, seat.Id, seat.Name, directorate, "R22"),
        ];
    }
}
