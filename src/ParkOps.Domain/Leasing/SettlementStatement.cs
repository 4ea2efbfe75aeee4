using System.Globalization;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Leasing;

/// <summary>What a line of an exit settlement is; stored by value, so members are only ever appended.</summary>
public enum SettlementLineKind
{
    Deposit, Arrears, UnbilledRent, UnbilledPropertyFee, UnbilledUtility, Damages, OtherDeduction,
    /// <summary>Rent a bill charged for days after the lease ended (a month billed in full before the termination was recorded): a credit.</summary>
    RentBilledBeyondEnd,
    /// <summary>Property fee a bill charged for days after the lease ended: a credit.</summary>
    PropertyFeeBilledBeyondEnd,
}

/// <summary>
/// One line of the statement. <see cref="Amount"/> is never negative: the deposit line is what the park holds for the
/// tenant and a line of rent or property fee billed beyond the lease's end is what it charged too much (credits), every
/// other line is what the tenant owes (a deduction). <see cref="Source"/> names where the figure
/// came from (a bill number, a lease month, a meter, the operator's entry) and <see cref="Explanation"/> how it was made.
/// </summary>
public sealed record SettlementLine(SettlementLineKind Kind, string Source, string Description, decimal Amount, string Explanation)
{
    public bool IsCredit => IsCreditKind(Kind);

    public static bool IsCreditKind(SettlementLineKind kind) =>
        kind is SettlementLineKind.Deposit or SettlementLineKind.RentBilledBeyondEnd or SettlementLineKind.PropertyFeeBilledBeyondEnd;
}

/// <summary>A bill of the tenant's still (partly) unpaid at settlement: its number, month and what is left to pay.</summary>
public sealed record UnpaidBill(string Number, string Month, DateOnly DueDate, decimal Outstanding);

/// <summary>
/// A charge the tenant owes but no bill carries yet (rent, property fee, utilities of the months after the last billed
/// one through the end of the lease), priced as the bill run would price it.
/// </summary>
public sealed record UnbilledCharge(SettlementLineKind Kind, string Source, string Description, decimal Amount, string Explanation);

/// <summary>
/// What a live bill charged this lease for one month's rent or property fee (<see cref="Billed"/>, the bill's line)
/// against what the bill run prices for that month now that the lease has ended on <see cref="Ended"/>
/// (<see cref="Due"/>: cut by days in the end month, 0 after it). The difference is credited; none when nothing was
/// billed beyond the end. <see cref="BillId"/> names the bill for the booking; the statement shows its number.
/// </summary>
public sealed record BilledBeyondEnd(SettlementLineKind Kind, long BillId, string BillNumber, string Month, decimal Billed, decimal Due, DateOnly Ended)
{
    public decimal Credit => Math.Max(0, Billed - Due);
}

/// <summary>An operator's deduction other than damages (cleaning, keys, a fee the contract names), with its reason.</summary>
public sealed record OtherDeduction(string Text, decimal Amount);

/// <summary>Everything a settlement is composed from: gathered through the areas' contracts, entered by the operator.</summary>
public sealed record SettlementFacts(decimal Deposit, IReadOnlyList<UnpaidBill> UnpaidBills, IReadOnlyList<UnbilledCharge> Unbilled, decimal Damages, string? DamagesNote,
    IReadOnlyList<OtherDeduction> Others, IReadOnlyList<BilledBeyondEnd>? BilledBeyond = null);

/// <summary>
/// The statement: its lines in order (deposit, rent and property fee billed beyond the end, arrears per bill, unbilled
/// charges, damages, other deductions), the deposit held, the sum of the deductions, and the balance: a refund to the
/// tenant or an amount still owed (one of them is 0). The balance is the credits (deposit and what was billed beyond
/// the end) less the deductions.
/// </summary>
public sealed record SettlementStatement(IReadOnlyList<SettlementLine> Lines, decimal Deposit, decimal Deductions, decimal Refund, decimal Owed)
{
    /// <summary>Every credit: the deposit and the rent and property fee billed beyond the end.</summary>
    public decimal Credits => Lines.Where(l => l.IsCredit).Sum(l => l.Amount);
    /// <summary>The rent and property fee billed beyond the lease's end, credited back.</summary>
    public decimal BilledBeyond => Lines.Where(l => l.IsCredit && l.Kind != SettlementLineKind.Deposit).Sum(l => l.Amount);
    /// <summary>
    /// The part of <see cref="BilledBeyond"/> set against the unpaid bills: first each on the bill that over-billed (while
    /// it is open), the rest on the other unpaid bills, oldest first. What the bills cannot take is refunded.
    /// </summary>
    public decimal CreditToBills => Math.Min(BilledBeyond, Arrears);
    /// <summary>The part of the deposit set against what is left of the unpaid bills after <see cref="CreditToBills"/>.</summary>
    public decimal DepositToBills => Math.Min(Deposit, Arrears - CreditToBills);
    public decimal Arrears => Lines.Where(l => l.Kind == SettlementLineKind.Arrears).Sum(l => l.Amount);
    public decimal Unbilled => Lines.Where(l => l.Kind is SettlementLineKind.UnbilledRent or SettlementLineKind.UnbilledPropertyFee or SettlementLineKind.UnbilledUtility).Sum(l => l.Amount);
    public decimal Damages => Lines.Where(l => l.Kind == SettlementLineKind.Damages).Sum(l => l.Amount);
    public decimal OtherDeductions => Lines.Where(l => l.Kind == SettlementLineKind.OtherDeduction).Sum(l => l.Amount);
    /// <summary>What is owed that no bill carries (unbilled charges, damages, other deductions): what a charge must still put on a bill.</summary>
    public decimal NotOnABill => Unbilled + Damages + OtherDeductions;
}

/// <summary>
/// The exit settlement of a lease (issue 15 §7) from gathered facts, with no storage and no clock: the deposit held and
/// the rent and property fee billed for days after the lease ended are set against the arrears (bill by bill), the
/// charges not yet billed, the damages and the other deductions; what is left is refunded, what is missing is still owed. Every figure is in 元 with at most two decimals (the 分): amounts
/// are never rounded here, an amount finer than the 分 is refused, so the lines add up exactly.
/// </summary>
public static class SettlementComposer
{
    /// <summary>The most other deductions one statement carries (a page must stay readable).</summary>
    public const int MaxOtherDeductions = 20;
    public const int MaxTextLength = 200;
    /// <summary>Above any deposit or damage a micro park sees: a typo with extra zeros is refused, not settled.</summary>
    public const decimal MaxAmount = 100_000_000m;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static SettlementStatement Compose(SettlementFacts f)
    {
        CheckAmount(f.Deposit, "deposit", allowZero: true);
        CheckAmount(f.Damages, "damages", allowZero: true);
        if (f.Others.Count > MaxOtherDeductions)
            throw new DomainRuleException("SettlementDeductionsTooMany", "deductions", $"其他扣款最多 {MaxOtherDeductions} 项") { Arguments = [MaxOtherDeductions] };
        for (var i = 0; i < f.Others.Count; i++)
        {
            var o = f.Others[i];
            CheckAmount(o.Amount, $"deductions[{i}].amount", allowZero: false);
            if (string.IsNullOrWhiteSpace(o.Text))
                throw new DomainRuleException("SettlementDeductionNeedsText", $"deductions[{i}].text", "每项扣款都要写明原因") { Arguments = [i + 1] };
            if (o.Text.Trim().Length > MaxTextLength)
                throw new DomainRuleException("SettlementTextTooLong", $"deductions[{i}].text", $"扣款原因最多 {MaxTextLength} 字") { Arguments = [MaxTextLength] };
        }
        if (f.Damages > 0 && string.IsNullOrWhiteSpace(f.DamagesNote))
            throw new DomainRuleException("SettlementDeductionNeedsText", "damagesNote", "损坏赔偿要写明原因") { Arguments = [0] };
        if ((f.DamagesNote?.Trim().Length ?? 0) > MaxTextLength)
            throw new DomainRuleException("SettlementTextTooLong", "damagesNote", $"扣款原因最多 {MaxTextLength} 字") { Arguments = [MaxTextLength] };

        var lines = new List<SettlementLine> { new(SettlementLineKind.Deposit, "deposit", "押金", f.Deposit, "租约约定的押金，结算时抵扣以下各项") };
        foreach (var b in (f.BilledBeyond ?? []).OrderBy(b => b.Month, StringComparer.Ordinal).ThenBy(b => b.BillNumber, StringComparer.Ordinal).ThenBy(b => b.Kind))
        {
            if (b.Kind is not (SettlementLineKind.RentBilledBeyondEnd or SettlementLineKind.PropertyFeeBilledBeyondEnd))
                throw new ArgumentException($"billed-beyond-end charge of kind {b.Kind}", nameof(f));
            CheckFen(b.Billed, nameof(b.Billed));
            CheckFen(b.Due, nameof(b.Due));
            if (b.Credit == 0) continue;
            var what = b.Kind == SettlementLineKind.RentBilledBeyondEnd ? "租金" : "物业费";
            lines.Add(new(b.Kind, $"{b.BillNumber} {b.Month}", $"多收{what} {b.Month}", b.Credit,
                $"账单 {b.BillNumber} 已计 {b.Month} {what} {Money(b.Billed)} 元；租约 {b.Ended.ToString("yyyy-MM-dd", Inv)} 结束，该月应计 {Money(b.Due)} 元，多收 {Money(b.Credit)} 元退回"));
        }
        foreach (var b in f.UnpaidBills.Where(b => b.Outstanding > 0).OrderBy(b => b.Month, StringComparer.Ordinal).ThenBy(b => b.Number, StringComparer.Ordinal))
            lines.Add(new(SettlementLineKind.Arrears, b.Number, $"欠费 {b.Month}", b.Outstanding, $"账单 {b.Number}（{b.Month}，{b.DueDate.ToString("yyyy-MM-dd", Inv)} 到期）未付 {Money(b.Outstanding)} 元"));
        foreach (var u in f.Unbilled.Where(u => u.Amount != 0))
        {
            if (u.Kind is not (SettlementLineKind.UnbilledRent or SettlementLineKind.UnbilledPropertyFee or SettlementLineKind.UnbilledUtility))
                throw new ArgumentException($"unbilled charge of kind {u.Kind}", nameof(f));
            lines.Add(new(u.Kind, u.Source, u.Description, u.Amount, u.Explanation));
        }
        if (f.Damages > 0) lines.Add(new(SettlementLineKind.Damages, "operator", "损坏赔偿", f.Damages, f.DamagesNote!.Trim()));
        foreach (var o in f.Others) lines.Add(new(SettlementLineKind.OtherDeduction, "operator", o.Text.Trim(), o.Amount, o.Text.Trim()));
        return Total(lines);
    }

    /// <summary>The totals of <paramref name="lines"/>: deposit held, deductions, and the balance (all credits less the deductions) either way.</summary>
    public static SettlementStatement Total(IReadOnlyList<SettlementLine> lines)
    {
        var deposit = lines.Where(l => l.Kind == SettlementLineKind.Deposit).Sum(l => l.Amount);
        var credits = lines.Where(l => l.IsCredit).Sum(l => l.Amount);
        var deductions = lines.Where(l => !l.IsCredit).Sum(l => l.Amount);
        var balance = credits - deductions;
        return new SettlementStatement(lines, deposit, deductions, Math.Max(0, balance), Math.Max(0, -balance));
    }

    /// <summary>
    /// Refuses a statement whose totals a client computed differently (422 SettlementLinesMustAddUp, naming the field):
    /// the page or an integration sends what it showed, so nobody approves a figure other than the one stored.
    /// </summary>
    public static void CheckClaimed(SettlementStatement s, decimal? refund, decimal? owed)
    {
        if (refund is { } r && r != s.Refund)
            throw new DomainRuleException("SettlementLinesMustAddUp", "expectedRefund", $"各行合计应退 {Money(s.Refund)} 元，而不是 {Money(r)} 元") { Arguments = [Money(s.Refund), Money(r)] };
        if (owed is { } o && o != s.Owed)
            throw new DomainRuleException("SettlementLinesMustAddUp", "expectedOwed", $"各行合计尚欠 {Money(s.Owed)} 元，而不是 {Money(o)} 元") { Arguments = [Money(s.Owed), Money(o)] };
    }

    /// <summary>Whether a stored statement's lines still give its stored totals (a tampered or mis-stored row is refused before money moves).</summary>
    public static bool AddsUp(SettlementStatement stored) => Total(stored.Lines) is var t && t.Refund == stored.Refund && t.Owed == stored.Owed && t.Deductions == stored.Deductions && t.Deposit == stored.Deposit;

    private static void CheckAmount(decimal amount, string field, bool allowZero)
    {
        if (amount < 0 || (!allowZero && amount == 0) || amount > MaxAmount)
            throw new DomainRuleException("SettlementAmountOutOfRange", field, "金额应大于 0 且不超过 1 亿元") { Arguments = [Money(amount)] };
        if (decimal.Round(amount, 2) != amount)
            throw new DomainRuleException("SettlementAmountInFen", field, "金额最多两位小数（到分）") { Arguments = [amount.ToString(Inv)] };
    }

    /// <summary>A figure gathered from the books (a bill line, the bill run's price) is in 分 already: finer is a fault, not an entry.</summary>
    private static void CheckFen(decimal amount, string what)
    {
        if (amount < 0 || decimal.Round(amount, 2) != amount) throw new ArgumentException($"{what} {amount.ToString(Inv)} is not an amount in 分", nameof(amount));
    }

    public static string Money(decimal v) => v.ToString("#,0.00", Inv);
}
