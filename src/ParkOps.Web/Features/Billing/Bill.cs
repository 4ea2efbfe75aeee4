using ParkOps.Domain.Billing;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;

namespace ParkOps.Web.Features.Billing;

public enum BillState { Issued, PartiallyPaid, Paid, Cancelled }

/// <summary>One bill per enterprise and month (a unique index over the bills not cancelled); never edited in place.</summary>
public sealed class Bill : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long RunId { get; set; }
    public required string Number { get; set; }
    /// <summary>The first day of the billed month.</summary>
    public DateOnly Month { get; set; }
    public BillState State { get; set; }
    public decimal Total { get; set; }
    public decimal Paid { get; set; }
    public DateOnly DueDate { get; set; }
    public DateTime IssuedAt { get; set; }
    /// <summary>The bill this one replaces when it was reissued (the old one is cancelled by a credit note).</summary>
    public long? ReplacesBillId { get; set; }
    public List<BillLine> Lines { get; set; } = [];
}

/// <summary>
/// A line of a bill, naming where it came from (<see cref="SourceType"/>/<see cref="SourceId"/>: a lease, a meter,
/// a booking) and, for rent, the pricing rules applied, so a tenant can follow every amount.
/// </summary>
public sealed class BillLine : IEnterpriseOwned
{
    public long Id { get; set; }
    public long BillId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public BillLineKind Kind { get; set; }
    public required string SourceType { get; set; }
    public required string SourceId { get; set; }
    public required string Description { get; set; }
    public decimal Quantity { get; set; }
    public string Unit { get; set; } = "";
    public decimal UnitPrice { get; set; }
    public decimal Amount { get; set; }
    /// <summary>The rules that made the amount, as JSON [{name, parameter, effect}].</summary>
    public string RulesJson { get; set; } = "[]";
}

/// <summary>
/// A charge another area posts for the bill run to pick up (the booking area's shared-resource usage, service
/// fees): the bill run turns every unbilled charge of the month into a line and marks it billed.
/// </summary>
public sealed class PendingCharge : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public DateOnly Month { get; set; }
    public BillLineKind Kind { get; set; }
    public required string SourceType { get; set; }
    public required string SourceId { get; set; }
    public required string Description { get; set; }
    public decimal Quantity { get; set; }
    public string Unit { get; set; } = "";
    public decimal UnitPrice { get; set; }
    public decimal Amount { get; set; }
    public string RulesJson { get; set; } = "[]";
    public long? BilledBillId { get; set; }

    /// <summary>Rules are stored as JSON [{name, parameter, effect}], the shape of a bill line's rules.</summary>
    public static PendingCharge From(ChargePosting c) => new()
    {
        ParkId = c.ParkId, EnterpriseId = c.EnterpriseId, Month = c.Month, Kind = c.Kind, SourceType = c.SourceType, SourceId = c.SourceId, Description = c.Description,
        Quantity = c.Quantity, Unit = c.Unit, UnitPrice = c.UnitPrice, Amount = c.Amount, RulesJson = BillRules.Serialize(c.Rules),
    };

    /// <summary>The bill line this charge becomes.</summary>
    public BillLine ToLine() => new()
    {
        ParkId = ParkId, EnterpriseId = EnterpriseId, Kind = Kind, SourceType = SourceType, SourceId = SourceId, Description = Description,
        Quantity = Quantity, Unit = Unit, UnitPrice = UnitPrice, Amount = Amount, RulesJson = RulesJson,
    };
}

public enum BillRunState { Completed }

/// <summary>One run of the monthly billing for a park; runs are all-or-nothing (one transaction) and re-runnable.</summary>
public sealed class BillRun : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public DateOnly Month { get; set; }
    public BillRunState State { get; set; }
    public int BillsCreated { get; set; }
    public int BillsExisting { get; set; }
    public decimal TotalCreated { get; set; }
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
}

/// <summary>The one JSON shape of a line's rules (camelCase name, parameter, effect; Chinese kept readable).</summary>
public static class BillRules
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(IReadOnlyList<ParkOps.Domain.Pricing.AppliedRule> rules) => System.Text.Json.JsonSerializer.Serialize(rules, Json);

    public static List<ParkOps.Domain.Pricing.AppliedRule> Deserialize(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<List<ParkOps.Domain.Pricing.AppliedRule>>(json, Json) ?? [];
}
