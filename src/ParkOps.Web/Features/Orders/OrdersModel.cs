using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Orders;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Orders;

/// <summary>
/// An order the park's operator took from an outside customer (统一接单): who ordered, what, how many, the amount in 元
/// and the brand/platform fee rate, the due date. Split into <see cref="UnifiedOrderPart"/>s across the park's
/// enterprises; its state moves only through <see cref="Apply"/> (the table <see cref="UnifiedOrderRules.Next"/>).
/// Settling stores the platform fee here and each part's share on the part.
/// </summary>
public sealed class UnifiedOrder : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public required string CustomerName { get; set; }
    public required string CustomerContact { get; set; }
    public required string Product { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public decimal Amount { get; set; }
    public decimal FeePercent { get; set; }
    public DateOnly DueOn { get; set; }
    public UnifiedOrderState State { get; private set; }
    public string? Reason { get; private set; }
    public decimal? PaidAmount { get; private set; }
    public DateOnly? PaidOn { get; private set; }
    public string? PaidBy { get; private set; }
    public decimal? PlatformFee { get; private set; }
    public string? Explanation { get; private set; }
    public DateTime? SettledAt { get; private set; }
    public string? SettledBy { get; private set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Moves the order by the lifecycle table with its guards; a cancel keeps its reason.</summary>
    public void Apply(UnifiedOrderAction action, UnifiedOrderFacts facts, string? reason, DateTime at)
    {
        State = UnifiedOrderRules.Next(State, action, facts, reason);
        if (action == UnifiedOrderAction.Cancel) Reason = reason!.Trim();
        UpdatedAt = at;
    }

    /// <summary>The customer's payment, once, on a delivered order.</summary>
    public void RecordPayment(decimal amount, DateOnly on, string by, DateTime at)
    {
        UnifiedOrderRules.CheckPayment(State, PaidAmount is not null, Amount, amount);
        (PaidAmount, PaidOn, PaidBy, UpdatedAt) = (amount, on, by, at);
    }

    /// <summary>Settles: the move to Settled (paid, delivered) and the statement's order figures.</summary>
    public void Settle(UnifiedOrderFacts facts, UnifiedOrderStatement statement, string by, DateTime at)
    {
        Apply(UnifiedOrderAction.Settle, facts, null, at);
        (PlatformFee, Explanation, SettledAt, SettledBy) = (statement.PlatformFee, statement.Explanation, at, by);
    }
}

/// <summary>
/// One enterprise's part of a unified order: the work, quantity, share (per cent, hundredths) and amount; its answer
/// (offered → accepted/declined); its delivery (delivered quantity, accepted by the customer); once settled, its
/// fulfilled amount, the fee it bears, its revenue and how that was computed. Confidential to the enterprise and the
/// park's operators (the query filter of <see cref="IEnterpriseOwned"/>).
/// </summary>
public sealed class UnifiedOrderPart : IEnterpriseOwned
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public required string Work { get; set; }
    public decimal Quantity { get; set; }
    public decimal SharePercent { get; set; }
    public decimal Amount { get; set; }
    public UnifiedOrderPartState State { get; private set; }
    public string? DeclineReason { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public decimal? DeliveredQuantity { get; private set; }
    public bool AcceptedByCustomer { get; private set; }
    public string? DeliveryNote { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public decimal? FulfilledAmount { get; private set; }
    public decimal? FeeBorne { get; private set; }
    public decimal? Revenue { get; private set; }
    public string? Explanation { get; private set; }

    public void Answer(UnifiedOrderState order, bool accept, string? reason, string by, DateTime at)
    {
        State = UnifiedOrderRules.Answer(order, State, accept, reason);
        DeclineReason = accept ? null : reason!.Trim();
        (AnsweredBy, AnsweredAt) = (by, at);
    }

    public void RecordDelivery(UnifiedOrderState order, decimal delivered, bool acceptedByCustomer, string? note, DateTime at)
    {
        UnifiedOrderRules.CheckDelivery(order, State, Quantity, delivered);
        (DeliveredQuantity, AcceptedByCustomer, DeliveryNote, DeliveredAt) = (delivered, acceptedByCustomer, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), at);
    }

    /// <summary>What settlement counts of this part: its delivery when accepted by the customer, nothing otherwise.</summary>
    public SettlementPart ForSettlement() =>
        new(Id, EnterpriseId, Amount, Quantity, State == UnifiedOrderPartState.Accepted && AcceptedByCustomer ? DeliveredQuantity ?? 0 : 0);

    public void Settled(SettledPart s) => (FulfilledAmount, FeeBorne, Revenue, Explanation) = (s.FulfilledAmount, s.FeeBorne, s.Revenue, s.Explanation);
}

/// <summary>
/// A park's unified-order settings (its operators): the brand/platform fee rate a new order takes when the operator
/// gives none. No row: <see cref="UnifiedOrderRules.DefaultFeePercent"/>.
/// </summary>
public sealed class UnifiedOrderSettings : IParkOwned
{
    public long ParkId { get; set; }
    public decimal DefaultFeePercent { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

public static class OrdersModel
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";
    private const string Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<UnifiedOrder>(e =>
        {
            e.ToTable("UnifiedOrders");
            e.Property(x => x.CustomerName).HasMaxLength(100);
            e.Property(x => x.CustomerContact).HasMaxLength(100);
            e.Property(x => x.Product).HasMaxLength(500);
            e.Property(x => x.Unit).HasMaxLength(10);
            e.Property(x => x.Reason).HasMaxLength(UnifiedOrderRules.MaxReasonLength);
            e.Property(x => x.PaidBy).HasMaxLength(64);
            e.Property(x => x.SettledBy).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(64);
            e.Property(x => x.Explanation).HasMaxLength(1000);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(UnifiedOrder.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<UnifiedOrderSettings>(e =>
        {
            e.ToTable("UnifiedOrderSettings");
            e.HasKey(x => x.ParkId);
            e.Property(x => x.ParkId).ValueGeneratedNever();
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(UnifiedOrderSettings.ParkId)).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<UnifiedOrderPart>(e =>
        {
            e.ToTable("UnifiedOrderParts");
            e.Property(x => x.Work).HasMaxLength(200);
            e.Property(x => x.DeclineReason).HasMaxLength(UnifiedOrderRules.MaxReasonLength);
            e.Property(x => x.AnsweredBy).HasMaxLength(64);
            e.Property(x => x.DeliveryNote).HasMaxLength(UnifiedOrderRules.MaxReasonLength);
            e.Property(x => x.Explanation).HasMaxLength(1000);
            e.HasIndex(x => x.OrderId);
            e.HasIndex(x => new { x.EnterpriseId, x.OrderId });
            e.HasOne<UnifiedOrder>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(UnifiedOrderPart.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(UnifiedOrderPart.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
