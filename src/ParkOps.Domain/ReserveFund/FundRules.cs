using ParkOps.Domain.Rules;

namespace ParkOps.Domain.ReserveFund;

/// <summary>One instalment of a bridge loan's repayment schedule: when it falls due and how much (元, to the 分).</summary>
public sealed record Instalment(DateOnly DueDate, decimal Amount);

/// <summary>An instalment as stored: its amount and what has been paid towards it.</summary>
public sealed record InstalmentState(int Number, DateOnly DueDate, decimal Amount, decimal Paid)
{
    public decimal Open => Amount - Paid;
    /// <summary>Past its due date and not paid in full (due today is not yet overdue).</summary>
    public bool OverdueOn(DateOnly today) => DueDate < today && Paid < Amount;
}

/// <summary>How much of a repayment goes to which instalment (by number).</summary>
public sealed record Allocation(int Number, decimal Amount);

/// <summary>
/// The risk reserve fund's rules (风险准备金, DOMAIN §6, seed 000 case 10): each enterprise pays a share of its reported
/// main revenue into the park's fund, which lends short-term bridge money to firms in a crisis and is paid back by
/// instalments. Pure: dates come in as arguments.
/// </summary>
public static class FundRules
{
    /// <summary>DOMAIN §6: 0.2 % of revenue unless the park sets another rate.</summary>
    public const decimal DefaultRatePercent = 0.2m;
    public const decimal MaxRatePercent = 10m;
    public const int MaxInstalments = 60;

    /// <summary>
    /// A quarter's contribution in 元: reported main revenue (万元) × 10,000 × rate %, rounded once to the 分 half away
    /// from zero (the house rounding of every bill line, <c>RentPricing.RoundToFen</c>). A zero or negative revenue pays nothing.
    /// </summary>
    public static decimal Contribution(decimal mainRevenueWan, decimal ratePercent) =>
        mainRevenueWan <= 0 ? 0m : Math.Round(mainRevenueWan * 10_000m * ratePercent / 100m, 2, MidpointRounding.AwayFromZero);

    public static void CheckRate(decimal ratePercent)
    {
        if (ratePercent <= 0 || ratePercent > MaxRatePercent || ratePercent != Math.Round(ratePercent, 4))
            throw new DomainRuleException("ReserveFundRateOutOfRange", "ratePercent", $"计提比例须在 0 与 {MaxRatePercent}% 之间") { Arguments = [MaxRatePercent] };
    }

    /// <summary>An amount of money: positive, to the 分.</summary>
    public static void CheckAmount(decimal amount, string field)
    {
        if (amount <= 0 || amount != Math.Round(amount, 2))
            throw new DomainRuleException("ReserveFundAmountMustBePositive", field, "金额须大于 0 且精确到分");
    }

    /// <summary>
    /// A schedule is valid when it has 1..<see cref="MaxInstalments"/> instalments, each positive and to the 分, due on or
    /// after the start in strictly ascending order, summing exactly to the principal.
    /// </summary>
    public static void CheckSchedule(decimal principal, DateOnly start, IReadOnlyList<Instalment>? schedule)
    {
        if (schedule is null || schedule.Count == 0)
            throw new DomainRuleException("LoanScheduleRequired", "instalments", "须给出还款计划");
        if (schedule.Count > MaxInstalments)
            throw new DomainRuleException("LoanScheduleTooLong", "instalments", $"还款计划最多 {MaxInstalments} 期") { Arguments = [MaxInstalments] };
        for (var i = 0; i < schedule.Count; i++)
        {
            CheckAmount(schedule[i].Amount, $"instalments[{i}].amount");
            if (schedule[i].DueDate < start)
                throw new DomainRuleException("LoanInstalmentBeforeStart", $"instalments[{i}].dueDate", "还款日不能早于放款日");
            if (i > 0 && schedule[i].DueDate <= schedule[i - 1].DueDate)
                throw new DomainRuleException("LoanInstalmentsMustAscend", $"instalments[{i}].dueDate", "还款日须逐期递增");
        }
        var sum = schedule.Sum(x => x.Amount);
        if (sum != principal)
            throw new DomainRuleException("LoanScheduleMustSumToPrincipal", "instalments", $"各期合计 {sum:0.00} 元，与借款本金 {principal:0.00} 元不符") { Arguments = [sum, principal] };
    }

    /// <summary>
    /// <paramref name="count"/> monthly instalments from <paramref name="firstDue"/>: equal shares rounded down to the
    /// 分, the last one taking the remainder so the schedule sums exactly to the principal.
    /// </summary>
    public static IReadOnlyList<Instalment> EvenSchedule(decimal principal, int count, DateOnly firstDue)
    {
        if (count < 1 || count > MaxInstalments)
            throw new DomainRuleException("LoanScheduleTooLong", "count", $"还款计划最多 {MaxInstalments} 期") { Arguments = [MaxInstalments] };
        var share = Math.Floor(principal * 100m / count) / 100m;
        return Enumerable.Range(0, count).Select(i => new Instalment(firstDue.AddMonths(i), i == count - 1 ? principal - share * (count - 1) : share)).ToList();
    }

    /// <summary>
    /// Applies a repayment to the oldest instalments first; refuses more than the loan still owes
    /// (LoanRepaymentExceedsOutstanding, 422) and anything on a loan repaid in full (LoanAlreadyRepaid, 409).
    /// </summary>
    public static IReadOnlyList<Allocation> Allocate(IReadOnlyList<InstalmentState> instalments, decimal amount)
    {
        CheckAmount(amount, "amount");
        var open = instalments.Sum(i => i.Open);
        if (open <= 0)
            throw new DomainRuleException("LoanAlreadyRepaid", "amount", "该借款已还清", RuleKind.Conflict);
        if (amount > open)
            throw new DomainRuleException("LoanRepaymentExceedsOutstanding", "amount", $"还款金额超过未还本金 {open:0.00} 元") { Arguments = [open] };
        var left = amount;
        var result = new List<Allocation>();
        foreach (var i in instalments.OrderBy(x => x.DueDate).ThenBy(x => x.Number))
        {
            if (left == 0) break;
            if (i.Open <= 0) continue;
            var take = Math.Min(i.Open, left);
            result.Add(new Allocation(i.Number, take));
            left -= take;
        }
        return result;
    }

    /// <summary>A disbursement leaves the fund at zero or above, never below (ReserveFundInsufficient, 409).</summary>
    public static void CheckCovers(decimal balance, decimal amount)
    {
        if (amount > balance)
            throw new DomainRuleException("ReserveFundInsufficient", "amount", $"准备金余额 {balance:0.00} 元不足以支付 {amount:0.00} 元", RuleKind.Conflict) { Arguments = [balance, amount] };
    }
}

public enum CrisisState { Open, Closed }

public enum CrisisAction { RecordAction, Close }

/// <summary>A crisis (经营危机) is worked while open and closed once, with an outcome; a closed crisis takes nothing more.</summary>
public static class CrisisRules
{
    public const int MaxFirms = 100;

    /// <summary>Open → Open (an action recorded) | Closed; Closed refuses everything with CrisisMustBeOpen (409).</summary>
    public static CrisisState Next(CrisisState state, CrisisAction action) => (state, action) switch
    {
        (CrisisState.Open, CrisisAction.RecordAction) => CrisisState.Open,
        (CrisisState.Open, CrisisAction.Close) => CrisisState.Closed,
        _ => throw new DomainRuleException("CrisisMustBeOpen", "state", "危机已关闭", RuleKind.Conflict),
    };

    /// <summary>Closing names what came of it: an outcome of some words, not blank.</summary>
    public static void CheckOutcome(string? outcome)
    {
        if (string.IsNullOrWhiteSpace(outcome))
            throw new DomainRuleException("CrisisOutcomeRequired", "outcome", "关闭危机须写明处置结果");
    }
}
