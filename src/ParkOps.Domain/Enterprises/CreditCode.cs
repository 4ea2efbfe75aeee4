using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Enterprises;

/// <summary>
/// 统一社会信用代码, GB 32100-2015: 18 characters from a 31-character set (no I, O, Z, S, V); the last one is a
/// check character over the first 17 with weights 3^i mod 31.
/// </summary>
public static class CreditCode
{
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public enum Problem { None, Empty, Length, Charset, CheckDigit }

    public static Problem Check(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return Problem.Empty;
        if (code.Length != 18) return Problem.Length;
        foreach (var ch in code)
            if (Charset.IndexOf(ch) < 0) return Problem.Charset;
        return CheckCharacter(code.AsSpan(0, 17)) == code[17] ? Problem.None : Problem.CheckDigit;
    }

    public static bool IsValid(string? code) => Check(code) == Problem.None;

    /// <summary>The check character for the first 17 characters (which must be from the charset).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("17 characters expected", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Charset.IndexOf(first17[i]);
            if (v < 0) throw new ArgumentException($"'{first17[i]}' is not in the GB 32100 charset", nameof(first17));
            sum += v * Weights[i];
        }
        return Charset[(31 - sum % 31) % 31];
    }

    /// <summary>
    /// Upper-cases what people type or paste and drops every kind of space; full-width letters and digits
    /// (９１３３…, typed with a Chinese input method) become their ASCII forms (NFKC).
    /// </summary>
    public static string Normalise(string? code) =>
        new string((code ?? "").Normalize(System.Text.NormalizationForm.FormKC).Where(ch => !char.IsWhiteSpace(ch)).ToArray()).ToUpperInvariant();

    /// <summary>Throws the rule <c>CreditCodeMustBeValid</c> naming the field when the code is not valid.</summary>
    public static void EnsureValid(string? code, string field = "creditCode")
    {
        var problem = Check(code);
        if (problem != Problem.None)
            throw new DomainRuleException("CreditCodeMustBeValid", field, $"统一社会信用代码无效: {problem}")
            { Arguments = [problem.ToString()] };
    }
}
