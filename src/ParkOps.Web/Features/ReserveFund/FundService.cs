using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Domain.Monitoring;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.ReserveFund;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ReserveFund;

public sealed record FundEntryDto(long Id, FundEntryKind Kind, decimal Amount, decimal BalanceAfter, long? EnterpriseId, string? EnterpriseName, DateOnly OccurredOn,
    string Description, string? Reference, long? LoanId);

public sealed record FundTotal(FundEntryKind Kind, decimal Amount, int Count);

public sealed record FundOverdue(int Instalments, decimal Amount);

/// <summary>
/// The park's fund. <see cref="Redacted"/>: the caller (a government viewer without the region's detail setting) sees
/// the balance and the totals by kind, not the entries, which name firms and their financing (DOMAIN §1).
/// </summary>
public sealed record FundView(long ParkId, decimal Balance, decimal RatePercent, IReadOnlyList<FundTotal> Totals, FundOverdue Overdue, bool Redacted,
    IReadOnlyList<FundEntryDto> Entries);

public sealed record FundSettingDto(string FromQuarter, decimal RatePercent, string SetBy, DateTime SetAt);

public sealed record FundSettingsView(decimal DefaultRatePercent, IReadOnlyList<FundSettingDto> Versions);

public sealed record FundSettingInput([Code(6)] string FromQuarter, decimal RatePercent);

public sealed record ContributionDto(long Id, long EnterpriseId, string? EnterpriseName, string Quarter, decimal RevenueWan, decimal RatePercent, decimal Amount,
    DateOnly BillMonth, DateTime PostedAt);

public sealed record ContributionRunInput([Code(6)] string Quarter);

/// <summary>What a contribution run did: posted now, posted by an earlier run, and the firms with no submitted report (nothing to compute from).</summary>
public sealed record ContributionRunResult(string Quarter, decimal RatePercent, int Posted, int AlreadyPosted, IReadOnlyList<long> WithoutReport, decimal Amount,
    IReadOnlyList<ContributionDto> Contributions);

public sealed record InstalmentDto(int Number, DateOnly DueDate, decimal Amount, decimal Paid, bool Overdue);

public sealed record RepaymentDto(long Id, decimal Amount, DateOnly PaidOn, string? Reference, string Allocation, DateTime RecordedAt);

public sealed record LoanDto(long Id, long ParkId, long EnterpriseId, string? EnterpriseName, decimal Principal, decimal Repaid, decimal Outstanding, string Purpose,
    DateOnly StartDate, LoanState State, long? CrisisId, bool Overdue, decimal OverdueAmount, IReadOnlyList<InstalmentDto> Instalments, IReadOnlyList<RepaymentDto> Repayments);

public sealed record InstalmentInput(DateOnly DueDate, decimal Amount);

public sealed record LoanInput(long EnterpriseId, decimal Amount, [Line(300)] string Purpose, DateOnly StartDate,
    [MaxItems(FundRules.MaxInstalments)] IReadOnlyList<InstalmentInput> Instalments, long? CrisisId = null);

public sealed record RepaymentInput(decimal Amount, DateOnly? PaidOn = null, [Line(100)] string? Reference = null);

public sealed record RepaymentResult(long RepaymentId, long LoanId, decimal Amount, string Allocation, decimal Outstanding, LoanState State, decimal FundBalance);

/// <summary>What one enterprise sees of the fund: its own contributions, loans and entries.</summary>
public sealed record EnterpriseFundView(long EnterpriseId, string? EnterpriseName, decimal Contributed, IReadOnlyList<ContributionDto> Contributions,
    IReadOnlyList<LoanDto> Loans);

/// <summary>
/// The fund's use cases: reading it, the rate, quarterly contributions, bridge loans and repayments. Every write that
/// moves money runs in one transaction holding the park's <see cref="FundAccount"/> row lock (PostgreSQL: FOR UPDATE;
/// SQLite: the transaction is BEGIN IMMEDIATE), so the balance is always Σ entries and never goes below zero.
/// </summary>
public sealed class FundService(ParkOpsDb db, TimeProvider clock, IQuarterlyReports reports, IChargePoster charges, IEnterpriseDirectory directory)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Time.Shanghai).DateTime);

    private ActorScope Actor => db.Actor;

    /// <summary>The park's operators (and the platform admin); another who sees the park gets 403, everyone else 404.</summary>
    internal async Task RequireOperatorAsync(long parkId, string rule, CancellationToken ct)
    {
        if (!Actor.CanOperatePark(parkId))
        {
            if (Actor.CanSeePark(parkId)) throw new ForbiddenException(rule);
            throw new NotFoundException("Park", parkId);
        }
        // the platform admin has no grant naming the park: the directory answers 404 for a park that does not exist
        if (Actor.IsPlatformAdmin) await directory.ParkIndustryAsync(parkId, ct);
    }

    /// <summary>
    /// A console form's submission runs once (a double click or a resent page disburses or repays nothing more): the
    /// form's key is claimed as an idempotency record, as the API's Idempotency-Key is. False: the key was used already.
    /// </summary>
    public Task<bool> RunOnceAsync(string? key, string request, Func<Task> work, CancellationToken ct) =>
        IdempotencyMiddleware.RunOnceAsync(db, Actor.UserId ?? 0, key ?? Guid.NewGuid().ToString("N"), request, clock.GetUtcNow().UtcDateTime, work, ct);

    /// <summary>The park's firms that filed a report in the last year (the ones a loan or a crisis concerns), by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> ParkFirmsAsync(long parkId, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        var last = Quarter.Of(Today).Previous;
        var ids = (await reports.ParkReportsAsync(parkId, last.Plus(-3), last, ct, CustomersRead.None)).Where(r => r.ParkId == parkId).Select(r => r.Facts.EnterpriseId).Distinct().ToList();
        var names = await directory.NamesAsync(ids, ct);
        return names.OrderBy(n => n.Value, StringComparer.Ordinal).Select(n => (n.Key, n.Value)).ToList();
    }

    // ---- reading ----

    public async Task<FundView> ViewAsync(long parkId, CancellationToken ct)
    {
        if (!Actor.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        if (Actor.IsPlatformAdmin) await directory.ParkIndustryAsync(parkId, ct);
        var detail = Actor.SeesEnterpriseDetailOfPark(parkId);
        // a government viewer sees the fund as a whole; an enterprise user its own share only (its own endpoint)
        if (!detail && !Actor.GovernmentParkIds.Contains(parkId)) throw new ForbiddenException("ReserveFundIsConfidential");
        var balance = await db.Set<FundAccount>().IgnoreQueryFilters().Where(a => a.ParkId == parkId).Select(a => (decimal?)a.Balance).FirstOrDefaultAsync(ct) ?? 0m;
        var entries = await db.Set<FundEntry>().IgnoreQueryFilters().AsNoTracking().Where(e => e.ParkId == parkId).OrderByDescending(e => e.Id).ToListAsync(ct);
        // decimals are summed here: SQLite cannot sum them in SQL
        var totals = Enum.GetValues<FundEntryKind>().Select(k => new FundTotal(k, entries.Where(e => e.Kind == k).Sum(e => e.Amount), entries.Count(e => e.Kind == k))).ToList();
        var overdue = await OverdueAsync(db.Set<LoanInstalment>().IgnoreQueryFilters().Where(i => i.ParkId == parkId), ct);
        var rate = await RateForAsync(parkId, Quarter.Of(Today), ct);
        if (!detail) return new FundView(parkId, balance, rate, totals, overdue, true, []);
        var names = await directory.NamesAsync(entries.Select(e => e.EnterpriseId).Distinct(), ct);
        return new FundView(parkId, balance, rate, totals, overdue, false, entries.Select(e => ToDto(e, names)).ToList());
    }

    private async Task<FundOverdue> OverdueAsync(IQueryable<LoanInstalment> instalments, CancellationToken ct)
    {
        var today = Today;
        var late = await instalments.Where(i => i.DueDate < today).Select(i => new { i.Amount, i.Paid }).ToListAsync(ct);
        var open = late.Where(i => i.Paid < i.Amount).ToList();
        return new FundOverdue(open.Count, open.Sum(i => i.Amount - i.Paid));
    }

    private static FundEntryDto ToDto(FundEntry e, IReadOnlyDictionary<long, string> names) =>
        new(e.Id, e.Kind, e.Amount, e.BalanceAfter, e.EnterpriseId, names.GetValueOrDefault(e.EnterpriseId), e.OccurredOn, e.Description, e.Reference, e.LoanId);

    /// <summary>The balance after each entry, oldest first: the chart of the fund over time.</summary>
    public async Task<IReadOnlyList<(DateOnly On, decimal Balance)>> HistoryAsync(long parkId, CancellationToken ct)
    {
        await ViewAsync(parkId, ct); // same access as the fund itself
        var rows = await db.Set<FundEntry>().IgnoreQueryFilters().AsNoTracking().Where(e => e.ParkId == parkId).OrderBy(e => e.Id)
            .Select(e => new { e.OccurredOn, e.BalanceAfter }).ToListAsync(ct);
        // one point per day: the balance at the end of it
        return rows.GroupBy(r => r.OccurredOn).OrderBy(g => g.Key).Select(g => (g.Key, g.Last().BalanceAfter)).ToList();
    }

    public async Task<EnterpriseFundView> EnterpriseAsync(long enterpriseId, CancellationToken ct)
    {
        var card = (await directory.CardsAsync([enterpriseId], ct)).GetValueOrDefault(enterpriseId) ?? throw new NotFoundException("Enterprise", enterpriseId);
        if (!Actor.SeesEnterpriseDetail(card.ParkId, enterpriseId))
        {
            // a government viewer of the park is told it may not; another enterprise does not learn the firm has a share
            if (Actor.GovernmentParkIds.Contains(card.ParkId)) throw new ForbiddenException("ReserveFundIsConfidential");
            throw new NotFoundException("Enterprise", enterpriseId);
        }
        var contributions = await db.Set<FundContribution>().IgnoreQueryFilters().AsNoTracking().Where(c => c.EnterpriseId == enterpriseId)
            .OrderByDescending(c => c.Year).ThenByDescending(c => c.QuarterNumber).ToListAsync(ct);
        var names = new Dictionary<long, string> { [enterpriseId] = card.Name };
        var loans = await LoansAsync(db.Set<BridgeLoan>().IgnoreQueryFilters().Where(l => l.EnterpriseId == enterpriseId), names, ct);
        return new EnterpriseFundView(enterpriseId, card.Name, contributions.Sum(c => c.Amount), contributions.Select(c => ToDto(c, names)).ToList(), loans);
    }

    private static ContributionDto ToDto(FundContribution c, IReadOnlyDictionary<long, string> names) =>
        new(c.Id, c.EnterpriseId, names.GetValueOrDefault(c.EnterpriseId), new Quarter(c.Year, c.QuarterNumber).ToString(), c.RevenueWan, c.RatePercent, c.Amount, c.BillMonth, c.PostedAt);

    // ---- the rate ----

    public async Task<FundSettingsView> SettingsAsync(long parkId, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        var rows = await db.Set<FundSetting>().AsNoTracking().Where(s => s.ParkId == parkId).OrderBy(s => s.FromYear).ThenBy(s => s.FromQuarter).ToListAsync(ct);
        return new FundSettingsView(FundRules.DefaultRatePercent, rows.Select(s => new FundSettingDto(new Quarter(s.FromYear, s.FromQuarter).ToString(), s.RatePercent, s.SetBy, s.SetAt)).ToList());
    }

    /// <summary>
    /// Sets the rate from a quarter on. A quarter whose contributions are posted keeps its rate: the new version must
    /// start after the last posted quarter (ReserveFundRateQuarterPosted).
    /// </summary>
    public async Task<FundSettingsView> SetRateAsync(long parkId, FundSettingInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var from = ParseQuarter(input.FromQuarter, "fromQuarter");
        FundRules.CheckRate(input.RatePercent);
        var posted = await db.Set<FundContribution>().IgnoreQueryFilters().Where(c => c.ParkId == parkId)
            .OrderByDescending(c => c.Year).ThenByDescending(c => c.QuarterNumber).Select(c => new { c.Year, c.QuarterNumber }).FirstOrDefaultAsync(ct);
        if (posted is not null && from.Index <= new Quarter(posted.Year, posted.QuarterNumber).Index)
            throw new DomainRuleException("ReserveFundRateQuarterPosted", "fromQuarter", "该季度已计提，费率不能再改", RuleKind.Conflict)
            { Arguments = [new Quarter(posted.Year, posted.QuarterNumber).ToString()] };
        var row = await db.Set<FundSetting>().FirstOrDefaultAsync(s => s.ParkId == parkId && s.FromYear == from.Year && s.FromQuarter == from.Number, ct);
        if (row is null) db.Add(row = new FundSetting { ParkId = parkId, FromYear = from.Year, FromQuarter = from.Number });
        row.RatePercent = input.RatePercent;
        row.SetBy = Actor.UserName;
        row.SetAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await SettingsAsync(parkId, ct);
    }

    /// <summary>The rate in force for a quarter: the latest version starting at or before it, else the default.</summary>
    public async Task<decimal> RateForAsync(long parkId, Quarter q, CancellationToken ct)
    {
        var versions = await db.Set<FundSetting>().IgnoreQueryFilters().AsNoTracking().Where(s => s.ParkId == parkId)
            .Select(s => new { s.FromYear, s.FromQuarter, s.RatePercent }).ToListAsync(ct);
        return versions.Where(v => new Quarter(v.FromYear, v.FromQuarter).Index <= q.Index).OrderByDescending(v => new Quarter(v.FromYear, v.FromQuarter).Index)
            .Select(v => (decimal?)v.RatePercent).FirstOrDefault() ?? FundRules.DefaultRatePercent;
    }

    private static Quarter ParseQuarter(string? text, string field) =>
        Quarter.TryParse(text, out var q) ? q : throw new DomainRuleException("ReserveFundQuarterFormat", field, "季度格式应为 2026Q3") { Arguments = [text ?? ""] };

    // ---- contributions ----

    public async Task<IReadOnlyList<ContributionDto>> ContributionsAsync(long parkId, string? quarter, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        var q = db.Set<FundContribution>().AsNoTracking().Where(c => c.ParkId == parkId);
        if (!string.IsNullOrEmpty(quarter))
        {
            var qq = ParseQuarter(quarter, "quarter");
            q = q.Where(c => c.Year == qq.Year && c.QuarterNumber == qq.Number);
        }
        var rows = await q.OrderByDescending(c => c.Year).ThenByDescending(c => c.QuarterNumber).ThenBy(c => c.EnterpriseId).ToListAsync(ct);
        var names = await directory.NamesAsync(rows.Select(r => r.EnterpriseId).Distinct(), ct);
        return rows.Select(r => ToDto(r, names)).ToList();
    }

    /// <summary>
    /// Posts a quarter's contributions: for each enterprise with a submitted report for the quarter and none posted yet,
    /// revenue × the quarter's rate, billed as a charge (<see cref="IChargePoster"/>, kind ReserveFund) and entered in
    /// the fund's ledger at once. Why at billing: the fund's ledger records what the park has billed for it (a
    /// receivable); Billing offers no contract that tells another area when a bill is paid, so the cash moment cannot
    /// be recorded here — the bill's own payment state shows it. Idempotent: a second run of the quarter (also fifty
    /// at once) finds the contributions posted and adds nothing.
    /// </summary>
    public async Task<ContributionRunResult> RunContributionsAsync(long parkId, ContributionRunInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var quarter = ParseQuarter(input.Quarter, "quarter");
        var today = Today;
        // the charge goes on next month's bill: this month's may be issued already, and a bill run never bills a
        // month twice for one enterprise (a charge posted for a billed month would wait for ever)
        return await PostQuarterAsync(parkId, quarter, new DateOnly(today.Year, today.Month, 1).AddMonths(1), today, ct);
    }

    /// <summary>
    /// The contribution run itself, with the bill month and the posting date given (the API uses next month and today;
    /// the demo posts past quarters onto the bills of their time, before those bills are run).
    /// </summary>
    public async Task<ContributionRunResult> PostQuarterAsync(long parkId, Quarter quarter, DateOnly billMonth, DateOnly today, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        if (quarter.LastDay >= today)
            throw new DomainRuleException("ReserveFundQuarterNotEnded", "quarter", "季度尚未结束，不能计提") { Arguments = [quarter.ToString()] };
        var rate = await RateForAsync(parkId, quarter, ct);
        var filed = (await reports.ParkReportsAsync(parkId, quarter, quarter, ct, CustomersRead.None)).Where(r => r.ParkId == parkId).ToList();
        var submitted = filed.Where(r => r.Submitted).GroupBy(r => r.Facts.EnterpriseId).Select(g => g.First()).OrderBy(r => r.Facts.EnterpriseId).ToList();
        var cards = await directory.CardsAsync(submitted.Select(r => r.Facts.EnterpriseId).ToList(), ct);
        var withoutReport = filed.Where(r => !r.Submitted).Select(r => r.Facts.EnterpriseId).Distinct().Order().ToList();
        var now = clock.GetUtcNow().UtcDateTime;

        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await OpenAccountAsync(parkId, ct);
        var done = (await db.Set<FundContribution>().IgnoreQueryFilters().Where(c => c.ParkId == parkId && c.Year == quarter.Year && c.QuarterNumber == quarter.Number)
            .Select(c => c.EnterpriseId).ToListAsync(ct)).ToHashSet();
        var todo = submitted.Where(r => !done.Contains(r.Facts.EnterpriseId) && cards.ContainsKey(r.Facts.EnterpriseId))
            .Select(r => (Report: r, Amount: FundRules.Contribution(r.Facts.Figures.MainRevenue, rate))).Where(x => x.Amount > 0).ToList();
        var entries = new List<FundEntry>();
        foreach (var (r, amount) in todo)
        {
            var revenue = r.Facts.Figures.MainRevenue;
            entries.Add(Move(account, FundEntryKind.Contribution, amount, r.Facts.EnterpriseId, today,
                $"{quarter.ToChinese()}风险准备金：主营业务收入 {revenue:0.####} 万元 × {rate:0.####}%", $"{quarter}", null, now));
        }
        await db.SaveChangesAsync(ct);
        var posted = new List<FundContribution>();
        for (var i = 0; i < todo.Count; i++)
        {
            var (r, amount) = todo[i];
            var eid = r.Facts.EnterpriseId;
            var revenue = r.Facts.Figures.MainRevenue;
            var c = new FundContribution
            {
                ParkId = parkId, EnterpriseId = eid, Year = quarter.Year, QuarterNumber = quarter.Number, ReportId = r.ReportId, RevenueWan = revenue,
                RatePercent = rate, Amount = amount, BillMonth = billMonth, EntryId = entries[i].Id, PostedBy = Actor.UserName, PostedAt = now,
            };
            db.Add(c);
            posted.Add(c);
            // 元 per 万元 of revenue: the rate as the bill line's unit price (0.2 % → 20.00 元/万元)
            var perWan = 10_000m * rate / 100m;
            var rules = new List<AppliedRule>
            {
                new("ReserveFundRate", $"{rate:0.####}%（{quarter.ToChinese()}起适用费率）", $"{revenue:0.####} 万元 × 10000 × {rate:0.####}% = {amount:0.00} 元"),
                new("RoundToFen", "四舍五入到分", $"{amount:0.00} 元"),
            };
            // the charge saves with the contribution and its ledger entry in this transaction: all or nothing
            await charges.PostAsync(new ChargePosting(parkId, eid, billMonth, BillLineKind.ReserveFund, "ReserveFund", $"{quarter}:{eid.ToString(CultureInfo.InvariantCulture)}",
                $"风险准备金 {quarter.ToChinese()}：主营业务收入 {revenue:0.####} 万元 × {rate:0.####}%", revenue, "万元", perWan, amount, rules), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var names = cards.ToDictionary(c => c.Key, c => c.Value.Name);
        return new ContributionRunResult(quarter.ToString(), rate, posted.Count, done.Count, withoutReport, posted.Sum(c => c.Amount), posted.Select(c => ToDto(c, names)).ToList());
    }

    /// <summary>The park's fund row, locked until the transaction ends (created at zero the first time).</summary>
    private async Task<FundAccount> OpenAccountAsync(long parkId, CancellationToken ct)
    {
        // the row exists before anyone locks it: two first writes must not both insert it
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "FundAccounts" ("ParkId", "Balance") VALUES ({parkId}, {0m}) ON CONFLICT ("ParkId") DO NOTHING""", ct);
        await RowLocks.ForUpdateAsync(db, "FundAccounts", "ParkId", parkId, ct);
        var account = await db.Set<FundAccount>().IgnoreQueryFilters().FirstAsync(a => a.ParkId == parkId, ct);
        // a context that read the row earlier in the request holds a stale copy: the locked row is the truth
        await db.Entry(account).ReloadAsync(ct);
        return account;
    }

    private FundEntry Move(FundAccount account, FundEntryKind kind, decimal amount, long enterpriseId, DateOnly on, string description, string? reference, long? loanId, DateTime now)
    {
        if (account.Balance + amount < 0) FundRules.CheckCovers(account.Balance, -amount);
        account.Balance += amount;
        var e = new FundEntry
        {
            ParkId = account.ParkId, EnterpriseId = enterpriseId, Kind = kind, Amount = amount, BalanceAfter = account.Balance, OccurredOn = on,
            Description = description.Length > 300 ? description[..300] : description, Reference = reference, LoanId = loanId, RecordedBy = Actor.UserName, RecordedAt = now,
        };
        db.Add(e);
        return e;
    }

    // ---- loans ----

    public async Task<IReadOnlyList<LoanDto>> ParkLoansAsync(long parkId, CancellationToken ct)
    {
        if (!Actor.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        if (!Actor.SeesEnterpriseDetailOfPark(parkId)) throw new ForbiddenException("ReserveFundIsConfidential");
        if (Actor.IsPlatformAdmin) await directory.ParkIndustryAsync(parkId, ct);
        return await LoansAsync(db.Set<BridgeLoan>().IgnoreQueryFilters().Where(l => l.ParkId == parkId), null, ct);
    }

    public async Task<LoanDto> LoanAsync(long id, CancellationToken ct) =>
        (await LoansAsync(db.Set<BridgeLoan>().Where(l => l.Id == id), null, ct)).FirstOrDefault() ?? throw new NotFoundException("BridgeLoan", id);

    private async Task<List<LoanDto>> LoansAsync(IQueryable<BridgeLoan> query, IReadOnlyDictionary<long, string>? names, CancellationToken ct)
    {
        var loans = await query.AsNoTracking().OrderByDescending(l => l.StartDate).ThenByDescending(l => l.Id).ToListAsync(ct);
        if (loans.Count == 0) return [];
        var ids = loans.Select(l => l.Id).ToList();
        var instalments = (await db.Set<LoanInstalment>().IgnoreQueryFilters().AsNoTracking().Where(i => ids.Contains(i.LoanId)).ToListAsync(ct)).ToLookup(i => i.LoanId);
        var repayments = (await db.Set<LoanRepayment>().IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.LoanId)).ToListAsync(ct)).ToLookup(r => r.LoanId);
        names ??= await directory.NamesAsync(loans.Select(l => l.EnterpriseId).Distinct(), ct);
        var today = Today;
        return loans.Select(l =>
        {
            var items = instalments[l.Id].OrderBy(i => i.Number).Select(i => new InstalmentDto(i.Number, i.DueDate, i.Amount, i.Paid, i.State.OverdueOn(today))).ToList();
            return new LoanDto(l.Id, l.ParkId, l.EnterpriseId, names.GetValueOrDefault(l.EnterpriseId), l.Principal, l.Repaid, l.Principal - l.Repaid, l.Purpose, l.StartDate, l.State,
                l.CrisisId, items.Any(i => i.Overdue), items.Where(i => i.Overdue).Sum(i => i.Amount - i.Paid), items,
                repayments[l.Id].OrderBy(r => r.Id).Select(r => new RepaymentDto(r.Id, r.Amount, r.PaidOn, r.Reference, r.Allocation, r.RecordedAt)).ToList());
        }).ToList();
    }

    /// <summary>
    /// Disburses a bridge loan from the fund: to an enterprise of this park, with a schedule summing exactly to the
    /// principal; refused when the fund's balance does not cover it (ReserveFundInsufficient), also under concurrent requests.
    /// </summary>
    public async Task<LoanDto> DisburseAsync(long parkId, LoanInput input, CancellationToken ct)
    {
        await RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        FundRules.CheckAmount(input.Amount, "amount");
        var purpose = input.Purpose?.Trim();
        if (string.IsNullOrEmpty(purpose)) throw new DomainRuleException("LoanPurposeRequired", "purpose", "须写明借款用途");
        var card = (await directory.CardsAsync([input.EnterpriseId], ct)).GetValueOrDefault(input.EnterpriseId);
        if (card is null || card.ParkId != parkId)
            throw new DomainRuleException("ReserveFundEnterpriseMustBeInPark", "enterpriseId", "只能借给本园区的企业");
        var schedule = (input.Instalments ?? []).Select(i => new Instalment(i.DueDate, i.Amount)).ToList();
        FundRules.CheckSchedule(input.Amount, input.StartDate, schedule);
        Crisis? crisis = null;
        if (input.CrisisId is { } crisisId)
        {
            crisis = await db.Set<Crisis>().FirstOrDefaultAsync(c => c.Id == crisisId && c.ParkId == parkId, ct)
                ?? throw new DomainRuleException("CrisisMustBeInPark", "crisisId", "危机不属于本园区");
            crisis.CheckOpen();
        }
        var now = clock.GetUtcNow().UtcDateTime;

        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await OpenAccountAsync(parkId, ct);
        FundRules.CheckCovers(account.Balance, input.Amount);
        var loan = new BridgeLoan
        {
            ParkId = parkId, EnterpriseId = card.Id, Principal = input.Amount, Purpose = purpose, StartDate = input.StartDate, State = LoanState.Active,
            CrisisId = crisis?.Id, DisbursedBy = Actor.UserName, CreatedAt = now,
            Instalments = schedule.Select((s, i) => new LoanInstalment { ParkId = parkId, EnterpriseId = card.Id, Number = i + 1, DueDate = s.DueDate, Amount = s.Amount }).ToList(),
        };
        db.Add(loan);
        await db.SaveChangesAsync(ct);
        Move(account, FundEntryKind.Disbursement, -input.Amount, card.Id, input.StartDate, $"过桥资金：{purpose}", $"loan:{loan.Id}", loan.Id, now);
        if (crisis is not null)
            crisis.Actions.Add(new CrisisActionRecord
            {
                ParkId = parkId, Kind = CrisisActionKind.BridgeLoan, OccurredOn = input.StartDate, LoanId = loan.Id,
                Note = $"向{card.Name}发放过桥资金 {input.Amount:0.00} 元", RecordedBy = Actor.UserName, RecordedAt = now,
            });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await LoanAsync(loan.Id, ct);
    }

    /// <summary>
    /// Records a repayment: spread over the oldest open instalments, never more than the loan still owes
    /// (LoanRepaymentExceedsOutstanding), entered in the fund's ledger in the same transaction.
    /// </summary>
    public async Task<RepaymentResult> RepayAsync(long loanId, RepaymentInput input, CancellationToken ct)
    {
        var head = await db.Set<BridgeLoan>().AsNoTracking().Where(l => l.Id == loanId).Select(l => new { l.ParkId, l.StartDate }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("BridgeLoan", loanId);
        if (!Actor.CanOperatePark(head.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        FundRules.CheckAmount(input.Amount, "amount");
        var today = Today;
        var paidOn = input.PaidOn ?? today;
        if (paidOn > today || paidOn < head.StartDate)
            throw new DomainRuleException("LoanRepaymentDateOutOfRange", "paidOn", "还款日期须在放款日与今天之间") { Arguments = [head.StartDate.ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")] };
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        var now = clock.GetUtcNow().UtcDateTime;

        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await OpenAccountAsync(head.ParkId, ct);
        // read under the fund's lock: every repayment of the park's loans waits for the one before it
        var loan = await db.Set<BridgeLoan>().FirstAsync(l => l.Id == loanId, ct);
        await db.Entry(loan).ReloadAsync(ct);
        var instalments = await db.Set<LoanInstalment>().Where(i => i.LoanId == loanId).OrderBy(i => i.Number).ToListAsync(ct);
        foreach (var i in instalments) await db.Entry(i).ReloadAsync(ct);
        var allocation = FundRules.Allocate(instalments.Select(i => i.State).ToList(), input.Amount);
        foreach (var a in allocation) instalments.First(i => i.Number == a.Number).Paid += a.Amount;
        loan.Repaid += input.Amount;
        if (loan.Repaid == loan.Principal) loan.State = LoanState.Repaid;
        var text = string.Join(";", allocation.Select(a => $"{a.Number}:{a.Amount.ToString("0.00", CultureInfo.InvariantCulture)}"));
        var entry = Move(account, FundEntryKind.Repayment, input.Amount, loan.EnterpriseId, paidOn,
            $"过桥资金还款（借款 #{loan.Id}，第 {string.Join("、", allocation.Select(a => a.Number))} 期）", reference, loan.Id, now);
        await db.SaveChangesAsync(ct);
        var repayment = new LoanRepayment
        {
            LoanId = loan.Id, ParkId = loan.ParkId, EnterpriseId = loan.EnterpriseId, Amount = input.Amount, PaidOn = paidOn, Reference = reference, Allocation = text,
            EntryId = entry.Id, RecordedBy = Actor.UserName, RecordedAt = now,
        };
        db.Add(repayment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RepaymentResult(repayment.Id, loan.Id, input.Amount, text, loan.Principal - loan.Repaid, loan.State, account.Balance);
    }
}
