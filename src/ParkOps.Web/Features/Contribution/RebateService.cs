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

public sealed record RetainedTaxRowInput(long? EnterpriseId, decimal? Amount);
public sealed record RetainedTaxImport(int? Year, [MaxItems(5000)] IReadOnlyList<RetainedTaxRowInput>? Rows);
public sealed record RetainedTaxDto(long EnterpriseId, int Year, decimal Amount, DateTime ImportedAt, string ImportedBy);
public sealed record RebateAllocationDto(long EnterpriseId, decimal Amount, decimal Score, decimal RetainedTax, decimal ProRataPart, decimal ScoreShare, decimal Exact, bool ExtraFen);
/// <summary>The API contract of issue 14: the pool and every allocation the caller may see; the figures in 元 to the 分.</summary>
public sealed record RebateDto(long RunId, int Year, string State, int? Version, int ScoreVersion, decimal Pool, decimal TotalTax, bool ScorePartByTax,
    decimal RebateRate, decimal ScorePart, bool AllocationsWithheld, IReadOnlyList<RebateAllocationDto> Allocations);
public sealed record RebateRunInput(int? Year);

/// <summary>
/// The tax rebate (DOMAIN §6, issue 14 §2): the operator imports each enterprise's local retained tax (地方留存) of the
/// year from the tax office's statement; a draft takes the year's latest published score version and those figures
/// through <see cref="RebateAllocator"/> (pool = 50 % of Σ retained tax, to the 分; the allocations add up to it
/// exactly); publishing makes it the next immutable version, naming the score version it used.
/// The quarterly reports' tax is not used: it is all tax paid, of which only the local share (地方留存) is returned, and
/// that share depends on the tax kind and the county's revenue-sharing rules, which the platform does not hold.
/// </summary>
public sealed class RebateService(ParkOpsDb db, TimeProvider clock, ContributionService scores, IEnterpriseDirectory directory, IStringLocalizer<Text> t)
{
    private static decimal Yuan(decimal v) => decimal.Round(v, 2, MidpointRounding.AwayFromZero) + 0.00m;

    // ------------------------------------------------------------------ retained tax

    /// <summary>Imports (replaces) the year's retained tax of the listed enterprises, all rows or none.</summary>
    public async Task<List<RetainedTaxDto>> ImportTaxAsync(long parkId, RetainedTaxImport input, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        var year = scores.CheckYear(input.Year);
        var rows = input.Rows ?? [];
        var members = (await directory.ParkMembersAsync(parkId, ct)).Select(m => m.Id).ToHashSet();
        var errors = new List<ValidationFailure>();
        if (rows.Count == 0) errors.Add(new ValidationFailure("rows", t["Val.Required"]) { ErrorCode = "RowsRequired" });
        var seen = new HashSet<long>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.EnterpriseId is not { } e || !members.Contains(e))
                errors.Add(new ValidationFailure($"rows[{i}].enterpriseId", t["Contribution.RowEnterpriseUnknown", i + 1]) { ErrorCode = "RetainedTaxEnterpriseUnknown" });
            else if (!seen.Add(e))
                errors.Add(new ValidationFailure($"rows[{i}].enterpriseId", t["Contribution.RowEnterpriseRepeated", i + 1]) { ErrorCode = "RetainedTaxEnterpriseRepeated" });
            if (r.Amount is not { } a)
                errors.Add(new ValidationFailure($"rows[{i}].amount", t["Contribution.RowAmountRequired", i + 1]) { ErrorCode = "RetainedTaxRequired" });
            else if (a < 0)
                errors.Add(new ValidationFailure($"rows[{i}].amount", t["Contribution.RowAmountNegative", i + 1]) { ErrorCode = "RebateTaxMustNotBeNegative" });
            else if (decimal.Round(a, 2) != a)
                errors.Add(new ValidationFailure($"rows[{i}].amount", t["Contribution.RowAmountFen", i + 1]) { ErrorCode = "RetainedTaxToTheFen" });
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        var ids = rows.Select(r => r.EnterpriseId!.Value).ToArray();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Set<RetainedTax>().Where(x => x.ParkId == parkId && x.Year == year && ids.Contains(x.EnterpriseId)).ToDictionaryAsync(x => x.EnterpriseId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var r in rows)
        {
            if (!existing.TryGetValue(r.EnterpriseId!.Value, out var row))
                db.Set<RetainedTax>().Add(row = new RetainedTax { ParkId = parkId, EnterpriseId = r.EnterpriseId.Value, Year = year });
            row.Amount = r.Amount!.Value;
            row.ImportedAt = now;
            row.ImportedBy = db.Actor.UserName;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await TaxesAsync(parkId, year, ct);
    }

    public async Task<List<RetainedTaxDto>> TaxesAsync(long parkId, int? year, CancellationToken ct)
    {
        await scores.CheckParkAsync(parkId, ct);
        var y = scores.CheckYear(year);
        // the enterprise filter: operators see every firm's figure, an enterprise its own, a government viewer none (tax is confidential)
        var rows = await db.Set<RetainedTax>().AsNoTracking().Where(x => x.ParkId == parkId && x.Year == y).OrderBy(x => x.EnterpriseId).ToListAsync(ct);
        return rows.Select(x => new RetainedTaxDto(x.EnterpriseId, x.Year, Yuan(x.Amount), x.ImportedAt, x.ImportedBy)).ToList();
    }

    // ------------------------------------------------------------------ runs

    public async Task<RebateDto> ComputeAsync(long parkId, RebateRunInput input, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        var year = scores.CheckYear(input.Year);
        var scoreRun = await scores.LatestPublishedAsync(parkId, year, ct)
            ?? throw new DomainRuleException("RebateNeedsPublishedScores", "year", $"no contribution scores are published for {year}") { Arguments = [year] };
        var settingsDto = JsonSerializer.Deserialize<ContributionSettingsDto>(scoreRun.SettingsJson, ContributionService.Json)!;
        var settings = BenefitsSettings.Default with { Weights = settingsDto.Weights };
        // the two columns used (the rows' breakdowns are large)
        var scored = await db.Set<ContributionResultRow>().AsNoTracking().Where(r => r.RunId == scoreRun.Id).Select(r => new { r.EnterpriseId, r.Score })
            .ToDictionaryAsync(r => r.EnterpriseId, r => r.Score, ct);
        var taxes = await db.Set<RetainedTax>().AsNoTracking().Where(x => x.ParkId == parkId && x.Year == year).Select(x => new { x.EnterpriseId, x.Amount })
            .ToDictionaryAsync(x => x.EnterpriseId, x => x.Amount, ct);
        // everyone scored, and anyone who paid tax in the year (a firm that left before the scores has score 0)
        var ids = scored.Keys.Union(taxes.Keys).Order().ToList();
        var inputs = ids.Select(id => new RebateInput(ContributionService.Id(id), scored.GetValueOrDefault(id), taxes.GetValueOrDefault(id))).ToList();
        var result = RebateAllocator.Allocate(inputs, settings);
        var run = new RebateRun
        {
            ParkId = parkId, Year = year, State = ContributionRunState.Draft, ScoreRunId = scoreRun.Id, ScoreVersion = scoreRun.Version ?? 0,
            TotalTax = result.TotalTax, Pool = result.Pool, ScorePartByTax = result.ScorePartByTax,
            SettingsJson = JsonSerializer.Serialize(new { settings.RebateRate, settings.ScorePart }, ContributionService.Json),
            ComputedAt = clock.GetUtcNow().UtcDateTime, ComputedBy = db.Actor.UserName,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<RebateRun>().Add(run);
        await db.SaveChangesAsync(ct);
        var rows = result.Shares.Select((s, i) => new RebateAllocation
        {
            RunId = run.Id, ParkId = parkId, EnterpriseId = ids[i], Score = s.Score, RetainedTax = s.RetainedTax,
            ProRataPart = s.ProRataPart, ScoreShare = s.ScoreShare, Exact = s.Exact, ExtraFen = s.ExtraFen, Amount = s.Allocation,
        }).ToList();
        // the allocations set-wise in the run's transaction, as the score run writes its rows: derived from the published
        // scores and the imported tax, the run's audit row keeps the pool and the totals
        await SetWriter.InsertAsync(db, rows, null, ct);
        await tx.CommitAsync(ct);
        return Dto(run, rows, withheld: false);
    }

    public async Task<RebateDto> PublishAsync(long parkId, long runId, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        var run = await db.Set<RebateRun>().FirstOrDefaultAsync(r => r.Id == runId && r.ParkId == parkId, ct) ?? throw new NotFoundException("RebateRun", runId);
        if (run.State == ContributionRunState.Published)
            throw new DomainRuleException("RebateRunAlreadyPublished", "id", "a published rebate is final", RuleKind.Conflict) { Arguments = [run.Version ?? 0] };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var version = 1 + (await db.Set<RebateRun>().Where(r => r.ParkId == parkId && r.Year == run.Year && r.Version != null).MaxAsync(r => r.Version, ct) ?? 0);
        run.State = ContributionRunState.Published;
        run.Version = version;
        run.PublishedAt = clock.GetUtcNow().UtcDateTime;
        run.PublishedBy = db.Actor.UserName;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            throw new DomainRuleException("RebateRunAlreadyPublished", "id", "another publication of this park and year came first", RuleKind.Conflict) { Arguments = [version] };
        }
        await tx.CommitAsync(ct);
        var rows = await db.Set<RebateAllocation>().AsNoTracking().Where(r => r.RunId == runId).ToListAsync(ct);
        return Dto(run, rows, withheld: false);
    }

    public async Task<RebateDto> RunAsync(long parkId, long runId, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        var run = await db.Set<RebateRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.ParkId == parkId, ct) ?? throw new NotFoundException("RebateRun", runId);
        var rows = await db.Set<RebateAllocation>().AsNoTracking().Where(r => r.RunId == runId).ToListAsync(ct);
        return Dto(run, rows, withheld: false);
    }

    /// <summary>The latest draft of the year, if it is newer than the latest published version (what the operator's page offers to publish).</summary>
    public async Task<RebateDto?> PendingDraftAsync(long parkId, int year, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        var latest = await db.Set<RebateRun>().AsNoTracking().Where(r => r.ParkId == parkId && r.Year == year).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (latest is not { State: ContributionRunState.Draft }) return null;
        var rows = await db.Set<RebateAllocation>().AsNoTracking().Where(r => r.RunId == latest.Id).ToListAsync(ct);
        return Dto(latest, rows, withheld: false);
    }

    private static RebateDto Dto(RebateRun run, IEnumerable<RebateAllocation> rows, bool withheld)
    {
        var rates = JsonSerializer.Deserialize<JsonElement>(run.SettingsJson);
        return new RebateDto(run.Id, run.Year, run.State.ToString().ToLowerInvariant(), run.Version, run.ScoreVersion, Yuan(run.Pool), Yuan(run.TotalTax), run.ScorePartByTax,
            rates.GetProperty("rebateRate").GetDecimal(), rates.GetProperty("scorePart").GetDecimal(), withheld,
            rows.OrderBy(r => r.EnterpriseId).Select(r => new RebateAllocationDto(r.EnterpriseId, Yuan(r.Amount), r.Score, Yuan(r.RetainedTax),
                decimal.Round(r.ProRataPart, 4), decimal.Round(r.ScoreShare, 4), decimal.Round(r.Exact, 4), r.ExtraFen)).ToList());
    }

    /// <summary>
    /// The latest published rebate of the park and year: the pool for everyone who sees the park; the allocations for the
    /// park's operators, an enterprise user only its own (the enterprise filter), a government viewer only where its region
    /// allows enterprise detail (an allocation is 35 % of the firm's retained tax plus its score share: a confidential figure).
    /// </summary>
    public async Task<RebateDto> PublishedAsync(long parkId, int? year, CancellationToken ct)
    {
        await scores.CheckParkAsync(parkId, ct);
        var y = scores.CheckYear(year);
        var run = await db.Set<RebateRun>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == parkId && r.Year == y && r.State == ContributionRunState.Published)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Rebate", $"{parkId}/{y}");
        var a = db.Actor;
        if (a.GovernmentParkIds.Contains(parkId) && !a.CanOperatePark(parkId))
        {
            if (!a.SeesEnterpriseDetailOfPark(parkId)) return Dto(run, [], withheld: true);
            return Dto(run, await db.Set<RebateAllocation>().IgnoreQueryFilters().AsNoTracking().Where(r => r.RunId == run.Id).ToListAsync(ct), withheld: false);
        }
        return Dto(run, await db.Set<RebateAllocation>().AsNoTracking().Where(r => r.RunId == run.Id).ToListAsync(ct), withheld: false);
    }

    /// <summary>The enterprise's own allocation in the latest published rebate of the year, with the rebate it belongs to (null when none is published).</summary>
    public async Task<(RebateDto Rebate, RebateAllocationDto? Own)?> OwnAsync(long parkId, long enterpriseId, int year, CancellationToken ct)
    {
        var run = await db.Set<RebateRun>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ParkId == parkId && r.Year == year && r.State == ContributionRunState.Published)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (run is null) return null;
        var row = await db.Set<RebateAllocation>().AsNoTracking().Where(r => r.RunId == run.Id && r.EnterpriseId == enterpriseId).ToListAsync(ct);
        var dto = Dto(run, row, withheld: false);
        return (dto, dto.Allocations.FirstOrDefault());
    }
}
