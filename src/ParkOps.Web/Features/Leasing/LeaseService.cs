using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Leasing;

public sealed record QuoteRequest(long EnterpriseId, [MaxItems(LeaseService.MaxUnits)] long[] UnitIds, DateOnly StartDate, int TermMonths, int EquityFreeMonths = 0);

public sealed record QuoteMonth(string Month, decimal BaseAmount, decimal Amount, int LeaseMonth, int LeaseYear, DateOnly PolicyEffectiveFrom, IReadOnlyList<AppliedRule> Rules);

public sealed record QuoteResponse(long EnterpriseId, long[] UnitIds, DateOnly StartDate, DateOnly EndDate, int TermMonths, TenantFacts Facts,
    IReadOnlyList<QuoteMonth> Months, decimal BaseTotal, decimal Total);

[StoredIn(typeof(Lease))]
public sealed record LeaseInput(long EnterpriseId, [MaxItems(LeaseService.MaxUnits)] long[] UnitIds, DateOnly StartDate, int TermMonths, int EquityFreeMonths = 0, decimal? Deposit = null,
    [FreeText] string? Notes = null);

public sealed record LeaseActionInput(DateOnly? On = null, [FreeText, StoredIn(typeof(Lease), nameof(Lease.TerminationReason))] string? Reason = null, int? TermMonths = null,
    [MaxItems(LeaseService.MaxUnits)] long[]? UnitIds = null);

public sealed record LeaseUnitDto(long UnitId, string Code, decimal AreaSqm, SpaceUse Use);

public sealed record LeaseDto(long Id, long ParkId, long EnterpriseId, string EnterpriseName, string Code, LeaseState State, DateOnly StartDate,
    int TermMonths, DateOnly EndDate, int EquityFreeMonths, decimal Deposit, long? PreviousLeaseId, DateOnly? TerminatedOn, string? TerminationReason,
    decimal? SettlementDamages, decimal? SettlementArrears, decimal? SettlementRefund, IReadOnlyList<LeaseUnitDto> Units, int? DaysToExpiry,
    LeaseTenancyDto? Tenancy = null);

/// <summary>The facts fixed on a lease at signing (issue 15): its tenant's pricing flags and its time in the park before it.</summary>
/// <summary>A re-evaluation of a signed lease's tenant facts from <paramref name="EffectiveMonth"/> (yyyy-MM) on.</summary>
public sealed record FactsRevisionInput([Code(7)] string? EffectiveMonth, bool LeadingIndustry, bool HighTech, bool UnrelatedIndustry, bool Startup, [Line(400)] string? Reason);

public sealed record FactsRevisionDto(long Id, string EffectiveMonth, bool LeadingIndustry, bool HighTech, bool UnrelatedIndustry, bool Startup, string Reason,
    string Explanation, string CreatedBy, DateTime CreatedAt);

public sealed record LeaseTenancyDto(DateTime FixedAt, bool LeadingIndustry, bool HighTech, bool UnrelatedIndustry, bool Startup, int MonthsInParkBefore,
    int StartupFreeMonthsUsed, int StartupFreeMonthsGranted);

public sealed record RentPolicyInput(DateOnly EffectiveFrom, decimal FactoryPrice, decimal LabPrice, decimal OfficePrice, decimal WarehousePrice, decimal DormitoryPrice,
    decimal LeadingIndustryDiscount, decimal HighTechDiscount, decimal UnrelatedIndustryPremium, int LongLeaseMinYears, decimal LongLeaseYearlyDecrease,
    int StartupFreeMonths, int ContributionFromLeaseYear, decimal ContributionMaxDiscount, decimal PropertyFeePerSqm, int DepositMonths);

public sealed class LeaseInputValidator : AbstractValidator<LeaseInput>
{
    public LeaseInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.UnitIds).NotEmpty().WithMessage(_ => t["Val.Required"]).Must(u => u is null || u.Length <= LeaseService.MaxUnits).WithMessage(_ => t["Val.Range", 1, LeaseService.MaxUnits]);
        RuleFor(x => x.TermMonths).InclusiveBetween(1, RentPricing.MaxTermMonths).WithMessage(_ => t["Val.Range", 1, RentPricing.MaxTermMonths]);
        RuleFor(x => x.EquityFreeMonths).InclusiveBetween(0, 120).WithMessage(_ => t["Val.Range", 0, 120]);
        RuleFor(x => x.Deposit).GreaterThanOrEqualTo(0).When(x => x.Deposit is not null).WithMessage(_ => t["Val.Range", 0, "∞"]);
        RuleFor(x => x.StartDate).Must(d => d.Year is >= 2000 and <= 2100).WithMessage(_ => t["Val.Range", 2000, 2100]);
        RuleFor(x => x.Notes).MaximumLength(1000).WithMessage(_ => t["Val.MaxLength", 1000]);
    }
}

/// <summary>Leases, their lifecycle, rent policies and quotes. The rent itself comes from <see cref="RentPricing"/>.</summary>
public sealed class LeaseService(ParkOpsDb db, EnterpriseService enterprises, IValidator<LeaseInput> validator, TimeProvider clock, IStringLocalizer<Text> t, Billing.Contracts.IAccountStanding standing,
    IEnterpriseDirectory directory, IUnitOccupancy occupancy)
{
    /// <summary>The most units one lease (or quote) may name.</summary>
    public const int MaxUnits = 200;

    public DateOnly Today => enterprises.Today;

    public async Task<List<RentPolicyVersion>> PoliciesAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        return await db.Set<RentPolicyVersion>().AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
    }

    public async Task<RentPolicyVersion> AddPolicyAsync(long parkId, RentPolicyInput i, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        var v = new RentPolicyVersion
        {
            ParkId = parkId, EffectiveFrom = i.EffectiveFrom, FactoryPrice = i.FactoryPrice, LabPrice = i.LabPrice, OfficePrice = i.OfficePrice,
            WarehousePrice = i.WarehousePrice, DormitoryPrice = i.DormitoryPrice, LeadingIndustryDiscount = i.LeadingIndustryDiscount,
            HighTechDiscount = i.HighTechDiscount, UnrelatedIndustryPremium = i.UnrelatedIndustryPremium, LongLeaseMinYears = i.LongLeaseMinYears,
            LongLeaseYearlyDecrease = i.LongLeaseYearlyDecrease, StartupFreeMonths = i.StartupFreeMonths, ContributionFromLeaseYear = i.ContributionFromLeaseYear,
            ContributionMaxDiscount = i.ContributionMaxDiscount, PropertyFeePerSqm = i.PropertyFeePerSqm, DepositMonths = i.DepositMonths,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = db.Actor.UserName,
        };
        // the pure policy checks every figure and names the field
        try { v.ToPolicy().Validate("policy"); }
        catch (DomainRuleException ex) when (ex.Field is { } f)
        {
            // name the field as the request does: policy.basePrices.factory → factoryPrice, policy.highTechDiscount → highTechDiscount
            var field = f.StartsWith("policy.basePrices.", StringComparison.Ordinal) ? f["policy.basePrices.".Length..] + "Price" : f["policy.".Length..];
            throw new DomainRuleException(ex.Rule, field, ex.Message, ex.Kind) { Arguments = ex.Arguments };
        }
        if (i.PropertyFeePerSqm < 0) throw new DomainRuleException("BasePriceMustNotBeNegative", "propertyFeePerSqm", "物业费不能为负") { Arguments = [i.PropertyFeePerSqm] };
        if (i.DepositMonths is < 0 or > 24) throw new ValidationException([new ValidationFailure("depositMonths", t["Val.Range", 0, 24])]);
        if (await db.Set<RentPolicyVersion>().AnyAsync(p => p.ParkId == parkId && p.EffectiveFrom == i.EffectiveFrom, ct))
            throw new DomainRuleException("RentPolicyVersionsMustDiffer", "effectiveFrom", "同一生效日已有租金政策版本", RuleKind.Conflict) { Arguments = [i.EffectiveFrom] };
        db.Add(v);
        await db.SaveChangesAsync(ct);
        return v;
    }

    /// <summary>
    /// What pricing needs to know of the tenant, derived from the archive (each flag is shown with the quote), and its
    /// time in the park from its earlier leases there (<see cref="TenancyHistory"/>; <paramref name="exceptLeaseId"/>: the
    /// lease being priced itself).
    /// </summary>
    private async Task<TenantFacts> FactsAsync(long parkId, long enterpriseId, DateOnly start, int equityFreeMonths, CancellationToken ct, long? exceptLeaseId = null)
    {
        var card = (await directory.CardsAsync([enterpriseId], ct))[enterpriseId];
        var park = await directory.ParkIndustryAsync(parkId, ct);
        var facts = TenantFactsRules.Derive(park, card.Pricing, start, equityFreeMonths);
        var earlier = await db.Leases.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.ParkId == parkId && l.EnterpriseId == enterpriseId && Lease.HaveBeenInForce.Contains(l.State) && l.StartDate < start && l.Id != (exceptLeaseId ?? 0))
            .Select(l => new { l.StartDate, l.EndDate, l.TerminatedOn, l.StartupFreeMonthsGranted })
            .ToListAsync(ct);
        if (earlier.Count == 0) return facts;
        var policies = await PoliciesAsync(parkId, ct);
        var history = earlier.Select(l => new PastLease(l.StartDate, l.TerminatedOn ?? l.EndDate,
            // leases signed before their grant was recorded (0022): what the policy then would have granted a startup
            l.StartupFreeMonthsGranted ?? (TenantFactsRules.Derive(park, card.Pricing, l.StartDate, 0).Startup
                ? policies.LastOrDefault(p => p.EffectiveFrom <= l.StartDate)?.StartupFreeMonths ?? 0 : 0))).ToList();
        var (months, used) = TenancyHistory.Before(history, start);
        return facts with { MonthsInParkBefore = months, StartupFreeMonthsUsed = used };
    }

    public async Task<QuoteResponse> QuoteAsync(QuoteRequest req, CancellationToken ct)
    {
        if (req.EquityFreeMonths is < 0 or > 120)
            throw new ValidationException([new ValidationFailure("equityFreeMonths", t["Val.Range", 0, 120])]);
        var e = await enterprises.GetAsync(req.EnterpriseId, ct);
        if (db.Actor.IsEnterpriseOnly is false && !db.Actor.CanOperatePark(e.ParkId) && !db.Actor.IsPlatformAdmin)
            throw new ForbiddenException("OnlyOperatorsMayWrite");
        await enterprises.ParkForReadAsync(e.ParkId, ct);
        var units = await UnitsAsync(e.ParkId, req.UnitIds, ct);
        var schedule = await PriceAsync(e.ParkId, e.Id, units.Select(u => (u.Use, u.AreaSqm)).ToList(), req.StartDate, req.TermMonths, req.EquityFreeMonths, ct);
        var facts = await FactsAsync(e.ParkId, e.Id, req.StartDate, req.EquityFreeMonths, ct);
        return new QuoteResponse(e.Id, req.UnitIds, req.StartDate, schedule.Term.End, req.TermMonths, facts, ToMonths(schedule), schedule.BaseTotal, schedule.Total);
    }

    public static IReadOnlyList<QuoteMonth> ToMonths(RentSchedule s) =>
        s.Months.Select(m => new QuoteMonth(m.Label, m.BaseAmount, m.Amount, m.LeaseMonth, m.LeaseYear, m.PolicyEffectiveFrom,
            m.Rules.Select(r => new AppliedRule(r.Name, r.Parameter, r.Effect)).ToList())).ToList();

    /// <summary>Prices a lease with the park's policy versions and the tenant's facts; the quote and the lease view come through here, the bill run prices the same way (BillComposer).</summary>
    public async Task<RentSchedule> PriceAsync(long parkId, long enterpriseId, IReadOnlyList<(SpaceUse Use, decimal Area)> units, DateOnly start, int term, int equityMonths, CancellationToken ct,
        TenantFacts? fixedFacts = null)
    {
        if (term is < 1 or > RentPricing.MaxTermMonths)
            throw new ValidationException([new ValidationFailure("termMonths", t["Val.Range", 1, RentPricing.MaxTermMonths])]);
        var versions = await db.Set<RentPolicyVersion>().AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
        var policies = versions.Select(v => v.ToPolicy()).ToList();
        RentPolicyMustBeInForce.Check(policies, start);
        var facts = fixedFacts ?? await FactsAsync(parkId, enterpriseId, start, equityMonths, ct);
        return RentPricing.Quote(policies, facts, units.Select(u => new LeasedUnit(u.Use, u.Area)).ToList(), start, term);
    }

    private async Task<List<Unit>> UnitsAsync(long parkId, long[] ids, CancellationToken ct)
    {
        if (ids is null || ids.Length == 0) throw new ValidationException([new ValidationFailure("unitIds", t["Val.Required"])]);
        var distinct = ids.Distinct().ToArray();
        var units = await db.Units.Where(u => distinct.Contains(u.Id)).ToListAsync(ct);
        var foreign = distinct.Except(units.Where(u => u.ParkId == parkId).Select(u => u.Id)).ToList();
        if (foreign.Count > 0)
            throw new DomainRuleException("UnitsMustBelongToPark", "unitIds", "单元不存在或不属于该企业所在园区") { Arguments = [string.Join(",", foreign)] };
        var notLeasable = units.Where(u => u.Status == UnitStatus.NotLeasable).Select(u => u.Code).ToList();
        if (notLeasable.Count > 0)
            throw new DomainRuleException("UnitMustBeLeasable", "unitIds", "单元不可租") { Arguments = [string.Join(",", notLeasable)] };
        return units;
    }

    public IQueryable<Lease> Query() => db.Set<Lease>().Include(l => l.Units);

    public async Task<Page<LeaseDto>> ListAsync(long parkId, LeaseState? state, long? enterpriseId, int? expiringWithinDays, int? page, int? pageSize, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        db.Actor.RefuseGovernmentViewer(parkId);
        if (expiringWithinDays is < 0 or > 3650)
            throw new ValidationException([new ValidationFailure("expiringWithinDays", t["Val.Range", 0, 3650])]);
        var q = Query().AsNoTracking().Where(l => l.ParkId == parkId);
        if (state is { } s) q = q.Where(l => l.State == s);
        if (enterpriseId is { } eid) q = q.Where(l => l.EnterpriseId == eid);
        if (expiringWithinDays is { } d) { var until = Today.AddDays(d); q = q.Where(l => (l.State == LeaseState.Active || l.State == LeaseState.Signed) && l.EndDate <= until); }
        var p = await q.OrderBy(l => l.EndDate).ThenBy(l => l.Id).ToPageAsync(page, pageSize, ct, defaultSize: 50);
        return new Page<LeaseDto>(await ToDtosAsync(p.Items, ct), p.Total, p.PageNumber, p.PageSize);
    }

    public async Task<List<LeaseDto>> ToDtosAsync(IReadOnlyList<Lease> leases, CancellationToken ct)
    {
        var entIds = leases.Select(l => l.EnterpriseId).Distinct().ToArray();
        var names = await directory.NamesAsync(entIds, ct);
        var unitIds = leases.SelectMany(l => l.Units).Select(u => u.UnitId).Distinct().ToArray();
        var codes = await db.Units.IgnoreQueryFilters().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var today = Today;
        return leases.Select(l => new LeaseDto(l.Id, l.ParkId, l.EnterpriseId, names.GetValueOrDefault(l.EnterpriseId, ""), l.Code, l.State, l.StartDate, l.TermMonths,
            l.EndDate, l.EquityFreeMonths, l.Deposit, l.PreviousLeaseId, l.TerminatedOn, l.TerminationReason, l.SettlementDamages, l.SettlementArrears, l.SettlementRefund,
            l.Units.Select(u => new LeaseUnitDto(u.UnitId, codes.GetValueOrDefault(u.UnitId, ""), u.AreaSqm, u.Use)).ToList(),
            Lease.HoldsUnits(l.State) ? l.EndDate.DayNumber - today.DayNumber : null,
            l.FactsFixedAt is { } at ? new LeaseTenancyDto(at, l.FactLeadingIndustry, l.FactHighTech, l.FactUnrelatedIndustry, l.FactStartup, l.MonthsInParkBefore,
                l.StartupFreeMonthsUsed, l.StartupFreeMonthsGranted ?? 0) : null)).ToList();
    }

    public async Task<Lease> GetAsync(long id, CancellationToken ct) =>
        await Query().FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("Lease", id);

    public async Task<(Lease Lease, RentSchedule Schedule)> GetWithScheduleAsync(long id, CancellationToken ct)
    {
        var l = await GetAsync(id, ct);
        await enterprises.ParkForReadAsync(l.ParkId, ct);
        var facts = await FactsOfAsync(l, ct);
        var revisions = await RevisionRowsAsync(l.Id, ct);
        if (revisions.Count == 0 || l.FactsFixedAt is null)
            return (l, await PriceAsync(l.ParkId, l.EnterpriseId, l.Units.Select(u => (u.Use, u.AreaSqm)).ToList(), l.StartDate, l.TermMonths, l.EquityFreeMonths, ct, facts));
        var policies = (await db.Set<RentPolicyVersion>().AsNoTracking().Where(p => p.ParkId == l.ParkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct)).Select(v => v.ToPolicy()).ToList();
        return (l, FactsRevisions.Quote(policies, facts, revisions.Select(r => r.ToRevision()).ToList(), l.Units.Select(u => new LeasedUnit(u.Use, u.AreaSqm)).ToList(), l.StartDate, l.TermMonths));
    }

    private Task<List<LeaseFactsRevision>> RevisionRowsAsync(long leaseId, CancellationToken ct) =>
        db.LeaseFactsRevisions.IgnoreQueryFilters().AsNoTracking().Where(r => r.LeaseId == leaseId).OrderBy(r => r.EffectiveMonth).ToListAsync(ct);

    /// <summary>The re-evaluations of a lease's facts, oldest first, each with the text its bill lines carry.</summary>
    public async Task<List<FactsRevisionDto>> RevisionsAsync(long leaseId, CancellationToken ct)
    {
        var l = await GetAsync(leaseId, ct);
        await enterprises.ParkForReadAsync(l.ParkId, ct);
        return await RevisionsOfAsync(l, ct);
    }

    /// <summary>The same for a lease already loaded and checked for reading (the lease page has it from <see cref="GetWithScheduleAsync"/>).</summary>
    public async Task<List<FactsRevisionDto>> RevisionsOfAsync(Lease l, CancellationToken ct)
    {
        var signed = await FactsOfAsync(l, ct);
        return (await RevisionRowsAsync(l.Id, ct)).Select(r => new FactsRevisionDto(r.Id, r.EffectiveMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            r.LeadingIndustry, r.HighTech, r.UnrelatedIndustry, r.Startup, r.Reason, FactsRevisions.Describe(signed, r.ToRevision()), r.CreatedBy, r.CreatedAt)).ToList();
    }

    /// <summary>What a re-evaluation form starts with: the facts the archive gives today, and the first month one may name (after this month and the last billed one).</summary>
    public async Task<(TenantFacts Archive, DateOnly FirstMonth)> RevisionDefaultsAsync(Lease l, CancellationToken ct)
    {
        var archive = await FactsAsync(l.ParkId, l.EnterpriseId, l.StartDate, l.EquityFreeMonths, ct, l.Id);
        var next = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        if (await standing.LastBilledMonthAsync(l.ParkId, l.EnterpriseId, ct) is { } billed && billed >= next) next = billed.AddMonths(1);
        return (archive, next);
    }

    /// <summary>
    /// Re-evaluates the tenant facts of a signed lease from a future month not yet billed (issue 15 §2): an explicit act
    /// of an operator of the park, with a reason, kept and audited; the months before keep their prices.
    /// </summary>
    public async Task<FactsRevisionDto> ReviseFactsAsync(long leaseId, FactsRevisionInput input, CancellationToken ct)
    {
        var l = await GetAsync(leaseId, ct);
        await enterprises.ParkForWriteAsync(l.ParkId, ct);
        if (!BusinessDates.TryParseMonth(input.EffectiveMonth, out var month))
            throw new ValidationException([new ValidationFailure("effectiveMonth", t["Val.Month"]) { ErrorCode = "Month" }]);
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length > 400) throw new ValidationException([new ValidationFailure("reason", t["Val.MaxLength", 400]) { ErrorCode = "MaxLength" }]);
        if (l.FactsFixedAt is null || l.State is not (LeaseState.Signed or LeaseState.Active))
            throw new DomainRuleException("RevisionNeedsASignedLease", "id", "只有已签约、未结束的租约可以重新评定租户条件", RuleKind.Conflict) { Arguments = [l.State] };
        var signed = await FactsOfAsync(l, ct);
        var existing = await RevisionRowsAsync(l.Id, ct);
        var revision = new FactsRevision(month, input.LeadingIndustry, input.HighTech, input.UnrelatedIndustry, input.Startup, reason);
        var current = new DateOnly(Today.Year, Today.Month, 1);
        FactsRevisions.Check(revision, signed, existing.Select(r => r.ToRevision()).ToList(), l.StartDate, l.TerminatedOn ?? l.EndDate, current,
            await standing.LastBilledMonthAsync(l.ParkId, l.EnterpriseId, ct));
        var row = new LeaseFactsRevision
        {
            LeaseId = l.Id, ParkId = l.ParkId, EnterpriseId = l.EnterpriseId, EffectiveMonth = month, LeadingIndustry = revision.LeadingIndustry, HighTech = revision.HighTech,
            UnrelatedIndustry = revision.UnrelatedIndustry, Startup = revision.Startup, Reason = reason, CreatedBy = db.Actor.UserName, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.LeaseFactsRevisions.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // two operators naming the same month at once: the unique index lets one in
            db.Entry(row).State = EntityState.Detached;
            if (!await db.LeaseFactsRevisions.IgnoreQueryFilters().AnyAsync(r => r.LeaseId == l.Id && r.EffectiveMonth == month, ct)) throw;
            throw new DomainRuleException("RevisionMonthTaken", "effectiveMonth", $"{input.EffectiveMonth} 已有一次重新评定", RuleKind.Conflict) { Arguments = [month] };
        }
        return new FactsRevisionDto(row.Id, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), row.LeadingIndustry, row.HighTech, row.UnrelatedIndustry, row.Startup,
            row.Reason, FactsRevisions.Describe(signed, revision), row.CreatedBy, row.CreatedAt);
    }

    /// <summary>The facts that price a stored lease: those fixed at its signing (with the current contribution score), or, before it is signed, the archive's and its history's.</summary>
    public async Task<TenantFacts> FactsOfAsync(Lease l, CancellationToken ct)
    {
        var card = (await directory.CardsAsync([l.EnterpriseId], ct))[l.EnterpriseId];
        return l.FixedFacts(card.Pricing.ContributionScore ?? 0, card.Pricing.ContributionScoreYear) ?? await FactsAsync(l.ParkId, l.EnterpriseId, l.StartDate, l.EquityFreeMonths, ct, l.Id);
    }

    public async Task<Lease> CreateAsync(long parkId, LeaseInput input, CancellationToken ct)
    {
        var park = await enterprises.ParkForWriteAsync(parkId, ct);
        await validator.EnsureValidAsync(input, ct);
        var e = await enterprises.GetAsync(input.EnterpriseId, ct);
        if (e.ParkId != parkId) throw new DomainRuleException("EnterpriseMustBelongToPark", "enterpriseId", "企业不在该园区") { Arguments = [input.EnterpriseId] };
        if (e.Status is not (EnterpriseStatus.Admitted or EnterpriseStatus.Conditional))
            throw new DomainRuleException("LeaseNeedsAdmittedEnterprise", "enterpriseId", "只有已入园企业可以签订租约") { Arguments = [e.Status] };
        var units = await UnitsAsync(parkId, input.UnitIds, ct);
        var schedule = await PriceAsync(parkId, e.Id, units.Select(u => (u.Use, u.AreaSqm)).ToList(), input.StartDate, input.TermMonths, input.EquityFreeMonths, ct);
        var policy = (await PoliciesAsync(parkId, ct)).LastOrDefault(p => p.EffectiveFrom <= input.StartDate);
        var firstFull = schedule.Months.FirstOrDefault(m => m.Amount > 0)?.MonthlyBase ?? 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = new Lease
        {
            ParkId = parkId, EnterpriseId = e.Id, Code = await NextCodeAsync(park, input.StartDate, ct), State = LeaseState.Intent, StartDate = input.StartDate,
            TermMonths = input.TermMonths, EndDate = schedule.Term.End, EquityFreeMonths = input.EquityFreeMonths,
            Deposit = input.Deposit ?? RentPricing.RoundToFen(firstFull * (policy?.DepositMonths ?? 2)), Notes = input.Notes, CreatedAt = now, UpdatedAt = now,
            Units = units.Select(u => new LeaseUnit { ParkId = parkId, EnterpriseId = e.Id, UnitId = u.Id, AreaSqm = u.AreaSqm, Use = u.Use }).ToList(),
        };
        db.Add(lease);
        await db.SaveChangesAsync(ct);
        return lease;
    }

    private async Task<string> NextCodeAsync(Park park, DateOnly start, CancellationToken ct)
    {
        var prefix = $"{park.Code}-{start.Year}-";
        // the highest number given out so far, not the count: demo, imported or other codes need not be contiguous
        var last = await db.Set<Lease>().IgnoreQueryFilters().Where(l => l.Code.StartsWith(prefix))
            .OrderByDescending(l => l.Code.Length).ThenByDescending(l => l.Code).Select(l => l.Code).FirstOrDefaultAsync(ct);
        var n = last is not null && int.TryParse(last.AsSpan(prefix.Length), out var k) ? k : 0;
        return $"{prefix}{n + 1:D4}";
    }

    /// <summary>
    /// approve, sign, activate, renew, change, terminate, expire, settle, cancel. Illegal transitions → 409 naming
    /// LeaseTransitionNotAllowed; a unit held by another lease → 409 UnitMustHaveOneActiveLease (also enforced by a
    /// unique index, so two concurrent signings cannot both win).
    /// </summary>
    public async Task<Lease> ActAsync(long id, string action, LeaseActionInput input, CancellationToken ct)
    {
        var lease = await GetAsync(id, ct);
        if (!db.Actor.CanOperatePark(lease.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var now = clock.GetUtcNow().UtcDateTime;
        // one transaction: a renewal takes over its predecessor's units in two saves that stand or fall together; the
        // lease is locked and read again, so of two requests racing on one lease the second sees what the first did
        // (a lease is settled against its deposit once, renewed once)
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.ForUpdateAsync(db, "Leases", "Id", id, ct);
        await db.Entry(lease).ReloadAsync(ct);
        Lease result = lease;
        switch (action.ToLowerInvariant())
        {
            case "approve": lease.MoveTo(LeaseState.Approved); break;
            case "cancel": lease.MoveTo(LeaseState.Cancelled); break;
            case "sign":
                await EnsureUnitsFreeAsync(lease, ct);
                if (lease.PreviousLeaseId is { } prevId)
                {
                    // a renewal or change takes over its predecessor's units at signing
                    var prev = await GetAsync(prevId, ct);
                    prev.MoveTo(lease.TermMonths > 0 && prev.Units.Select(u => u.UnitId).Order().SequenceEqual(lease.Units.Select(u => u.UnitId).Order()) && lease.StartDate == prev.EndDate.AddDays(1)
                        ? LeaseState.Renewed : LeaseState.Changed);
                    if (prev.State == LeaseState.Changed) prev.TerminatedOn = lease.StartDate.AddDays(-1);
                    prev.UpdatedAt = now;
                    await VacateAsync(prev, ct, except: lease.Units.Select(u => u.UnitId).ToHashSet());
                    await SaveHoldingAsync(ct);
                }
                lease.MoveTo(LeaseState.Signed);
                // the facts that price it are fixed now: later archive edits change no signed lease
                var signedFacts = await FactsAsync(lease.ParkId, lease.EnterpriseId, lease.StartDate, lease.EquityFreeMonths, ct, lease.Id);
                var policyAtStart = (await PoliciesAsync(lease.ParkId, ct)).LastOrDefault(p => p.EffectiveFrom <= lease.StartDate);
                lease.FixFacts(signedFacts, signedFacts.StartupMonthsLeft(policyAtStart?.StartupFreeMonths ?? 0), now);
                await OccupyAsync(lease, ct);
                break;
            case "activate":
                if (lease.StartDate > Today.AddDays(31))
                    throw new DomainRuleException("LeaseStartsLater", "startDate", "租约尚未到起租日") { Arguments = [lease.StartDate] };
                lease.MoveTo(LeaseState.Active);
                break;
            case "expire":
                if (lease.EndDate >= Today) throw new DomainRuleException("LeaseNotYetEnded", "endDate", "租约尚未到期") { Arguments = [lease.EndDate] };
                lease.MoveTo(LeaseState.Expired);
                await VacateAsync(lease, ct);
                break;
            case "terminate":
                var on = input.On ?? Today;
                if (on < lease.StartDate.AddDays(-1) || on > lease.EndDate)
                    throw new DomainRuleException("TerminationWithinTerm", "on", "解约日期应在租期内") { Arguments = [lease.StartDate, lease.EndDate] };
                lease.MoveTo(LeaseState.Terminated);
                lease.TerminatedOn = on;
                lease.TerminationReason = input.Reason?.Trim();
                // the units stay held (and occupied) until the exit settlement is settled (SettlementService)
                break;
            case "renew":
            case "change":
                if (!Lease.HoldsUnits(lease.State))
                    throw new DomainRuleException("LeaseTransitionNotAllowed", "state", "只有已签订或生效的租约可以续签或变更", RuleKind.Conflict) { Arguments = [lease.State, action] };
                // one renewal or change at a time: a second one waits until the first is signed or cancelled
                if (await db.Leases.IgnoreQueryFilters().Where(l => l.EnterpriseId == lease.EnterpriseId && l.PreviousLeaseId == lease.Id && (l.State == LeaseState.Intent || l.State == LeaseState.Approved))
                        .Select(l => l.Code).FirstOrDefaultAsync(ct) is { } pending)
                    throw new DomainRuleException("LeaseFollowUpInProgress", "state", "该租约已有一份续签或变更在办理中", RuleKind.Conflict) { Arguments = [pending] };
                var renew = action.Equals("renew", StringComparison.OrdinalIgnoreCase);
                var start = renew ? lease.EndDate.AddDays(1) : input.On ?? Today;
                if (!renew && (start <= lease.StartDate || start > lease.EndDate))
                    throw new DomainRuleException("ChangeWithinTerm", "on", "变更生效日应在租期内") { Arguments = [lease.StartDate, lease.EndDate] };
                var term = input.TermMonths ?? (renew ? lease.TermMonths : Math.Max(1, (lease.EndDate.Year - start.Year) * 12 + lease.EndDate.Month - start.Month + 1));
                result = await CreateAsync(lease.ParkId, new LeaseInput(lease.EnterpriseId, input.UnitIds ?? lease.Units.Select(u => u.UnitId).ToArray(), start, term,
                    0, lease.Deposit, renew ? $"续签 {lease.Code}" : $"变更 {lease.Code}"), ct);
                result.PreviousLeaseId = lease.Id;
                break;
            case "settle":
                // the exit settlement is a statement with its own approval (issue 15 §7): /leases/{id}/settlement
                lease.MoveTo(LeaseState.Settled);
                throw new DomainRuleException("SettleThroughStatement", "action", "退租结算请通过结算单办理（起草、提交、审批、结算）", RuleKind.Conflict) { Arguments = [lease.Code] };
            default:
                throw new NotFoundException("LeaseAction", action);
        }
        lease.UpdatedAt = now;
        await SaveHoldingAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private async Task EnsureUnitsFreeAsync(Lease lease, CancellationToken ct)
    {
        var ids = lease.Units.Select(u => u.UnitId).ToArray();
        var taken = await db.Set<LeaseUnit>().IgnoreQueryFilters()
            .Where(u => ids.Contains(u.UnitId) && u.Holds && u.LeaseId != lease.Id && u.LeaseId != lease.PreviousLeaseId).Select(u => u.UnitId).ToListAsync(ct);
        if (taken.Count > 0) throw UnitTaken(taken);
    }

    private static DomainRuleException UnitTaken(IEnumerable<long> unitIds) =>
        new("UnitMustHaveOneActiveLease", "unitIds", "单元已被其他租约占用", RuleKind.Conflict) { Arguments = [string.Join(",", unitIds)] };

    /// <summary>Saves; the unique index on held units turns a lost race into the same 409 as the pre-check.</summary>
    private async Task SaveHoldingAsync(CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw UnitTaken(db.ChangeTracker.Entries<LeaseUnit>().Where(e => e.Entity.Holds).Select(e => e.Entity.UnitId));
        }
    }

    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    private Task OccupyAsync(Lease lease, CancellationToken ct) => occupancy.OccupyAsync(lease.Units.Select(u => u.UnitId).ToList(), lease.EnterpriseId, ct);

    private Task VacateAsync(Lease lease, CancellationToken ct, IReadOnlySet<long>? except = null) =>
        occupancy.VacateAsync(lease.Units.Select(u => u.UnitId).Where(id => except is null || !except.Contains(id)).ToList(), lease.EnterpriseId, ct);
}
