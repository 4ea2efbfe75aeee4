using System.Numerics;

namespace ParkOps.Domain.Benefits;

/// <summary>
/// An exact non-negative-denominator fraction. The benefit rules round once (score to 0.01, allocations to the 分) and
/// break ties by comparing remainders; decimal division rounds at its 28th digit, which can turn two equal remainders
/// into unequal ones, so the rules compute in whole numbers and fractions and convert to decimal only for display.
/// Fractions are not reduced (a GCD per step costs more than a few extra digits), so compare them, never their parts.
/// </summary>
internal readonly struct Ratio
{
    public BigInteger Num { get; }
    public BigInteger Den { get; }

    public Ratio(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException();
        if (den.Sign < 0) { num = -num; den = -den; }
        Num = num;
        Den = den;
    }

    // decimal scales are 0–28
    private static readonly BigInteger[] Pow10 = Enumerable.Range(0, 29).Select(i => BigInteger.Pow(10, i)).ToArray();

    public static Ratio Of(decimal d)
    {
        // decimal is mantissa ÷ 10^scale with a 96-bit mantissa: read it off the bits, no rounding anywhere
        var bits = decimal.GetBits(d);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0) mantissa = -mantissa;
        return new Ratio(mantissa, Pow10[scale]);
    }

    /// <summary>Decimals as whole numbers over one denominator, their largest scale's power of ten.</summary>
    public static (BigInteger[] Values, BigInteger Den) Scaled(IEnumerable<decimal> values)
    {
        var exact = values.Select(Of).ToArray();
        var den = exact.Length == 0 ? BigInteger.One : exact.Max(r => r.Den);
        return (exact.Select(r => r.Num * (den / r.Den)).ToArray(), den);
    }

    public static BigInteger Sum(BigInteger[] values)
    {
        var sum = BigInteger.Zero;
        foreach (var v in values) sum += v;
        return sum;
    }

    public static Ratio Of(long n) => new(n, BigInteger.One);

    public static Ratio operator +(Ratio a, Ratio b) =>
        a.Den == b.Den ? new(a.Num + b.Num, a.Den) : new(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
    public static Ratio operator *(Ratio a, Ratio b) => new(a.Num * b.Num, a.Den * b.Den);
    public static Ratio operator /(Ratio a, Ratio b) => new(a.Num * b.Den, a.Den * b.Num);

    public static bool operator <(Ratio a, Ratio b) => a.Num * b.Den < b.Num * a.Den;
    public static bool operator >(Ratio a, Ratio b) => a.Num * b.Den > b.Num * a.Den;
    public static Ratio Min(Ratio a, Ratio b) => a < b ? a : b;

    /// <summary>The largest whole number not above the value.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(Num, Den, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>Hundredths, half up (half away from zero for the non-negative values the rules round).</summary>
    public decimal RoundHalfUpToHundredths()
    {
        var hundredths = (this * Of(100) + new Ratio(1, 2)).Floor();
        return (decimal)hundredths / 100m;
    }

    /// <summary>For display only: the value rounded half up at <paramref name="places"/> decimals.</summary>
    public decimal ToDecimal(int places = 12)
    {
        var scale = Pow10[places];
        var scaled = (this * new Ratio(scale, 1) + new Ratio(1, 2)).Floor();
        return (decimal)scaled / (decimal)scale;
    }
}
