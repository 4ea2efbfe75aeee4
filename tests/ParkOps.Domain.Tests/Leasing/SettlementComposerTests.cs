using ParkOps.Domain.Leasing;
using ParkOps.Domain.Rules;
using Shouldly;

namespace ParkOps.Domain.Tests.Leasing;

/// <summary>Issue 15 §7: the exit settlement as a statement whose lines add up to the 分.</summary>
public sealed class SettlementComposerTests
{
    private static readonly UnpaidBill March = new("B-2027-03-0001", "2027-03", new DateOnly(2027, 3, 15), 12_345.67m);
    private static readonly UnpaidBill April = new("B-2027-04-0001", "2027-04", new DateOnly(2027, 4, 15), 1_000.01m);
    private static readonly UnbilledCharge MayRent = new(SettlementLineKind.UnbilledRent, "lease 7 2027-05", "租金 2027-05", 9_677.42m, "按日计至解约日 ×10/31");
    private static readonly UnbilledCharge MayPower = new(SettlementLineKind.UnbilledUtility, "meter E-1", "电费 2027-05", 812.30m, "1,000 kWh × 0.8123");

    public static TheoryData<string, decimal, UnpaidBill[], UnbilledCharge[], decimal, OtherDeduction[], decimal, decimal, decimal> Cases => new()
    {
        // name, deposit, unpaid bills, unbilled, damages, others → deductions, refund, owed
        // 12,345.67 + 9,677.42 + 812.30 + 1,234.56 + 800 = 24,869.95 against 20,000 → 4,869.95 owed
        { "nothing owed: the whole deposit back", 60_000m, [], [], 0m, [], 0m, 60_000m, 0m },
        { "arrears of two bills", 60_000m, [March, April], [], 0m, [], 13_345.68m, 46_654.32m, 0m },
        { "arrears, unbilled rent and power, damages, cleaning", 20_000m, [March], [MayRent, MayPower], 1_234.56m, [new("保洁费", 800m)], 24_869.95m, 0m, 4_869.95m },
        { "exactly the deposit", 13_345.68m, [March, April], [], 0m, [], 13_345.68m, 0m, 0m },
        { "no deposit, damages only", 0m, [], [], 0.01m, [], 0.01m, 0m, 0.01m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compose_Table_TotalsExactToTheFen(string name, decimal deposit, UnpaidBill[] bills, UnbilledCharge[] unbilled, decimal damages, OtherDeduction[] others,
        decimal deductions, decimal refund, decimal owed)
    {
        var s = SettlementComposer.Compose(new SettlementFacts(deposit, bills, unbilled, damages, damages > 0 ? "墙面破损" : null, others));
        s.Deposit.ShouldBe(deposit, name);
        s.Deductions.ShouldBe(deductions, name);
        s.Refund.ShouldBe(refund, name);
        s.Owed.ShouldBe(owed, name);
        SettlementComposer.AddsUp(s).ShouldBeTrue(name);
    }

    [Fact]
    public void Compose_AllKinds_LinesInStatementOrderWithTheirSources()
    {
        var s = SettlementComposer.Compose(new SettlementFacts(20_000m, [April, March], [MayRent, MayPower], 1_234.56m, "墙面破损", [new("保洁费", 800m)]));
        s.Lines.Select(l => l.Kind).ShouldBe([SettlementLineKind.Deposit, SettlementLineKind.Arrears, SettlementLineKind.Arrears, SettlementLineKind.UnbilledRent,
            SettlementLineKind.UnbilledUtility, SettlementLineKind.Damages, SettlementLineKind.OtherDeduction]);
        s.Lines[1].Source.ShouldBe("B-2027-03-0001");
        s.Lines[1].Explanation.ShouldBe("账单 B-2027-03-0001（2027-03，2027-03-15 到期）未付 12,345.67 元");
        s.Lines[5].Explanation.ShouldBe("墙面破损");
        s.Arrears.ShouldBe(13_345.68m);
        s.Unbilled.ShouldBe(10_489.72m);
        s.NotOnABill.ShouldBe(12_524.28m);
    }

    [Fact]
    public void Compose_BillPaidInFull_GivesNoLine()
    {
        var s = SettlementComposer.Compose(new SettlementFacts(100m, [March with { Outstanding = 0m }], [], 0m, null, []));
        s.Lines.Count.ShouldBe(1);
    }

    public static TheoryData<decimal, decimal, OtherDeduction[], string?, string, string> Refusals => new()
    {
        // deposit, damages, others, damages note → rule, field
        { -1m, 0m, [], null, "SettlementAmountOutOfRange", "deposit" },
        { 100m, 0.001m, [], "x", "SettlementAmountInFen", "damages" },
        { 100m, 10m, [], null, "SettlementDeductionNeedsText", "damagesNote" },
        { 100m, 0m, [new("钥匙", 0m)], null, "SettlementAmountOutOfRange", "deductions[0].amount" },
        { 100m, 0m, [new("钥匙", 50m), new(" ", 5m)], null, "SettlementDeductionNeedsText", "deductions[1].text" },
        { 100m, 0m, [new("钥匙", 12.345m)], null, "SettlementAmountInFen", "deductions[0].amount" },
        { 100m, 100_000_000.01m, [], "x", "SettlementAmountOutOfRange", "damages" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Compose_BadEntry_RefusedNamingRuleAndField(decimal deposit, decimal damages, OtherDeduction[] others, string? note, string rule, string field)
    {
        var ex = Should.Throw<DomainRuleException>(() => SettlementComposer.Compose(new SettlementFacts(deposit, [], [], damages, note, others)));
        ex.Rule.ShouldBe(rule);
        ex.Field.ShouldBe(field);
    }

    [Fact]
    public void Compose_TooManyDeductions_Refused()
    {
        var others = Enumerable.Range(1, 21).Select(i => new OtherDeduction($"项 {i}", 1m)).ToArray();
        Should.Throw<DomainRuleException>(() => SettlementComposer.Compose(new SettlementFacts(100m, [], [], 0m, null, others))).Rule.ShouldBe("SettlementDeductionsTooMany");
    }

    [Theory]
    [InlineData(46_654.32, null, null)]
    [InlineData(46_654.33, null, "expectedRefund")]
    [InlineData(null, 0.01, "expectedOwed")]
    [InlineData(46_654.32, 0.0, null)]
    public void CheckClaimed_ClientTotal_MustEqualTheLines(double? refund, double? owed, string? refusedField)
    {
        var s = SettlementComposer.Compose(new SettlementFacts(60_000m, [March, April], [], 0m, null, []));
        var act = () => SettlementComposer.CheckClaimed(s, (decimal?)refund, (decimal?)owed);
        if (refusedField is null) act.ShouldNotThrow();
        else
        {
            var ex = Should.Throw<DomainRuleException>(act);
            ex.Rule.ShouldBe("SettlementLinesMustAddUp");
            ex.Field.ShouldBe(refusedField);
        }
    }

    [Fact]
    public void AddsUp_StoredTotalsChanged_IsFalse()
    {
        var s = SettlementComposer.Compose(new SettlementFacts(60_000m, [March], [], 0m, null, []));
        SettlementComposer.AddsUp(s with { Refund = s.Refund + 0.01m }).ShouldBeFalse();
    }
}
