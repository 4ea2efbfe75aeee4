using System.Globalization;
using System.Resources;

namespace ParkOps.Domain.Matching;

/// <summary>
/// The JSON data shipped with the engine (Matching/Data: the capability taxonomy and the trade synonym
/// dictionary), embedded through Data/MatchingData.resx so they need no file next to the executable.
/// </summary>
public static class MatchingData
{
    private static readonly ResourceManager Resources = new("ParkOps.Domain.Matching.Data.MatchingData", typeof(MatchingData).Assembly);

    /// <summary>The text of a data file by name (<c>capabilities</c>, <c>synonyms</c>).</summary>
    public static string Read(string name) =>
        Resources.GetString(name, CultureInfo.InvariantCulture)
        ?? throw new InvalidOperationException($"Matching data '{name}' is not embedded in ParkOps.Domain.");
}
