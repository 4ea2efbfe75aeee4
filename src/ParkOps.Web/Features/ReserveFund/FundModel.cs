using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ReserveFund;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.ReserveFund;

/// <summary>
/// A park's contribution rate from a quarter on (versioned: a new rate applies from its quarter, so a past quarter's
/// contributions keep the rate they were computed with). No row: <see cref="FundRules.DefaultRatePercent"/>.
/// </summary>
public sealed class FundSetting : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public int FromYear { get; set; }
    public int FromQuarter { get; set; }
    /// <summary>Per cent of reported main revenue (0.2 = 0.2 %).</summary>
    public decimal RatePercent { get; set; }
    public string SetBy { get; set; } = "";
    public DateTime SetAt { get; set; }
}

/// <summary>
/// The park's fund: its balance, always the sum of its <see cref="FundEntry"/> amounts (<c>verify</c>-style check in the
/// tests). The row is locked (<see cref="RowLocks"/>) by every write that moves money, so two disbursements never both
/// spend the same balance.
/// </summary>
public sealed class FundAccount : IParkOwned
{
    public long ParkId { get; set; }
    public decimal Balance { get; set; }
}

public enum FundEntryKind { Contribution, Disbursement, Repayment }

/// <summary>
/// One movement of the fund (signed: in positive, out negative) and the balance right after it. Entries are only ever
/// added, in the same transaction as the contribution, loan or repayment that causes them. Every entry concerns one
/// enterprise, so it is enterprise-confidential (financing and revenue, DOMAIN §1).
/// </summary>
public sealed class FundEntry : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public FundEntryKind Kind { get; set; }
    public decimal Amount { get; set; }
    public decimal BalanceAfter { get; set; }
    public DateOnly OccurredOn { get; set; }
    public string Description { get; set; } = "";
    public string? Reference { get; set; }
    public long? LoanId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// One enterprise's contribution for one quarter: its submitted report's main revenue × the rate in force for the
/// quarter, billed through Billing's charge contract and entered in the fund's ledger in the same transaction. Unique
/// per enterprise and quarter: running a quarter again posts nothing twice.
/// </summary>
public sealed class FundContribution : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public int Year { get; set; }
    public int QuarterNumber { get; set; }
    public long ReportId { get; set; }
    /// <summary>Main revenue as reported, 万元.</summary>
    public decimal RevenueWan { get; set; }
    public decimal RatePercent { get; set; }
    public decimal Amount { get; set; }
    /// <summary>The bill month the charge was posted for.</summary>
    public DateOnly BillMonth { get; set; }
    public long EntryId { get; set; }
    public string PostedBy { get; set; } = "";
    public DateTime PostedAt { get; set; }
}

public enum LoanState { Active, Repaid }

/// <summary>A bridge loan (过桥资金) from the fund to an enterprise of the park, with its repayment schedule.</summary>
public sealed class BridgeLoan : IEnterpriseOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Principal { get; set; }
    public decimal Repaid { get; set; }
    public string Purpose { get; set; } = "";
    public DateOnly StartDate { get; set; }
    public LoanState State { get; set; }
    public long? CrisisId { get; set; }
    public string DisbursedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<LoanInstalment> Instalments { get; set; } = [];
}

public sealed class LoanInstalment : IEnterpriseOwned
{
    public long Id { get; set; }
    public long LoanId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public int Number { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Amount { get; set; }
    public decimal Paid { get; set; }

    public InstalmentState State => new(Number, DueDate, Amount, Paid);
}

/// <summary>A repayment received, with how it was spread over the instalments (oldest first).</summary>
public sealed class LoanRepayment : IEnterpriseOwned
{
    public long Id { get; set; }
    public long LoanId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public decimal Amount { get; set; }
    public DateOnly PaidOn { get; set; }
    public string? Reference { get; set; }
    /// <summary>"1:5000.00;2:1200.00": instalment number and amount applied.</summary>
    public string Allocation { get; set; } = "";
    public long EntryId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>
/// A crisis the park works on (seed 000 case 10: a chain leader's orders fell and the park mobilised): the affected
/// firms, the actions taken, and an outcome when it closes. Operators' working record: not shown to tenants or the
/// government viewer (it names firms in trouble).
/// </summary>
public sealed class Crisis : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public string Title { get; set; } = "";
    public string? Summary { get; set; }
    /// <summary>The order-drop alert it was opened from (Risk area), when it was.</summary>
    public long? AlertId { get; set; }
    public CrisisState State { get; private set; }
    public DateOnly OpenedOn { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateOnly? ClosedOn { get; private set; }
    public string? Outcome { get; private set; }
    public List<CrisisFirm> Firms { get; set; } = [];
    public List<CrisisActionRecord> Actions { get; set; } = [];

    /// <summary>An action may be recorded while the crisis is open.</summary>
    public void CheckOpen() => CrisisRules.Next(State, CrisisAction.RecordAction);

    public void Close(string? outcome, DateOnly on)
    {
        State = CrisisRules.Next(State, CrisisAction.Close);
        CrisisRules.CheckOutcome(outcome);
        Outcome = outcome!.Trim();
        ClosedOn = on;
    }
}

public sealed class CrisisFirm : IEnterpriseOwned
{
    public long Id { get; set; }
    public long CrisisId { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
}

public enum CrisisActionKind { Meeting, BridgeLoan, NewCustomers, Other }

public sealed class CrisisActionRecord : IParkOwned
{
    public long Id { get; set; }
    public long CrisisId { get; set; }
    public long ParkId { get; set; }
    public CrisisActionKind Kind { get; set; }
    public DateOnly OccurredOn { get; set; }
    public string Note { get; set; } = "";
    public long? LoanId { get; set; }
    /// <summary>A marketplace post or collaboration, as a link within the console.</summary>
    public string? Link { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}

/// <summary>The reserve fund's tables (migration 0021).</summary>
public static class FundModel
{
    private const string Park = "ParkOps.Web.Features.Parks.Park";
    private const string Enterprise = "ParkOps.Web.Features.Enterprises.Enterprise";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<FundSetting>(e =>
        {
            e.ToTable("FundSettings");
            e.Property(x => x.SetBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.FromYear, x.FromQuarter }).IsUnique();
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(FundSetting.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<FundAccount>(e =>
        {
            e.ToTable("FundAccounts");
            e.HasKey(x => x.ParkId);
            e.Property(x => x.ParkId).ValueGeneratedNever();
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(FundAccount.ParkId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<FundEntry>(e =>
        {
            e.ToTable("FundEntries");
            e.Property(x => x.Description).HasMaxLength(300);
            e.Property(x => x.Reference).HasMaxLength(100);
            e.Property(x => x.RecordedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.Id });
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(FundEntry.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(FundEntry.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<FundContribution>(e =>
        {
            e.ToTable("FundContributions");
            e.Property(x => x.PostedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.EnterpriseId, x.Year, x.QuarterNumber }).IsUnique();
            e.HasIndex(x => new { x.ParkId, x.Year, x.QuarterNumber });
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(FundContribution.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(FundContribution.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<FundEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<BridgeLoan>(e =>
        {
            e.ToTable("BridgeLoans");
            e.Property(x => x.Purpose).HasMaxLength(300);
            e.Property(x => x.DisbursedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasIndex(x => x.EnterpriseId);
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(BridgeLoan.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(BridgeLoan.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Crisis>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Instalments).WithOne().HasForeignKey(x => x.LoanId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<LoanInstalment>(e =>
        {
            e.ToTable("LoanInstalments");
            e.Ignore(x => x.State);
            e.HasIndex(x => new { x.LoanId, x.Number }).IsUnique();
        });
        b.Entity<LoanRepayment>(e =>
        {
            e.ToTable("LoanRepayments");
            e.Property(x => x.Reference).HasMaxLength(100);
            e.Property(x => x.Allocation).HasMaxLength(2000);
            e.Property(x => x.RecordedBy).HasMaxLength(64);
            e.HasIndex(x => x.LoanId);
            e.HasOne<BridgeLoan>().WithMany().HasForeignKey(x => x.LoanId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<FundEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Crisis>(e =>
        {
            e.ToTable("Crises");
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Summary).HasMaxLength(2000);
            e.Property(x => x.Outcome).HasMaxLength(2000);
            e.Property(x => x.OpenedBy).HasMaxLength(64);
            e.HasIndex(x => new { x.ParkId, x.State });
            e.HasOne(Park, null).WithMany().HasForeignKey(nameof(Crisis.ParkId)).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Firms).WithOne().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Actions).WithOne().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CrisisFirm>(e =>
        {
            e.ToTable("CrisisFirms");
            e.HasIndex(x => new { x.CrisisId, x.EnterpriseId }).IsUnique();
            e.HasOne(Enterprise, null).WithMany().HasForeignKey(nameof(CrisisFirm.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<CrisisActionRecord>(e =>
        {
            e.ToTable("CrisisActions");
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.Link).HasMaxLength(300);
            e.Property(x => x.RecordedBy).HasMaxLength(64);
            e.HasIndex(x => x.CrisisId);
            e.HasOne<BridgeLoan>().WithMany().HasForeignKey(x => x.LoanId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
