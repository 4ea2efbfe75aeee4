using ParkOps.Domain.Billing;
using ParkOps.Domain.Metering;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Billing;

/// <summary>
/// The bill composed from gathered facts. Every expected figure is worked out by hand in the comment beside it:
/// a factory of 120 ㎡ at 25 元/㎡·月 with a property fee of 2 元/㎡·月, no discounts (a tenant with no special facts).
/// </summary>
public class BillComposerTests
{
    private const long Tenant = 7;
    private static readonly DateOnly March = D("2027-03-01");

    private static readonly RentPolicy Policy = RentPolicy.Defaults(new Dictionary<SpaceUse, decimal> { [SpaceUse.Factory] = 25m }, D("2027-01-01")) with { PropertyFeePerSqm = 2m };

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static LeaseInForce Lease(string start, int months = 12, string? terminatedOn = null) =>
        new(101, 1, Tenant, "P-2027-0001", D(start), months, D(start).AddMonths(months).AddDays(-1), terminatedOn is null ? null : D(terminatedOn), new TenantFacts(),
            [new LeasedUnit(SpaceUse.Factory, 120m, 55)]);

    private static BillFacts Facts(IReadOnlyList<LeaseInForce>? leases = null, IReadOnlyList<MeteredUse>? uses = null, IReadOnlyList<ChargeToBill>? charges = null,
        IReadOnlyList<OverdueBill>? overdue = null, LateFeeTerms? lateFee = null, IReadOnlyList<Tariff>? tariffs = null, string? muClass = null) =>
        new(March, [Policy], tariffs ?? [], lateFee, new Dictionary<long, string?> { [Tenant] = muClass }, leases ?? [], uses ?? [], charges ?? [], overdue ?? []);

    [Fact]
    public void Compose_WholeMonthLease_RentIsAreaTimesPriceAndPropertyFeeIsAreaTimesFee()
    {
        var bill = BillComposer.Compose(Facts([Lease("2027-01-01")]), [Tenant]).Single();

        // rent 120 × 25 = 3,000.00; property fee 120 × 2 = 240.00; total 3,240.00
        bill.Lines.Select(l => (l.Kind, l.Amount)).ShouldBe([(BillLineKind.Rent, 3000.00m), (BillLineKind.PropertyFee, 240.00m)]);
        bill.Total.ShouldBe(3240.00m);
        var rent = bill.Lines[0];
        (rent.SourceType, rent.SourceId, rent.Description, rent.Quantity, rent.Unit).ShouldBe(("lease", "101", "租金 P-2027-0001 2027-03", 120m, "㎡"));
        rent.Rules.Select(r => r.Name).ShouldBe(["BasePrice"]);
        var fee = bill.Lines[1];
        fee.UnitPrice.ShouldBe(2m);
        fee.Rules.Single().ShouldBe(new AppliedRule("PropertyFee", "2027-01-01 版政策：120㎡ × 2 元/㎡·月", "240 元"));
    }

    [Fact]
    public void Compose_LeaseStartingMidMonth_ChargesRentAndPropertyFeeForTheDaysCovered()
    {
        var bill = BillComposer.Compose(Facts([Lease("2027-03-16")]), [Tenant]).Single();

        // 16–31 March = 16 of 31 days: rent 3,000 × 16/31 = 1,548.387… → 1,548.39; fee 240 × 16/31 = 123.870… → 123.87
        bill.Lines.Select(l => (l.Kind, l.Amount)).ShouldBe([(BillLineKind.Rent, 1548.39m), (BillLineKind.PropertyFee, 123.87m)]);
        bill.Lines[0].Rules.Select(r => r.Name).ShouldBe(["BasePrice", "ProRata"]);
        bill.Lines[1].Rules.Single().Effect.ShouldBe("×16/31");
    }

    [Fact]
    public void Compose_LeaseTerminatedInTheMonth_CutsRentAndFeeAtTheTerminationDay()
    {
        var bill = BillComposer.Compose(Facts([Lease("2027-01-01", terminatedOn: "2027-03-10")]), [Tenant]).Single();

        // 1–10 March = 10 of 31 days: rent 3,000 × 10/31 = 967.741… → 967.74; fee 240 × 10/31 = 77.419… → 77.42
        bill.Lines.Select(l => (l.Kind, l.Amount)).ShouldBe([(BillLineKind.Rent, 967.74m), (BillLineKind.PropertyFee, 77.42m)]);
        bill.Lines[0].Rules[^1].ShouldBe(new AppliedRule("TerminationProRata", "2027-03-01…2027-03-10", "×10/31"));
    }

    [Fact]
    public void Compose_OverdueBill_AddsALateFeeForTheDaysLateInThePreviousMonth()
    {
        var overdue = new OverdueBill(Tenant, "P-202702-0001", D("2027-02-15"), 1000m);

        var bill = BillComposer.Compose(Facts(overdue: [overdue], lateFee: new LateFeeTerms(9, 0.0005m, 0)), [Tenant]).Single();

        // late from 16 to 28 February = 13 days: 1,000 × 0.0005 × 13 = 6.50
        var line = bill.Lines.Single();
        (line.Kind, line.SourceType, line.SourceId, line.Description, line.Quantity, line.Unit, line.UnitPrice, line.Amount)
            .ShouldBe((BillLineKind.LateFee, "late-fee", "9", "滞纳金 2027-02", 1m, "笔", 0.0005m, 6.50m));
        line.Rules.Single().Name.ShouldBe("LateFee");
    }

    [Fact]
    public void Compose_OverdueWithinGraceDays_AddsNoLateFee()
    {
        var overdue = new OverdueBill(Tenant, "P-202702-0001", D("2027-02-15"), 1000m);

        // 30 grace days: first late day 17 March, after the month charged (February)
        BillComposer.Compose(Facts(overdue: [overdue], lateFee: new LateFeeTerms(9, 0.0005m, 30)), [Tenant]).Single().Lines.ShouldBeEmpty();
    }

    [Fact]
    public void Compose_MeteredElectricityOfAClassCTenant_ChargesTariffPlusSurcharge()
    {
        var use = new MeteredUse(31, "E-101", Tenant, Utility.Electricity, new Reading(new DateTime(2027, 2, 28, 16, 0, 0, DateTimeKind.Utc), 1000m),
            new Reading(new DateTime(2027, 3, 31, 15, 30, 0, DateTimeKind.Utc), 1100m));
        var tariff = new Tariff(Utility.Electricity, D("2027-01-01"), 1.00m, 0.10m, 0.20m);

        var line = BillComposer.Compose(Facts(uses: [use], tariffs: [tariff], muClass: "C"), [Tenant]).Single().Lines.Single();

        // 1,100 − 1,000 = 100 kWh × (1.00 + 0.10 class C) = 110.00; readings shown in Beijing time (UTC+8)
        (line.Kind, line.SourceType, line.SourceId, line.Quantity, line.Unit, line.UnitPrice, line.Amount).ShouldBe((BillLineKind.Electricity, "meter", "31", 100m, "kWh", 1.10m, 110.00m));
        line.Rules[0].ShouldBe(new AppliedRule("MeterReading", "E-101: 2027-03-01 00:00 1000 → 2027-03-31 23:30 1100", "100 kWh"));
        line.Rules.Select(r => r.Name).ShouldBe(["MeterReading", "Tariff", "MuClassSurcharge"]);
    }

    [Fact]
    public void Compose_MeteredUseWithoutATariff_AddsNoLine()
    {
        var use = new MeteredUse(31, "E-101", Tenant, Utility.Water, new Reading(new DateTime(2027, 2, 28, 16, 0, 0, DateTimeKind.Utc), 10m),
            new Reading(new DateTime(2027, 3, 31, 15, 0, 0, DateTimeKind.Utc), 20m));

        BillComposer.Compose(Facts(uses: [use], tariffs: [new Tariff(Utility.Electricity, D("2027-01-01"), 1m, 0, 0)]), [Tenant]).Single().Lines.ShouldBeEmpty();
    }

    [Fact]
    public void Compose_PostedCharge_BecomesALineAsPostedAfterTheLeaseLines()
    {
        var charge = new ChargeToBill(Tenant, BillLineKind.SharedResource, "Booking", "88", "会议室", 2m, "h", 50m, 100m, [new AppliedRule("HourlyRate", "50.00 元/h", "2 h")]);

        var bill = BillComposer.Compose(Facts([Lease("2027-01-01")], charges: [charge]), [Tenant]).Single();

        // 3,000 rent + 240 fee + 100 charge = 3,340.00
        bill.Lines.Select(l => l.Kind).ShouldBe([BillLineKind.Rent, BillLineKind.PropertyFee, BillLineKind.SharedResource]);
        bill.Lines[2].ShouldBe(new ComposedLine(Tenant, BillLineKind.SharedResource, "Booking", "88", "会议室", 2m, "h", 50m, 100m, charge.Rules));
        bill.Total.ShouldBe(3340.00m);
    }

    [Fact]
    public void Compose_PolicyWithoutPropertyFee_BillsRentOnly()
    {
        var facts = Facts([Lease("2027-01-01")]) with { Policies = [Policy with { PropertyFeePerSqm = 0 }] };

        BillComposer.Compose(facts, [Tenant]).Single().Lines.Select(l => (l.Kind, l.Amount)).ShouldBe([(BillLineKind.Rent, 3000.00m)]);
    }

    [Fact]
    public void Compose_LeaseStartingBeforeAnyPolicy_RefusesNamingRentPolicyMustBeInForce()
    {
        var e = Should.Throw<DomainRuleException>(() => BillComposer.Compose(Facts([Lease("2026-12-01")]), [Tenant]));

        (e.Rule, e.Field).ShouldBe(("RentPolicyMustBeInForce", "startDate"));
        e.Arguments.ShouldBe([D("2026-12-01")]);
    }

    [Fact]
    public void Compose_EnterpriseWithNothingToBill_GetsABillWithoutLines()
    {
        var bills = BillComposer.Compose(Facts([Lease("2027-01-01")]), [Tenant, 8]);

        bills.Select(b => (b.EnterpriseId, b.Lines.Count)).ShouldBe([(Tenant, 2), (8L, 0)]);
    }
}
