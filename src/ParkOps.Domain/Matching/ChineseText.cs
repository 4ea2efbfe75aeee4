using System.Numerics;
using System.Text;

namespace ParkOps.Domain.Matching;

/// <summary>
/// Text handling for Chinese free text: normalisation (NFKC folds full-width letters, digits and punctuation to
/// half-width; Latin is lower-cased; spaces next to Chinese characters are dropped, since Chinese does not space
/// words) and character n-grams (bigrams inside runs of Chinese characters, whole words for Latin and digits).
/// </summary>
public static class ChineseText
{
    public static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    public static bool IsLatinOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var s = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c) || c == '\u3000')
            {
                // keep one space between two Latin/digit words ("smt line"), none next to Chinese
                var j = i;
                while (j + 1 < s.Length && char.IsWhiteSpace(s[j + 1])) j++;
                if (sb.Length > 0 && j + 1 < s.Length && IsLatinOrDigit(sb[^1]) && IsLatinOrDigit(s[j + 1])) sb.Append(' ');
                i = j;
                continue;
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>
    /// The n-gram tokens of a normalised text: bigrams of each run of Chinese characters (a lone character stands
    /// for itself) and each run of Latin letters and digits as one token.
    /// </summary>
    public static IEnumerable<string> Tokens(string normalised)
    {
        var i = 0;
        while (i < normalised.Length)
        {
            var c = normalised[i];
            if (IsCjk(c))
            {
                var start = i;
                while (i < normalised.Length && IsCjk(normalised[i])) i++;
                if (i - start == 1) yield return normalised.Substring(start, 1);
                for (var k = start; k + 1 < i; k++) yield return normalised.Substring(k, 2);
            }
            else if (IsLatinOrDigit(c))
            {
                var start = i;
                while (i < normalised.Length && IsLatinOrDigit(normalised[i])) i++;
                yield return normalised[start..i];
            }
            else i++;
        }
    }
}

/// <summary>
/// A 256-bit signature of a text's n-grams (each token sets one bit chosen by its hash): the index keeps 32 bytes
/// per post instead of its text, and <see cref="Similarity"/> estimates the Jaccard similarity of the two token
/// sets by counting bits.
/// </summary>
public readonly record struct TextFingerprint(ulong A, ulong B, ulong C, ulong D)
{
    public static TextFingerprint Of(IEnumerable<string> tokens)
    {
        ulong a = 0, b = 0, c = 0, d = 0;
        foreach (var t in tokens)
        {
            var bit = (int)(Hash(t) & 255);
            var mask = 1UL << (bit & 63);
            switch (bit >> 6)
            {
                case 0: a |= mask; break;
                case 1: b |= mask; break;
                case 2: c |= mask; break;
                default: d |= mask; break;
            }
        }
        return new(a, b, c, d);
    }

    public bool IsEmpty => (A | B | C | D) == 0;

    /// <summary>|A ∩ B| ÷ |A ∪ B| over the bits, 0 when both are empty.</summary>
    public double Similarity(TextFingerprint o)
    {
        var union = BitOperations.PopCount(A | o.A) + BitOperations.PopCount(B | o.B) + BitOperations.PopCount(C | o.C) + BitOperations.PopCount(D | o.D);
        if (union == 0) return 0;
        var both = BitOperations.PopCount(A & o.A) + BitOperations.PopCount(B & o.B) + BitOperations.PopCount(C & o.C) + BitOperations.PopCount(D & o.D);
        return (double)both / union;
    }

    private static uint Hash(string s)
    {
        var h = 2166136261u; // FNV-1a: stable across runs and machines, unlike string.GetHashCode
        foreach (var ch in s)
        {
            h = (h ^ (byte)ch) * 16777619u;
            h = (h ^ (byte)(ch >> 8)) * 16777619u;
        }
        return h ^ (h >> 15);
    }
}
