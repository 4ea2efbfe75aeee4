using System.Diagnostics;
using ParkOps.Domain.Evaluation;

namespace ParkOps.Bench.Evaluation;

/// <summary>
/// The in-memory 亩均 engine on a synthetic county (<see cref="MujunEngine.Evaluate"/>), against the ceiling of a loop
/// that reads each firm's input fields once and sums them, over the same array.
/// </summary>
public static class EngineBench
{
    public sealed record Result(int Firms, List<double> EngineMs, List<double> CeilingMs, int[] Classes);

    public static MujunFirm[] Firms(int n, int seed)
    {
        var rnd = new Random(seed);
        double U(double a, double b) => a + rnd.NextDouble() * (b - a);
        var firms = new MujunFirm[n];
        for (var i = 0; i < n; i++)
        {
            var above = rnd.NextDouble() < 0.3;
            var revenue = (above ? 3200 : 240) * U(0.3, 3);
            firms[i] = new MujunFirm(
                Above: above,
                YearsInProduction: rnd.NextDouble() < 0.04 ? rnd.Next(2) : rnd.Next(2, 25),
                Utility: rnd.NextDouble() < 0.01,
                LandMu: U(0.2, 12),
                TaxWan: revenue * U(0.02, 0.08),
                ValueAddedWan: revenue * U(0.15, 0.35),
                MainRevenueWan: revenue,
                RdWan: revenue * U(0, 0.05),
                EnergyTce: revenue * U(0.02, 0.06) + 1,
                EmissionsT: above && rnd.NextDouble() < 0.8 ? revenue * U(0.0005, 0.0015) : null,
                ElectricityWanKwh: revenue * U(0.04, 0.08) + 0.05,
                AvgHeadcount: above ? 50 + revenue / 40 : 30 + rnd.Next(30));
        }
        return firms;
    }

    /// <summary>Reads every input field of every firm once (what any evaluation must at least do) and folds them into a sum.</summary>
    public static double Touch(ReadOnlySpan<MujunFirm> firms)
    {
        double s = 0;
        for (var i = 0; i < firms.Length; i++)
        {
            ref readonly var f = ref firms[i];
            s += f.LandMu + f.TaxWan + f.ValueAddedWan + f.MainRevenueWan + f.RdWan + f.EnergyTce + (f.EmissionsT ?? 0) + f.ElectricityWanKwh + f.AvgHeadcount
                + f.YearsInProduction + (f.Above ? 1 : 0) + (f.Utility ? 2 : 0) + f.Unit;
        }
        return s;
    }

    public static Result Run(int n, int reps)
    {
        var firms = Firms(n, 12);
        var settings = MujunSettings.Default("bench", 2025);
        // warm-up, not counted: both loops compiled to their final tier on the same array
        for (var k = 0; k < 3; k++) { MujunEngine.Evaluate(firms, settings); Touch(firms); }
        var engine = new List<double>(); var ceiling = new List<double>();
        MujunResult? last = null;
        var sink = 0.0;
        for (var r = 0; r < reps; r++)
        {
            GC.Collect(); GC.WaitForPendingFinalizers();
            var sw = Stopwatch.StartNew();
            sink += Touch(firms);
            ceiling.Add(sw.Elapsed.TotalMilliseconds);
            GC.Collect(); GC.WaitForPendingFinalizers();
            sw.Restart();
            last = MujunEngine.Evaluate(firms, settings);
            engine.Add(sw.Elapsed.TotalMilliseconds);
        }
        if (double.IsNaN(sink)) Console.WriteLine("(never)");
        var classes = new int[5];
        foreach (var c in last!.Classes) classes[(int)c]++;
        return new Result(n, engine, ceiling, classes);
    }
}
