namespace ParkOps.Domain.Evaluation;

/// <summary>One term of a firm's score: the indicator's value, its benchmark and weight, the (capped) points.</summary>
/// <param name="Value">null for a 规上 firm's emission term when it reported no emissions (the points are then the mean).</param>
public sealed record MujunTerm(MuIndicator Indicator, double? Value, decimal Benchmark, decimal Weight, double Points, bool Capped, bool Imputed);

/// <summary>What would lift a firm one class: the points it lacks and, per indicator, the value that alone would close the gap.</summary>
/// <param name="Target">the nearest better class that any firm of the group holds.</param>
/// <param name="TargetScore">that class's lowest (unrounded) score in the group: reaching it ties that firm's rank.</param>
public sealed record MujunLift(MuClass Target, double TargetScore, double PointsLacking, IReadOnlyList<MujunLiftStep> Steps);

/// <summary>The value of one indicator that alone would close the gap; null when even the capped maximum would not.</summary>
public sealed record MujunLiftStep(MuIndicator Indicator, double? Current, double? Needed);

/// <summary>
/// The evaluation of every input firm, index for index, in flat arrays (the engine's hot loop writes them without
/// allocating per firm). Term k of firm i is at <c>i × Terms + k</c>; 规上 firms use terms 0–5 in the order of
/// <see cref="MujunSettings.AboveIndicators"/>, 规下 firms terms 0–1 in the order of <see cref="MujunSettings.BelowIndicators"/>.
/// </summary>
public sealed class MujunResult
{
    public const int Terms = 6;

    public MujunResult(int n, MujunSettings settings)
    {
        Settings = settings;
        Count = n;
        Classes = new MuClass[n];
        Scores = new double[n];
        Ranks = new int[n];
        GroupSizes = new int[n];
        Above = new bool[n];
        EmissionImputed = new bool[n];
        Unit = new int[n];
        Values = new double[n * Terms];
        Points = new double[n * Terms];
    }

    public MujunSettings Settings { get; }
    public int Count { get; }
    public MuClass[] Classes { get; }
    /// <summary>Unrounded; NaN for class T.</summary>
    public double[] Scores { get; }
    public int[] Ranks { get; }
    public int[] GroupSizes { get; }
    public bool[] Above { get; }
    public bool[] EmissionImputed { get; }
    /// <summary>The evaluation unit of each firm (firms of one combined parcel share one); -1 for class T.</summary>
    public int[] Unit { get; }
    public double[] Values { get; }
    public double[] Points { get; }
    /// <summary>The mean capped emission term given to 规上 firms without emission data; null when no rated 规上 firm reported emissions.</summary>
    public double? EmissionMean { get; internal set; }

    // lowest score per class (A..D) within 规上 [0..3] and 规下 [4..7]; +∞ when nobody holds the class
    private readonly double[] _floors = new double[8];

    public decimal? RoundedScore(int i) => Classes[i] == MuClass.T ? null : MujunEngine.Round(Scores[i]);

    /// <summary>The terms of firm i with benchmark and weight (empty for class T).</summary>
    public IReadOnlyList<MujunTerm> TermsOf(int i)
    {
        if (Classes[i] == MuClass.T) return [];
        var ids = Above[i] ? MujunSettings.AboveIndicators : MujunSettings.BelowIndicators;
        var cap = (double)Settings.CapFactor;
        var list = new List<MujunTerm>(ids.Length);
        for (var k = 0; k < ids.Length; k++)
        {
            var set = Settings.Of(ids[k]);
            var imputed = Above[i] && k == 3 && EmissionImputed[i];
            var p = Points[i * Terms + k];
            list.Add(new MujunTerm(ids[k], imputed ? null : Values[i * Terms + k], set.Benchmark, set.Weight, p,
                Capped: !imputed && p >= cap * (double)set.Weight, Imputed: imputed));
        }
        return list;
    }

    internal void SetClassFloors()
    {
        Array.Fill(_floors, double.PositiveInfinity);
        for (var i = 0; i < Count; i++)
        {
            if (Classes[i] == MuClass.T) continue;
            var slot = (Above[i] ? 0 : 4) + (int)Classes[i];
            if (Scores[i] < _floors[slot]) _floors[slot] = Scores[i];
        }
    }

    /// <summary>What would lift firm i into the nearest better class held by anyone in its group; null for A, T, or when none is held.</summary>
    public MujunLift? LiftOf(int i)
    {
        var c = Classes[i];
        if (c is MuClass.T or MuClass.A) return null;
        var baseSlot = Above[i] ? 0 : 4;
        for (var better = (int)c - 1; better >= 0; better--)
        {
            var floor = _floors[baseSlot + better];
            if (double.IsPositiveInfinity(floor)) continue;
            var gap = floor - Scores[i];
            var cap = (double)Settings.CapFactor;
            var steps = new List<MujunLiftStep>();
            foreach (var t in TermsOf(i))
            {
                var w = (double)t.Weight;
                var need = t.Points + gap;
                double? value = w > 0 && need <= cap * w ? need / w * (double)t.Benchmark : null;
                steps.Add(new MujunLiftStep(t.Indicator, t.Value, value));
            }
            return new MujunLift((MuClass)better, floor, gap, steps);
        }
        return null;
    }
}
