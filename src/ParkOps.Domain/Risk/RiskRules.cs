using ParkOps.Domain.Monitoring;

namespace ParkOps.Domain.Risk;

/// <summary>An enterprise as the rules see it: in the park now, its chain role and stages, and its leased floor area.</summary>
public sealed record RiskEnterprise(long Id, bool ChainLeader, IReadOnlyCollection<string> Stages, DateOnly? EstablishedOn, decimal? LeasedAreaSqm);

/// <summary>Whether and when (Asia/Shanghai day) a quarter's report was submitted; drafts are not submissions.</summary>
public sealed record ReportFiling(long EnterpriseId, Quarter Quarter, DateOnly? SubmittedOn);

/// <summary>
/// Everything one park's run needs, gathered through the areas' contracts: <see cref="Latest"/> is the last quarter
/// that has ended on <see cref="Today"/>; <see cref="Reports"/> are the submitted reports up to it (several years, for
/// the loss criterion); <see cref="ArrearsMonths"/> the months of unpaid rent per enterprise (Billing).
/// </summary>
public sealed record RiskInputs(Quarter Latest, DateOnly Today, IReadOnlyList<RiskEnterprise> Enterprises, IReadOnlyList<QuarterReportFacts> Reports,
    IReadOnlyList<ReportFiling> Filings, IReadOnlyDictionary<long, int> ArrearsMonths, IReadOnlyCollection<string> ParkStages);

/// <summary>
/// One park's run of every rule: the findings, each with its evidence (gather → compose → write: this is compose).
/// The rules read only output, main revenue, electricity, average headcount, net profit, total assets and liabilities,
/// patents held and open posts of a report: the gather reads no other figure (Reporting's <c>FiguresRead.Risk</c>), so
/// a rule that needs another one adds it there first.
/// </summary>
public static class RiskRules
{
    public static List<RiskFinding> Run(RiskInputs input, RiskSettings s)
    {
        var book = new ReportBook(input.Reports, input.Latest);
        var inPark = input.Enterprises.Select(e => e.Id).ToHashSet();
        var findings = new List<RiskFinding>();
        foreach (var e in input.Enterprises)
        {
            var z = ZombieRule.Check(e.Id, book.Of(e.Id), input.Latest, input.ArrearsMonths.TryGetValue(e.Id, out var m) ? m : 0, s);
            if (z is not null) findings.Add(z);
        }
        findings.AddRange(OrderDropRule.Check(book, input.Enterprises, input.Latest, s));
        foreach (var e in input.Enterprises)
            if (book.LatestOf(e.Id) is { } r && ConcentrationRule.CustomerFinding(r, input.Latest, s) is { } c) findings.Add(c);
        findings.AddRange(ConcentrationRule.SingleStages(input.Enterprises, input.ParkStages, input.Latest));
        if (ConcentrationRule.ParkDependence(book.In(input.Latest).Where(r => inPark.Contains(r.EnterpriseId)).ToList(), input.Latest, s) is { } d) findings.Add(d);
        findings.AddRange(ReportRule.Check(input.Enterprises, input.Filings, input.Latest, input.Today, s));
        findings.AddRange(EcosystemRule.Check(book, input.Enterprises, input.Latest, s));
        return findings;
    }
}

/// <summary>The reports indexed by enterprise and quarter, and each firm's latest report up to the run's quarter.</summary>
public sealed class ReportBook
{
    private readonly Dictionary<long, Dictionary<Quarter, QuarterReportFacts>> _byFirm = [];
    private readonly Dictionary<Quarter, List<QuarterReportFacts>> _byQuarter = [];
    private static readonly Dictionary<Quarter, QuarterReportFacts> None = [];

    public ReportBook(IEnumerable<QuarterReportFacts> reports, Quarter latest)
    {
        foreach (var r in reports)
        {
            if (r.Quarter > latest) continue;
            if (!_byFirm.TryGetValue(r.EnterpriseId, out var q)) _byFirm[r.EnterpriseId] = q = [];
            q[r.Quarter] = r;
            if (!_byQuarter.TryGetValue(r.Quarter, out var l)) _byQuarter[r.Quarter] = l = [];
            l.Add(r);
        }
        foreach (var (firm, q) in _byFirm)
            Latest[firm] = q.Values.MaxBy(r => r.Quarter.Index)!;
    }

    /// <summary>Each firm's latest report (the one whose customers describe who it sells to now).</summary>
    public Dictionary<long, QuarterReportFacts> Latest { get; } = [];

    public IReadOnlyDictionary<Quarter, QuarterReportFacts> Of(long enterpriseId) => _byFirm.TryGetValue(enterpriseId, out var q) ? q : None;

    public QuarterReportFacts? LatestOf(long enterpriseId) => Latest.GetValueOrDefault(enterpriseId);

    public IReadOnlyList<QuarterReportFacts> In(Quarter q) => _byQuarter.TryGetValue(q, out var l) ? l : [];
}

/// <summary>
/// 僵尸企业 candidate (DOMAIN §7; State Council 2015, Chongqing SASAC): any of four criteria, each named with its figures.
/// </summary>
public static class ZombieRule
{
    public static RiskFinding? Check(long enterpriseId, IReadOnlyDictionary<Quarter, QuarterReportFacts> reports, Quarter latest, int arrearsMonths, RiskSettings s)
    {
        var criteria = new List<ZombieCriterion>();
        if (Quiet(reports, latest, s) is { } quiet) criteria.Add(quiet);
        if (arrearsMonths >= s.ZombieArrearsMonths)
            criteria.Add(new ZombieCriterion("arrears", new Dictionary<string, decimal> { ["arrearsMonths"] = arrearsMonths, ["threshold"] = s.ZombieArrearsMonths }));
        if (Losses(reports, latest, s) is { } losses) criteria.Add(losses);
        if (Debt(reports, latest, s) is { } debt) criteria.Add(debt);
        if (criteria.Count == 0) return null;
        return new RiskFinding(AlertType.Zombie, criteria.Count >= 2 ? AlertSeverity.High : AlertSeverity.Medium, enterpriseId,
            $"zombie:{enterpriseId}", latest, new ZombieEvidence(criteria));
    }

    /// <summary>
    /// The latest quarters (<see cref="RiskSettings.ZombieQuietQuarters"/>) each with output and electricity below the
    /// share of the firm's mean over the quarters before (those of them it reported; at least one, with a positive mean).
    /// </summary>
    public static ZombieCriterion? Quiet(IReadOnlyDictionary<Quarter, QuarterReportFacts> reports, Quarter latest, RiskSettings s)
    {
        var quiet = Enumerable.Range(0, s.ZombieQuietQuarters).Select(k => reports.GetValueOrDefault(latest.Plus(-k))).ToList();
        if (quiet.Any(r => r is null)) return null;
        var baseline = Enumerable.Range(s.ZombieQuietQuarters, s.ZombieBaselineQuarters).Select(k => reports.GetValueOrDefault(latest.Plus(-k))).OfType<QuarterReportFacts>().ToList();
        if (baseline.Count == 0) return null;
        var meanOutput = baseline.Average(r => r.Figures.Output);
        var meanPower = baseline.Average(r => r.Figures.ElectricityKwh);
        if (meanOutput <= 0 || meanPower <= 0) return null;
        if (!quiet.All(r => r!.Figures.Output < s.ZombieActivityShare * meanOutput && r.Figures.ElectricityKwh < s.ZombieActivityShare * meanPower)) return null;
        var figures = new Dictionary<string, decimal>
        {
            ["baselineOutput"] = Math.Round(meanOutput, 2), ["baselineElectricity"] = Math.Round(meanPower, 0), ["threshold"] = s.ZombieActivityShare,
        };
        for (var k = 0; k < quiet.Count; k++)
        {
            figures[$"output{k}"] = quiet[k]!.Figures.Output;
            figures[$"electricity{k}"] = quiet[k]!.Figures.ElectricityKwh;
        }
        return new ZombieCriterion("quiet", figures);
    }

    /// <summary>The last <see cref="RiskSettings.ZombieLossYears"/> complete calendar years present (all four quarters reported), each with a net loss.</summary>
    public static ZombieCriterion? Losses(IReadOnlyDictionary<Quarter, QuarterReportFacts> reports, Quarter latest, RiskSettings s)
    {
        var years = reports.Keys.Where(q => q <= latest).GroupBy(q => q.Year).Where(g => g.Count() == 4).Select(g => g.Key)
            .OrderByDescending(y => y).Take(s.ZombieLossYears).ToList();
        if (years.Count < s.ZombieLossYears) return null;
        var figures = new Dictionary<string, decimal>();
        foreach (var y in years)
        {
            var profit = Enumerable.Range(1, 4).Sum(n => reports[new Quarter(y, n)].Figures.NetProfit);
            if (profit >= 0) return null;
            figures[$"netProfit{y}"] = profit;
        }
        return new ZombieCriterion("losses", figures);
    }

    /// <summary>Liabilities ÷ assets of the latest report strictly above the setting.</summary>
    public static ZombieCriterion? Debt(IReadOnlyDictionary<Quarter, QuarterReportFacts> reports, Quarter latest, RiskSettings s)
    {
        var r = reports.Values.Where(x => x.Quarter <= latest).MaxBy(x => x.Quarter.Index);
        if (r is null || r.Figures.TotalAssets <= 0) return null;
        var ratio = r.Figures.TotalLiabilities / r.Figures.TotalAssets;
        if (ratio <= s.ZombieDebtRatio) return null;
        return new ZombieCriterion("debt", new Dictionary<string, decimal>
        {
            ["liabilities"] = r.Figures.TotalLiabilities, ["assets"] = r.Figures.TotalAssets, ["ratio"] = Math.Round(ratio, 4), ["threshold"] = s.ZombieDebtRatio,
        });
    }
}

/// <summary>
/// A firm's revenue falls by the setting or more quarter on quarter (seed 000 case 10) → the ripple through its in-park
/// suppliers: degree 1 names it as customer in its latest report (exposure = that share), degree 2 names a degree-1
/// supplier (exposure = product of the two shares; the largest path when there are several). Worst first.
/// </summary>
public static class OrderDropRule
{
    public static List<RiskFinding> Check(ReportBook book, IReadOnlyList<RiskEnterprise> enterprises, Quarter latest, RiskSettings s)
    {
        var inPark = enterprises.ToDictionary(e => e.Id);
        // who sells to whom, from each in-park firm's latest report
        var suppliersOf = new Dictionary<long, List<(long Supplier, decimal Share)>>();
        foreach (var (firm, r) in book.Latest)
        {
            if (!inPark.ContainsKey(firm)) continue;
            foreach (var c in r.Customers)
            {
                if (c.EnterpriseId is not { } customer || customer == firm || c.SharePercent <= 0) continue;
                if (!suppliersOf.TryGetValue(customer, out var l)) suppliersOf[customer] = l = [];
                l.Add((firm, Math.Min(c.SharePercent, 100m) / 100m));
            }
        }
        var findings = new List<RiskFinding>();
        foreach (var e in enterprises)
        {
            var reports = book.Of(e.Id);
            if (!reports.TryGetValue(latest, out var now) || !reports.TryGetValue(latest.Previous, out var before)) continue;
            if (Drop(before.Figures.MainRevenue, now.Figures.MainRevenue, s) is not { } drop) continue;
            var suppliers = Ripple(e.Id, suppliersOf, id => book.LatestOf(id) is { } lr ? ConcentrationRule.Hhi(lr.Customers) : null);
            var severity = e.ChainLeader || suppliers.Any(x => x.Exposure >= s.OrderDropSevereExposure) ? AlertSeverity.High
                : suppliers.Count > 0 ? AlertSeverity.Medium : AlertSeverity.Low;
            findings.Add(new RiskFinding(AlertType.OrderDrop, severity, e.Id, $"order-drop:{e.Id}:{latest}", latest,
                new OrderDropEvidence(latest.ToString(), before.Figures.MainRevenue, now.Figures.MainRevenue, drop, e.ChainLeader, suppliers)));
        }
        return findings;
    }

    /// <summary>The fall as a share of the quarter before (rounded to 4 places), when it is at least the setting; null otherwise or without revenue before.</summary>
    public static decimal? Drop(decimal before, decimal now, RiskSettings s)
    {
        if (before <= 0) return null;
        var drop = (before - now) / before;
        return drop >= s.OrderDropShare ? Math.Round(drop, 4) : null;
    }

    public static List<RippleSupplier> Ripple(long fallen, IReadOnlyDictionary<long, List<(long Supplier, decimal Share)>> suppliersOf, Func<long, decimal?> hhi)
    {
        var first = new Dictionary<long, RippleSupplier>();
        foreach (var (supplier, share) in suppliersOf.GetValueOrDefault(fallen) ?? [])
            first[supplier] = new RippleSupplier(supplier, share, 1, hhi(supplier), fallen);
        var second = new Dictionary<long, RippleSupplier>();
        foreach (var s1 in first.Values)
            foreach (var (supplier, share) in suppliersOf.GetValueOrDefault(s1.EnterpriseId) ?? [])
            {
                if (supplier == fallen || first.ContainsKey(supplier)) continue;
                var exposure = s1.Exposure * share;
                if (!second.TryGetValue(supplier, out var known) || known.Exposure < exposure)
                    second[supplier] = new RippleSupplier(supplier, exposure, 2, hhi(supplier), s1.EnterpriseId);
            }
        return first.Values.Concat(second.Values).OrderByDescending(x => x.Exposure).ThenBy(x => x.Degree).ThenBy(x => x.EnterpriseId).ToList();
    }
}

/// <summary>Customer concentration (HHI), the park's dependence on its two largest firms, and chain stages held by one firm.</summary>
public static class ConcentrationRule
{
    /// <summary>Σ share%² over the named customers plus the unnamed rest as one customer; null when the report names no customer.</summary>
    public static decimal? Hhi(IReadOnlyList<CustomerShare> customers)
    {
        if (customers.Count == 0) return null;
        var named = customers.Sum(c => c.SharePercent);
        var rest = Math.Max(0m, 100m - named);
        return customers.Sum(c => c.SharePercent * c.SharePercent) + rest * rest;
    }

    /// <summary>"high" above <see cref="RiskSettings.HhiHigh"/>, "moderate" from <see cref="RiskSettings.HhiModerate"/> up to it, else null.</summary>
    public static string? Level(decimal hhi, RiskSettings s) => hhi > s.HhiHigh ? "high" : hhi >= s.HhiModerate ? "moderate" : null;

    public static RiskFinding? CustomerFinding(QuarterReportFacts latest, Quarter basis, RiskSettings s)
    {
        if (Hhi(latest.Customers) is not { } hhi || Level(hhi, s) is not { } level) return null;
        var rest = Math.Max(0m, 100m - latest.Customers.Sum(c => c.SharePercent));
        return new RiskFinding(AlertType.Concentration, level == "high" ? AlertSeverity.High : AlertSeverity.Medium, latest.EnterpriseId,
            $"concentration:customers:{latest.EnterpriseId}", basis, new ConcentrationEvidence("customers", hhi, level, latest.Customers, rest, null));
    }

    /// <summary>The park's top two firms' share of its output in the quarter, when above the setting; High when the largest alone is.</summary>
    public static RiskFinding? ParkDependence(IReadOnlyList<QuarterReportFacts> quarter, Quarter q, RiskSettings s)
    {
        var total = quarter.Sum(r => r.Figures.Output);
        if (total <= 0 || quarter.Count < 2) return null;
        var top = quarter.OrderByDescending(r => r.Figures.Output).ThenBy(r => r.EnterpriseId).Take(2).ToList();
        var topOutput = top.Sum(r => r.Figures.Output);
        var share = topOutput / total;
        if (share <= s.ParkDependenceShare) return null;
        var severity = top[0].Figures.Output / total > s.ParkDependenceShare ? AlertSeverity.High : AlertSeverity.Medium;
        return new RiskFinding(AlertType.ParkDependence, severity, null, "park-dependence", q,
            new ParkDependenceEvidence(q.ToString(), total, top.Select(r => r.EnterpriseId).ToList(), topOutput, Math.Round(share, 4), s.ParkDependenceShare));
    }

    /// <summary>Each of the park's chain stages that exactly one in-park firm works in (a stage nobody holds is a gap, not a single point).</summary>
    public static List<RiskFinding> SingleStages(IReadOnlyList<RiskEnterprise> enterprises, IReadOnlyCollection<string> parkStages, Quarter basis)
    {
        var list = new List<RiskFinding>();
        foreach (var stage in parkStages)
        {
            var holders = enterprises.Where(e => e.Stages.Contains(stage)).Take(2).ToList();
            if (holders.Count != 1) continue;
            list.Add(new RiskFinding(AlertType.Concentration, AlertSeverity.Medium, holders[0].Id, $"concentration:stage:{stage}", basis,
                new ConcentrationEvidence("single-stage", null, null, null, null, stage)));
        }
        return list;
    }
}

/// <summary>
/// A quarter's report is due on the setting's day of the month after the quarter (the 20th). Missing: due date passed
/// (strictly before today) without a submitted report; late: submitted after the due date. Looks at the latest quarter
/// and the one before, for firms established by the quarter's end.
/// </summary>
public static class ReportRule
{
    public static DateOnly DueOn(Quarter q, RiskSettings s) => q.LastDay.AddDays(1).AddDays(s.ReportDueDay - 1);

    public static List<RiskFinding> Check(IReadOnlyList<RiskEnterprise> enterprises, IReadOnlyList<ReportFiling> filings, Quarter latest, DateOnly today, RiskSettings s)
    {
        var filed = new Dictionary<(long, Quarter), DateOnly?>();
        foreach (var f in filings)
            if (f.SubmittedOn is not null || !filed.ContainsKey((f.EnterpriseId, f.Quarter))) filed[(f.EnterpriseId, f.Quarter)] = f.SubmittedOn;
        var list = new List<RiskFinding>();
        foreach (var q in new[] { latest.Previous, latest })
        {
            var due = DueOn(q, s);
            foreach (var e in enterprises)
            {
                if (e.EstablishedOn is { } est && est > q.LastDay) continue;
                var on = filed.GetValueOrDefault((e.Id, q));
                ReportEvidence? evidence = on switch
                {
                    null when today > due => new ReportEvidence("missing", q.ToString(), due, null, today.DayNumber - due.DayNumber),
                    { } d when d > due => new ReportEvidence("late", q.ToString(), due, d, d.DayNumber - due.DayNumber),
                    _ => null,
                };
                if (evidence is null) continue;
                list.Add(new RiskFinding(AlertType.MissingReport, evidence.Kind == "missing" ? AlertSeverity.Medium : AlertSeverity.Low, e.Id,
                    $"missing-report:{e.Id}:{q}", q, evidence));
            }
        }
        return list;
    }
}

/// <summary>
/// Ecosystem value density (seed 003): output per ㎡ of leased floor and patents held per 100 employees, each against
/// the park's median of the quarter (firms with the figure); below the setting's share of it in each of the latest
/// quarters (2 by default) raises a warning. And the talent gap: open posts ÷ headcount above its share (25 %).
/// </summary>
public static class EcosystemRule
{
    public static List<RiskFinding> Check(ReportBook book, IReadOnlyList<RiskEnterprise> enterprises, Quarter latest, RiskSettings s)
    {
        var list = new List<RiskFinding>();
        var area = enterprises.Where(e => e.LeasedAreaSqm > 0).ToDictionary(e => e.Id, e => e.LeasedAreaSqm!.Value);
        var ids = enterprises.Select(e => e.Id).ToHashSet();
        decimal? OutputDensity(QuarterReportFacts r) => area.TryGetValue(r.EnterpriseId, out var a) ? r.Figures.Output / a : null;
        decimal? PatentDensity(QuarterReportFacts r) => r.Figures.AvgHeadcount > 0 ? r.Figures.PatentsHeld * 100m / r.Figures.AvgHeadcount : null;
        foreach (var (kind, measure) in new (string, Func<QuarterReportFacts, decimal?>)[] { ("output-density", OutputDensity), ("patent-density", PatentDensity) })
        {
            var quarters = Enumerable.Range(0, s.DensityQuarters).Select(k => latest.Plus(-(s.DensityQuarters - 1 - k))).ToList();
            var values = quarters.Select(q => book.In(q).Where(r => ids.Contains(r.EnterpriseId))
                .Select(r => (r.EnterpriseId, V: measure(r))).Where(x => x.V is not null).ToDictionary(x => x.EnterpriseId, x => x.V!.Value)).ToList();
            var medians = values.Select(v => Median(v.Values)).ToList();
            if (medians.Any(m => m is null or <= 0)) continue;
            foreach (var id in values[^1].Keys)
            {
                var below = true;
                var evidence = new List<EcosystemQuarter>();
                for (var k = 0; k < quarters.Count && below; k++)
                {
                    if (!values[k].TryGetValue(id, out var v) || v >= s.DensityShareOfMedian * medians[k]!.Value) below = false;
                    else evidence.Add(new EcosystemQuarter(quarters[k].ToString(), Math.Round(v, 4), Math.Round(medians[k]!.Value, 4)));
                }
                if (!below) continue;
                list.Add(new RiskFinding(AlertType.Ecosystem, AlertSeverity.Low, id, $"ecosystem:{kind}:{id}", latest, new EcosystemEvidence(kind, evidence, s.DensityShareOfMedian)));
            }
        }
        // talent gap (seed 003): the posts a firm is recruiting for at the latest quarter's end ÷ its average headcount,
        // strictly above the setting (25 %); a firm that did not state its open posts is not judged
        foreach (var r in book.In(latest).Where(r => ids.Contains(r.EnterpriseId)).OrderBy(r => r.EnterpriseId))
        {
            if (r.Figures.OpenPosts is not { } open || r.Figures.AvgHeadcount <= 0) continue;
            var gap = open / r.Figures.AvgHeadcount;
            if (gap <= s.TalentGapShare) continue;
            list.Add(new RiskFinding(AlertType.Ecosystem, AlertSeverity.Low, r.EnterpriseId, $"ecosystem:talent-gap:{r.EnterpriseId}", latest,
                new EcosystemEvidence("talent-gap", [new EcosystemQuarter(latest.ToString(), Math.Round(gap, 4), s.TalentGapShare)], s.TalentGapShare)));
        }
        return list;
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count); null when empty.</summary>
    public static decimal? Median(IEnumerable<decimal> values)
    {
        var v = values.Order().ToList();
        if (v.Count == 0) return null;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
