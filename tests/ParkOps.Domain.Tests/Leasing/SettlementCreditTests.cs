using ParkOps.Domain.Leasing;
using Shouldly;

namespace ParkOps.Domain.Tests.Leasing;

/// <summary>
/// Issue 15 §7: rent and property fee a bill charged for days after the lease ended are credited on the exit
/// settlement (a credit like the deposit), and the statement still adds up to the 分. Every expected figure is worked
/// out by hand in the comment beside it.
/// </summary>
public sealed class SettlementCreditTests
{
    private const SettlementLineKind Rent = SettlementLineKind.RentBilledBeyondEnd;
    private const SettlementLineKind Fee = SettlementLineKind.PropertyFeeBilledBeyondEnd;

    private static BilledBeyondEnd B(SettlementLineKind kind, string number, string month, decimal billed, decimal due, DateOnly ended) =>
        new(kind, 1, number, month, billed, due, ended);

    private static readonly DateOnly May20 = new(2026, 5, 20);
    private static readonly DateOnly June1 = new(2026, 6, 1);
    private static readonly DateOnly April30 = new(2026, 4, 30);

    public static TheoryData<string, decimal, UnpaidBill[], BilledBeyondEnd[], decimal, decimal[]> Cases => new()
    {
        // name, deposit, unpaid bills, billed beyond, damages → [billed-beyond credit, deductions, refund, owed, credit to bills, deposit to bills]
        {
            // May (31 days) billed in full before the termination on the 20th: rent 12,000.00 × 20/31 = 7,741.935… → 7,741.94
            // due, 4,258.06 back; property fee 500 ㎡ × 3.10 = 1,550.00 × 20/31 = 1,000.00 due, 550.00 back.
            // credits 20,000 + 4,258.06 + 550 = 24,808.06 against May's unpaid 13,550.00 → 11,258.06 refunded;
            // the bill takes the 4,808.06 credit first, the deposit the 8,741.94 left
            "terminated mid-month in a billed month", 20_000m, [new("B-2026-05-0012", "2026-05", new DateOnly(2026, 5, 15), 13_550m)],
            [B(Rent, "B-2026-05-0012", "2026-05", 12_000m, 7_741.94m, May20), B(Fee, "B-2026-05-0012", "2026-05", 1_550m, 1_000m, May20)],
            0m, [4_808.06m, 13_550m, 11_258.06m, 0m, 4_808.06m, 8_741.94m]
        },
        {
            // June (30 days), terminated on the 1st: one day due, rent 12,000 / 30 = 400.00 (11,600.00 back), fee 1,500 / 30 =
            // 50.00 (1,450.00 back); no deposit: 13,500.00 owed on June's bill less 13,050.00 credited = 450.00 still owed
            "terminated on the 1st", 0m, [new("B-2026-06-0003", "2026-06", new DateOnly(2026, 6, 15), 13_500m)],
            [B(Rent, "B-2026-06-0003", "2026-06", 12_000m, 400m, June1), B(Fee, "B-2026-06-0003", "2026-06", 1_500m, 50m, June1)],
            0m, [13_050m, 13_500m, 0m, 450m, 13_050m, 0m]
        },
        {
            // ended 30 April, May and June billed in full: nothing due in either, 12,000 + 1,550 + 12,000 + 1,500 = 27,050.00 back;
            // May is paid, June's 13,500.00 is not: the credits cover it, the other 13,550.00 and the deposit are refunded
            // 24,000 + 27,050 − 13,500 = 37,550.00
            "months after the end billed in full", 24_000m, [new("B-2026-06-0007", "2026-06", new DateOnly(2026, 6, 15), 13_500m)],
            [B(Rent, "B-2026-05-0007", "2026-05", 12_000m, 0m, April30), B(Fee, "B-2026-05-0007", "2026-05", 1_550m, 0m, April30),
             B(Rent, "B-2026-06-0007", "2026-06", 12_000m, 0m, April30), B(Fee, "B-2026-06-0007", "2026-06", 1_500m, 0m, April30)],
            0m, [27_050m, 13_500m, 37_550m, 0m, 13_500m, 0m]
        },
        {
            // the end month was billed as the bill run prices it with the termination (a reissued bill): nothing to credit;
            // 20,000 − 8,741.94 = 11,258.06
            "nothing billed beyond the end", 20_000m, [new("B-2026-05-0012", "2026-05", new DateOnly(2026, 5, 15), 8_741.94m)],
            [B(Rent, "B-2026-05-0012", "2026-05", 7_741.94m, 7_741.94m, May20), B(Fee, "B-2026-05-0012", "2026-05", 1_000m, 1_000m, May20)],
            0m, [0m, 8_741.94m, 11_258.06m, 0m, 0m, 8_741.94m]
        },
        {
            // May paid in full before the termination, no deposit, 300.00 damages: the 4,808.06 credit has no bill to go on,
            // 4,808.06 − 300 = 4,508.06 is refunded
            "credit larger than all deductions", 0m, [],
            [B(Rent, "B-2026-05-0012", "2026-05", 12_000m, 7_741.94m, May20), B(Fee, "B-2026-05-0012", "2026-05", 1_550m, 1_000m, May20)],
            300m, [4_808.06m, 300m, 4_508.06m, 0m, 0m, 0m]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compose_BilledBeyondEnd_CreditedAndExactToTheFen(string name, decimal deposit, UnpaidBill[] bills, BilledBeyondEnd[] beyond, decimal damages, decimal[] expected)
    {
        var (credited, deductions, refund, owed, creditToBills, depositToBills) = (expected[0], expected[1], expected[2], expected[3], expected[4], expected[5]);
        var s = SettlementComposer.Compose(new SettlementFacts(deposit, bills, [], damages, damages > 0 ? "门锁损坏" : null, [], beyond));

        s.Deposit.ShouldBe(deposit, name);
        s.BilledBeyond.ShouldBe(credited, name);
        s.Credits.ShouldBe(deposit + credited, name);
        s.Deductions.ShouldBe(deductions, name);
        s.Refund.ShouldBe(refund, name);
        s.Owed.ShouldBe(owed, name);
        s.CreditToBills.ShouldBe(creditToBills, name);
        s.DepositToBills.ShouldBe(depositToBills, name);
        SettlementComposer.AddsUp(s).ShouldBeTrue(name);
        SettlementComposer.Total(s.Lines).ShouldBe(s with { Lines = s.Lines }, name);
        Should.NotThrow(() => SettlementComposer.CheckClaimed(s, refund, owed));
    }

    [Fact]
    public void Compose_TerminatedMidMonth_CreditLinesNameTheBillAndShowTheArithmetic()
    {
        var s = SettlementComposer.Compose(new SettlementFacts(20_000m, [new("B-2026-05-0012", "2026-05", new DateOnly(2026, 5, 15), 13_550m)], [], 0m, null, [],
            [B(Fee, "B-2026-05-0012", "2026-05", 1_550m, 1_000m, May20), B(Rent, "B-2026-05-0012", "2026-05", 12_000m, 7_741.94m, May20)]));

        // the credits stand with the deposit, before what is owed; rent before property fee
        s.Lines.Select(l => l.Kind).ShouldBe([SettlementLineKind.Deposit, Rent, Fee, SettlementLineKind.Arrears]);
        s.Lines.Select(l => l.IsCredit).ShouldBe([true, true, true, false]);
        var rent = s.Lines[1];
        rent.Source.ShouldBe("B-2026-05-0012 2026-05");
        rent.Description.ShouldBe("多收租金 2026-05");
        rent.Amount.ShouldBe(4_258.06m);
        rent.Explanation.ShouldBe("账单 B-2026-05-0012 已计 2026-05 租金 12,000.00 元；租约 2026-05-20 结束，该月应计 7,741.94 元，多收 4,258.06 元退回");
        s.Lines[2].Explanation.ShouldBe("账单 B-2026-05-0012 已计 2026-05 物业费 1,550.00 元；租约 2026-05-20 结束，该月应计 1,000.00 元，多收 550.00 元退回");
    }

    [Fact]
    public void Compose_BilledLessThanDue_GivesNoLine()
    {
        var s = SettlementComposer.Compose(new SettlementFacts(100m, [], [], 0m, null, [], [B(Rent, "B-1", "2026-05", 7_000m, 7_741.94m, May20)]));
        s.Lines.Select(l => l.Kind).ShouldBe([SettlementLineKind.Deposit]);
        s.Refund.ShouldBe(100m);
    }

    [Fact]
    public void AddsUp_CreditLineChanged_IsFalse()
    {
        var s = SettlementComposer.Compose(new SettlementFacts(0m, [], [], 0m, null, [], [B(Rent, "B-1", "2026-05", 12_000m, 7_741.94m, May20)]));
        s.Refund.ShouldBe(4_258.06m);   // 12,000.00 − 7,741.94
        var tampered = s with { Lines = [s.Lines[0], s.Lines[1] with { Amount = 4_258.07m }] };
        SettlementComposer.AddsUp(tampered).ShouldBeFalse();
    }

    [Theory]
    [InlineData(12_000.001, 0)]
    [InlineData(12_000, -1)]
    public void Compose_BilledFigureNotInFen_IsAFault(double billed, double due) =>
        Should.Throw<ArgumentException>(() => SettlementComposer.Compose(new SettlementFacts(0m, [], [], 0m, null, [], [B(Rent, "B-1", "2026-05", (decimal)billed, (decimal)due, May20)])));
}
