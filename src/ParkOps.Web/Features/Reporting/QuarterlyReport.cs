using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Reporting;

public enum ReportState { Draft, Submitted }

/// <summary>Where a report's figures came from.</summary>
public enum ReportSource { Form, Import, Demo }

/// <summary>
/// One enterprise's operating report for one quarter (DOMAIN §7; migration 0017). Enterprise-confidential: the
/// enterprise and its park's operators see it, nobody else (a government viewer reads the park's compiled
/// submission and aggregates, never this row). Money in 万元, electricity in kWh, water and emissions in tonnes.
/// </summary>
public sealed class QuarterlyReport : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public int Year { get; set; }
    public int QuarterNumber { get; set; }
    public ReportState State { get; set; }
    public ReportSource Source { get; set; }

    public decimal Output { get; set; }
    public decimal MainRevenue { get; set; }
    public decimal Tax { get; set; }
    public decimal ValueAdded { get; set; }
    public decimal RdSpend { get; set; }
    public decimal EnergyTce { get; set; }
    public decimal ElectricityKwh { get; set; }
    public decimal WaterT { get; set; }
    public decimal? EmissionsT { get; set; }
    public decimal AvgHeadcount { get; set; }
    public decimal NetProfit { get; set; }
    public decimal TotalAssets { get; set; }
    public decimal TotalLiabilities { get; set; }
    public int PatentsHeld { get; set; }
    public int PatentsGranted { get; set; }
    public int? OpenPosts { get; set; }
    /// <summary>Electricity (water) was filled from the park's meters, not typed by the enterprise.</summary>
    public bool ElectricityFromMeters { get; set; }
    public bool WaterFromMeters { get; set; }
    public string? Difficulties { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime? SubmittedAt { get; set; }

    public List<ReportCustomer> Customers { get; set; } = [];

    public Quarter Quarter => new(Year, QuarterNumber);

    public QuarterFigures Figures => new(Output, MainRevenue, Tax, ValueAdded, RdSpend, EnergyTce, ElectricityKwh, WaterT, EmissionsT,
        AvgHeadcount, NetProfit, TotalAssets, TotalLiabilities, PatentsHeld, PatentsGranted) { OpenPosts = OpenPosts };
}

/// <summary>A main customer on a report: an in-park enterprise (<see cref="CustomerEnterpriseId"/>) or an outside one by name.</summary>
public sealed class ReportCustomer : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    /// <summary>The reporting enterprise (its park and id scope the row like the report).</summary>
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public int Position { get; set; }
    public long? CustomerEnterpriseId { get; set; }
    public string Name { get; set; } = "";
    public decimal SharePercent { get; set; }
}

/// <summary>The reporting tables (migration 0017); scoped by <see cref="IEnterpriseOwned"/>'s default filter in ParkOpsDb.</summary>
public static class ReportingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<QuarterlyReport>(e =>
        {
            e.ToTable("QuarterlyReports");
            e.Ignore(x => x.Quarter);
            e.Ignore(x => x.Figures);
            e.Property(x => x.Difficulties).HasMaxLength(2000);
            e.Property(x => x.UpdatedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.EnterpriseId, x.Year, x.QuarterNumber }).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.Year, x.QuarterNumber });
            // the 亩均 run's year totals (GROUP BY the enterprise within a park's year) read in the index's order: without
            // it SQLite sorts the year's 400,000 reports of a 100,000-firm park in a temporary B-tree first (migration 0039)
            e.HasIndex(x => new { x.ParkId, x.Year, x.EnterpriseId });
            // foreign keys to other areas' tables by entity name: a database constraint, not a use of their types
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(QuarterlyReport.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne("ParkOps.Web.Features.Enterprises.Enterprise", null).WithMany().HasForeignKey(nameof(QuarterlyReport.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Customers).WithOne().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReportCustomer>(e =>
        {
            e.ToTable("ReportCustomers");
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => new { x.ReportId, x.Position }).IsUnique();
            // who buys from whom across a park: the ripple of an order drop reads customers by the in-park customer
            e.HasIndex(x => new { x.ParkId, x.CustomerEnterpriseId });
        });
        SubmissionModel.Configure(b);
    }
}
