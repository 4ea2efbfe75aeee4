using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Billing;

/// <summary>
/// Cancels an issued bill in full (bills are never edited in place): the bill's amount is credited back, what had
/// been paid on it moves to the bill that replaces it, and any excess becomes the enterprise's credit.
/// </summary>
public sealed class CreditNote : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public required string Number { get; set; }
    /// <summary>The bill cancelled.</summary>
    public long BillId { get; set; }
    /// <summary>The bill issued in its place.</summary>
    public long ReplacementBillId { get; set; }
    /// <summary>The cancelled bill's total, credited back.</summary>
    public decimal Amount { get; set; }
    /// <summary>What had been paid on the cancelled bill and was carried to the replacement.</summary>
    public decimal PaidCarried { get; set; }
    /// <summary>The part of <see cref="PaidCarried"/> the replacement did not need, put to the enterprise's credit.</summary>
    public decimal ToCredit { get; set; }
    public required string Reason { get; set; }
    public string IssuedBy { get; set; } = "";
    public DateTime IssuedAt { get; set; }
}
