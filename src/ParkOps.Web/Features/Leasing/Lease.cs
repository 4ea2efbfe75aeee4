using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Leasing.Contracts;

namespace ParkOps.Web.Features.Leasing;

/// <summary>
/// One version of a park's rent policy (DOMAIN §3); versions never change once in force, a new version with a
/// later <see cref="EffectiveFrom"/> supersedes them from that day.
/// </summary>
public sealed class RentPolicyVersion : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal FactoryPrice { get; set; }
    public decimal LabPrice { get; set; }
    public decimal OfficePrice { get; set; }
    public decimal WarehousePrice { get; set; }
    public decimal DormitoryPrice { get; set; }
    public decimal LeadingIndustryDiscount { get; set; } = 0.20m;
    public decimal HighTechDiscount { get; set; } = 0.20m;
    public decimal UnrelatedIndustryPremium { get; set; } = 0.15m;
    public int LongLeaseMinYears { get; set; } = 3;
    public decimal LongLeaseYearlyDecrease { get; set; } = 0.05m;
    public int StartupFreeMonths { get; set; } = 6;
    public int ContributionFromLeaseYear { get; set; } = 3;
    public decimal ContributionMaxDiscount { get; set; } = 0.30m;
    /// <summary>Property fee in 元/㎡/month, billed beside the rent.</summary>
    public decimal PropertyFeePerSqm { get; set; }
    /// <summary>Deposit in months of the first full month's rent.</summary>
    public int DepositMonths { get; set; } = 2;
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    public RentPolicy ToPolicy() => new()
    {
        EffectiveFrom = EffectiveFrom,
        BasePrices = new Dictionary<SpaceUse, decimal>
        {
            [SpaceUse.Factory] = FactoryPrice, [SpaceUse.Lab] = LabPrice, [SpaceUse.Office] = OfficePrice,
            [SpaceUse.Warehouse] = WarehousePrice, [SpaceUse.Dormitory] = DormitoryPrice,
        },
        LeadingIndustryDiscount = LeadingIndustryDiscount, HighTechDiscount = HighTechDiscount, UnrelatedIndustryPremium = UnrelatedIndustryPremium,
        LongLeaseMinYears = LongLeaseMinYears, LongLeaseYearlyDecrease = LongLeaseYearlyDecrease, StartupFreeMonths = StartupFreeMonths,
        ContributionFromLeaseYear = ContributionFromLeaseYear, ContributionMaxDiscount = ContributionMaxDiscount, PropertyFeePerSqm = PropertyFeePerSqm,
    };
}

/// <summary>Intent → Approved → Signed → Active → Renewed | Changed | Terminated | Expired → Settled; Intent/Approved → Cancelled.</summary>
public enum LeaseState { Intent, Approved, Signed, Active, Renewed, Changed, Terminated, Expired, Settled, Cancelled }

public sealed class Lease : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public required string Code { get; set; }
    public LeaseState State { get; set; }
    public DateOnly StartDate { get; set; }
    public int TermMonths { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>Free months granted for an equity stake (service-for-equity).</summary>
    public int EquityFreeMonths { get; set; }
    public decimal Deposit { get; set; }
    /// <summary>The lease this one renews or changes.</summary>
    public long? PreviousLeaseId { get; set; }
    public DateOnly? TerminatedOn { get; set; }
    public string? TerminationReason { get; set; }
    public decimal? SettlementDamages { get; set; }
    public decimal? SettlementArrears { get; set; }
    public decimal? SettlementRefund { get; set; }
    public DateTime? SettledAt { get; set; }
    /// <summary>
    /// The last month (its first day) the exit settlement charged: the bill run leaves the lease out of that month and
    /// those before it, so a month the statement carried is never billed again (null: settled before 0030, or not settled).
    /// </summary>
    public DateOnly? SettledThrough { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<LeaseUnit> Units { get; set; } = [];

    // The tenant facts that price the lease, fixed when it is signed (issue 15): editing the archive afterwards changes
    // no signed lease. Null FactsFixedAt: a lease not yet signed (or signed before 0022), priced from the archive.
    public DateTime? FactsFixedAt { get; set; }
    public bool FactLeadingIndustry { get; set; }
    public bool FactHighTech { get; set; }
    public bool FactUnrelatedIndustry { get; set; }
    public bool FactStartup { get; set; }
    /// <summary>Months the enterprise had been in the park without a gap when this lease starts (its earlier leases).</summary>
    public int MonthsInParkBefore { get; set; }
    /// <summary>Startup free months its earlier leases in the park had already used.</summary>
    public int StartupFreeMonthsUsed { get; set; }
    /// <summary>Startup free months this lease grants (what later leases count as used); null until signed.</summary>
    public int? StartupFreeMonthsGranted { get; set; }

    /// <summary>The facts fixed at signing with the enterprise's current contribution score, or null while they are not fixed.</summary>
    public TenantFacts? FixedFacts(decimal contributionScore, int? scoreYear) => FactsFixedAt is null ? null
        : new TenantFacts(FactLeadingIndustry, FactHighTech, FactUnrelatedIndustry, FactStartup, contributionScore, EquityFreeMonths, MonthsInParkBefore, StartupFreeMonthsUsed, scoreYear);

    /// <summary>Fixes <paramref name="facts"/> on the lease (at signing).</summary>
    public void FixFacts(TenantFacts facts, int startupMonthsGranted, DateTime at)
    {
        FactsFixedAt = at;
        (FactLeadingIndustry, FactHighTech, FactUnrelatedIndustry, FactStartup) = (facts.LeadingIndustry, facts.HighTech, facts.UnrelatedIndustry, facts.Startup);
        (MonthsInParkBefore, StartupFreeMonthsUsed, StartupFreeMonthsGranted) = (facts.MonthsInParkBefore, facts.StartupFreeMonthsUsed, startupMonthsGranted);
    }

    /// <summary>
    /// States of a lease that has been in force (signed and not cancelled, whatever happened since): it is billed, and
    /// its units' use is charged to it, for the months its term covered (<see cref="ILeaseLedger"/>).
    /// </summary>
    public static readonly LeaseState[] HaveBeenInForce = [LeaseState.Signed, LeaseState.Active, LeaseState.Renewed, LeaseState.Changed, LeaseState.Terminated, LeaseState.Expired, LeaseState.Settled];

    /// <summary>States in which the lease holds its units (the database allows one holding lease per unit).</summary>
    public static bool HoldsUnits(LeaseState s) => s is LeaseState.Signed or LeaseState.Active;

    /// <summary>
    /// Whether the units stay held in state <paramref name="s"/>: a terminated lease keeps them until its exit settlement
    /// is settled (issue 15 §7: the unit is freed only then), so nobody signs for them while the handover is open.
    /// </summary>
    public static bool KeepsUnits(LeaseState s) => HoldsUnits(s) || s == LeaseState.Terminated;

    public LeaseTerm Term => new(StartDate, TermMonths);

    /// <summary>Moves to <paramref name="to"/> when the lifecycle allows it; refuses with LeaseTransitionNotAllowed.</summary>
    public void MoveTo(LeaseState to)
    {
        var allowed = (State, to) switch
        {
            (LeaseState.Intent, LeaseState.Approved) => true,
            (LeaseState.Approved, LeaseState.Signed) => true,
            (LeaseState.Signed, LeaseState.Active) => true,
            (LeaseState.Active or LeaseState.Signed, LeaseState.Renewed) => true,
            (LeaseState.Active or LeaseState.Signed, LeaseState.Changed) => true,
            (LeaseState.Active or LeaseState.Signed, LeaseState.Terminated) => true,
            (LeaseState.Active, LeaseState.Expired) => true,
            (LeaseState.Terminated or LeaseState.Expired or LeaseState.Renewed or LeaseState.Changed, LeaseState.Settled) => true,
            (LeaseState.Intent or LeaseState.Approved, LeaseState.Cancelled) => true,
            _ => false,
        };
        if (!allowed)
            throw new DomainRuleException("LeaseTransitionNotAllowed", "state", $"租约不能从 {State} 变为 {to}", RuleKind.Conflict) { Arguments = [State, to] };
        State = to;
        foreach (var u in Units) u.Holds = KeepsUnits(to);
    }
}

/// <summary>
/// An operator's re-evaluation of the tenant facts of a signed lease (issue 15 §2), effective from the first day of
/// <see cref="EffectiveMonth"/>, a month not yet billed: the months before keep the facts fixed at signing. Kept, never
/// edited (the audit log has who and when); a later one supersedes it from its own month.
/// </summary>
public sealed class LeaseFactsRevision : IEnterpriseOwned
{
    public long Id { get; set; }
    public long LeaseId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public DateOnly EffectiveMonth { get; set; }
    public bool LeadingIndustry { get; set; }
    public bool HighTech { get; set; }
    public bool UnrelatedIndustry { get; set; }
    public bool Startup { get; set; }
    public required string Reason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    public FactsRevision ToRevision() => new(EffectiveMonth, LeadingIndustry, HighTech, UnrelatedIndustry, Startup, Reason);
}

/// <summary>A unit covered by a lease, with its area and use as at signing (the bill uses these, not later edits).</summary>
public sealed class LeaseUnit : IEnterpriseOwned
{
    public long Id { get; set; }
    public long LeaseId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long UnitId { get; set; }
    public decimal AreaSqm { get; set; }
    public SpaceUse Use { get; set; }
    /// <summary>True while the lease holds the unit; a unique index over (UnitId) where Holds keeps one holder.</summary>
    public bool Holds { get; set; }
}
