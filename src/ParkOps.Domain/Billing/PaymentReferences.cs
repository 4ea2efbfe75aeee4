using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Billing;

/// <summary>
/// What a tenant writes in the transfer's memo (付款附言) so the park's cashier can match the money to a bill; each
/// park chooses its rule in its settings.
/// </summary>
public enum PaymentReferenceRule
{
    /// <summary>The bill's number, e.g. DG-CA-01-202611-0001 (the default: unique, short, fits every bank's memo field).</summary>
    BillNumber,
    /// <summary>The bill's number and the payer's name.</summary>
    BillNumberAndEnterprise,
    /// <summary>The payer's name and the bill's month, e.g. 东莞市长安捷讯电子有限公司 2026年11月.</summary>
    EnterpriseAndMonth,
}

/// <summary>The park's collection account (收款账户) as a bill prints it, and the memo a payment of a bill carries.</summary>
public static class PaymentReferences
{
    public const int MinAccountDigits = 8;
    public const int MaxAccountDigits = 30;

    /// <summary>The memo for a bill under <paramref name="rule"/>; <paramref name="month"/> is the bill's month, yyyy-MM.</summary>
    public static string Compose(PaymentReferenceRule rule, string billNumber, string enterpriseName, string month) => rule switch
    {
        PaymentReferenceRule.BillNumberAndEnterprise => $"{billNumber} {enterpriseName}",
        PaymentReferenceRule.EnterpriseAndMonth => $"{enterpriseName} {MonthInChinese(month)}",
        _ => billNumber,
    };

    private static string MonthInChinese(string month) =>
        month.Length == 7 && int.TryParse(month[..4], out var y) && int.TryParse(month[5..], out var m) ? $"{y}年{m}月" : month;

    /// <summary>
    /// A bank account number as stored: the digits without the spaces or hyphens people group them with. Chinese bank
    /// account numbers are digits only, 8 to 30 of them (personal cards 16–19, corporate settlement accounts up to 25+).
    /// </summary>
    public static string NormaliseAccount(string account, string field = "payeeAccount")
    {
        var digits = new string(account.Where(c => c is not (' ' or '-' or '\u3000')).ToArray());
        if (digits.Length is < MinAccountDigits or > MaxAccountDigits || !digits.All(char.IsAsciiDigit))
            throw new DomainRuleException("BankAccountMustBeDigits", field, $"账号应为 {MinAccountDigits}–{MaxAccountDigits} 位数字")
            { Arguments = [MinAccountDigits, MaxAccountDigits] };
        return digits;
    }
}
