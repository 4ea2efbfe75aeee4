using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Evaluation;

/// <summary>
/// One firm's yearly figures as the 亩均 rules read them: money in 万元, energy in tce, emissions in t (null = not
/// reported, which is not the same as zero), electricity in 万kWh. <see cref="Unit"/> names the parcel the firm sits on
/// (0 = none); under a region's "combined parcel" setting all rated tenants of one parcel are evaluated as one unit.
/// </summary>
public readonly record struct MujunFirm(
    bool Above,
    int YearsInProduction,
    bool Utility,
    double LandMu,
    double TaxWan,
    double ValueAddedWan,
    double MainRevenueWan,
    double RdWan,
    double EnergyTce,
    double? EmissionsT,
    double ElectricityWanKwh,
    double AvgHeadcount,
    long Unit = 0);

/// <summary>A figure of one firm that the rules cannot compute with (a zero denominator, a negative amount).</summary>
public sealed record MujunInputProblem(int Index, string Field, string Rule, double Value);

/// <summary>
/// The 亩均 evaluation (DOMAIN §7, issue 12 §2), pure and in memory. Computation is in double precision: the inputs are
/// reported figures with a few decimals and the classes depend only on the order of scores, so double's 15–16
/// significant digits are ample, and it keeps a million firms well under a second. Scores are reported rounded to two
/// decimals half away from zero (四舍五入, as county lists print them) via <see cref="Round"/>; ranks use the unrounded score.
/// </summary>
public static class MujunEngine
{
    /// <summary>The rounding the published lists use: the double to 15 significant digits, then 2 decimals half away from zero.</summary>
    public static decimal Round(double score) => Math.Round((decimal)score, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether the firm is rated at all (not T).</summary>
    public static bool IsRated(in MujunFirm f, MujunSettings s) =>
        !(s.ExcludeUtilities && f.Utility) && f.YearsInProduction >= s.MinYearsInProduction;

    /// <summary>Every figure of a rated firm the rules would divide by zero or that is negative. Firms not rated are not checked.</summary>
    public static List<MujunInputProblem> Check(ReadOnlySpan<MujunFirm> firms, MujunSettings s)
    {
        var problems = new List<MujunInputProblem>();
        for (var i = 0; i < firms.Length; i++)
        {
            ref readonly var f = ref firms[i];
            if (!IsRated(f, s)) continue;
            Positive(i, "land_mu", f.LandMu);
            NotNegative(i, "tax_wan", f.TaxWan);
            if (f.Above)
            {
                NotNegative(i, "value_added_wan", f.ValueAddedWan);
                NotNegative(i, "rd_wan", f.RdWan);
                Positive(i, "main_revenue_wan", f.MainRevenueWan);
                Positive(i, "energy_tce", f.EnergyTce);
                if (f.EmissionsT is { } e) Positive(i, "emissions_t", e);
                Positive(i, "avg_headcount", f.AvgHeadcount);
            }
            else Positive(i, "electricity_wan_kwh", f.ElectricityWanKwh);
        }
        return problems;

        void Positive(int i, string field, double v)
        {
            if (!(v > 0) || double.IsInfinity(v)) problems.Add(new(i, field, "MujunDenominatorMustBePositive", v));
        }
        void NotNegative(int i, string field, double v)
        {
            if (!(v >= 0) || double.IsInfinity(v)) problems.Add(new(i, field, "MujunFigureMustNotBeNegative", v));
        }
    }

    /// <summary>
    /// Scores and classes every firm. Throws <see cref="DomainRuleException"/> (rule and field of the first problem,
    /// its firm index as argument) when <see cref="Check"/> finds a problem; call Check first to list them all.
    /// </summary>
    public static MujunResult Evaluate(ReadOnlySpan<MujunFirm> firms, MujunSettings s)
    {
        var problems = Check(firms, s);
        if (problems.Count > 0)
        {
            var p = problems[0];
            throw new DomainRuleException(p.Rule, p.Field, $"firm {p.Index}: {p.Field} = {p.Value} cannot be used") { Arguments = [p.Index, p.Field] };
        }
        var n = firms.Length;
        if (!s.CombinedParcel)
        {
            // each firm its own unit: the scored units are the firms, so their result is the result (no copy of the firms,
            // no second set of arrays: at a million firms that copying and its fresh memory were most of the time)
            var direct = Score(firms, s, out var ratedFirm);
            for (var i = 0; i < n; i++)
            {
                if (ratedFirm[i]) { direct.Unit[i] = i; continue; }
                direct.Unit[i] = -1;
                direct.Scores[i] = double.NaN;
            }
            direct.SetClassFloors();
            return direct;
        }
        // Combined parcels: one evaluation unit per parcel with rated tenants (firms without a parcel stay units of their own).
        int[] unitOf = new int[n];
        var units = Combine(firms, s, unitOf);
        var core = Score(units, s, out var unitRated);
        var r = new MujunResult(n, s);
        for (var i = 0; i < n; i++)
        {
            var u = unitOf[i];
            r.Unit[i] = u;
            if (u < 0 || !unitRated[u]) { r.Classes[i] = MuClass.T; r.Scores[i] = double.NaN; continue; }
            r.Classes[i] = core.Classes[u];
            r.Scores[i] = core.Scores[u];
            r.Ranks[i] = core.Ranks[u];
            r.GroupSizes[i] = core.GroupSizes[u];
            r.Above[i] = units[u].Above;
            r.EmissionImputed[i] = core.EmissionImputed[u];
            Array.Copy(core.Values, u * MujunResult.Terms, r.Values, i * MujunResult.Terms, MujunResult.Terms);
            Array.Copy(core.Points, u * MujunResult.Terms, r.Points, i * MujunResult.Terms, MujunResult.Terms);
        }
        r.EmissionMean = core.EmissionMean;
        r.SetClassFloors();
        return r;
    }

    /// <summary>
    /// Sums the rated tenants of each parcel into one unit (firms without a parcel stay units of their own). The unit is
    /// 规上 when any member is; emissions count only when every member reported them (a partial sum would flatter it).
    /// </summary>
    private static MujunFirm[] Combine(ReadOnlySpan<MujunFirm> firms, MujunSettings s, int[] unitOf)
    {
        var list = new List<MujunFirm>(firms.Length);
        var byParcel = new Dictionary<long, int>();
        for (var i = 0; i < firms.Length; i++)
        {
            ref readonly var f = ref firms[i];
            if (!IsRated(f, s)) { unitOf[i] = -1; continue; }
            if (f.Unit != 0 && byParcel.TryGetValue(f.Unit, out var u))
            {
                var a = list[u];
                list[u] = a with
                {
                    Above = a.Above || f.Above,
                    LandMu = a.LandMu + f.LandMu,
                    TaxWan = a.TaxWan + f.TaxWan,
                    ValueAddedWan = a.ValueAddedWan + f.ValueAddedWan,
                    MainRevenueWan = a.MainRevenueWan + f.MainRevenueWan,
                    RdWan = a.RdWan + f.RdWan,
                    EnergyTce = a.EnergyTce + f.EnergyTce,
                    EmissionsT = a.EmissionsT is { } x && f.EmissionsT is { } y ? x + y : null,
                    ElectricityWanKwh = a.ElectricityWanKwh + f.ElectricityWanKwh,
                    AvgHeadcount = a.AvgHeadcount + f.AvgHeadcount,
                };
                unitOf[i] = u;
                continue;
            }
            unitOf[i] = list.Count;
            if (f.Unit != 0) byParcel[f.Unit] = list.Count;
            list.Add(f);
        }
        return [.. list];
    }

    /// <summary>The hot loop: terms, the emission mean, ranks and classes over units. No LINQ, one sort per group.</summary>
    private static MujunResult Score(ReadOnlySpan<MujunFirm> units, MujunSettings s, out bool[] rated)
    {
        var n = units.Length;
        var r = new MujunResult(n, s);
        rated = new bool[n];
        const int T = MujunResult.Terms;
        Span<double> w = stackalloc double[T + 2];
        Span<double> inv = stackalloc double[T + 2];
        var all = Enum.GetValues<MuIndicator>();
        for (var k = 0; k < all.Length; k++)
        {
            var set = s.Of(all[k]);
            w[k] = (double)set.Weight;
            inv[k] = 1.0 / (double)set.Benchmark;
        }
        var cap = (double)s.CapFactor;
        double emSum = 0; var emCount = 0;
        var values = r.Values; var points = r.Points;
        int aboveN = 0, belowN = 0;
        for (var i = 0; i < n; i++)
        {
            var f = units[i];
            if (!IsRated(f, s)) continue;
            rated[i] = true;
            var o = i * T;
            if (f.Above)
            {
                aboveN++;
                values[o] = f.TaxWan / f.LandMu;
                values[o + 1] = f.ValueAddedWan / f.LandMu;
                values[o + 2] = f.ValueAddedWan / f.EnergyTce;
                values[o + 4] = f.ValueAddedWan / f.AvgHeadcount;
                values[o + 5] = f.RdWan / f.MainRevenueWan;
                double sum = 0;
                for (var k = 0; k < 6; k++)
                {
                    if (k == 3) continue;
                    var p = Math.Min(values[o + k] * inv[k] * w[k], cap * w[k]);
                    points[o + k] = p; sum += p;
                }
                if (f.EmissionsT is { } e)
                {
                    var v = f.ValueAddedWan / e;
                    var p = Math.Min(v * inv[3] * w[3], cap * w[3]);
                    values[o + 3] = v; points[o + 3] = p;
                    sum += p; emSum += p; emCount++;
                }
                else { values[o + 3] = double.NaN; r.EmissionImputed[i] = true; }
                r.Scores[i] = sum;
            }
            else
            {
                belowN++;
                values[o] = f.TaxWan / f.LandMu;
                values[o + 1] = f.TaxWan / f.ElectricityWanKwh;
                var p0 = Math.Min(values[o] * inv[6] * w[6], cap * w[6]);
                var p1 = Math.Min(values[o + 1] * inv[7] * w[7], cap * w[7]);
                points[o] = p0; points[o + 1] = p1;
                r.Scores[i] = p0 + p1;
            }
        }
        // DOMAIN §7: a 规上 firm without emission data gets the mean of the capped term over the rated 规上 firms that have it
        // (0 when none has: there is nothing to average, and the term is then absent for everyone alike).
        var emMean = emCount > 0 ? emSum / emCount : 0;
        r.EmissionMean = emCount > 0 ? emMean : null;
        for (var i = 0; i < n; i++)
            if (r.EmissionImputed[i]) { r.Points[i * T + 3] = emMean; r.Scores[i] += emMean; }

        var aboveIdx = new int[aboveN]; var belowIdx = new int[belowN];
        int ai = 0, bi = 0;
        for (var i = 0; i < n; i++)
        {
            if (!rated[i]) { r.Classes[i] = MuClass.T; continue; }
            r.Above[i] = units[i].Above;
            if (units[i].Above) aboveIdx[ai++] = i; else belowIdx[bi++] = i;
        }
        Rank(r, aboveIdx, s);
        Rank(r, belowIdx, s);
        return r;
    }

    /// <summary>rank = 1 + the number in the group with a strictly higher score; p = rank ÷ size against the class shares.</summary>
    private static void Rank(MujunResult r, int[] group, MujunSettings s)
    {
        var size = group.Length;
        if (size == 0) return;
        var keys = new double[size];
        for (var j = 0; j < size; j++) keys[j] = -r.Scores[group[j]];
        Array.Sort(keys, group);
        // p ≤ share ⇔ rank ≤ share × size, compared in decimal so 0.20 × 5 is exactly 1
        var maxA = MaxRank(s.ShareA, size); var maxB = MaxRank(s.ShareB, size); var maxC = MaxRank(s.ShareC, size);
        var rank = 1;
        for (var j = 0; j < size; j++)
        {
            if (j > 0 && keys[j] != keys[j - 1]) rank = j + 1;
            var i = group[j];
            r.Ranks[i] = rank;
            r.GroupSizes[i] = size;
            r.Classes[i] = rank <= maxA ? MuClass.A : rank <= maxB ? MuClass.B : rank <= maxC ? MuClass.C : MuClass.D;
        }
    }

    private static int MaxRank(decimal share, int size) => (int)Math.Floor(share * size);
}
