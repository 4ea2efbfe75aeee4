using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Benefits;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Contribution;

public sealed record ContributionTermDto(string Indicator, decimal? Value, decimal ParkMax, decimal Normalised, decimal Weight, decimal Points, IReadOnlyList<ContributionEvidence> Evidence);
/// <summary>The API contract of issue 14: one enterprise's published score with its breakdown.</summary>
public sealed record ContributionScoreRow(long EnterpriseId, decimal Score, IReadOnlyList<ContributionTermDto> Breakdown);
public sealed record ContributionSettingsDto(int Version, bool IsDefault, IReadOnlyList<decimal> Weights, ContributionPoints Points);
public sealed record ContributionSettingsInput([MaxItems(5)] IReadOnlyList<decimal>? Weights, ContributionPoints? Points);
public sealed record ContributionRunInput(int? Year);
public sealed record ContributionRunDto(long Id, long ParkId, int Year, string State, int? Version, DateTime ComputedAt, DateTime? PublishedAt,
    ContributionSettingsDto Settings, IReadOnlyList<ContributionScoreRow> Scores);
public sealed record ContributionRunSummary(long Id, int Year, string State, int? Version, DateTime ComputedAt, DateTime? PublishedAt);
[StoredIn(typeof(ContributionRecord))]
public sealed record ContributionRecordInput(long? EnterpriseId, [Code(24)] string? Kind, DateOnly? OccurredOn, [Line] string? Title, decimal? Hours);
public sealed record ContributionRecordsInput([MaxItems(5000)] IReadOnlyList<ContributionRecordInput>? Rows);
public sealed record ContributionRecordDto(long Id, long EnterpriseId, string Kind, DateOnly OccurredOn, string Title, decimal? Hours, string CreatedBy);

/// <summary>
/// The contribution score (DOMAIN §6, issue 14 §1): the park's settings, its records, drafts computed from the
/// platform's records (gather through contracts in <see cref="ContributionAggregator"/> → score in
/// <see cref="ContributionEngine"/> → write), publishing (versioned and immutable; the published score goes to the
/// enterprise for the rent contribution discount) and the views: operators see the park, an enterprise only its own row,
/// a government viewer the scores and their points without the firms' figures and records unless its region allows.
/// </summary>
public sealed class ContributionService(ParkOpsDb db, TimeProvider clock, ContributionAggregator aggregator, IEnterpriseDirectory directory,
    IEnterpriseGrading grading, IStringLocalizer<Text> t)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Key(ContributionIndicator i) => i switch
    {
        ContributionIndicator.OrderCollaboration => "order-collaboration",
        ContributionIndicator.TechnologySharing => "technology-sharing",
        ContributionIndicator.TalentMobility => "talent-mobility",
        ContributionIndicator.PlatformActivity => "platform-activity",
        _ => "public-affairs",
    };

    private DateOnly Today => Time.Today(clock);

    /// <summary>A year scores can exist for: 2000 up to this year (a year still running may be computed, as a preview or for a mid-year rebate).</summary>
    internal int CheckYear(int? year)
    {
        if (year is not { } y) throw new ValidationException([new ValidationFailure("year", t["Val.Required"]) { ErrorCode = "YearRequired" }]);
        if (y < 2000 || y > Today.Year) throw new ValidationException([new ValidationFailure("year", t["Contribution.YearUnknown", y, Today.Year]) { ErrorCode = "ContributionYearUnknown" }]);
        return y;
    }

    internal async Task CheckParkAsync(long parkId, CancellationToken ct)
    {
        if (!db.Actor.CanSeePark(parkId) || !(await directory.ParkIdsAsync(ct)).Contains(parkId)) throw new NotFoundException("Park", parkId);
    }

    internal async Task CheckOperatorAsync(long parkId, CancellationToken ct)
    {
        await CheckParkAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayRunContribution");
    }

    // ------------------------------------------------------------------ settings

    public async Task<ContributionSettingsDto> SettingsAsync(long parkId, CancellationToken ct)
    {
        await CheckParkAsync(parkId, ct);
        return await CurrentSettingsAsync(parkId, ct);
    }

    private async Task<ContributionSettingsDto> CurrentSettingsAsync(long parkId, CancellationToken ct)
    {
        var v = await db.Set<ContributionSettingsVersion>().AsNoTracking().Where(s => s.ParkId == parkId).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (v is null) return new ContributionSettingsDto(0, true, BenefitsSettings.Default.Weights, ContributionPoints.Default);
        return JsonSerializer.Deserialize<ContributionSettingsDto>(v.Json, Json)! with { Version = v.Version, IsDefault = false };
    }

    public async Task<ContributionSettingsDto> SaveSettingsAsync(long parkId, ContributionSettingsInput input, CancellationToken ct)
    {
        await CheckOperatorAsync(parkId, ct);
        var current = await CurrentSettingsAsync(parkId, ct);
        var weights = input.Weights ?? current.Weights;
        var points = input.Points ?? current.Points;
        var errors = points.Fields().Where(f => f.Value < 0).Select(f => new ValidationFailure("points." + f.Field, t["Contribution.PointsNotNegative"]) { ErrorCode = "ContributionPointsMustNotBeNegative" }).ToList();
        if (errors.Count > 0) throw new ValidationException(errors);
        (BenefitsSettings.Default with { Weights = weights.ToList() }).Check();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var version = 1 + (await db.Set<ContributionSettingsVersion>().Where(s => s.ParkId == parkId).MaxAsync(s => (int?)s.Version, ct) ?? 0);
        var dto = new ContributionSettingsDto(version, false, weights.ToList(), points);
        db.Set<ContributionSettingsVersion>().Add(new ContributionSettingsVersion
        {
            ParkId = parkId, Version = version, Json = JsonSerializer.Serialize(dto, Json), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = db.Actor.UserName,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return dto;
    }

    // ------------------------------------------------------------------ records

    public async Task<List<ContributionRecordDto>> RecordsAsync(long parkId, int? year, CancellationToken ct)
    {
        await CheckParkAsync(parkId, ct);
        var y = CheckYear(year);
        var (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        // the enterprise filter: operators see the park's records, an enterprise its own, a government viewer none
        var rows = await db.Set<ContributionRecord>().AsNoTracking().Where(r => r.ParkId == parkId && r.OccurredOn >= from && r.OccurredOn <= to)
            .OrderBy(r => r.OccurredOn).ThenBy(r => r.Id).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    private static ContributionRecordDto ToDto(ContributionRecord r) => new(r.Id, r.EnterpriseId, r.Kind.ToString(), r.OccurredOn, r.Title, r.Hours, r.CreatedBy);

    /// <summary>Records (or imports) rows of records, all or none: every row's problems are reported with its index.</summary>
    public async Task<List<ContributionRecordDto>> AddRecordsAsync(long parkId, ContributionRecordsInput input, CancellationToken ct)
    {
        await CheckOperatorAsync(parkId, ct);
        var rows = input.Rows ?? [];
        var errors = new List<ValidationFailure>();
        if (rows.Count == 0) errors.Add(new ValidationFailure("rows", t["Val.Required"]) { ErrorCode = "RowsRequired" });
        var members = (await directory.ParkMembersAsync(parkId, ct)).Where(m => m.InPark).Select(m => m.Id).ToHashSet();
        var today = Today;
        var list = new List<ContributionRecord>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var at = $"rows[{i}]";
            var row = i + 1;
            if (r.EnterpriseId is not { } e || !members.Contains(e)) errors.Add(new($"{at}.enterpriseId", t["Contribution.RowEnterpriseUnknown", row]) { ErrorCode = "ContributionEnterpriseNotInPark" });
            if (!Enum.TryParse<ContributionRecordKind>(r.Kind, true, out var kind) || int.TryParse(r.Kind, out _)) errors.Add(new($"{at}.kind", t["Contribution.RowKindUnknown", row]) { ErrorCode = "ContributionRecordKindUnknown" });
            if (r.OccurredOn is not { } on || on > today || on.Year < 2000) errors.Add(new($"{at}.occurredOn", t["Contribution.RowDate", row]) { ErrorCode = "ContributionRecordDate" });
            if (string.IsNullOrWhiteSpace(r.Title)) errors.Add(new($"{at}.title", t["Contribution.RowTitle", row]) { ErrorCode = "ContributionRecordTitle" });
            if (kind == ContributionRecordKind.TrainingGiven && r.Hours is not > 0 || r.Hours is < 0 or > 10_000)
                errors.Add(new($"{at}.hours", t["Contribution.RowHours", row]) { ErrorCode = "ContributionTrainingHours" });
            if (errors.Count > 0) continue;
            list.Add(new ContributionRecord
            {
                ParkId = parkId, EnterpriseId = r.EnterpriseId!.Value, Kind = kind, OccurredOn = r.OccurredOn!.Value, Title = r.Title!.Trim(),
                Hours = kind == ContributionRecordKind.TrainingGiven ? r.Hours : null, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = db.Actor.UserName,
            });
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        db.Set<ContributionRecord>().AddRange(list);
        await db.SaveChangesAsync(ct);
        return list.Select(ToDto).ToList();
    }

    // ------------------------------------------------------------------ runs

    /// <summary>Computes a draft for the park and year from the platform's records (every enterprise in the park, 0 where nothing was recorded).</summary>
    public async Task<ContributionRunDto> ComputeAsync(long parkId, ContributionRunInput input, CancellationToken ct)
    {
        await CheckOperatorAsync(parkId, ct);
        var year = CheckYear(input.Year);
        var settings = await CurrentSettingsAsync(parkId, ct);
        var ids = (await directory.ParkMembersAsync(parkId, ct)).Where(m => m.InPark).Select(m => m.Id).OrderBy(id => id).ToList();
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        // the columns a value needs (the titles are read with the records behind a value, later)
        var records = await db.Set<ContributionRecord>().AsNoTracking().Where(r => r.ParkId == parkId && r.OccurredOn >= from && r.OccurredOn <= to)
            .Select(r => new ContributionRecord { Id = r.Id, ParkId = r.ParkId, EnterpriseId = r.EnterpriseId, Kind = r.Kind, OccurredOn = r.OccurredOn, Hours = r.Hours, Title = "" })
            .ToListAsync(ct);
        // the values only: the records behind them are read again when someone opens a run or a firm (WithEvidenceAsync)
        var (raw, read) = await aggregator.GatherAsync(parkId, year, ids, records, settings.Points, evidence: false, cut: null, ct);
        var rules = BenefitsSettings.Default with { Weights = settings.Weights };
        var result = ContributionEngine.Evaluate(raw.Select(r => new ContributionInput(Id(r.EnterpriseId), r.Values)).ToList(), rules);
        var run = new ContributionRun
        {
            ParkId = parkId, Year = year, State = ContributionRunState.Draft, SettingsJson = JsonSerializer.Serialize(settings, Json),
            ComputedAt = clock.GetUtcNow().UtcDateTime, ComputedBy = db.Actor.UserName, RecordsUpTo = records.Count == 0 ? 0 : records.Max(r => r.Id), ActivityUpTo = read.ActivityUpTo,
            CountedJson = JsonSerializer.Serialize(new Counted(read.Collaborations!, read.OrderParts!), Json),
        };
        // the run through the change tracker (its audit row keeps the settings used); its result rows set-wise in the same
        // transaction (SetWriter: binary COPY on PostgreSQL, one prepared INSERT on SQLite), as the 亩均 run writes its rows:
        // they are derived from the stored records and the run's settings, and through the tracker each took an audit row
        // of its own carrying its whole breakdown again (bench/results/benefits.md). A row keeps the terms (value, park
        // maximum, normalised, weight, points), not the records behind them: those are on record already, and reading them
        // again as of the run's moment (WithEvidenceAsync) gives the same list that a stored copy would.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<ContributionRun>().Add(run);
        await db.SaveChangesAsync(ct);
        var answer = new List<ContributionScoreRow>(raw.Count);
        var rows = raw.Select((r, i) =>
        {
            var terms = result.Scores[i].Breakdown.Select(term => new ContributionTermDto(Key(term.Indicator), term.Value, term.ParkMax,
                term.Normalised, term.Weight, term.Points, [])).ToList();
            // the answer from the same terms, not parsed back from the JSON just written
            answer.Add(new ContributionScoreRow(r.EnterpriseId, result.Scores[i].Score, terms));
            return new ContributionResultRow { RunId = run.Id, ParkId = parkId, EnterpriseId = r.EnterpriseId, Score = result.Scores[i].Score, BreakdownJson = JsonSerializer.Serialize(terms, Json) };
        }).ToList();
        await SetWriter.InsertAsync(db, rows, null, ct);
        await tx.CommitAsync(ct);
        return Dto(run, answer.OrderBy(r => r.EnterpriseId).ToList());
    }

    /// <summary>What a run counted besides the records up to its mark (<see cref="ContributionRun.CountedJson"/>).</summary>
    private sealed record Counted(IReadOnlyCollection<long> Collaborations, IReadOnlyCollection<long> OrderParts);

    /// <summary>Identifiers as the engines compare them (ordinal): zero-padded, so the rebate's ties go by enterprise id ascending.</summary>
    internal static string Id(long enterpriseId) => enterpriseId.ToString("D19", CultureInfo.InvariantCulture);

    private static ContributionRunDto Dto(ContributionRun run, IEnumerable<ContributionResultRow> rows, bool full) =>
        Dto(run, rows.OrderBy(r => r.EnterpriseId).Select(r => Row(r, full)).ToList());

    private static ContributionRunDto Dto(ContributionRun run, IReadOnlyList<ContributionScoreRow> scores) => new(run.Id, run.ParkId, run.Year,
        run.State.ToString().ToLowerInvariant(), run.Version, run.ComputedAt, run.PublishedAt, JsonSerializer.Deserialize<ContributionSettingsDto>(run.SettingsJson, Json)!, scores);

    internal static ContributionScoreRow Row(ContributionResultRow r, bool full)
    {
        var terms = JsonSerializer.Deserialize<List<ContributionTermDto>>(r.BreakdownJson, Json)!;
        // without detail: the normalised value and points (how the score is made), not the firm's figures or its records
        return new ContributionScoreRow(r.EnterpriseId, r.Score, full ? terms : terms.Select(x => x with { Value = null, ParkMax = 0, Evidence = [] }).ToList());
    }

    public async Task<List<ContributionRunSummary>> RunsAsync(long parkId, int? year, CancellationToken ct)
    {
        await CheckOperatorAsync(parkId, ct);
        var q = db.Set<ContributionRun>().AsNoTracking().Where(r => r.ParkId == parkId);
        if (year is { } y) q = q.Where(r => r.Year == y);
        var runs = await q.OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        return runs.Select(r => new ContributionRunSummary(r.Id, r.Year, r.State.ToString().ToLowerInvariant(), r.Version, r.ComputedAt, r.PublishedAt)).ToList();
    }

    public async Task<ContributionRunDto> RunAsync(long parkId, long runId, CancellationToken ct)
    {
        await CheckOperatorAsync(parkId, ct);
        var run = await db.Set<ContributionRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.ParkId == parkId, ct) ?? throw new NotFoundException("ContributionRun", runId);
        var rows = await db.Set<ContributionResultRow>().AsNoTracking().Where(r => r.RunId == runId).OrderBy(r => r.EnterpriseId).ToListAsync(ct);
        return Dto(run, await WithEvidenceAsync(run, rows.Select(r => Row(r, full: true)).ToList(), ct));
    }

    /// <summary>
    /// The rows with the records behind each indicator, read again as the run read them with its settings (the contribution
    /// records and audit rows up to its marks, the collaborations and order parts it counted), so each term's records add
    /// up to its stored value. Rows of runs from before the marks carry their records already. The caller has decided the
    /// rows may be seen in full.
    /// </summary>
    internal async Task<List<ContributionScoreRow>> WithEvidenceAsync(ContributionRun run, List<ContributionScoreRow> rows, CancellationToken ct)
    {
        static bool Stored(ContributionScoreRow r) => r.Breakdown.Any(t => t.Evidence.Count > 0);
        if (rows.All(Stored)) return rows;
        var settings = JsonSerializer.Deserialize<ContributionSettingsDto>(run.SettingsJson, Json)!;
        var (from, to) = (new DateOnly(run.Year, 1, 1), new DateOnly(run.Year, 12, 31));
        var ids = rows.Select(r => r.EnterpriseId).ToList();
        // the park's records as the run read them (the enterprise filter already applied when the rows were chosen); one
        // firm's page asks for its own only
        var q = db.Set<ContributionRecord>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == run.ParkId && r.OccurredOn >= from && r.OccurredOn <= to);
        // up to the run's mark (a run from before the marks: what was entered by its moment)
        q = run.RecordsUpTo is { } upTo ? q.Where(r => r.Id <= upTo) : q.Where(r => r.CreatedAt <= run.ComputedAt);
        if (ids.Count == 1) q = q.Where(r => r.EnterpriseId == ids[0]);
        var records = await q.ToListAsync(ct);
        var counted = run.CountedJson is { } json ? JsonSerializer.Deserialize<Counted>(json, Json) : null;
        var cut = new ContributionCut(run.ActivityUpTo ?? long.MaxValue, counted?.Collaborations.ToHashSet(), counted?.OrderParts.ToHashSet());
        var raw = (await aggregator.GatherAsync(run.ParkId, run.Year, ids, records, settings.Points ?? ContributionPoints.Default, evidence: true, cut, ct))
            .Rows.ToDictionary(r => r.EnterpriseId);
        return rows.Select(r => Stored(r) ? r : r with
        {
            Breakdown = r.Breakdown.Select((term, i) => term with { Evidence = raw[r.EnterpriseId].Evidence[i] }).ToList(),
        }).ToList();
    }

    /// <summary>
    /// Publishes a draft as the next version of the park's and year's scores (immutable from then on) and gives each
    /// enterprise its published score for the rent contribution discount, in one transaction.
    /// </summary>
    public async Task<ContributionRunDto> PublishAsync(long parkId, long runId, CancellationToken ct)
    {
        await CheckOperatorAsync(parkId, ct);
        var run = await db.Set<ContributionRun>().FirstOrDefaultAsync(r => r.Id == runId && r.ParkId == parkId, ct) ?? throw new NotFoundException("ContributionRun", runId);
        if (run.State == ContributionRunState.Published)
            throw new DomainRuleException("ContributionRunAlreadyPublished", "id", "a published version is final; compute again for a new draft", RuleKind.Conflict) { Arguments = [run.Version ?? 0] };
        var rows = await db.Set<ContributionResultRow>().AsNoTracking().Where(r => r.RunId == runId).OrderBy(r => r.EnterpriseId).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var version = 1 + (await db.Set<ContributionRun>().Where(r => r.ParkId == parkId && r.Year == run.Year && r.Version != null).MaxAsync(r => r.Version, ct) ?? 0);
        run.State = ContributionRunState.Published;
        run.Version = version;
        run.PublishedAt = clock.GetUtcNow().UtcDateTime;
        run.PublishedBy = db.Actor.UserName;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            throw new DomainRuleException("ContributionRunAlreadyPublished", "id", "another publication of this park and year came first", RuleKind.Conflict) { Arguments = [version] };
        }
        var note = t["Contribution.ScoreNote", run.Year, version].Value;
        // every firm's score in one call (set-wise, one audit row per park): one call per firm was a read and a save each, minutes for a large park
        await grading.SetContributionScoresAsync(rows.Select(r => new ContributionScoreEntry(r.EnterpriseId, r.Score)).ToList(), run.Year, note, ct);
        await tx.CommitAsync(ct);
        // the answer: every score with its terms; the records behind them with GET …/runs/{id} or one firm's page
        return Dto(run, rows, full: true);
    }

    // ------------------------------------------------------------------ published scores

    internal Task<ContributionRun?> LatestPublishedAsync(long parkId, int year, CancellationToken ct) =>
        db.Set<ContributionRun>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == parkId && r.Year == year && r.State == ContributionRunState.Published)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>The years the park has published scores for, latest first.</summary>
    public async Task<List<int>> PublishedYearsAsync(long parkId, CancellationToken ct)
    {
        await CheckParkAsync(parkId, ct);
        return await db.Set<ContributionRun>().IgnoreQueryFilters().Where(r => r.ParkId == parkId && r.State == ContributionRunState.Published)
            .Select(r => r.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
    }

    /// <summary>
    /// The latest published scores of the park and year: operators every row with its records; an enterprise user only its
    /// own row (the rows of others never leave the database); a government viewer every row's score and points without
    /// the firms' values and records, unless its region allows enterprise detail. A year without a published version is 404.
    /// </summary>
    public async Task<(int Version, List<ContributionScoreRow> Rows)> PublishedScoresAsync(long parkId, int? year, CancellationToken ct)
    {
        await CheckParkAsync(parkId, ct);
        var y = CheckYear(year);
        var run = await LatestPublishedAsync(parkId, y, ct) ?? throw new NotFoundException("ContributionScores", $"{parkId}/{y}");
        var a = db.Actor;
        List<ContributionResultRow> rows;
        var full = a.SeesEnterpriseDetailOfPark(parkId);
        if (a.GovernmentParkIds.Contains(parkId) && !a.CanOperatePark(parkId))
            // read past the enterprise filter on purpose: the government viewer's rows are redacted below unless its region allows detail
            rows = await db.Set<ContributionResultRow>().IgnoreQueryFilters().AsNoTracking().Where(r => r.RunId == run.Id).OrderBy(r => r.EnterpriseId).ToListAsync(ct);
        else
        {
            // the enterprise filter keeps an enterprise user to its own rows
            rows = await db.Set<ContributionResultRow>().AsNoTracking().Where(r => r.RunId == run.Id).OrderBy(r => r.EnterpriseId).ToListAsync(ct);
            full = true;
        }
        var answer = rows.Select(r => Row(r, full)).ToList();
        return (run.Version ?? 0, full ? await WithEvidenceAsync(run, answer, ct) : answer);
    }
}
