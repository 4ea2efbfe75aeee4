using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Billing;

/// <summary>
/// How money came in; <see cref="CarriedOver"/> is what was paid on a bill that a credit note cancelled, moved to its
/// replacement; <see cref="Deposit"/> is the deposit an exit settlement set against the bill and <see cref="CreditNote"/>
/// (多收冲减) the rent and property fee a bill charged beyond the end of a lease, credited by the exit settlement (neither
/// is ever entered by hand). Stored by name: members are only ever appended.
/// </summary>
public enum PaymentMethod { BankTransfer, WeChat, Alipay, Cash, Credit, CarriedOver, Deposit, CreditNote }

/// <summary>
/// Money received for a bill. A payment above what is outstanding leaves the excess as the enterprise's credit
/// (<see cref="CreditBalance"/>), which later payments by method <see cref="PaymentMethod.Credit"/> draw on.
/// </summary>
public sealed class Payment : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long BillId { get; set; }
    public decimal Amount { get; set; }
    /// <summary>The part of <see cref="Amount"/> applied to the bill; the rest went to credit.</summary>
    public decimal Applied { get; set; }
    public PaymentMethod Method { get; set; }
    public DateOnly PaidOn { get; set; }
    public string? Reference { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>An enterprise's credit with the park: over-payments in, credit payments out.</summary>
public sealed class CreditBalance : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Amount { get; set; }
}
