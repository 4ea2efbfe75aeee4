[assembly: System.Resources.NeutralResourcesLanguage("zh-CN")]

namespace ParkOps.Web.Resources;

/// <summary>
/// Marker for the console's and the API's texts: <c>Text.resx</c> is Chinese (the neutral culture, zh-CN),
/// <c>Text.en.resx</c> English. Keys are grouped by area with a dot (<c>Ent.Name</c>, <c>Rule.…</c>).
/// </summary>
public sealed class Text;
