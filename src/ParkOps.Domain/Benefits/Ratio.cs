using System.Numerics;

namespace ParkOps.Domain.Benefits;

/// <summary>
/// An exact non-negative-denominator fraction. The benefit rules round once (score to 0.01, allocations to the 分) and
/// break ties by comparing remainders; decimal division rounds at its 28th digit, which can turn two equal remainders
/// into unequal ones, so the rules compute in fractions and convert to decimal only for display.
/// </summary>
internal readonly record struct Ratio
{
    public BigInteger Num { get; }
    public BigInteger Den { get; }

    public Ratio(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException();
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsOne && !g.IsZero) { num /= g; den /= g; }
        Num = num;
        Den = den;
    }

    public static readonly Ratio Zero = new(BigInteger.Zero, BigInteger.One);

    public static Ratio Of(decimal d)
    {
        // decimal is mantissa ÷ 10^scale with a 96-bit mantissa: read it off the bits, no rounding anywhere
        var bits = decimal.GetBits(d);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0) mantissa = -mantissa;
        return new Ratio(mantissa, BigInteger.Pow(10, scale));
    }

    public static Ratio Of(long n) => new(n, BigInteger.One);

    public int Sign => Num.Sign;

    public static Ratio operator +(Ratio a, Ratio b) => new(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
    public static Ratio operator -(Ratio a, Ratio b) => new(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
    public static Ratio operator *(Ratio a, Ratio b) => new(a.Num * b.Num, a.Den * b.Den);
    public static Ratio operator /(Ratio a, Ratio b) => new(a.Num * b.Den, a.Den * b.Num);

    public static bool operator <(Ratio a, Ratio b) => a.Num * b.Den < b.Num * a.Den;
    public static bool operator >(Ratio a, Ratio b) => a.Num * b.Den > b.Num * a.Den;
    public static bool operator <=(Ratio a, Ratio b) => !(a > b);
    public static bool operator >=(Ratio a, Ratio b) => !(a < b);
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
        var scale = BigInteger.Pow(10, places);
        var scaled = (this * new Ratio(scale, 1) + new Ratio(1, 2)).Floor();
        return (decimal)scaled / (decimal)scale;
    }
}
