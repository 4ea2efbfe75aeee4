using ParkOps.Domain.Billing;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Parks.Contracts;

/// <summary>
/// A park's collection account (收款账户) and the memo rule for payments (付款附言); the three account fields are all
/// set or all null (a park that has not set them yet).
/// </summary>
public sealed record CollectionAccount(long ParkId, string? PayeeName, string? PayeeBank, string? PayeeAccount, PaymentReferenceRule PaymentReference)
{
    public bool IsSet => !string.IsNullOrEmpty(PayeeName) && !string.IsNullOrEmpty(PayeeBank) && !string.IsNullOrEmpty(PayeeAccount);

    /// <summary>The memo a payment of this bill carries under the park's rule.</summary>
    public string ReferenceFor(string billNumber, string enterpriseName, string month) => PaymentReferences.Compose(PaymentReference, billNumber, enterpriseName, month);
}

/// <summary>The park's collection account (all three or none) and its payment reference rule, as the settings page and the API send it.</summary>
[StoredIn(typeof(Park))]
public sealed record CollectionAccountInput([Line] string? PayeeName, [Line] string? PayeeBank, [Line] string? PayeeAccount,
    PaymentReferenceRule PaymentReference = PaymentReferenceRule.BillNumber);

/// <summary>
/// Parks' contract for whom a park's bills are paid to (owner: Parks; callers: Billing's bill page and PDF). Anyone who
/// sees the park reads it (its tenants pay into it); a park out of sight is not found.
/// </summary>
public interface ICollectionAccounts
{
    Task<CollectionAccount> OfAsync(long parkId, CancellationToken ct);

    /// <summary>
    /// Sets it (the park's operators; others 403 <c>OnlyOperatorsMayWrite</c>): the three account fields all filled or
    /// all empty (422 <c>PayeeMustBeComplete</c> naming the first missing), the account 8–30 digits once spaces and
    /// hyphens are dropped (422 <c>BankAccountMustBeDigits</c>).
    /// </summary>
    Task<CollectionAccount> SetAsync(long parkId, CollectionAccountInput input, CancellationToken ct);
}
