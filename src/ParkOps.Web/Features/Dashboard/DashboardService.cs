using System.Text.Json;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Dashboard;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.ParkServices;
using ParkOps.Domain.Rules;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Marketplace.Contracts;
using ParkOps.Web.Features.ParkServices.Contracts;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Features.Risk.Contracts;
using ParkOps.Web.Features.ServiceDesk.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Dashboard;

/// <summary>
/// The park dashboard and the region overview (issue 14 §4, DOMAIN §10): gather each quarter's figures through the other
/// areas' contracts, compute the KPIs with <see cref="ParkKpis"/>, and say who may see what. The park's operators (and the
/// platform admin) read the KPIs and the lists behind them; the park's government viewers read the KPIs (park totals,
/// no firm named, DOMAIN §1); an enterprise user gets 403; a park out of sight 404.
/// </summary>
public sealed class DashboardService(ICurrentActor actor, TimeProvider clock, IStringLocalizer<Text> t, IParkProfiles profiles, IParkChains chains,
    IParkUnits units, ILeaseOccupancy occupancy, IEnterpriseDirectory directory, IQuarterlyReports reports, ICollaborationRecords collaborations,
    IDeskFigures desk, IRevenueStructure revenue, IRiskAlerts alerts, QuarterFactsStore kept)
{
    /// <summary>Quarters in a trend: the asked one and the seven before.</summary>
    public const int TrendQuarters = 8;

    private ActorScope Scope => actor.Scope;

    public DateOnly Today => Time.Today(clock);

    /// <summary>"2026Q3" → the quarter (422 DashboardQuarterFormat); none → this quarter; a quarter not yet begun → 422 DashboardQuarterInFuture.</summary>
    public Quarter ParseQuarter(string? text)
    {
        var now = Quarter.Of(Today);
        if (string.IsNullOrWhiteSpace(text)) return now;
        if (!Quarter.TryParse(text, out var q))
            throw new DomainRuleException("DashboardQuarterFormat", "quarter", "季度格式应为 2026Q3") { Arguments = [text] };
        if (q > now) throw new DomainRuleException("DashboardQuarterInFuture", "quarter", "所选季度尚未开始") { Arguments = [q.ToString()] };
        return q;
    }

    public static bool TryParseKpi(string? text, out Kpi kpi) =>
        Enum.TryParse(text, true, out kpi) && Enum.IsDefined(kpi) && !int.TryParse(text, out _);

    public static string Code(Kpi kpi) => JsonNamingPolicy.CamelCase.ConvertName(kpi.ToString());

    public string NameOf(Kpi kpi) => t["Dashboard.Kpi." + kpi];

    public string DefinitionOf(Kpi kpi) => t["Dashboard.Def." + kpi];

    /// <summary>The park's dashboard for a quarter: every KPI with its trend over the last eight quarters.</summary>
    public async Task<ParkDashboardDto> ParkAsync(long parkId, string? quarter, CancellationToken ct)
    {
        var park = await RequireAggregatesAsync(parkId, ct);
        var q = ParseQuarter(quarter);
        var (facts, targets) = (await GatherAsync([park], Quarter.Span(q.Plus(-(TrendQuarters - 1)), q).ToList(), ct))[park.Id];
        return new ParkDashboardDto(park.Id, park.Name, park.RegionName, q.ToString(), AsOf(q), Scope.CanOperatePark(parkId),
            Enum.GetValues<Kpi>().Select(k => Dto(k, facts.Select(f => ParkKpis.Compute(k, f, targets)).ToList())).ToList());
    }

    /// <summary>The rows behind one KPI of a quarter; the park's operators only (a government viewer 403 GovernmentSeesAggregatesOnly).</summary>
    public async Task<KpiItemsDto> ItemsAsync(long parkId, string kpiText, string? quarter, CancellationToken ct)
    {
        var park = await RequireAggregatesAsync(parkId, ct);
        Scope.RefuseGovernmentViewer(parkId);
        if (!TryParseKpi(kpiText, out var kpi)) throw new NotFoundException("Kpi", kpiText);
        var q = ParseQuarter(quarter);
        var (facts, targets) = (await GatherAsync([park], [q], ct))[park.Id];
        var v = ParkKpis.Compute(kpi, facts[0], targets);
        var end = AsOf(q);
        string? seeAlso = null;
        List<KpiItemDto> items;
        string header;
        switch (kpi)
        {
            case Kpi.Occupancy:
            {
                header = t["Dashboard.Items.AreaSqm"];
                var held = (await occupancy.LeasedUnitsAsync(parkId, end, ct)).ToDictionary(u => u.UnitId);
                var all = await units.UnitsAsync(parkId, ct);
                var names = await directory.NamesAsync(held.Values.Select(h => h.EnterpriseId).Distinct(), ct);
                items = all.Where(u => u.Leasable).Select(u => held.TryGetValue(u.Id, out var h)
                        ? new KpiItemDto(u.Id, u.Code, $"{u.Building} · {names.GetValueOrDefault(h.EnterpriseId, "")}", h.AreaSqm, true, $"/parks/{parkId}/spaces")
                        : new KpiItemDto(u.Id, u.Code, $"{u.Building} · {t["Dashboard.Items.Vacant"]}", u.AreaSqm, false, $"/parks/{parkId}/spaces"))
                    .OrderBy(i => i.Counted).ThenBy(i => i.Label, StringComparer.Ordinal).ToList();
                break;
            }
            case Kpi.LeadingIndustryShare or Kpi.CollaborationRate or Kpi.SurvivalRate:
            {
                var tenures = await directory.ParkTenuresAsync(parkId, ct);
                var chain = await chains.ChainAsync(parkId, ct);
                if (kpi == Kpi.LeadingIndustryShare)
                {
                    header = t["Dashboard.Items.Industry"];
                    items = tenures.Where(x => x.InParkOn(end)).Select(x => new KpiItemDto(x.Id, x.Name, x.IndustryCode, null, Leading(x, chain), $"/enterprises/{x.Id}")).ToList();
                }
                else if (kpi == Kpi.SurvivalRate)
                {
                    header = t["Dashboard.Items.AdmittedOn"];
                    var start = CohortDay(q);
                    items = tenures.Where(x => x.InParkOn(start)).Select(x => new KpiItemDto(x.Id, x.Name,
                        x.ExitedOn is { } gone && gone <= end ? t["Dashboard.Items.LeftOn", gone.ToString("yyyy-MM-dd")] : t["Dashboard.Items.StillIn"],
                        null, x.InParkOn(end), $"/enterprises/{x.Id}")).ToList();
                }
                else
                {
                    header = t["Dashboard.Items.Collaborations"];
                    var counts = await collaborations.CollaboratorsAsync(parkId, q.Plus(-3).FirstDay, end, ct);
                    items = tenures.Where(x => x.InParkOn(end)).Select(x => new KpiItemDto(x.Id, x.Name, null, counts.GetValueOrDefault(x.Id), counts.ContainsKey(x.Id), $"/enterprises/{x.Id}")).ToList();
                }
                items = [.. items.OrderByDescending(i => i.Counted).ThenBy(i => i.Label, StringComparer.Ordinal)];
                break;
            }
            case Kpi.ChainCompleteness:
            {
                header = t["Dashboard.Items.Firms"];
                var tenures = await directory.ParkTenuresAsync(parkId, ct);
                var chain = await chains.ChainAsync(parkId, ct);
                items = [];
                foreach (var stage in chain.Stages)
                {
                    var n = tenures.Count(x => x.InParkOn(end) && x.ChainStages.Contains(stage));
                    items.Add(new KpiItemDto(null, stage, n == 0 ? t["Dashboard.Items.Gap"].Value : null, n, n > 0, $"/parks/{parkId}/enterprises?stage={Uri.EscapeDataString(stage)}"));
                }
                break;
            }
            case Kpi.TaxGrowth or Kpi.TaxPerMu or Kpi.OutputPerMu:
            {
                header = kpi == Kpi.OutputPerMu ? t["Dashboard.Items.OutputWan"] : t["Dashboard.Items.TaxWan"];
                var filed = (await reports.ParkReportsAsync(parkId, q.Plus(-4), q, ct, CustomersRead.None)).Where(r => r.Submitted).ToList();
                var names = await directory.NamesAsync(filed.Select(r => r.Facts.EnterpriseId).Distinct(), ct);
                var ago = filed.Where(r => r.Facts.Quarter == q.Plus(-4)).ToDictionary(r => r.Facts.EnterpriseId, r => r.Facts.Figures.Tax);
                items = filed.Where(r => r.Facts.Quarter == q).Select(r => new KpiItemDto(r.Facts.EnterpriseId, names.GetValueOrDefault(r.Facts.EnterpriseId, ""),
                        kpi == Kpi.TaxGrowth ? (ago.TryGetValue(r.Facts.EnterpriseId, out var a) ? t["Dashboard.Items.YearAgo", a.ToString("N2")].Value : t["Dashboard.Items.NoYearAgo"].Value) : null,
                        kpi == Kpi.OutputPerMu ? r.Facts.Figures.Output : r.Facts.Figures.Tax, true, $"/enterprises/{r.Facts.EnterpriseId}"))
                    .OrderByDescending(i => i.Value).ToList();
                break;
            }
            case Kpi.ServiceRevenueShare:
            {
                header = t["Dashboard.Items.Yuan"];
                // the quarter's months as the KPI read them (the same contract call as the gathering)
                var months = (await revenue.MonthsAsync([parkId], q.FirstDay, q.LastDay.AddDays(1), ct))[parkId].Months;
                items = Enum.GetValues<RevenueClass>().Select(c => new KpiItemDto(null, t["RevClass." + c], null,
                    months.Where(m => Quarter.Of(m.Month) == q).Sum(m => m.Period.Classes.First(x => x.Class == c).Amount), c == RevenueClass.Services, null)).ToList();
                seeAlso = $"/parks/{parkId}/revenue-structure?year={q.Year}";
                break;
            }
            case Kpi.OpenRiskAlerts:
            {
                header = "";
                var endUtc = EndUtc(end);
                var open = (await alerts.AlertsAsync(parkId, ct)).Where(a => a.OpenAt(endUtc)).ToList();
                var names = await directory.NamesAsync(open.Where(a => a.EnterpriseId is not null).Select(a => a.EnterpriseId!.Value).Distinct(), ct);
                items = open.Select(a => new KpiItemDto(a.Id, t["Risk.Type." + a.Type],
                    a.EnterpriseId is { } e ? $"{t["Risk.Severity." + a.Severity].Value} · {names.GetValueOrDefault(e, "")}" : t["Risk.Severity." + a.Severity].Value,
                    null, true, $"/risk/alerts/{a.Id}")).ToList();
                break;
            }
            default:
                // response time and satisfaction: the desk's report lists the months and tickets behind them
                header = "";
                items = [];
                seeAlso = $"/parks/{parkId}/tickets/report";
                break;
        }
        return new KpiItemsDto(parkId, Code(kpi), NameOf(kpi), q.ToString(), v.Value, v.Unit, v.Numerator, v.Denominator, header, items, seeAlso);
    }

    /// <summary>
    /// Every park of a region (and the regions below) side by side for a quarter, with the region's totals and their
    /// trends. A government viewer of the region (or of a region above it) and the platform admin; for anyone else the
    /// region is not there (404, as a park out of sight is).
    /// </summary>
    public async Task<RegionOverviewDto> RegionAsync(long regionId, string? quarter, CancellationToken ct)
    {
        if (!Scope.IsPlatformAdmin && Scope.GovernmentRegionIds.Length == 0) throw new NotFoundException("Region", regionId);
        var region = await profiles.RegionAsync(regionId, ct) ?? throw new NotFoundException("Region", regionId);
        if (!Scope.IsPlatformAdmin && !(await profiles.RegionAncestryAsync(regionId, ct)).Any(Scope.GovernmentRegionIds.Contains))
            throw new NotFoundException("Region", regionId);
        var q = ParseQuarter(quarter);
        var span = Quarter.Span(q.Plus(-(TrendQuarters - 1)), q).ToList();
        var visible = Scope.IsPlatformAdmin ? null : Scope.VisibleParkIds.ToHashSet();
        var parks = (await profiles.ParksUnderAsync(regionId, ct)).Where(p => visible is null || visible.Contains(p.Id)).ToList();
        // every park at once: the figures kept for the parks whose data has not changed since, and for the others the
        // same gathering as one park's dashboard (so a row never differs from the park's own page)
        var (gathered, _) = await KeptOrGatheredAsync(parks, span, ct);
        var all = parks.Select(p => (Park: p, Values: gathered[p.Id].Facts.SelectMany(f => ParkKpis.Compute(f, gathered[p.Id].Targets)).ToList())).ToList();
        var regionTargets = KpiTargets.Default;
        var rows = all.Select(x => new RegionParkDto(x.Park.Id, x.Park.Name, x.Park.Code, x.Park.RegionName,
            x.Values.Where(v => v.Quarter == q).Select(v => new KpiCell(Code(v.Kpi), v.Value, v.Meets)).ToList())).ToList();
        // each KPI and quarter combined over the parks' values of that KPI and quarter (looked up once, not filtered 96 times over them all)
        var byKpiQuarter = all.SelectMany(x => x.Values).ToLookup(v => (v.Kpi, v.Quarter));
        var totals = Enum.GetValues<Kpi>().Select(k => Dto(k,
            span.Select(s => ParkKpis.Combine(k, s, byKpiQuarter[(k, s)], regionTargets)).ToList())).ToList();
        return new RegionOverviewDto(region.Id, region.Name, q.ToString(), rows, totals);
    }

    private KpiDto Dto(Kpi kpi, IReadOnlyList<KpiValue> trend)
    {
        var last = trend[^1];
        return new KpiDto(Code(kpi), NameOf(kpi), DefinitionOf(kpi), last.Value, last.Unit, last.Target,
            JsonNamingPolicy.CamelCase.ConvertName(last.Direction.ToString()), last.Meets, last.Numerator, last.Denominator,
            trend.Select(v => new KpiPoint(v.Quarter.ToString(), v.Value, v.Meets)).ToList());
    }

    /// <summary>The park's operators, its government viewers and the platform admin; an enterprise user 403; a park out of sight (or none) 404.</summary>
    public async Task<ParkProfile> RequireAggregatesAsync(long parkId, CancellationToken ct)
    {
        if (!Scope.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        var park = await profiles.ParkAsync(parkId, ct) ?? throw new NotFoundException("Park", parkId);
        if (!Scope.ReadsParkAggregates(parkId)) throw new ForbiddenException("ParkAggregatesAreForOperatorsAndGovernment");
        return park;
    }

    /// <summary>The day a quarter's stock figures (occupancy, enterprises, alerts) are read on: its last day, or today while it runs.</summary>
    public DateOnly AsOf(Quarter q) => q.LastDay < Today ? q.LastDay : Today;

    /// <summary>The end of the same quarter a year before: the survival cohort is the enterprises in the park then.</summary>
    private DateOnly CohortDay(Quarter q) => q.Plus(-4).LastDay;

    /// <summary>The end of a Shanghai day as a UTC instant.</summary>
    private static DateTime EndUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), Time.Shanghai);

    private static bool Leading(ParkTenure x, ParkChain chain) => chain.IndustryPrefixes.Any(p => x.IndustryCode.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The parks' figures of each quarter (consecutive, oldest first): those kept (<see cref="QuarterFactsStore"/>) where
    /// the park's stamp, the quarter's day and the build are still the ones they were gathered at; the other parks
    /// gathered now, set-wise, and kept (how many: <c>Gathered</c>). The stamps are read before anything is gathered, so a
    /// change committed while gathering makes the kept rows stale rather than leaving them wrong.
    /// </summary>
    private async Task<(Dictionary<long, (List<ParkQuarterFacts> Facts, KpiTargets Targets)> Figures, int Gathered)> KeptOrGatheredAsync(
        IReadOnlyList<ParkProfile> parks, IReadOnlyList<Quarter> quarters, CancellationToken ct)
    {
        var ids = parks.Select(p => p.Id).ToArray();
        var ends = quarters.Select(AsOf).ToList();
        var stamps = await kept.StampsAsync(ids, ct);
        var result = (await kept.CurrentAsync(ids, quarters, ends, stamps, ct))
            .ToDictionary(k => k.Key, k => (k.Value.Facts, KpiTargets.Default with { ServiceSharePercent = k.Value.ServiceTarget }));
        var stale = parks.Where(p => !result.ContainsKey(p.Id)).ToList();
        if (stale.Count == 0) return (result, 0);
        var gathered = await GatherAsync(stale, quarters, ct);
        await kept.KeepAsync(gathered, quarters, ends, stamps, ct);
        foreach (var (id, facts) in gathered) result[id] = facts;
        return (result, stale.Count);
    }

    /// <summary>
    /// The kept figures gathered again where they went stale (<see cref="QuarterFactsRefresher"/>): the trends of this
    /// quarter and of the last one, for every park the region view has been asked about in the last two years, through
    /// the same reading as the view. Returns how many parks were gathered.
    /// </summary>
    public async Task<int> RefreshKeptAsync(CancellationToken ct)
    {
        var now = Quarter.Of(Today);
        var parks = await profiles.ParksAsync(await kept.KeptParksAsync(now.Plus(-2 * TrendQuarters), ct), ct);
        if (parks.Count == 0) return 0;
        var n = 0;
        foreach (var q in new[] { now, now.Previous })
            n += (await KeptOrGatheredAsync(parks, Quarter.Span(q.Plus(-(TrendQuarters - 1)), q).ToList(), ct)).Gathered;
        return n;
    }

    /// <summary>
    /// Gathers the parks' figures of each quarter (consecutive, oldest first) through the areas' contracts, set-wise: one
    /// call per contract for all the parks, whatever their number (gather → compose in the domain). One park's dashboard
    /// and the region's overview both come through here.
    /// </summary>
    private async Task<Dictionary<long, (List<ParkQuarterFacts> Facts, KpiTargets Targets)>> GatherAsync(IReadOnlyList<ParkProfile> parks, IReadOnlyList<Quarter> quarters,
        CancellationToken ct)
    {
        var ids = parks.Select(p => p.Id).ToArray();
        var result = new Dictionary<long, (List<ParkQuarterFacts>, KpiTargets)>(ids.Length);
        if (ids.Length == 0) return result;
        var first = quarters[0];
        var last = quarters[^1];
        var ends = quarters.Select(AsOf).ToList();
        var leasedOf = await occupancy.LeasedAreaAsync(ids, ends, ct);
        var leasableOf = await units.LeasableAreasAsync(ids, ct);
        var tenuresOf = await directory.ParkTenuresAsync(ids, ct);
        var chainOf = await chains.ChainAsync(ids, ct);
        var sumsOf = await reports.ParkQuarterSumsAsync(ids, first.Plus(-4), last, ct);
        var deskOf = await desk.QuartersAsync(ids, first, last, ct);
        // the months of the quarters asked (and the park's target), as the revenue structure composes them
        var revenueOf = await revenue.MonthsAsync(ids, first.FirstDay, last.LastDay.AddDays(1), ct);
        var alertsOf = await alerts.AlertsAsync(ids, ct);
        // collaborations in the year up to each quarter's day, all quarters in one read
        var collaboratingOf = await collaborations.CollaboratorsAsync(ids, quarters.Select((q, i) => new DayWindow(q.Plus(-3).FirstDay, ends[i])).ToList(), ct);
        foreach (var park in parks)
        {
            var parkId = park.Id;
            var leased = leasedOf[parkId];
            var leasable = leasableOf[parkId];
            var tenures = tenuresOf[parkId];
            var chain = chainOf[parkId];
            var sums = sumsOf[parkId].ToDictionary(s => s.Quarter);
            var deskRows = deskOf[parkId].ToDictionary(d => d.Quarter);
            var revenueMonths = revenueOf[parkId].Months;
            var target = revenueOf[parkId].TargetPercent;
            var parkAlerts = alertsOf[parkId];
            result[parkId] = (QuarterFacts(park, quarters, ends, leased, leasable, tenures, chain, sums, deskRows, revenueMonths, parkAlerts, collaboratingOf[parkId]),
                KpiTargets.Default with { ServiceSharePercent = target });
        }
        return result;
    }

    private List<ParkQuarterFacts> QuarterFacts(ParkProfile park, IReadOnlyList<Quarter> quarters, List<DateOnly> ends, IReadOnlyList<LeasedAreaOnDay> leased,
        decimal leasable, IReadOnlyList<ParkTenure> tenures, ParkChain chain, Dictionary<Quarter, ParkQuarterSums> sums, Dictionary<Quarter, DeskQuarter> deskRows,
        IReadOnlyList<RevenueMonth> revenueMonths, IReadOnlyList<RiskAlertFacts> parkAlerts, IReadOnlyList<IReadOnlyDictionary<long, int>> collaboratingPerQuarter)
    {
        var facts = new List<ParkQuarterFacts>();
        for (var i = 0; i < quarters.Count; i++)
        {
            var q = quarters[i];
            var end = ends[i];
            var inPark = tenures.Where(x => x.InParkOn(end)).ToList();
            var cohort = tenures.Where(x => x.InParkOn(CohortDay(q))).ToList();
            var collaborating = collaboratingPerQuarter[i];
            var months = revenueMonths.Where(m => Quarter.Of(m.Month) == q).ToList();
            var income = months.Sum(m => m.Period.Total);
            var d = deskRows.GetValueOrDefault(q);
            var endUtc = EndUtc(end);
            facts.Add(new ParkQuarterFacts(q)
            {
                LeasableSqm = leasable, LeasedSqm = leased[i].LeasedSqm,
                Enterprises = inPark.Count,
                LeadingIndustryEnterprises = chain.IndustryPrefixes.Count == 0 ? null : inPark.Count(x => Leading(x, chain)),
                CohortAtStart = cohort.Count, CohortStillIn = cohort.Count(x => x.InParkOn(end)),
                Tax = sums.TryGetValue(q, out var s) ? s.Tax : null,
                Output = s?.Output,
                TaxYearAgo = sums.TryGetValue(q.Plus(-4), out var ago) ? ago.Tax : null,
                LandMu = park.LandMu > 0 ? park.LandMu : null,
                CollaboratingEnterprises = inPark.Count(x => collaborating.ContainsKey(x.Id)),
                Responded = d?.RepairsResponded, ResponseMinutesTotal = d?.RepairResponseMinutes,
                Rated = d?.Rated, Satisfied = d?.Satisfied,
                ServiceRevenue = income > 0 ? months.Sum(m => m.Period.Classes.First(c => c.Class == RevenueClass.Services).Amount) : null,
                TotalRevenue = income > 0 ? income : null,
                ChainStages = chain.Stages.Count == 0 ? null : chain.Stages.Count,
                // the same count as the chain map's completeness (ParkOps.Domain.Chains.ChainRules)
                StagesCovered = ParkOps.Domain.Chains.ChainRules.Completeness(chain.Stages, inPark.Select(x => x.ChainStages)).Covered,
                OpenAlerts = parkAlerts.Count(a => a.OpenAt(endUtc)),
            });
        }
        return facts;
    }
}
