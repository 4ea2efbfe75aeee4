using PdfSharp;
using PdfSharp.Fonts;

namespace ParkOps.Web.Platform.Pdf;

/// <summary>
/// PDFsharp needs a TrueType font for Chinese text (it cannot read the .ttc collections fonts-noto-cjk ships). The
/// font comes from <c>ParkOps:Pdf:FontPath</c>, else the Debian package fonts-arphic-gbsn00lp, else
/// fonts-droid-fallback. gbsn00lp has no ¥ glyph: amounts are written with 元.
/// </summary>
public sealed class CjkFontResolver(byte[] font) : IFontResolver
{
    public const string Face = "ParkOpsCjk";

    public static readonly string[] DefaultPaths =
    [
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    private static readonly Lock Gate = new();
    private static bool _licensed;

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Face, bold, italic);

    public byte[] GetFont(string faceName) => font;

    /// <summary>Loads the AGPL licence and the font once per process (PDFsharp keeps both in static state).</summary>
    public static void EnsureConfigured(string? configuredPath)
    {
        lock (Gate)
        {
            if (!_licensed) { PdfSharpLicense.SetAgplLicense(); _licensed = true; }
            if (GlobalFontSettings.FontResolver is not null) return;
            var path = new[] { configuredPath }.Concat(DefaultPaths).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && File.Exists(p))
                ?? throw new InvalidOperationException(
                    "No CJK TrueType font for PDF documents: install the Debian package fonts-arphic-gbsn00lp (or set ParkOps:Pdf:FontPath to a .ttf with Chinese glyphs).");
            GlobalFontSettings.FontResolver = new CjkFontResolver(File.ReadAllBytes(path));
        }
    }
}
