using ParkOps.Web.Data;

namespace ParkOps.Web.Tests.Architecture;

/// <summary>
/// The borders of ARCHITECTURE.md, "Modules with one door", read from the compiled code (<see cref="Borders"/>). The
/// crossings the code had when the test was written are listed in <c>Architecture/known-crossings.txt</c>, one
/// "from → to (rule)" a line: a debt to pay down, area by area, as contracts replace them. A crossing not on the list
/// fails the test, and so does a listed one that is gone (take it off: the list only shrinks).
/// </summary>
public sealed class BorderTests
{
    private static readonly string KnownFile = Path.Combine(AppContext.BaseDirectory, "Architecture", "known-crossings.txt");

    [Fact]
    public void WebAssembly_Crossings_AreNoneButTheListedDebt()
    {
        var scan = Borders.Of(typeof(ParkOpsDb).Assembly.Location, typeof(ParkOpsDb).FullName!);
        scan.TypesScanned.ShouldBeGreaterThan(500); // the scan really read the host's types
        var found = scan.Crossings.Select(c => c.ToString()).ToList();
        var known = File.ReadAllLines(KnownFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var added = found.Where(c => !known.Contains(c)).ToList();
        var gone = known.Where(k => !found.Contains(k)).ToList();
        // the whole list as the code stands, for whoever pays off debt (copy it over the listed one after checking it)
        var now = Path.Combine(Path.GetTempPath(), "parkops-crossings-now.txt");
        if (added.Count + gone.Count > 0) File.WriteAllLines(now, found);
        added.ShouldBeEmpty($"""
            {added.Count} new use(s) of another area's internals: go through that area's Contracts instead (ARCHITECTURE.md, "Modules with one door"); the whole list as it stands is in {now}:
            {string.Join("\n", added.Take(40))}
            """);
        gone.ShouldBeEmpty($"""
            {gone.Count} listed crossing(s) no longer exist: delete these lines from tests/ParkOps.Web.Tests/Architecture/known-crossings.txt (the whole list as it stands is in {now}):
            {string.Join("\n", gone.Take(40))}
            """);
    }

    [Fact]
    public void Scan_PlantedCrossAreaRead_IsCaught()
    {
        var scan = Borders.Of(typeof(BorderTests).Assembly.Location, typeof(ParkOpsDb).FullName!);
        var planted = scan.Crossings.Where(c => c.From.StartsWith(typeof(Planted.Features.Billing.ReadsLeasesDirectly).Namespace![..^"Features.Billing".Length], StringComparison.Ordinal))
            .Select(c => c.ToString()).ToList();
        planted.ShouldBe([
            $"{typeof(Planted.Features.Billing.Pages.PageWithTheDbContext).FullName} → {typeof(ParkOpsDb).FullName} (PageMustNotUseTheDbContext)",
            $"{typeof(Planted.Features.Billing.Pages.PageReadingLeasing).FullName} → {typeof(Features.Leasing.Lease).FullName} (PageUsesAnotherAreasInternals)",
            $"{typeof(Planted.Features.Billing.ReadsLeasesDirectly).FullName} → {typeof(Features.Leasing.Lease).FullName} (AreaUsesAnotherAreasInternals)",
            $"{typeof(Planted.Features.Billing.ReadsLeasesDirectly).FullName} → {typeof(Features.Leasing.LeaseState).FullName} (AreaUsesAnotherAreasInternals)",
            $"{typeof(Planted.Platform.PlatformReachingIn).FullName} → {typeof(Features.Leasing.Lease).FullName} (PlatformUsesAnAreasInternals)",
        ], ignoreOrder: true);
    }

    [Theory]
    [InlineData("ParkOps.Web.Features.Billing.BillRunner", "ParkOps.Web.Features.Leasing.Lease", "AreaUsesAnotherAreasInternals")]
    [InlineData("ParkOps.Web.Features.Billing.BillRunner", "ParkOps.Web.Features.Leasing.Contracts.ILeaseLedger", null)]
    [InlineData("ParkOps.Web.Features.Billing.BillRunner", "ParkOps.Web.Features.Billing.Bill", null)]
    [InlineData("ParkOps.Web.Features.Billing.BillRunner", "ParkOps.Web.Data.ParkOpsDb", null)]
    [InlineData("ParkOps.Web.Features.Billing.Pages.Bills", "ParkOps.Web.Features.Billing.Bill", null)]
    [InlineData("ParkOps.Web.Features.Billing.Pages.Bills", "ParkOps.Web.Data.ParkOpsDb", "PageMustNotUseTheDbContext")]
    [InlineData("ParkOps.Web.Features.Billing.Pages.Bills", "ParkOps.Web.Features.Leasing.Lease", "PageUsesAnotherAreasInternals")]
    [InlineData("ParkOps.Web.Features.Billing.Pages.Bills", "ParkOps.Web.Features.Leasing.Contracts.ILeaseLedger", null)]
    [InlineData("ParkOps.Web.Components.Pages.Billing.Bills", "ParkOps.Web.Features.Billing.Bill", null)]
    [InlineData("ParkOps.Web.Components.Pages.Billing.Bills", "ParkOps.Web.Data.ParkOpsDb", "PageMustNotUseTheDbContext")]
    [InlineData("ParkOps.Web.Components.Layout.NavMenu", "ParkOps.Web.Features.Parks.Park", "PageUsesAnAreasInternals")]
    [InlineData("ParkOps.Web.Infrastructure.CurrentActor", "ParkOps.Web.Features.Users.User", "PlatformUsesAnAreasInternals")]
    [InlineData("ParkOps.Web.Infrastructure.CurrentActor", "ParkOps.Web.Features.Users.Contracts.IUserDirectory", null)]
    [InlineData("__Blazor.ParkOps.Web.Components.Pages.Billing.Bills", "ParkOps.Web.Features.Billing.Bill", null)]
    [InlineData("ParkOps.Web.ParkOpsHost", "ParkOps.Web.Features.Reporting.ReportingModule", null)]
    [InlineData("ParkOps.Web.Data.ParkOpsDb", "ParkOps.Web.Features.Marketplace.PoolModel", null)]
    [InlineData("ParkOps.Web.Features.Billing.BillRunner", "ParkOps.Web.Features.Marketplace.PoolModel", "AreaUsesAnotherAreasInternals")]
    public void Judge_OneUse_BreaksTheNamedRuleOrNone(string from, string used, string? rule) =>
        Borders.Judge(from, used, "ParkOps.Web.Data.ParkOpsDb").ShouldBe(rule);
}
