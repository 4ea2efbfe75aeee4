using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Evaluation;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Evaluation;

public sealed record MujunTermDto(string Indicator, double? Value, decimal Benchmark, decimal Weight, double? Points);
/// <summary>The park list's row, as the API contract of issue 12 spells it.</summary>
public sealed record MujunParkRow(long EnterpriseId, decimal? Score, string Class, IReadOnlyList<MujunTermDto> Terms)
{
    /// <summary>"above" (规上), "below" (规下), or null for T: the group the rank is counted in.</summary>
    public string? Group { get; init; }
    public int? Rank { get; init; }
    public int? GroupSize { get; init; }
    public string? SupportPlan { get; init; }
}
public sealed record MujunPublishedVersion(int Year, int Version, long RunId, DateTime PublishedAt);
public sealed record MujunLiftStepDto(string Indicator, double? Current, double? Needed);
public sealed record MujunLiftDto(string TargetClass, decimal TargetScore, decimal PointsLacking, IReadOnlyList<MujunLiftStepDto> Steps);
public sealed record MujunEnterpriseResult(long EnterpriseId, int Year, int Version, DateTime PublishedAt, decimal? Score, string Class, int? Rank, int? GroupSize,
    string SizeClass, decimal LandMu, string? SupportPlan, IReadOnlyList<MujunTermDto> Terms, MujunLiftDto? Lift)
{
    /// <summary>Each term is capped at this many times its weight (the settings the result was computed with).</summary>
    public decimal CapFactor { get; init; } = 1.5m;
}
public sealed record MujunNotEvaluated(long EnterpriseId, string Reason, string? Detail);
public sealed record MujunIndicatorDto([Code(40)] string Indicator, decimal Weight, decimal Benchmark);
public sealed record MujunSettingsDto(long? RegionId, int Year, int Version, bool IsDefault, IReadOnlyList<MujunIndicatorDto> Indicators, decimal CapFactor,
    decimal ShareA, decimal ShareB, decimal ShareC, int MinYearsInProduction, bool ExcludeUtilities, bool CombinedParcel);
public sealed record MujunSettingsInput(IReadOnlyList<MujunIndicatorDto>? Indicators, decimal? CapFactor, decimal? ShareA, decimal? ShareB, decimal? ShareC,
    int? MinYearsInProduction, bool? ExcludeUtilities, bool? CombinedParcel);
public sealed record MujunRunInput(int? Year);
public sealed record MujunRunDto(long Id, long ParkId, int Year, string State, int? Version, DateTime ComputedAt, DateTime? PublishedAt,
    IReadOnlyDictionary<string, int> Classes, IReadOnlyList<MujunParkRow> Results, IReadOnlyList<MujunNotEvaluated> NotEvaluated, MujunSettingsDto Settings);
public sealed record MujunRunSummary(long Id, int Year, string State, int? Version, DateTime ComputedAt, DateTime? PublishedAt, IReadOnlyDictionary<string, int> Classes);

/// <summary>
/// The park's 亩均 evaluation: settings per region and year, runs (gather through Reporting's, Spaces' and Enterprises'
/// contracts → compute in <see cref="MujunEngine"/> → write a draft), publishing (versioned, immutable, classes set on the
/// enterprises for billing's surcharges), and the views: operators see everything, a government viewer classes and
/// scores without the firms' figures (DOMAIN §1) unless its region allows detail, an enterprise its own result.
/// </summary>
public sealed class MujunService(ParkOpsDb db, TimeProvider clock, IParkRegions regions, IQuarterlyReports reports, ILandAllocation land,
    IEnterpriseDirectory directory, IEnterpriseGrading grading, IStringLocalizer<Text> t) : Contracts.IMujunEvaluation
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>DOMAIN §7: the support plan each class brings.</summary>
    public static string? SupportPlan(string cls) => cls switch
    {
        "A" => "优先发展", "B" => "提升发展", "C" => "调控帮扶", "D" => "倒逼整治", _ => null,
    };

    public static string Key(MuIndicator i) => i switch
    {
        MuIndicator.TaxPerMu => "tax-per-mu",
        MuIndicator.ValueAddedPerMu => "value-added-per-mu",
        MuIndicator.ValueAddedPerEnergy => "value-added-per-energy",
        MuIndicator.ValueAddedPerEmission => "value-added-per-emission",
        MuIndicator.LabourProductivity => "labour-productivity",
        MuIndicator.RdIntensity => "rd-intensity",
        MuIndicator.BelowTaxPerMu => "below-tax-per-mu",
        _ => "tax-per-electricity",
    };

    private static readonly Dictionary<string, MuIndicator> ByKey = Enum.GetValues<MuIndicator>().ToDictionary(Key);

    // ------------------------------------------------------------------ settings

    public async Task<MujunSettingsDto> SettingsAsync(long regionId, int? year, CancellationToken ct)
    {
        // without a year: the settings in force for this year's evaluation
        if (db.Actor.IsEnterpriseOnly || !db.Actor.IsAuthenticated)
        {
            // an enterprise user learns of no region but its own park's (where it is refused the settings)
            foreach (var park in db.Actor.VisibleParkIds)
                if ((await regions.RegionChainAsync(park, ct)).Contains(regionId)) throw new ForbiddenException("MujunSettingsNotForEnterprises");
            throw new NotFoundException("Region", regionId);
        }
        var y = CheckYear(year ?? Time.Today(clock).Year);
        if (!await regions.RegionExistsAsync(regionId, ct)) throw new NotFoundException("Region", regionId);
        var (s, stored) = await SettingsForAsync([regionId], y, ct);
        return ToDto(s, stored ? regionId : null, !stored);
    }

    public async Task<MujunSettingsDto> SaveSettingsAsync(long regionId, int? year, MujunSettingsInput input, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsMayEditMujunSettings");
        var y = CheckYear(year);
        if (!await regions.RegionExistsAsync(regionId, ct)) throw new NotFoundException("Region", regionId);
        var (current, _) = await SettingsForAsync([regionId], y, ct);
        var indicators = current.Indicators.ToList();
        if (input.Indicators is { } list)
        {
            foreach (var i in list)
            {
                if (i.Indicator is null || !ByKey.TryGetValue(i.Indicator, out var id))
                    throw new ValidationException([new ValidationFailure("indicators", t["Val.Enum"]) { ErrorCode = "MujunIndicatorUnknown" }]);
                indicators[indicators.FindIndex(x => x.Indicator == id)] = new IndicatorSetting(id, i.Weight, i.Benchmark);
            }
        }
        var next = current with
        {
            Indicators = indicators,
            CapFactor = input.CapFactor ?? current.CapFactor,
            ShareA = input.ShareA ?? current.ShareA,
            ShareB = input.ShareB ?? current.ShareB,
            ShareC = input.ShareC ?? current.ShareC,
            MinYearsInProduction = input.MinYearsInProduction ?? current.MinYearsInProduction,
            ExcludeUtilities = input.ExcludeUtilities ?? current.ExcludeUtilities,
            CombinedParcel = input.CombinedParcel ?? current.CombinedParcel,
        };
        next.Check();
        var version = 1 + (await db.Set<MujunSettingsVersion>().Where(v => v.RegionId == regionId && v.Year == y).MaxAsync(v => (int?)v.Version, ct) ?? 0);
        db.Set<MujunSettingsVersion>().Add(new MujunSettingsVersion
        {
            RegionId = regionId, Year = y, Version = version,
            IndicatorsJson = JsonSerializer.Serialize(next.Indicators.Select(i => new MujunIndicatorDto(Key(i.Indicator), i.Weight, i.Benchmark)), Json),
            CapFactor = next.CapFactor, ShareA = next.ShareA, ShareB = next.ShareB, ShareC = next.ShareC, MinYearsInProduction = next.MinYearsInProduction,
            ExcludeUtilities = next.ExcludeUtilities, CombinedParcel = next.CombinedParcel, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = db.Actor.UserName,
        });
        await db.SaveChangesAsync(ct);
        return ToDto(next with { Version = version, Region = regionId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, regionId, false);
    }

    /// <summary>The settings in force for a year: the latest version stored for the nearest region of the chain, else DOMAIN §7's defaults.</summary>
    private async Task<(MujunSettings Settings, bool Stored)> SettingsForAsync(IReadOnlyList<long> chain, int year, CancellationToken ct)
    {
        var ids = chain.ToArray();
        var rows = await db.Set<MujunSettingsVersion>().AsNoTracking().Where(v => ids.Contains(v.RegionId) && v.Year == year).ToListAsync(ct);
        foreach (var regionId in chain)
        {
            var v = rows.Where(r => r.RegionId == regionId).OrderByDescending(r => r.Version).FirstOrDefault();
            if (v is null) continue;
            var indicators = JsonSerializer.Deserialize<List<MujunIndicatorDto>>(v.IndicatorsJson, Json)!
                .Select(i => new IndicatorSetting(ByKey[i.Indicator], i.Weight, i.Benchmark)).ToList();
            return (new MujunSettings(regionId.ToString(System.Globalization.CultureInfo.InvariantCulture), year, v.Version, indicators, v.CapFactor, v.ShareA, v.ShareB, v.ShareC,
                v.MinYearsInProduction, v.ExcludeUtilities, v.CombinedParcel), true);
        }
        return (MujunSettings.Default(chain.Count > 0 ? chain[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "", year) with { Version = 0 }, false);
    }

    private static MujunSettingsDto ToDto(MujunSettings s, long? regionId, bool isDefault) => new(regionId, s.Year, s.Version, isDefault,
        s.Indicators.Select(i => new MujunIndicatorDto(Key(i.Indicator), i.Weight, i.Benchmark)).ToList(), s.CapFactor, s.ShareA, s.ShareB, s.ShareC,
        s.MinYearsInProduction, s.ExcludeUtilities, s.CombinedParcel);

    // ------------------------------------------------------------------ runs

    private int CheckYear(int? year)
    {
        if (year is not { } y) throw new ValidationException([new ValidationFailure("year", t["Val.Required"]) { ErrorCode = "YearRequired" }]);
        if (y is < 2000 or > 2200) throw new ValidationException([new ValidationFailure("year", t["Mujun.YearRange"]) { ErrorCode = "YearInRange" }]);
        return y;
    }

    private async Task<IReadOnlyList<long>> ParkChainAsync(long parkId, CancellationToken ct)
    {
        if (!db.Actor.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        var chain = await regions.RegionChainAsync(parkId, ct);
        if (chain.Count == 0) throw new NotFoundException("Park", parkId);
        return chain;
    }

    /// <summary>Computes a draft for the park and year from the year's four reports, allocated land and the enterprises' archive.</summary>
    public async Task<MujunRunDto> RunAsync(long parkId, MujunRunInput input, CancellationToken ct)
    {
        var chain = await ParkChainAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayRunMujun");
        var year = CheckYear(input.Year);
        var today = Time.Today(clock);
        if (year >= today.Year)
            throw new DomainRuleException("MujunYearNotEnded", "year", $"{year} has not ended: its fourth quarter's reports are not all in") { Arguments = [year] };
        var (settings, _) = await SettingsForAsync(chain, year, ct);

        var totals = (await reports.ParkYearTotalsAsync(parkId, year, ct)).ToDictionary(t => t.EnterpriseId);
        var lands = (await land.AllocatedLandAsync(parkId, ct)).ToDictionary(l => l.EnterpriseId);
        // the park's firms in it now that filed a report of the year or hold land, by id
        var ids = totals.Keys.Concat(lands.Keys).ToHashSet();
        var members = (await directory.ParkFirmsAsync(parkId, ct)).Where(c => c.InPark && ids.Contains(c.Id)).ToList();
        var notEvaluated = new List<MujunNotEvaluated>();
        var firms = new List<MujunFirm>(members.Count);
        var firmIds = new List<long>(members.Count);
        var firmLand = new List<decimal>(members.Count);
        foreach (var card in members)
        {
            var f = totals.GetValueOrDefault(card.Id);
            if (f is null || f.QuarterCount < 4)
            {
                notEvaluated.Add(new(card.Id, "MujunReportsMissing", string.Join(", ", Enumerable.Range(1, 4).Where(n => f?.Filed(n) != true).Select(n => new Quarter(year, n).ToString()))));
                continue;
            }
            if (!lands.TryGetValue(card.Id, out var l) || l.LandMu <= 0) { notEvaluated.Add(new(card.Id, "MujunNoAllocatedLand", null)); continue; }
            if (card.EstablishedOn is not { } est) { notEvaluated.Add(new(card.Id, "MujunNoEstablishedDate", null)); continue; }
            firms.Add(new MujunFirm(
                Above: card.AboveScale,
                YearsInProduction: year - est.Year, // full years from the established date to 31 December of the year
                Utility: IsUtility(card.IndustryCode),
                LandMu: (double)l.LandMu,
                TaxWan: (double)f.Tax,
                ValueAddedWan: (double)f.ValueAdded,
                MainRevenueWan: (double)f.MainRevenue,
                RdWan: (double)f.RdSpend,
                EnergyTce: (double)f.EnergyTce,
                EmissionsT: f.EmissionsT is { } e ? (double)e : null,
                ElectricityWanKwh: (double)f.ElectricityKwh / 10_000,
                AvgHeadcount: (double)f.AvgHeadcount,
                Unit: l.MainBuildingId));
            firmIds.Add(card.Id);
            firmLand.Add(l.LandMu);
        }
        // a figure the rules cannot divide by leaves that firm out with the reason, not the whole park
        var problems = MujunEngine.Check(firms.ToArray(), settings);
        if (problems.Count > 0)
        {
            var bad = problems.Select(p => p.Index).ToHashSet();
            foreach (var p in problems.GroupBy(p => p.Index)) notEvaluated.Add(new(firmIds[p.Key], p.First().Rule, string.Join(", ", p.Select(x => x.Field))));
            var keep = Enumerable.Range(0, firms.Count).Where(i => !bad.Contains(i)).ToList();
            firms = keep.Select(i => firms[i]).ToList(); firmIds = keep.Select(i => firmIds[i]).ToList(); firmLand = keep.Select(i => firmLand[i]).ToList();
        }
        var result = MujunEngine.Evaluate(firms.ToArray(), settings);
        var run = new MujunRun
        {
            ParkId = parkId, Year = year, State = MujunRunState.Draft, ComputedAt = clock.GetUtcNow().UtcDateTime, ComputedBy = db.Actor.UserName,
            SettingsJson = JsonSerializer.Serialize(ToDto(settings, long.TryParse(settings.Region, out var rid) ? rid : null, settings.Version == 0), Json),
            NotEvaluatedJson = JsonSerializer.Serialize(notEvaluated.OrderBy(n => n.EnterpriseId).ToList(), Json),
        };
        await WriteDraftAsync(run, () => ResultRows(parkId, firms, firmIds, firmLand, result), ct);
        return await RunDtoAsync(run, ct);
    }

    /// <summary>The draft's rows: each firm's class, score and rank with its terms and what would lift it (as JSON), for the page and the enterprise.</summary>
    private static List<MujunResultRow> ResultRows(long parkId, List<MujunFirm> firms, List<long> firmIds, List<decimal> firmLand, MujunResult result)
    {
        var results = new List<MujunResultRow>(firms.Count);
        for (var i = 0; i < firms.Count; i++)
        {
            var cls = result.Classes[i].ToString();
            var lift = result.LiftOf(i);
            results.Add(new MujunResultRow
            {
                ParkId = parkId, EnterpriseId = firmIds[i], Class = cls, Score = result.RoundedScore(i),
                RawScore = cls == "T" ? null : result.Scores[i],
                Rank = cls == "T" ? null : result.Ranks[i], GroupSize = cls == "T" ? null : result.GroupSizes[i],
                AboveScale = firms[i].Above, LandMu = Math.Round(firmLand[i], 4), SupportPlan = SupportPlan(cls),
                TermsJson = JsonSerializer.Serialize(result.TermsOf(i).Select(ToDto).ToList(), Json),
                LiftJson = lift is null ? null : JsonSerializer.Serialize(new MujunLiftDto(lift.Target.ToString(), MujunEngine.Round(lift.TargetScore),
                    Math.Round((decimal)lift.PointsLacking, 2, MidpointRounding.ToPositiveInfinity),
                    lift.Steps.Select(s => new MujunLiftStepDto(Key(s.Indicator), R6(s.Current), R6(s.Needed))).ToList()), Json),
            });
        }
        return results;
    }

    /// <summary>
    /// The run through the change tracker (its audit row keeps the settings used and the firms left out), its result
    /// rows set-wise in the same transaction (<see cref="SetWriter"/>: binary COPY on PostgreSQL, one prepared INSERT on
    /// SQLite), as the bill run writes its lines. Through the tracker every row also took an audit row of its own: the
    /// draft's save was over half of a run (bench/results/mujun.md). The rows are derived from the stored reports and
    /// the run's settings; publishing audits each class it sets on an enterprise. The rows are built once the run has
    /// its id, inside the write: they are the explanation kept for each firm, not part of evaluating it.
    /// </summary>
    private async Task WriteDraftAsync(MujunRun run, Func<List<MujunResultRow>> rows, CancellationToken ct)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Set<MujunRun>().Add(run);
        await db.SaveChangesAsync(ct);
        var results = rows();
        foreach (var r in results) r.RunId = run.Id;
        await SetWriter.InsertAsync(db, results, null, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        // the rows went past the tracker: the run leaves it as well, so no later save of this scope takes them for new ones
        db.Entry(run).State = EntityState.Detached;
        run.Results.AddRange(results);
    }

    /// <summary>GB/T 4754 section D (电力、热力、燃气及水生产和供应业): divisions 44–46, stored as "D4411" or "4411".</summary>
    public static bool IsUtility(string? industryCode)
    {
        var c = (industryCode ?? "").Trim().ToUpperInvariant();
        if (c.StartsWith('D')) return true;
        return c.StartsWith("44", StringComparison.Ordinal) || c.StartsWith("45", StringComparison.Ordinal) || c.StartsWith("46", StringComparison.Ordinal);
    }

    private static double? R6(double? v) => v is { } x && !double.IsNaN(x) ? Math.Round(x, 6) : null;

    private static MujunTermDto ToDto(MujunTerm term) => new(Key(term.Indicator), R6(term.Value), term.Benchmark, term.Weight, Math.Round(term.Points, 4));

    public async Task<MujunRunDto> RunAsync(long parkId, long runId, CancellationToken ct)
    {
        await ParkChainAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayRunMujun");
        var run = await db.Set<MujunRun>().AsNoTracking().Include(r => r.Results).FirstOrDefaultAsync(r => r.Id == runId && r.ParkId == parkId, ct)
            ?? throw new NotFoundException("MujunRun", runId);
        return await RunDtoAsync(run, ct);
    }

    public async Task<List<MujunRunSummary>> RunsAsync(long parkId, int? year, CancellationToken ct)
    {
        await ParkChainAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayRunMujun");
        var q = db.Set<MujunRun>().AsNoTracking().Where(r => r.ParkId == parkId);
        if (year is { } y) q = q.Where(r => r.Year == y);
        var runs = await q.OrderByDescending(r => r.Id).Take(50).Select(r => new { r.Id, r.Year, r.State, r.Version, r.ComputedAt, r.PublishedAt, Classes = r.Results.Select(x => x.Class).ToList() }).ToListAsync(ct);
        return runs.Select(r => new MujunRunSummary(r.Id, r.Year, r.State.ToString().ToLowerInvariant(), r.Version, r.ComputedAt, r.PublishedAt, Count(r.Classes))).ToList();
    }

    private static Dictionary<string, int> Count(IEnumerable<string> classes)
    {
        var d = new[] { "A", "B", "C", "D", "T" }.ToDictionary(c => c, _ => 0);
        foreach (var c in classes) d[c]++;
        return d;
    }

    private Task<MujunRunDto> RunDtoAsync(MujunRun run, CancellationToken ct) => Task.FromResult(new MujunRunDto(run.Id, run.ParkId, run.Year,
        run.State.ToString().ToLowerInvariant(), run.Version, run.ComputedAt, run.PublishedAt, Count(run.Results.Select(r => r.Class)),
        run.Results.OrderBy(r => r.EnterpriseId).Select(r => Row(r, true)).ToList(),
        JsonSerializer.Deserialize<List<MujunNotEvaluated>>(run.NotEvaluatedJson, Json)!,
        JsonSerializer.Deserialize<MujunSettingsDto>(run.SettingsJson, Json)!));

    private static MujunParkRow Row(MujunResultRow r, bool withFigures) =>
        new(r.EnterpriseId, r.Score, r.Class, withFigures ? JsonSerializer.Deserialize<List<MujunTermDto>>(r.TermsJson, Json)! : [])
        {
            Group = r.Class == "T" ? null : r.AboveScale ? "above" : "below",
            Rank = r.Rank,
            GroupSize = r.GroupSize,
            SupportPlan = r.SupportPlan,
        };

    /// <summary>
    /// Publishes a draft as the next version of the park's and year's result (immutable from then on), sets each
    /// evaluated enterprise's class (billing's surcharges read it) in the same transaction. Firms the run left out keep
    /// the class they had: a missing report is itself followed up, not graded.
    /// </summary>
    public async Task<MujunRunDto> PublishAsync(long parkId, long runId, CancellationToken ct)
    {
        await ParkChainAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayRunMujun");
        var run = await db.Set<MujunRun>().Include(r => r.Results).FirstOrDefaultAsync(r => r.Id == runId && r.ParkId == parkId, ct)
            ?? throw new NotFoundException("MujunRun", runId);
        if (run.State == MujunRunState.Published)
            throw new DomainRuleException("MujunRunAlreadyPublished", "id", "a published result is final; run again for a new draft", RuleKind.Conflict) { Arguments = [run.Version ?? 0] };
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var version = 1 + (await db.Set<MujunRun>().Where(r => r.ParkId == parkId && r.Year == run.Year && r.Version != null).MaxAsync(r => r.Version, ct) ?? 0);
        run.State = MujunRunState.Published;
        run.Version = version;
        run.PublishedAt = clock.GetUtcNow().UtcDateTime;
        run.PublishedBy = db.Actor.UserName;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            throw new DomainRuleException("MujunRunAlreadyPublished", "id", "another publication of this park and year came first", RuleKind.Conflict) { Arguments = [version] };
        }
        // every evaluated firm's class in one call (one read per slice of firms, one save), not a read and a save per firm
        await grading.SetMuClassesAsync(run.Results.OrderBy(r => r.EnterpriseId).Select(r => (r.EnterpriseId, (string?)r.Class)).ToList(), run.Year, version, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return await RunDtoAsync(run, ct);
    }

    public async Task<Contracts.MujunYearSummary?> PublishedSummaryAsync(long parkId, int year, CancellationToken ct)
    {
        var run = await db.Set<MujunRun>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == parkId && r.Year == year && r.State == MujunRunState.Published)
            .OrderByDescending(r => r.Version).Select(r => new { r.Id, r.Version }).FirstOrDefaultAsync(ct);
        if (run is null) return null;
        var rows = await db.Set<MujunResultRow>().IgnoreQueryFilters().AsNoTracking().Where(r => r.RunId == run.Id)
            .Select(r => new { r.EnterpriseId, r.Class, r.AboveScale }).ToListAsync(ct);
        return new Contracts.MujunYearSummary(year, run.Version ?? 0, rows.GroupBy(r => r.Class).ToDictionary(g => g.Key, g => g.Count()),
            rows.Select(r => r.EnterpriseId).ToHashSet(), rows.Where(r => r.AboveScale).Select(r => r.EnterpriseId).ToHashSet());
    }

    public async Task<Contracts.MujunPublished> RunAndPublishAsync(long parkId, int year, CancellationToken ct)
    {
        var draft = await RunAsync(parkId, new MujunRunInput(year), ct);
        var published = await PublishAsync(parkId, draft.Id, ct);
        return new Contracts.MujunPublished(published.Id, published.Version ?? 0, published.Classes, published.NotEvaluated.Count);
    }

    // ------------------------------------------------------------------ published results

    private async Task<MujunRun?> LatestPublishedAsync(long parkId, int year, CancellationToken ct) =>
        await db.Set<MujunRun>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == parkId && r.Year == year && r.State == MujunRunState.Published)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The latest published result of the park and year. Operators and the platform admin see every term; a government
    /// viewer sees each firm's class and score but no term (its values are the firm's confidential figures divided by its
    /// land), unless its region allows enterprise detail; an enterprise user is refused the park's list.
    /// </summary>
    public async Task<List<MujunParkRow>> ParkResultAsync(long parkId, int? year, CancellationToken ct)
    {
        await ParkChainAsync(parkId, ct);
        var a = db.Actor;
        var full = a.CanOperatePark(parkId) || a.SeesEnterpriseDetailOfPark(parkId);
        if (!full && !a.GovernmentParkIds.Contains(parkId)) throw new ForbiddenException("MujunParkListNotForEnterprises");
        // without a year: the latest year the park has published
        year ??= await db.Set<MujunRun>().IgnoreQueryFilters().Where(r => r.ParkId == parkId && r.State == MujunRunState.Published).MaxAsync(r => (int?)r.Year, ct);
        if (year is null) return [];
        var y = CheckYear(year);
        var run = await LatestPublishedAsync(parkId, y, ct);
        if (run is null) return [];
        // the government viewer's rows are read past the enterprise filter on purpose, after the check above
        var rows = await db.Set<MujunResultRow>().IgnoreQueryFilters().AsNoTracking().Where(r => r.RunId == run.Id).OrderBy(r => r.EnterpriseId).ToListAsync(ct);
        return rows.Select(r => Row(r, full)).ToList();
    }

    /// <summary>The latest published version of each year the park has published, latest year first (operators, the admin and the park's government viewers).</summary>
    public async Task<List<MujunPublishedVersion>> PublishedAsync(long parkId, CancellationToken ct)
    {
        await ParkChainAsync(parkId, ct);
        var a = db.Actor;
        if (!a.CanOperatePark(parkId) && !a.SeesEnterpriseDetailOfPark(parkId) && !a.GovernmentParkIds.Contains(parkId))
            throw new ForbiddenException("MujunParkListNotForEnterprises");
        var runs = await db.Set<MujunRun>().IgnoreQueryFilters().Where(r => r.ParkId == parkId && r.State == MujunRunState.Published)
            .Select(r => new MujunPublishedVersion(r.Year, r.Version ?? 0, r.Id, r.PublishedAt ?? r.ComputedAt)).ToListAsync(ct);
        return runs.GroupBy(r => r.Year).Select(g => g.MaxBy(r => r.Version)!).OrderByDescending(r => r.Year).ToList();
    }

    /// <summary>The enterprise's own latest published result of the year with every term, benchmark and what would lift it a class.</summary>
    public async Task<MujunEnterpriseResult> EnterpriseResultAsync(long enterpriseId, int? year, CancellationToken ct)
    {
        // without a year: the latest year published with a result for the enterprise
        var any = year is null;
        var y = any ? 0 : CheckYear(year);
        // the enterprise filter: its own users and its park's operators (and the admin) see the row; nobody else. No
        // IgnoreQueryFilters anywhere in this query: EF Core would lift the filter of every set in it, the results' too.
        var row = await db.Set<MujunResultRow>().AsNoTracking()
            .Join(db.Set<MujunRun>().Where(r => (any || r.Year == y) && r.State == MujunRunState.Published), r => r.RunId, run => run.Id, (r, run) => new { r, run.Year, run.Version, run.PublishedAt, run.SettingsJson })
            .Where(x => x.r.EnterpriseId == enterpriseId).OrderByDescending(x => x.Year).ThenByDescending(x => x.Version).FirstOrDefaultAsync(ct);
        if (row is not null) y = row.Year;
        if (row is null)
        {
            var card = (await directory.CardsAsync([enterpriseId], ct)).GetValueOrDefault(enterpriseId);
            var mayAsk = card is not null && (db.Actor.CanOperatePark(card.ParkId) || db.Actor.EnterpriseIds.Contains(enterpriseId));
            throw new NotFoundException(mayAsk ? "MujunResult" : "Enterprise", mayAsk ? (any ? $"{enterpriseId}" : $"{enterpriseId}/{y}") : enterpriseId);
        }
        var r = row.r;
        return new MujunEnterpriseResult(r.EnterpriseId, y, row.Version ?? 0, row.PublishedAt ?? default, r.Score, r.Class, r.Rank, r.GroupSize,
            r.AboveScale ? "above" : "below", r.LandMu, r.SupportPlan, JsonSerializer.Deserialize<List<MujunTermDto>>(r.TermsJson, Json)!,
            r.LiftJson is null ? null : JsonSerializer.Deserialize<MujunLiftDto>(r.LiftJson, Json))
        {
            CapFactor = JsonSerializer.Deserialize<MujunSettingsDto>(row.SettingsJson, Json)!.CapFactor,
        };
    }
}
