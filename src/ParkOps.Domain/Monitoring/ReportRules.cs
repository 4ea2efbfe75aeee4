using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Monitoring;

/// <summary>A plausibility warning on a saved report: the rule, the field, the figure and what it was compared with. Saved anyway.</summary>
public sealed record ReportWarning(string Rule, string Field, decimal Value, decimal? Compared);

/// <summary>
/// The rules of a quarterly operating report (DOMAIN §7, issue 12 §1): what is refused (negative figures, a quarter
/// that has not ended, impossible customer shares) and what is only warned about (tax above revenue, value added
/// above output, a jump of more than ±50 % against the quarter before), and when a report is due.
/// </summary>
public static class ReportRules
{
    public const int MaxCustomers = 10;
    /// <summary>More than ±50 % quarter on quarter is worth a second look (the province's plausibility check uses the same band).</summary>
    public const decimal JumpLimit = 0.5m;
    /// <summary>Reports are due on the 20th of the month after the quarter (the province's micro-park system closes then).</summary>
    public const int DueDayOfNextMonth = 20;

    public static DateOnly DueDate(Quarter q) => q.Next.FirstDay.AddDays(DueDayOfNextMonth - 1);

    /// <summary>Submitted after the due date's end (Shanghai date of the submission), or not yet submitted and the due date has passed.</summary>
    public static bool IsLate(Quarter q, DateOnly? submittedOn, DateOnly today) =>
        submittedOn is { } s ? s > DueDate(q) : today > DueDate(q);

    /// <summary>A report describes a quarter that has ended: the quarter of <paramref name="today"/> and later ones are refused.</summary>
    public static void CheckQuarterEnded(Quarter q, DateOnly today)
    {
        if (!q.IsValid)
            throw new DomainRuleException("ReportQuarterInvalid", "quarter", $"季度无效：{q}") { Arguments = [q.ToString()] };
        if (q.LastDay >= today)
            throw new DomainRuleException("ReportQuarterNotEnded", "quarter", $"{q.ToChinese()}尚未结束，不能填报") { Arguments = [q.ToChinese()] };
    }

    /// <summary>Each figure except net profit (a loss is negative) must not be negative; the first offending field is named.</summary>
    public static void CheckFigures(QuarterFigures f)
    {
        (string Field, decimal Value)[] nonNegative =
        [
            ("output", f.Output), ("mainRevenue", f.MainRevenue), ("tax", f.Tax), ("valueAdded", f.ValueAdded), ("rdSpend", f.RdSpend),
            ("energyTce", f.EnergyTce), ("electricityKwh", f.ElectricityKwh), ("waterT", f.WaterT), ("emissionsT", f.EmissionsT ?? 0),
            ("avgHeadcount", f.AvgHeadcount), ("totalAssets", f.TotalAssets), ("totalLiabilities", f.TotalLiabilities),
            ("patentsHeld", f.PatentsHeld), ("patentsGranted", f.PatentsGranted), ("openPosts", f.OpenPosts ?? 0),
        ];
        foreach (var (field, value) in nonNegative)
            if (value < 0)
                throw new DomainRuleException("ReportFigureMustNotBeNegative", field, $"不能为负数：{value}") { Arguments = [value] };
    }

    /// <summary>
    /// Main customers: at most <see cref="MaxCustomers"/>, each with a name, a share of 0–100 %, together ≤ 100 %; an
    /// in-park customer is another enterprise of the same park (<paramref name="parkEnterprises"/>), never the reporter itself.
    /// </summary>
    public static void CheckCustomers(IReadOnlyList<CustomerShare> customers, long reporter, IReadOnlySet<long> parkEnterprises)
    {
        if (customers.Count > MaxCustomers)
            throw new DomainRuleException("ReportCustomersTooMany", "customers", $"主要客户最多 {MaxCustomers} 个") { Arguments = [MaxCustomers] };
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            if (c.EnterpriseId is null && string.IsNullOrWhiteSpace(c.Name))
                throw new DomainRuleException("ReportCustomerNeedsName", $"customers[{i}].name", "客户需填写名称或选择园区企业");
            if (c.SharePercent is < 0 or > 100)
                throw new DomainRuleException("ReportCustomerShareOutOfRange", $"customers[{i}].sharePercent", $"客户占比须在 0–100% 之间：{c.SharePercent}") { Arguments = [c.SharePercent] };
            if (c.EnterpriseId is { } id && (id == reporter || !parkEnterprises.Contains(id)))
                throw new DomainRuleException("ReportCustomerMustBeInPark", $"customers[{i}].enterpriseId", $"园区内客户须为本园区的其他企业：{id}") { Arguments = [id] };
        }
        var total = customers.Sum(c => c.SharePercent);
        if (total > 100)
            throw new DomainRuleException("ReportCustomerSharesOver100", "customers", $"客户占比合计 {total}% 超过 100%") { Arguments = [total] };
    }

    /// <summary>Warnings on a report, against the enterprise's report of the quarter before when there is one.</summary>
    public static IReadOnlyList<ReportWarning> Warnings(QuarterFigures f, QuarterFigures? previous)
    {
        var list = new List<ReportWarning>();
        if (f.Tax > f.MainRevenue) list.Add(new("ReportTaxAboveRevenue", "tax", f.Tax, f.MainRevenue));
        if (f.ValueAdded > f.Output) list.Add(new("ReportValueAddedAboveOutput", "valueAdded", f.ValueAdded, f.Output));
        if (previous is not null)
        {
            Jump("output", f.Output, previous.Output);
            Jump("mainRevenue", f.MainRevenue, previous.MainRevenue);
            Jump("electricityKwh", f.ElectricityKwh, previous.ElectricityKwh);
        }
        return list;

        void Jump(string field, decimal now, decimal before)
        {
            // from nothing to something is no measurable jump; the firm may have just started
            if (before <= 0) return;
            if (Math.Abs(now - before) > JumpLimit * before) list.Add(new("ReportFigureJump", field, now, before));
        }
    }
}

/// <summary>Where the park's quarterly submission to the county stands (草稿 → 已提交 → 已退回 / 已通过).</summary>
public enum SubmissionState { Draft, Submitted, Returned, Approved }

/// <summary>What is done to a submission: compile (the operator takes a fresh snapshot), submit, and the county's return or approval.</summary>
public enum SubmissionAction { Compile, Submit, Return, Approve }

/// <summary>The submission's lifecycle: a pure table, the one place that says which step follows which.</summary>
public static class SubmissionRules
{
    /// <summary>
    /// Compile: draft or returned → draft (a returned submission is corrected by compiling again). Submit: draft or
    /// returned → submitted. Return / approve: submitted → returned / approved. Anything else refuses with
    /// ReportSubmissionStepRefused (409); an approved submission is final.
    /// </summary>
    public static SubmissionState Next(SubmissionState state, SubmissionAction action) => (state, action) switch
    {
        (SubmissionState.Draft or SubmissionState.Returned, SubmissionAction.Compile) => SubmissionState.Draft,
        (SubmissionState.Draft or SubmissionState.Returned, SubmissionAction.Submit) => SubmissionState.Submitted,
        (SubmissionState.Submitted, SubmissionAction.Return) => SubmissionState.Returned,
        (SubmissionState.Submitted, SubmissionAction.Approve) => SubmissionState.Approved,
        _ => throw new DomainRuleException("ReportSubmissionStepRefused", "state", $"报送状态为 {state}，不能 {action}", RuleKind.Conflict) { Arguments = [state, action] },
    };

    /// <summary>A return names its reason (the park must know what to correct).</summary>
    public static void CheckReturnReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainRuleException("ReportSubmissionReturnNeedsReason", "reason", "退回须说明原因");
    }
}
