using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Benefits;
using ParkOps.Web;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Contribution;

namespace ParkOps.Bench.Evaluation;

/// <summary>
/// Issue 14's third speed target: "scores and rebates for 100,000 enterprises under 5 s, with a ceiling measured in the
/// same run". (a) <see cref="ContributionService.ComputeAsync"/> for the year (the score run written), (b)
/// <see cref="ContributionService.PublishAsync"/> of that run, (c) <see cref="RebateService.ComputeAsync"/> (the rebate
/// run written), each in its own scope as a request would be, against <see cref="BenefitsCeiling"/>; ceiling and service
/// alternating, medians. And the pure engines alone (<see cref="Engines"/>).
/// </summary>
public static class BenefitsBench
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    public const double TargetMs = 5_000;

    private static double Median(IEnumerable<double> xs) { var v = xs.Order().ToList(); return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2; }
    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
    private static string F(double v, int d = 0) => v.ToString("N" + d, C);
    private static string Ms(IEnumerable<double> xs) => string.Join(", ", xs.Select(x => F(x)));

    private sealed record ServiceRun(double Compute, double Publish, double Rebate, List<EfProfile.Span> Spans, List<(string Step, double From, double Ms)> Windows)
    {
        public double Total => Compute + Publish + Rebate;
    }

    public static async Task<string> RunAsync(DatabaseProvider provider, Func<Func<ParkOpsDb, IServiceProvider, Task>, Task> withDb, World world, EfProfile profile, int reps, int parks,
        string worldLine, string stampMachine)
    {
        var year = world.MujunYear;
        var last = (Scored: 0, Allocations: 0, Pool: 0m, Sum: 0m, ExtraFen: 0, RunId: 0L);
        async Task<ServiceRun> Service(IEnumerable<long> ids, bool record)
        {
            if (record) profile.Start();
            double a = 0, b = 0, c = 0;
            var windows = new List<(string, double, double)>();
            foreach (var p in ids)
            {
                long runId = 0;
                async Task<double> Step(string name, Func<IServiceProvider, Task> work)
                {
                    var from = profile.Elapsed; var t = Stopwatch.StartNew();
                    await withDb((_, sp) => work(sp));
                    var ms = t.Elapsed.TotalMilliseconds;
                    windows.Add((name, from, ms));
                    return ms;
                }
                a += await Step("compute", async sp =>
                {
                    var dto = await sp.GetRequiredService<ContributionService>().ComputeAsync(p, new ContributionRunInput(year), default);
                    (runId, last.Scored) = (dto.Id, dto.Scores.Count);
                });
                b += await Step("publish", async sp => await sp.GetRequiredService<ContributionService>().PublishAsync(p, runId, default));
                c += await Step("rebate", async sp =>
                {
                    var dto = await sp.GetRequiredService<RebateService>().ComputeAsync(p, new RebateRunInput(year), default);
                    last = last with { Allocations = dto.Allocations.Count, Pool = dto.Pool, Sum = dto.Allocations.Sum(x => x.Amount), ExtraFen = dto.Allocations.Count(x => x.ExtraFen), RunId = runId };
                    if (last.Sum != last.Pool) throw new InvalidOperationException($"the service's rebate does not add up: Σ {last.Sum} ≠ pool {last.Pool}");
                    if (dto.Allocations.Any(x => x.Amount < 0)) throw new InvalidOperationException("the service's rebate has a negative allocation");
                });
            }
            return new ServiceRun(a, b, c, record ? profile.Stop() : [], windows);
        }
        var ceilingLast = (Pool: 0m, Sum: 0m, RunId: 0L, Read: 0L, Written: 0);
        async Task<(double A, double B, double C)> Ceiling(IEnumerable<long> ids)
        {
            double a = 0, b = 0, c = 0;
            long read = 0; var written = 0;
            foreach (var p in ids)
            {
                long runId = 0;
                await withDb(async (db, _) => { var (s, id) = await BenefitsCeiling.ScoresAsync(db, p, year); a += s.Ms; runId = id; read += s.RowsRead; written += s.RowsWritten; });
                await withDb(async (db, _) => { var s = await BenefitsCeiling.PublishAsync(db, p, runId, year); b += s.Ms; read += s.RowsRead; written += s.RowsWritten; });
                await withDb(async (db, _) =>
                {
                    var (s, r) = await BenefitsCeiling.RebateAsync(db, p, runId, year);
                    c += s.Ms; read += s.RowsRead; written += s.RowsWritten;
                    var sum = r.Shares.Sum(x => x.Allocation);
                    if (sum != r.Pool) throw new InvalidOperationException($"the ceiling's rebate does not add up: Σ {sum} ≠ pool {r.Pool}");
                    ceilingLast = (r.Pool, sum, runId, read, written);
                });
            }
            return (a, b, c);
        }

        Console.WriteLine($"{provider}: benefits warm-up …");
        await Service(world.WarmParks, false);
        await Ceiling(world.WarmParks);
        var loadBefore = Load();
        var ceil = new List<(double A, double B, double C)>(); var runs = new List<ServiceRun>();
        for (var r = 0; r < reps; r++)
        {
            ceil.Add(await Ceiling(world.Parks));
            runs.Add(await Service(world.Parks, true));
            Console.WriteLine($"{provider}: benefits rep {r + 1}: ceiling {F(ceil[^1].A + ceil[^1].B + ceil[^1].C)} ms ({F(ceil[^1].A)} + {F(ceil[^1].B)} + {F(ceil[^1].C)}), "
                + $"service {F(runs[^1].Total)} ms ({F(runs[^1].Compute)} + {F(runs[^1].Publish)} + {F(runs[^1].Rebate)})");
        }
        var loadAfter = Load();

        // the service's scores against the ceiling's, firm by firm (the last runs of the last park): the ceiling must compute the same thing
        var (same, differ) = (0, 0);
        await withDb(async (db, _) =>
        {
            var s = await db.Set<ContributionResultRow>().IgnoreQueryFilters().AsNoTracking().Where(x => x.RunId == last.RunId).ToDictionaryAsync(x => x.EnterpriseId, x => x.Score);
            var c = await db.Set<ContributionResultRow>().IgnoreQueryFilters().AsNoTracking().Where(x => x.RunId == ceilingLast.RunId).ToDictionaryAsync(x => x.EnterpriseId, x => x.Score);
            foreach (var (id, score) in s) if (c.TryGetValue(id, out var other) && other == score) same++; else differ++;
            differ += c.Keys.Count(k => !s.ContainsKey(k));
        });

        var total = runs.Select(r => r.Total).ToList();
        var ceilTotal = ceil.Select(x => x.A + x.B + x.C).ToList();
        var md = new StringBuilder();
        md.AppendLine(C, $"## Scores and rebates on {provider} ({stampMachine}, load average {loadBefore} → {loadAfter})");
        md.AppendLine();
        md.AppendLine(worldLine);
        md.AppendLine(C, $"Year {year}; {reps} repetitions, ceiling and service alternating (each step in its own scope, as a request), medians. Last run: {last.Scored:N0} enterprises scored, "
            + $"{last.Allocations:N0} allocations, pool {last.Pool:N2} 元, Σ allocations {last.Sum:N2} 元 ({(last.Sum == last.Pool ? "= pool, asserted" : "≠ pool")}; {last.ExtraFen:N0} got an extra 分); "
            + $"the ceiling's pool {ceilingLast.Pool:N2} 元 (Σ = pool, asserted). Service and ceiling scores firm by firm: {same:N0} identical, {differ:N0} different. "
            + $"The ceiling read {ceilingLast.Read:N0} rows and wrote {ceilingLast.Written:N0} per repetition.");
        md.AppendLine();
        md.AppendLine("| measurement | runs (ms) | median ms |");
        md.AppendLine("|---|---|---:|");
        md.AppendLine(C, $"| ceiling (a): plain read of the enterprises, the year's delivered collaborations and their posts, settled unified-order parts, contribution records, the firms' accounts and their active days counted in the database; `ContributionEngine`; the run and its result rows written (`SetWriter`) | {Ms(ceil.Select(x => x.A))} | {F(Median(ceil.Select(x => x.A)))} |");
        md.AppendLine(C, $"| ceiling (b): publish — the run's scores read, every enterprise's score set in one statement (PostgreSQL) or one prepared UPDATE (SQLite), one audit row for the park | {Ms(ceil.Select(x => x.B))} | {F(Median(ceil.Select(x => x.B)))} |");
        md.AppendLine(C, $"| ceiling (c): the published scores and the year's retained tax read; `RebateAllocator`; the rebate run and its allocations written | {Ms(ceil.Select(x => x.C))} | {F(Median(ceil.Select(x => x.C)))} |");
        md.AppendLine(C, $"| ceiling, scores and rebates (a + b + c) | {Ms(ceilTotal)} | {F(Median(ceilTotal))} |");
        md.AppendLine(C, $"| (a) `ContributionService.ComputeAsync` (gather through the contracts, engine, the draft and its rows written, the answer) | {Ms(runs.Select(r => r.Compute))} | {F(Median(runs.Select(r => r.Compute)))} |");
        md.AppendLine(C, $"| (b) `ContributionService.PublishAsync` (the version, every enterprise's score through `IEnterpriseGrading`, the answer) | {Ms(runs.Select(r => r.Publish))} | {F(Median(runs.Select(r => r.Publish)))} |");
        md.AppendLine(C, $"| (c) `RebateService.ComputeAsync` (the published scores and the retained tax, allocator, the draft and its allocations written, the answer) | {Ms(runs.Select(r => r.Rebate))} | {F(Median(runs.Select(r => r.Rebate)))} |");
        // the answers: what each call does after its last commit (the run's DTO: for publishing, every row's breakdown read back and parsed)
        static double After(ServiceRun run)
        {
            double sum = 0;
            foreach (var (_, from, ms) in run.Windows)
            {
                var commits = run.Spans.Where(x => x.What == "COMMIT" && x.StartMs >= from && x.StartMs < from + ms).ToList();
                if (commits.Count > 0) sum += from + ms - commits.Max(x => x.StartMs + x.Ms);
            }
            return sum;
        }
        var answers = runs.Select(After).ToList();
        var med = Median(total);
        md.AppendLine(C, $"| **scores and rebates (a + b + c)**, target < {F(TargetMs)} ms | {Ms(total)} | **{F(med)}** {(med < TargetMs ? "✓" : "✗")} |");
        md.AppendLine(C, $"| of which the answers (each call's DTO, built after its commit) | {Ms(answers)} | {F(Median(answers))} |");
        var work = runs.Select((r, i) => r.Total - answers[i]).ToList();
        md.AppendLine(C, $"| scores and rebates until committed (without the answers) | {Ms(work)} | {F(Median(work))} {(Median(work) < TargetMs ? "✓" : "✗")} |");
        md.AppendLine(C, $"| ratio service / ceiling · until committed / ceiling | | {F(med / Median(ceilTotal), 1)}× · {F(Median(work) / Median(ceilTotal), 1)}× |");
        md.AppendLine();
        var mid = runs.OrderBy(r => r.Total).ElementAt(runs.Count / 2);
        foreach (var step in new[] { "compute", "publish", "rebate" })
        {
            var windows = mid.Windows.Where(w => w.Step == step).ToList();
            md.AppendLine(C, $"Profile of the median run, {step}{(parks == 1 ? "" : " (the last park)")} (EF Core's diagnostic events; gaps are .NET work in the service):");
            md.AppendLine();
            var (from, ms) = (windows[^1].From, windows[^1].Ms);
            md.AppendLine(EfProfile.Table(EfProfile.From(mid.Spans, from).Where(s => s.StartMs < ms).ToList(), ms));
        }
        return md.ToString();
    }

    /// <summary>The pure engines alone over <paramref name="n"/> synthetic enterprises: scores, then the rebate from them, Σ = pool asserted on every run.</summary>
    public static string Engines(int n, int reps, string header)
    {
        var rnd = new Random(14);
        decimal Skewed(double zero, double scale) => rnd.NextDouble() < zero ? 0 : Math.Round((decimal)(scale * Math.Exp(1.5 * (rnd.NextDouble() + rnd.NextDouble() - 1))), 2);
        var inputs = Enumerable.Range(0, n).Select(i => new ContributionInput(BenefitsCeiling.Key(1_000_000 + i),
            [Skewed(0.4, 100_000), Skewed(0.7, 40), Skewed(0.6, 3), rnd.Next(0, 60), Skewed(0.5, 2)])).ToList();
        var taxes = Enumerable.Range(0, n).Select(_ => Skewed(0.1, 20_000)).ToArray();
        var settings = BenefitsSettings.Default;
        // warm-up, not counted
        var warm = ContributionEngine.Evaluate(inputs, settings);
        RebateAllocator.Allocate(warm.Scores.Select((s, i) => new RebateInput(s.Enterprise, s.Score, taxes[i])).ToList(), settings);
        var scoreMs = new List<double>(); var rebateMs = new List<double>();
        RebateResult? last = null;
        for (var r = 0; r < reps; r++)
        {
            GC.Collect(); GC.WaitForPendingFinalizers();
            var sw = Stopwatch.StartNew();
            var scores = ContributionEngine.Evaluate(inputs, settings);
            scoreMs.Add(sw.Elapsed.TotalMilliseconds);
            var rebateInputs = scores.Scores.Select((s, i) => new RebateInput(s.Enterprise, s.Score, taxes[i])).ToList();
            GC.Collect(); GC.WaitForPendingFinalizers();
            sw.Restart();
            last = RebateAllocator.Allocate(rebateInputs, settings);
            rebateMs.Add(sw.Elapsed.TotalMilliseconds);
            var sum = last.Shares.Sum(s => s.Allocation);
            if (sum != last.Pool) throw new InvalidOperationException($"RebateAllocator does not add up: Σ {sum} ≠ pool {last.Pool}");
            if (last.Shares.Any(s => s.Allocation < 0)) throw new InvalidOperationException("RebateAllocator gave a negative allocation");
            if (last.Pool != decimal.Round(last.TotalTax * settings.RebateRate, 2, MidpointRounding.AwayFromZero)) throw new InvalidOperationException("the pool is not half the tax to the 分");
        }
        var md = new StringBuilder();
        md.AppendLine(C, $"## Pure engines alone ({header} → {Load()})");
        md.AppendLine();
        md.AppendLine(C, $"{n:N0} synthetic enterprises (each indicator zero for 40–70 % of them, the rest skewed; a tenth pay no tax), default settings; {reps} runs after one unmeasured, median.");
        md.AppendLine(C, $"Every run asserted: Σ allocations = pool = {last!.Pool:N2} 元 (half of {last.TotalTax:N2} 元, half up to the 分), none negative; {last.FenLeft:N0} 分 went to the largest remainders.");
        md.AppendLine();
        md.AppendLine("| engine | runs (ms) | median ms |");
        md.AppendLine("|---|---|---:|");
        md.AppendLine(C, $"| `ContributionEngine.Evaluate` (normalise, weigh, round half up, exact fractions) | {string.Join(", ", scoreMs.Select(x => F(x, 1)))} | {F(Median(scoreMs), 1)} |");
        md.AppendLine(C, $"| `RebateAllocator.Allocate` (pool, exact shares, floors, largest remainders) | {string.Join(", ", rebateMs.Select(x => F(x, 1)))} | {F(Median(rebateMs), 1)} |");
        md.AppendLine(C, $"| both | | **{F(Median(scoreMs) + Median(rebateMs), 1)}** |");
        return md.ToString();
    }
}
