using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Billing;
using ParkOps.Domain.Leasing;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Metering.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;
using ParkOps.Web.Features.Users.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Leasing;

/// <summary>Draft → Submitted → Approved → Settled (final); Submitted/Approved → Draft again by "reopen".</summary>
public enum SettlementState { Draft, Submitted, Approved, Settled }

/// <summary>
/// The exit settlement of an ended lease (issue 15 §7). While a draft, its figures are computed from current data each
/// time it is read (the operator's deductions are stored); submitting freezes the lines and totals that are approved and
/// settled; settling moves the money (a charge for what no bill carries) and frees the units. One per lease.
/// </summary>
public sealed class LeaseSettlement : IEnterpriseOwned
{
    public long Id { get; set; }
    public long LeaseId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public SettlementState State { get; set; }
    public decimal Damages { get; set; }
    public string? DamagesNote { get; set; }
    /// <summary>The operator's other deductions as JSON [{text, amount}].</summary>
    public string DeductionsJson { get; set; } = "[]";
    /// <summary>The statement's lines frozen at submission, JSON; null while a draft.</summary>
    public string? LinesJson { get; set; }
    public decimal Deposit { get; set; }
    public decimal TotalDeductions { get; set; }
    public decimal Refund { get; set; }
    public decimal Owed { get; set; }
    /// <summary>The part of the deposit set against the unpaid bills (booked on those bills as paid from the deposit, after <see cref="CreditToBills"/>).</summary>
    public decimal DepositToBills { get; set; }
    /// <summary>
    /// The part of the rent and property fee billed beyond the lease's end set against the unpaid bills (booked first, on
    /// the bill that charged too much, then on the others; what is left of it is refunded).
    /// </summary>
    public decimal CreditToBills { get; set; }
    /// <summary>What the settlement put on the next bill through Billing's charge contract (the owed part no bill carried).</summary>
    public decimal? ChargePosted { get; set; }
    public DateOnly? ChargeMonth { get; set; }
    public required string DraftedBy { get; set; }
    public DateTime DraftedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? SettledBy { get; set; }
    public DateTime? SettledAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed record DeductionInput([Line(SettlementComposer.MaxTextLength)] string? Text, decimal Amount);

/// <summary>The operator's entries of a draft; <see cref="ExpectedRefund"/>/<see cref="ExpectedOwed"/>: what the client computed, refused when the lines give another figure.</summary>
public sealed record SettlementInput(decimal Damages = 0, [Line(SettlementComposer.MaxTextLength)] string? DamagesNote = null,
    [MaxItems(SettlementComposer.MaxOtherDeductions)] DeductionInput[]? Deductions = null, decimal? ExpectedRefund = null, decimal? ExpectedOwed = null);

/// <summary>What the caller saw when it asks to move the settlement on: the figures it confirms (refused when they are no longer the stored ones).</summary>
public sealed record SettlementActionInput(decimal? ExpectedRefund = null, decimal? ExpectedOwed = null);

public sealed record SettlementLineDto(SettlementLineKind Kind, string Source, string Description, decimal Amount, bool IsCredit, string Explanation);

public sealed record SettlementDto(long LeaseId, string LeaseCode, string EnterpriseName, long? Id, SettlementState State, LeaseState LeaseState, DateOnly? TerminatedOn,
    IReadOnlyList<SettlementLineDto> Lines, decimal Deposit, decimal TotalDeductions, decimal Refund, decimal Owed, decimal DepositToBills,
    decimal Damages, string? DamagesNote, IReadOnlyList<OtherDeduction> Deductions, bool Frozen, bool ApprovalNeedsSecondOperator,
    string? DraftedBy, DateTime? DraftedAt, string? SubmittedBy, DateTime? SubmittedAt, string? ApprovedBy, DateTime? ApprovedAt, string? SettledBy, DateTime? SettledAt,
    decimal? ChargePosted, string? ChargeMonth, decimal BilledBeyondEnd = 0, decimal CreditToBills = 0);

/// <summary>
/// Exit settlements: gather (the lease, its unpaid bills, what is not billed yet, the operator's entries) → compose
/// (<see cref="SettlementComposer"/>) → write. Every write locks the lease row, so of many requests racing on one
/// settlement each sees what the one before it did: one approval, one settlement, one charge.
/// </summary>
public sealed class SettlementService(ParkOpsDb db, LeaseService leases, EnterpriseService enterprises, LeaseLedger ledger, IAccountStanding standing, IChargePoster charges,
    IUtilityUsage utilities, IEnterpriseDirectory directory, IUnitOccupancy occupancy, IParkOperators operators, TimeProvider clock, IStringLocalizer<Text> t,
    IDepositOffsets deposits, IOverbillingCredits overbilling)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Lease states whose exit can be settled: ended, with the deposit still held.</summary>
    public static bool Settleable(LeaseState s) => s is LeaseState.Terminated or LeaseState.Expired or LeaseState.Renewed or LeaseState.Changed;

    /// <summary>The statement: the stored one once submitted, else a draft computed from current data with the stored entries.</summary>
    public async Task<SettlementDto> GetAsync(long leaseId, CancellationToken ct)
    {
        var lease = await leases.GetAsync(leaseId, ct);
        await enterprises.ParkForReadAsync(lease.ParkId, ct);
        var row = await db.Set<LeaseSettlement>().AsNoTracking().FirstOrDefaultAsync(s => s.LeaseId == leaseId, ct);
        if (row is null && !Settleable(lease.State))
        {
            if (lease.State == LeaseState.Settled) throw new NotFoundException("Settlement", leaseId);
            throw NeedsEndedLease(lease);
        }
        return await ToDtoAsync(lease, row, ct);
    }

    /// <summary>Stores the operator's deductions on the draft (creating it); refused once submitted.</summary>
    public async Task<SettlementDto> SaveDraftAsync(long leaseId, SettlementInput input, CancellationToken ct)
    {
        var others = (input.Deductions ?? []).Select(d => new OtherDeduction(d.Text?.Trim() ?? "", d.Amount)).ToList();
        return await WriteAsync(leaseId, async (lease, row) =>
        {
            if (row.State != SettlementState.Draft)
                throw new DomainRuleException("SettlementNotEditable", "state", "结算单已提交，不能再修改扣款；请先退回草稿", RuleKind.Conflict) { Arguments = [row.State] };
            var statement = await ComposeAsync(lease, input.Damages, input.DamagesNote, others, ct);
            SettlementComposer.CheckClaimed(statement, input.ExpectedRefund, input.ExpectedOwed);
            row.Damages = input.Damages;
            row.DamagesNote = string.IsNullOrWhiteSpace(input.DamagesNote) ? null : input.DamagesNote.Trim();
            row.DeductionsJson = JsonSerializer.Serialize(others, Json);
            return statement;
        }, ct);
    }

    /// <summary>submit | approve | settle | reopen.</summary>
    public async Task<SettlementDto> ActAsync(long leaseId, string action, SettlementActionInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = db.Actor.UserName;
        return await WriteAsync(leaseId, async (lease, row) =>
        {
            switch (action)
            {
                case "submit":
                {
                    Require(row, SettlementState.Draft, action);
                    var statement = await ComposeAsync(lease, row.Damages, row.DamagesNote, OthersOf(row), ct);
                    SettlementComposer.CheckClaimed(statement, input.ExpectedRefund, input.ExpectedOwed);
                    Freeze(row, statement);
                    row.State = SettlementState.Submitted;
                    (row.SubmittedBy, row.SubmittedAt) = (user, now);
                    return statement;
                }
                case "reopen":
                    if (row.State is not (SettlementState.Submitted or SettlementState.Approved)) throw Transition(row, action);
                    row.State = SettlementState.Draft;
                    row.LinesJson = null;
                    (row.SubmittedBy, row.SubmittedAt, row.ApprovedBy, row.ApprovedAt) = (null, null, null, null);
                    return null;
                case "approve":
                {
                    Require(row, SettlementState.Submitted, action);
                    CheckStored(row, input);
                    // four eyes where there are two: the park's second operator approves what the first drafted and submitted
                    if (await operators.CountAsync(lease.ParkId, ct) > 1 && (row.SubmittedBy == user || row.DraftedBy == user))
                        throw new ForbiddenException("SettlementApproverMustDiffer");
                    row.State = SettlementState.Approved;
                    (row.ApprovedBy, row.ApprovedAt) = (user, now);
                    return null;
                }
                case "settle":
                {
                    Require(row, SettlementState.Approved, action);
                    CheckStored(row, input);
                    // the figures approved must still be the figures: a bill run, a payment or a reissued bill since then changes them
                    var (live, beyond) = await GatherAndComposeAsync(lease, row.Damages, row.DamagesNote, OthersOf(row), ct);
                    var stored = StoredStatement(row);
                    if (live.Refund != row.Refund || live.Owed != row.Owed || live.Deductions != row.TotalDeductions || !SameCredits(live, stored))
                        throw new DomainRuleException("SettlementOutOfDate", "state", "账单或收款已变化，结算单需退回草稿重新核对", RuleKind.Conflict)
                            { Arguments = [SettlementComposer.Money(row.Refund - row.Owed), SettlementComposer.Money(live.Refund - live.Owed)] };
                    // the rent and property fee billed beyond the end are credited first (payments "多收冲减" on the bill that
                    // charged too much, what it cannot take on the other open bills, oldest first), then the deposit is set
                    // against what is left (payments "押金抵扣", oldest first): the bills, the arrears list and the ledger then
                    // show what the statement shows; what the bills cannot take of the credits is refunded with the deposit
                    await overbilling.ApplyAsync(new OverbillingCredit(lease.ParkId, lease.EnterpriseId,
                        beyond.Where(b => b.Credit > 0).Select(b => new BillOvercharge(b.BillId, b.Credit)).ToList(), row.CreditToBills, enterprises.Today, $"退租结算 {lease.Code}"), ct);
                    await deposits.ApplyAsync(new DepositOffset(lease.ParkId, lease.EnterpriseId, row.DepositToBills, enterprises.Today, $"退租结算 {lease.Code}"), ct);
                    var endMonth = MonthOf(lease.TerminatedOn ?? lease.EndDate);
                    var notOnABill = Math.Min(row.Owed, stored.NotOnABill);
                    if (notOnABill > 0)
                    {
                        // the owed part no bill carries goes on the next bill the run makes for the enterprise
                        var current = MonthOf(enterprises.Today);
                        var lastBilled = await standing.LastBilledMonthAsync(lease.ParkId, lease.EnterpriseId, ct);
                        var month = new[] { endMonth.AddMonths(1), current, lastBilled?.AddMonths(1) ?? current }.Max();
                        await charges.PostAsync(new ChargePosting(lease.ParkId, lease.EnterpriseId, month, BillLineKind.Adjustment, "settlement", row.Id.ToString(Inv),
                            $"退租结算 {lease.Code}", 1, "项", notOnABill, notOnABill,
                            [new AppliedRule("ExitSettlement", $"{lease.Code}：未出账 {SettlementComposer.Money(stored.Unbilled)} + 赔偿 {SettlementComposer.Money(stored.Damages)} + 其他 {SettlementComposer.Money(stored.OtherDeductions)} − 押金余额",
                                $"{SettlementComposer.Money(notOnABill)} 元")]), ct);
                        (row.ChargePosted, row.ChargeMonth) = (notOnABill, month);
                    }
                    else row.ChargePosted = 0;
                    var wasTerminated = lease.State == LeaseState.Terminated;
                    lease.MoveTo(LeaseState.Settled);
                    lease.SettlementArrears = stored.Arrears;
                    lease.SettlementDamages = stored.Damages + stored.OtherDeductions;
                    lease.SettlementRefund = row.Refund;
                    lease.SettledAt = now;
                    lease.SettledThrough = endMonth;
                    // a renewal's or change's successor took the units at its signing; a terminated lease frees them now
                    if (wasTerminated) await occupancy.VacateAsync(lease.Units.Select(u => u.UnitId).ToList(), lease.EnterpriseId, ct);
                    row.State = SettlementState.Settled;
                    (row.SettledBy, row.SettledAt) = (user, now);
                    return null;
                }
                default:
                    throw new NotFoundException("SettlementAction", action);
            }
        }, ct);
    }

    /// <summary>
    /// The shared write path: the caller operates the park, the lease row is locked and read again in one transaction,
    /// the settlement row made if missing (a draft by this caller), changed by <paramref name="change"/>, saved.
    /// </summary>
    private async Task<SettlementDto> WriteAsync(long leaseId, Func<Lease, LeaseSettlement, Task<SettlementStatement?>> change, CancellationToken ct)
    {
        var lease = await leases.GetAsync(leaseId, ct);
        if (!db.Actor.CanOperatePark(lease.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        await enterprises.ParkForWriteAsync(lease.ParkId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RowLocks.ForUpdateAsync(db, "Leases", "Id", leaseId, ct);
        await db.Entry(lease).ReloadAsync(ct);
        var row = await db.Set<LeaseSettlement>().FirstOrDefaultAsync(s => s.LeaseId == leaseId, ct);
        if (row is not null) await db.Entry(row).ReloadAsync(ct);
        if (row?.State == SettlementState.Settled)
            throw new DomainRuleException("SettlementIsFinal", "state", "结算已完成，不能再更改", RuleKind.Conflict) { Arguments = [lease.Code] };
        if (row is null)
        {
            if (!Settleable(lease.State)) throw NeedsEndedLease(lease);
            row = new LeaseSettlement
            {
                LeaseId = lease.Id, ParkId = lease.ParkId, EnterpriseId = lease.EnterpriseId, State = SettlementState.Draft, Deposit = lease.Deposit,
                DraftedBy = db.Actor.UserName, DraftedAt = now, UpdatedAt = now,
            };
            db.Add(row);
            // the row's id names the charge it may post: stored first, inside the same transaction
            await db.SaveChangesAsync(ct);
        }
        await change(lease, row);
        row.UpdatedAt = now;
        lease.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ToDtoAsync(lease, row, ct);
    }

    private static void Require(LeaseSettlement row, SettlementState state, string action)
    {
        if (row.State != state) throw Transition(row, action);
    }

    private static DomainRuleException Transition(LeaseSettlement row, string action) =>
        new("SettlementTransitionNotAllowed", "state", $"结算单处于 {row.State}，不能 {action}", RuleKind.Conflict) { Arguments = [row.State, action] };

    private static DomainRuleException NeedsEndedLease(Lease lease) =>
        new("SettlementNeedsEndedLease", "state", "只有已解约、到期、续签或变更的租约可以退租结算", RuleKind.Conflict) { Arguments = [lease.State] };

    /// <summary>The figures a client confirms must be the stored ones (the page sends what it showed).</summary>
    private static void CheckStored(LeaseSettlement row, SettlementActionInput input) =>
        SettlementComposer.CheckClaimed(StoredStatement(row), input.ExpectedRefund, input.ExpectedOwed);

    private static void Freeze(LeaseSettlement row, SettlementStatement s)
    {
        row.LinesJson = JsonSerializer.Serialize(s.Lines, Json);
        (row.Deposit, row.TotalDeductions, row.Refund, row.Owed) = (s.Deposit, s.Deductions, s.Refund, s.Owed);
        (row.CreditToBills, row.DepositToBills) = (s.CreditToBills, s.DepositToBills);
    }

    /// <summary>Whether two statements credit the same days billed beyond the end (the same bills, kinds and amounts).</summary>
    private static bool SameCredits(SettlementStatement a, SettlementStatement b) =>
        a.Lines.Where(l => l.Kind != SettlementLineKind.Deposit && l.IsCredit).Select(l => (l.Kind, l.Source, l.Amount))
            .SequenceEqual(b.Lines.Where(l => l.Kind != SettlementLineKind.Deposit && l.IsCredit).Select(l => (l.Kind, l.Source, l.Amount)));

    /// <summary>The frozen statement; refused when its lines no longer give its totals (nothing moves on figures that do not add up).</summary>
    private static SettlementStatement StoredStatement(LeaseSettlement row)
    {
        var lines = JsonSerializer.Deserialize<List<SettlementLine>>(row.LinesJson ?? "[]", Json) ?? [];
        var stored = new SettlementStatement(lines, row.Deposit, row.TotalDeductions, row.Refund, row.Owed);
        if (!SettlementComposer.AddsUp(stored))
            throw new DomainRuleException("SettlementLinesMustAddUp", "lines", "结算单各行合计与总额不符") { Arguments = [SettlementComposer.Money(row.Refund), SettlementComposer.Money(row.Owed)] };
        return stored;
    }

    private static List<OtherDeduction> OthersOf(LeaseSettlement row) => JsonSerializer.Deserialize<List<OtherDeduction>>(row.DeductionsJson, Json) ?? [];

    private static DateOnly MonthOf(DateOnly d) => new(d.Year, d.Month, 1);

    /// <summary>Gathers the statement's facts from current data and composes it.</summary>
    public async Task<SettlementStatement> ComposeAsync(Lease lease, decimal damages, string? damagesNote, IReadOnlyList<OtherDeduction> others, CancellationToken ct) =>
        (await GatherAndComposeAsync(lease, damages, damagesNote, others, ct)).Statement;

    private async Task<(SettlementStatement Statement, IReadOnlyList<BilledBeyondEnd> Beyond)> GatherAndComposeAsync(Lease lease, decimal damages, string? damagesNote,
        IReadOnlyList<OtherDeduction> others, CancellationToken ct)
    {
        var bills = (await standing.OpenBillsAsync(lease.ParkId, lease.EnterpriseId, ct))
            .Select(b => new UnpaidBill(b.Number, b.Month.ToString("yyyy-MM", Inv), b.DueDate, b.Outstanding)).ToList();
        var unbilled = await UnbilledAsync(lease, ct);
        var beyond = await BilledBeyondAsync(lease, ct);
        try
        {
            return (SettlementComposer.Compose(new SettlementFacts(lease.Deposit, bills, unbilled, damages, damagesNote, others, beyond)), beyond);
        }
        catch (DomainRuleException ex) when (ex.Rule == "SettlementAmountOutOfRange" && ex.Field == "deposit")
        {
            throw new ValidationException([new ValidationFailure("deposit", t["Val.Range", 0, SettlementComposer.MaxAmount])]);
        }
    }

    /// <summary>
    /// What the lease owes that no bill carries yet: for each month after the enterprise's last billed month through the
    /// month the lease ended, its rent and property fee (cut by days at termination) and its meters' use, priced exactly as
    /// the bill run prices them (<see cref="BillComposer"/>), so the statement and a later bill would agree to the 分.
    /// </summary>
    private async Task<List<UnbilledCharge>> UnbilledAsync(Lease lease, CancellationToken ct)
    {
        var endMonth = MonthOf(lease.TerminatedOn ?? lease.EndDate);
        var first = await standing.LastBilledMonthAsync(lease.ParkId, lease.EnterpriseId, ct) is { } billed ? billed.AddMonths(1) : MonthOf(lease.StartDate);
        if (first < MonthOf(lease.StartDate)) first = MonthOf(lease.StartDate);
        var list = new List<UnbilledCharge>();
        if (first > endMonth) return list;
        var policies = await ledger.RentPoliciesAsync(lease.ParkId, ct);
        var tariffs = await utilities.TariffsInForceAsync(lease.ParkId, ct);
        var muClass = (await directory.CardsAsync([lease.EnterpriseId], ct))[lease.EnterpriseId].MuClass;
        for (var month = first; month <= endMonth; month = month.AddMonths(1))
        {
            var inForce = (await ledger.InForceAsync(lease.ParkId, month, null, ct)).FirstOrDefault(l => l.LeaseId == lease.Id);
            if (inForce is not null)
                foreach (var line in BillComposer.LeaseLines(inForce, month, policies))
                    list.Add(new UnbilledCharge(line.Kind == BillLineKind.Rent ? SettlementLineKind.UnbilledRent : SettlementLineKind.UnbilledPropertyFee,
                        $"{lease.Code} {month.ToString("yyyy-MM", Inv)}", line.Description, line.Amount, Explain(line.Rules)));
            if (tariffs.Count == 0) continue;
            foreach (var m in (await utilities.MonthUseAsync(lease.ParkId, month, [lease.EnterpriseId], ct))
                         .Where(m => m.LeaseId == lease.Id && m.Opening is not null && m.Closing is not null && m.Use > 0))
                if (BillComposer.UtilityLine(new MeteredUse(m.MeterId, m.Code, lease.EnterpriseId, m.Utility, m.Opening!.Value, m.Closing!.Value), tariffs, muClass, month) is { } u)
                    list.Add(new UnbilledCharge(SettlementLineKind.UnbilledUtility, m.Code, u.Description, u.Amount, Explain(u.Rules)));
        }
        return list;
    }

    /// <summary>
    /// The lease's rent and property fee on live bills of the month it ended and after (Billing's contract), each against
    /// what the bill run prices for that month now that the lease has ended (<see cref="BillComposer.LeaseLines"/> with the
    /// termination: cut by days in the end month, nothing after it): a month billed in full before the termination was
    /// recorded, or a month after it, was charged for days the tenant no longer had the units.
    /// </summary>
    private async Task<List<BilledBeyondEnd>> BilledBeyondAsync(Lease lease, CancellationToken ct)
    {
        // a renewal or change took the tenancy over from its end: the successor's days in a month billed already are not
        // billed again (one bill per enterprise and month), so what the old lease's line charged pays for them; only a
        // lease that ended without a successor (terminated, expired) is credited
        if (lease.State is not (LeaseState.Terminated or LeaseState.Expired)) return [];
        var ended = lease.TerminatedOn ?? lease.EndDate;
        var billed = await standing.LeaseChargesBilledAsync(lease.ParkId, lease.EnterpriseId, lease.Id, MonthOf(ended), ct);
        var list = new List<BilledBeyondEnd>();
        if (billed.Count == 0) return list;
        var policies = await ledger.RentPoliciesAsync(lease.ParkId, ct);
        foreach (var month in billed.GroupBy(b => b.Month))
        {
            var inForce = (await ledger.InForceAsync(lease.ParkId, month.Key, null, ct)).FirstOrDefault(l => l.LeaseId == lease.Id);
            var due = inForce is null ? [] : BillComposer.LeaseLines(inForce, month.Key, policies).ToList();
            foreach (var b in month)
                list.Add(new BilledBeyondEnd(b.Kind == BillLineKind.Rent ? SettlementLineKind.RentBilledBeyondEnd : SettlementLineKind.PropertyFeeBilledBeyondEnd,
                    b.BillId, b.BillNumber, b.Month.ToString("yyyy-MM", Inv), b.Amount, due.Where(l => l.Kind == b.Kind).Sum(l => l.Amount), ended));
        }
        return list;
    }

    private string Explain(IReadOnlyList<AppliedRule> rules) =>
        string.Join("；", rules.Select(r => $"{(t["Pricing.Rule." + r.Name] is { ResourceNotFound: false } n ? n.Value : r.Name)}: {r.Parameter} → {r.Effect}"));

    private async Task<SettlementDto> ToDtoAsync(Lease lease, LeaseSettlement? row, CancellationToken ct)
    {
        var others = row is null ? [] : OthersOf(row);
        var frozen = row?.LinesJson is not null;
        var statement = frozen ? StoredStatement(row!)
            // a settled lease of the old free-text kind has no row and no figures to recompute
            : Settleable(lease.State) ? await ComposeAsync(lease, row?.Damages ?? 0, row?.DamagesNote, others, ct)
            : SettlementComposer.Total([]);
        var name = (await directory.NamesAsync([lease.EnterpriseId], ct)).GetValueOrDefault(lease.EnterpriseId, "");
        var needsSecond = db.Actor.CanOperatePark(lease.ParkId) && await operators.CountAsync(lease.ParkId, ct) > 1;
        return new SettlementDto(lease.Id, lease.Code, name, row?.Id, row?.State ?? SettlementState.Draft, lease.State, lease.TerminatedOn,
            statement.Lines.Select(l => new SettlementLineDto(l.Kind, l.Source, l.Description, l.Amount, l.IsCredit, l.Explanation)).ToList(),
            statement.Deposit, statement.Deductions, statement.Refund, statement.Owed, frozen ? row!.DepositToBills : statement.DepositToBills,
            row?.Damages ?? 0, row?.DamagesNote, others, frozen, needsSecond,
            row?.DraftedBy, row?.DraftedAt, row?.SubmittedBy, row?.SubmittedAt, row?.ApprovedBy, row?.ApprovedAt, row?.SettledBy, row?.SettledAt,
            row?.ChargePosted, row?.ChargeMonth?.ToString("yyyy-MM", Inv), statement.BilledBeyond, frozen ? row!.CreditToBills : statement.CreditToBills);
    }
}
