using ParkOps.Domain.Spaces;

namespace ParkOps.Domain.Tests.Spaces;

public sealed class LandTests
{
    private static decimal M(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    // DOMAIN §3: allocated land = building land × tenant floor area ÷ building floor area.
    [Theory]
    [InlineData("18", "10752", "672", "1.125")]      // demo 1号厂房: 18 亩, 16 units of 600 ㎡ × 1.12; one 672 ㎡ share
    [InlineData("18", "10752", "10752", "18")]       // the only tenant gets all the land
    [InlineData("20", "10000", "2500", "5")]
    [InlineData("12", "8400", "0", "0")]             // a tenant with no floor area
    [InlineData("0", "8400", "600", "0")]            // land not recorded yet
    public void AllocatedMu_TenantShare_IsProportionalToFloorArea(string landMu, string buildingSqm, string tenantSqm, string expected) =>
        Land.AllocatedMu(M(landMu), M(buildingSqm), M(tenantSqm)).ShouldBe(M(expected));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void AllocatedMu_NoBuildingFloorArea_IsZeroNotDivideByZero(string buildingSqm) =>
        Land.AllocatedMu(18m, M(buildingSqm), 600m).ShouldBe(0m);

    [Fact]
    public void AllocatedMu_ThreeTenantsFillingTheBuilding_ShareExactlyTheBuildingLand()
    {
        // shares that do not divide evenly still add back up to the building's land (to decimal precision)
        decimal land = 10m, building = 3m * 587.3m;
        var total = Land.AllocatedMu(land, building, 587.3m) * 3;
        Math.Round(total, 20).ShouldBe(10m);
    }

    [Fact]
    public void SqmPerMu_RoundedToTwoPlaces_Is666Point67()
    {
        Math.Round(Land.SqmPerMu, 2).ShouldBe(666.67m);
        Land.SqmPerMu.ShouldBeGreaterThan(666.666m);
        Land.SqmPerMu.ShouldBeLessThan(666.667m);
    }

    [Fact]
    public void SqmPerMu_FifteenMu_IsOneHectare()
    {
        // the exact definition (1 亩 = 10000/15 ㎡), not the rounded 666.67, which would give 10000.05
        Math.Round(15 * Land.SqmPerMu, 10).ShouldBe(10000m);
        (15 * 666.67m).ShouldNotBe(10000m);
    }

    [Theory]
    [InlineData("126.5", "84333.33")] // the demo park DG-CA-01
    [InlineData("50", "33333.33")]
    [InlineData("1", "666.67")]
    public void SqmPerMu_ParkLand_ConvertsToSquareMetresRoundedToTheCentiare(string mu, string sqm) =>
        Math.Round(M(mu) * Land.SqmPerMu, 2, MidpointRounding.AwayFromZero).ShouldBe(M(sqm));

    [Theory]
    [InlineData("666.67", "1.00")]
    [InlineData("10000", "15.00")]
    [InlineData("672", "1.01")]
    public void SqmPerMu_FloorArea_ConvertsToMuRoundedToTwoPlaces(string sqm, string mu) =>
        Math.Round(M(sqm) / Land.SqmPerMu, 2, MidpointRounding.AwayFromZero).ShouldBe(M(mu));

    // DOMAIN §10: occupancy = leased ÷ leasable area; the seed's target is 85 %.
    [Theory]
    [InlineData("8500", "10000", "0.85")]
    [InlineData("0", "10000", "0")]
    [InlineData("10000", "10000", "1")]
    [InlineData("600", "0", "0")]   // nothing leasable: 0, not a division by zero
    [InlineData("600", "-5", "0")]
    public void Occupancy_LeasedAndLeasable_IsTheirRatio(string leased, string leasable, string expected) =>
        Land.Occupancy(M(leased), M(leasable)).ShouldBe(M(expected));

    [Fact]
    public void Occupancy_OneThird_KeepsFullDecimalPrecision()
    {
        // rounding is for the screen; the figure itself is not cut to two places
        var occ = Land.Occupancy(1m, 3m);
        Math.Round(occ, 4).ShouldBe(0.3333m);
        occ.ShouldNotBe(0.33m);
    }
}
