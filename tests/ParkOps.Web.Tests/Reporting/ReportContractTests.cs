using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Features.Reporting;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Web.Tests.Leasing;

namespace ParkOps.Web.Tests.Reporting;

/// <summary>
/// Reporting's contract as the 亩均 run and the risk rules read it: a year's reports added up in the database, and
/// customer lists only where the caller needs them. Reports of 2019 for new enterprises, written straight to the
/// tables, so the figures below are the whole of what the contract can find.
/// </summary>
public sealed class ReportContractTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private const int Year = 2019;

    private static QuarterlyReport Report(long park, long firm, int q, decimal output, decimal headcount, decimal? emissions, bool submitted = true) => new()
    {
        ParkId = park, EnterpriseId = firm, Year = Year, QuarterNumber = q, State = submitted ? ReportState.Submitted : ReportState.Draft, Source = ReportSource.Form,
        Output = output, MainRevenue = output * 2, Tax = 0.0001m * q, ValueAdded = 1.25m, RdSpend = 0.3333m, EnergyTce = 2.5m, ElectricityKwh = 123_456.7891m,
        WaterT = 10, EmissionsT = emissions, AvgHeadcount = headcount, NetProfit = 1, TotalAssets = 100, TotalLiabilities = 40,
        UpdatedAt = DateTime.UtcNow, UpdatedBy = "test", SubmittedAt = submitted ? DateTime.UtcNow : null,
    };

    private async Task<(long Park, long Full, long Partial)> SeedAsync()
    {
        var park = await app.ParkIdAsync();
        var full = (await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0)).Id;
        var partial = (await app.NewTenantAsync(park, new DateOnly(2015, 1, 1), 0)).Id;
        await app.WithDbAsync(async db =>
        {
            db.AddRange(
                Report(park, full, 1, 1.0001m, 10, 0.5m), Report(park, full, 2, 2.0002m, 11, 0.25m),
                Report(park, full, 3, 3.0003m, 12, 0.125m), Report(park, full, 4, 4.0004m, 14, 0.0625m),
                // the partial firm: Q1 and Q3 filed (emissions only on Q1), Q2 a draft, Q4 missing
                Report(park, partial, 1, 5m, 20, 1m), Report(park, partial, 2, 999m, 99, 9m, submitted: false), Report(park, partial, 3, 7m, 30, null));
            await db.SaveChangesAsync();
            var q3 = db.Set<QuarterlyReport>().Local.Single(r => r.EnterpriseId == full && r.QuarterNumber == 3);
            var q4 = db.Set<QuarterlyReport>().Local.Single(r => r.EnterpriseId == full && r.QuarterNumber == 4);
            db.AddRange(
                new ReportCustomer { ReportId = q3.Id, ParkId = park, EnterpriseId = full, Position = 0, Name = "三季度客户", SharePercent = 40 },
                new ReportCustomer { ReportId = q4.Id, ParkId = park, EnterpriseId = full, Position = 0, Name = "四季度客户甲", SharePercent = 30 },
                new ReportCustomer { ReportId = q4.Id, ParkId = park, EnterpriseId = full, Position = 1, Name = "四季度客户乙", SharePercent = 20 });
            await db.SaveChangesAsync();
            return 0;
        });
        return (park, full, partial);
    }

    private async Task<T> AsSystemAsync<T>(Func<IQuarterlyReports, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        return await read(scope.ServiceProvider.GetRequiredService<IQuarterlyReports>());
    }

    [Fact]
    public async Task YearTotals_FourFiledQuarters_AreSummedExactlyWithTheMeanHeadcount()
    {
        var (park, full, partial) = await SeedAsync();
        var totals = (await AsSystemAsync(r => r.ParkYearTotalsAsync(park, Year, default))).ToDictionary(t => t.EnterpriseId);

        var f = totals[full];
        f.Quarters.ShouldBe(0b1111);
        f.QuarterCount.ShouldBe(4);
        f.Output.ShouldBe(10.0010m);
        f.MainRevenue.ShouldBe(20.0020m);
        f.Tax.ShouldBe(0.0010m);
        f.ValueAdded.ShouldBe(5m);
        f.RdSpend.ShouldBe(1.3332m);
        f.ElectricityKwh.ShouldBe(493_827.1564m);
        f.EmissionsT.ShouldBe(0.9375m);
        f.AvgHeadcount.ShouldBe(11.75m);

        // drafts are not counted; emissions stated in only some filed quarters give no sum
        var p = totals[partial];
        p.Quarters.ShouldBe(0b0101);
        p.QuarterCount.ShouldBe(2);
        p.Filed(2).ShouldBeFalse();
        p.Output.ShouldBe(12m);
        p.EmissionsT.ShouldBeNull();
        p.AvgHeadcount.ShouldBe(25m);
    }

    [Fact]
    public async Task ParkReports_LatestSubmittedCustomers_ComeOnlyWithEachFirmsLatestFiledReport()
    {
        var (park, full, partial) = await SeedAsync();
        Task<IReadOnlyList<FiledReport>> Read(CustomersRead how) =>
            AsSystemAsync(r => r.ParkReportsAsync(park, new Quarter(Year, 1), new Quarter(Year, 4), default, how));
        string[] NamesOn(IReadOnlyList<FiledReport> reports, long firm, int q) =>
            reports.Single(r => r.Facts.EnterpriseId == firm && r.Facts.Quarter.Number == q).Facts.Customers.Select(c => c.Name).ToArray();

        var latest = await Read(CustomersRead.LatestSubmitted);
        NamesOn(latest, full, 4).ShouldBe(["四季度客户甲", "四季度客户乙"]);
        NamesOn(latest, full, 3).ShouldBeEmpty();
        latest.Count(r => r.Facts.EnterpriseId == partial).ShouldBe(3);

        var all = await Read(CustomersRead.All);
        NamesOn(all, full, 3).ShouldBe(["三季度客户"]);
        NamesOn(all, full, 4).ShouldBe(["四季度客户甲", "四季度客户乙"]);

        var none = await Read(CustomersRead.None);
        none.Where(r => r.Facts.EnterpriseId == full).SelectMany(r => r.Facts.Customers).ShouldBeEmpty();
    }
}
