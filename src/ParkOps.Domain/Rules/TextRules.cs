using System.Globalization;
using System.Text;

namespace ParkOps.Domain.Rules;

/// <summary>What a piece of text is for, which decides the characters it may hold.</summary>
public enum TextKind
{
    /// <summary>A name or title on one line: no control characters at all, no bidi embeddings, overrides or isolates.</summary>
    Line,
    /// <summary>Free text over several lines: like <see cref="Line"/>, but tab, line feed and carriage return are allowed.</summary>
    MultiLine,
    /// <summary>
    /// An identifier people compare by eye (credit code, park/unit/lease/resource/meter code, user name …): besides
    /// the above, nothing invisible (format characters such as zero-width spaces and joiners, default-ignorable code
    /// points, separators other than the plain and the ideographic space), so two codes that look alike are alike.
    /// </summary>
    Code,
}

/// <summary>
/// The one rule on the characters of user input. NUL and the other C0/C1 controls break PostgreSQL (NUL) or a
/// reader's screen; bidi overrides (U+202E …) make text display in another order than it is stored (a file name
/// "gnp.exe" shown as "exe.png"); zero-width characters make two codes look identical; lone surrogates are not
/// text at all and PostgreSQL refuses to store them.
/// </summary>
public static class TextRules
{
    /// <summary>The first character (as a code point) that <paramref name="kind"/> does not allow, or null when all are allowed.</summary>
    public static int? FirstRefused(string? s, TextKind kind)
    {
        if (string.IsNullOrEmpty(s)) return null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            int cp;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { cp = char.ConvertToUtf32(c, s[i + 1]); i++; }
            else if (char.IsSurrogate(c)) return c;
            else cp = c;
            if (!Allowed(cp, kind)) return cp;
        }
        return null;
    }

    public static bool IsAllowed(string? s, TextKind kind) => FirstRefused(s, kind) is null;

    /// <summary>How a refused code point is shown in a message: U+202E, never the character itself.</summary>
    public static string Describe(int codePoint) => $"U+{codePoint:X4}";

    private static bool Allowed(int cp, TextKind kind)
    {
        if (cp is '\t' or '\n' or '\r') return kind == TextKind.MultiLine;
        if (IsBidiControl(cp)) return false;
        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        switch (category)
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.OtherNotAssigned when IsNonCharacter(cp):
                return false;
        }
        if (kind != TextKind.Code) return true;
        return category switch
        {
            UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.SpaceSeparator => cp is ' ' or '\u3000',
            _ => !IsDefaultIgnorable(cp),
        };
    }

    /// <summary>LRM/RLM/ALM, embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069).</summary>
    public static bool IsBidiControl(int cp) => cp is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static bool IsNonCharacter(int cp) => cp is >= 0xFDD0 and <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;

    /// <summary>Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): drawn as nothing at all.</summary>
    private static bool IsDefaultIgnorable(int cp) => cp is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5
        or (>= 0x180B and <= 0x180F) or (>= 0x200B and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x206F)
        or 0x3164 or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0x1BCA0 and <= 0x1BCA3)
        or (>= 0x1D173 and <= 0x1D17A) or (>= 0xE0000 and <= 0xE0FFF);

    /// <summary>
    /// At most <paramref name="max"/> characters of <paramref name="s"/> for an error message, with an ellipsis when cut
    /// (never half a surrogate pair), so that a refusal never echoes a megabyte of input back.
    /// </summary>
    public static string Excerpt(string? s, int max = 100)
    {
        if (s is null) return "";
        if (s.Length <= max) return s;
        var cut = char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;
        return new StringBuilder(cut + 1).Append(s, 0, cut).Append('…').ToString();
    }
}
