using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Metering;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Features.Metering.Contracts;
using ParkOps.Web.Features.Reporting.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Reporting;

public sealed record CustomerInput
{
    /// <summary>An enterprise of the same park, or null for an outside customer named by <see cref="Name"/>.</summary>
    public long? EnterpriseId { get; init; }
    [Line, StoredIn(typeof(ReportCustomer), nameof(ReportCustomer.Name))] public string? Name { get; init; }
    public decimal SharePercent { get; init; }
}

/// <summary>One quarter's report as the form and the API send it: money in 万元, energy tce, electricity kWh, water and emissions t.</summary>
[StoredIn(typeof(QuarterlyReport))]
public sealed record ReportInput
{
    public int Year { get; init; }
    public int Quarter { get; init; }
    public decimal Output { get; init; }
    public decimal MainRevenue { get; init; }
    public decimal Tax { get; init; }
    public decimal ValueAdded { get; init; }
    public decimal RdSpend { get; init; }
    public decimal EnergyTce { get; init; }
    /// <summary>Ignored where the park meters the enterprise's units: the meters' figure is taken.</summary>
    public decimal ElectricityKwh { get; init; }
    public decimal WaterT { get; init; }
    public decimal? EmissionsT { get; init; }
    public decimal AvgHeadcount { get; init; }
    public decimal NetProfit { get; init; }
    public decimal TotalAssets { get; init; }
    public decimal TotalLiabilities { get; init; }
    public int PatentsHeld { get; init; }
    public int PatentsGranted { get; init; }
    /// <summary>Posts being recruited for at the quarter's end (在招岗位); optional.</summary>
    public int? OpenPosts { get; init; }
    // more than the rule's 10 still reaches the rule (422 ReportCustomersTooMany); the guard stops only absurd lists
    [MaxItems(50)] public CustomerInput[]? Customers { get; init; }
    [FreeText] public string? Difficulties { get; init; }
    public bool Submit { get; init; }

    public QuarterFigures Figures => new(Output, MainRevenue, Tax, ValueAdded, RdSpend, EnergyTce, ElectricityKwh, WaterT, EmissionsT,
        AvgHeadcount, NetProfit, TotalAssets, TotalLiabilities, PatentsHeld, PatentsGranted) { OpenPosts = OpenPosts };
}

public sealed record CustomerDto(long? EnterpriseId, string Name, decimal SharePercent);

public sealed record WarningDto(string Rule, string Field, string Message, decimal Value, decimal? Compared);

/// <summary>A stored report as its enterprise and the park's operators see it; <see cref="Warnings"/> recomputed on every read.</summary>
public sealed record ReportDto(long Id, long EnterpriseId, string EnterpriseName, int Year, int Quarter, string State, string Source,
    decimal Output, decimal MainRevenue, decimal Tax, decimal ValueAdded, decimal RdSpend, decimal EnergyTce, decimal ElectricityKwh, decimal WaterT,
    decimal? EmissionsT, decimal AvgHeadcount, decimal NetProfit, decimal TotalAssets, decimal TotalLiabilities, int PatentsHeld, int PatentsGranted,
    bool ElectricityFromMeters, bool WaterFromMeters, IReadOnlyList<CustomerDto> Customers, string? Difficulties,
    DateOnly DueDate, bool Late, DateTime? SubmittedAt, DateTime UpdatedAt, string UpdatedBy, IReadOnlyList<WarningDto> Warnings)
{
    public int? OpenPosts { get; init; }
}

/// <summary>One enterprise on the operator's quarter board: submitted (on time), late, draft or missing; figures once filed.</summary>
public sealed record BoardRow(long EnterpriseId, string Name, string CreditCode, string Status, bool Overdue, long? ReportId, DateTime? SubmittedAt,
    decimal? Output, decimal? MainRevenue, decimal? Tax, decimal? ValueAdded, decimal? EnergyTce, decimal? ElectricityKwh);

public sealed record BoardCounts(int Expected, int Submitted, int Late, int Draft, int Missing);

public sealed record ParkBoardDto(long ParkId, int Year, int Quarter, DateOnly DueDate, BoardCounts Counts, IReadOnlyList<BoardRow> Rows);

public sealed record RemindInput(int Year, int Quarter);

public sealed record RemindResult(int Reminded, IReadOnlyList<long> EnterpriseIds);

/// <summary>What the meters say an enterprise used in a quarter (null where none of its units is metered for that utility).</summary>
public sealed record MeteredUse(decimal? ElectricityKwh, decimal? WaterT);

/// <summary>
/// Quarterly operating reports (issue 12 §1): an enterprise saves and submits its own; the park's operators may for
/// any enterprise of the park, see the quarter board and remind the missing. Validation by <see cref="ReportRules"/>;
/// electricity and water come from the park's meters where the enterprise's units are metered; after a filing every
/// <see cref="IReportFiledListener"/> is told (a failing one is logged and never undoes the filing).
/// </summary>
public sealed class ReportService(ParkOpsDb db, IEnterpriseDirectory directory, IParkRoster roster, IUtilityUsage usage, INotices inbox,
    IEnumerable<IReportFiledListener> listeners, TimeProvider clock, IStringLocalizer<Text> t, ILogger<ReportService> log)
{
    public const string StatusSubmitted = "submitted", StatusLate = "late", StatusDraft = "draft", StatusMissing = "missing";

    public DateTime Now => clock.GetUtcNow().UtcDateTime;
    public DateOnly Today => DateOnly.FromDateTime(Time.ToShanghai(Now));
    /// <summary>The last quarter that has ended: what a form and a board open on.</summary>
    public Quarter LastEnded => Quarter.Of(Today).Previous;

    private ActorScope Actor => db.Actor;

    /// <summary>
    /// The enterprise whose reports the caller may read and write: its own users, the park's operators, the platform
    /// admin. A government viewer of the park knows the enterprise but not its figures (403
    /// ReportsAreEnterpriseConfidential); for everyone else, another tenant of the park included, the enterprise's
    /// reports do not exist (404), as with every other enterprise-confidential resource.
    /// </summary>
    public async Task<EnterpriseCard> EnterpriseForReportsAsync(long enterpriseId, CancellationToken ct)
    {
        var cards = await directory.CardsAsync([enterpriseId], ct);
        if (cards.TryGetValue(enterpriseId, out var card))
        {
            if (Actor.EnterpriseIds.Contains(enterpriseId) || Actor.CanOperatePark(card.ParkId)) return card;
            if (Actor.GovernmentParkIds.Contains(card.ParkId)) throw new ForbiddenException("ReportsAreEnterpriseConfidential");
        }
        throw new NotFoundException("Enterprise", enterpriseId);
    }

    public async Task<List<ReportDto>> ListAsync(long enterpriseId, int? year, int? quarter, CancellationToken ct)
    {
        var card = await EnterpriseForReportsAsync(enterpriseId, ct);
        var q = db.Set<QuarterlyReport>().AsNoTracking().Include(r => r.Customers).Where(r => r.EnterpriseId == enterpriseId);
        if (year is { } y) q = q.Where(r => r.Year == y);
        if (quarter is { } n) q = q.Where(r => r.QuarterNumber == n);
        var rows = await q.OrderByDescending(r => r.Year).ThenByDescending(r => r.QuarterNumber).Take(200).AsSplitQuery().ToListAsync(ct);
        // warnings compare with the quarter before, which may lie outside the filter
        var before = rows.Count == 0 ? [] : await PreviousFiguresAsync(enterpriseId, rows.Select(r => r.Quarter.Previous).ToList(), ct);
        return rows.Select(r => ToDto(r, card.Name, before.GetValueOrDefault(r.Quarter.Previous.Index))).ToList();
    }

    private async Task<Dictionary<int, QuarterFigures>> PreviousFiguresAsync(long enterpriseId, List<Quarter> quarters, CancellationToken ct)
    {
        var lo = quarters.Min(q => q.Index);
        var hi = quarters.Max(q => q.Index);
        var rows = await db.Set<QuarterlyReport>().AsNoTracking().Where(r => r.EnterpriseId == enterpriseId && r.Year * 4 + r.QuarterNumber - 1 >= lo && r.Year * 4 + r.QuarterNumber - 1 <= hi).ToListAsync(ct);
        return rows.ToDictionary(r => r.Quarter.Index, r => r.Figures);
    }

    /// <summary>Saves one quarter's report (a draft, or submitted with <see cref="ReportInput.Submit"/>); returns it with its warnings.</summary>
    public async Task<ReportDto> SaveAsync(long enterpriseId, ReportInput input, CancellationToken ct)
    {
        var card = await EnterpriseForReportsAsync(enterpriseId, ct);
        var quarter = QuarterOf(input.Year, input.Quarter);
        ReportRules.CheckQuarterEnded(quarter, Today);
        ReportRules.CheckFigures(input.Figures);
        var customers = (input.Customers ?? []).Select(c => new CustomerShare(c.EnterpriseId, c.Name?.Trim() ?? "", c.SharePercent)).ToList();
        var parkEnterprises = customers.Any(c => c.EnterpriseId is not null)
            ? (await roster.ParkRosterAsync(card.ParkId, ct)).Select(e => e.Id).ToHashSet() : [];
        ReportRules.CheckCustomers(customers, enterpriseId, parkEnterprises);
        // an in-park customer is named by the park's directory, whatever name the form sent
        var names = await directory.CardsAsync(customers.Where(c => c.EnterpriseId is not null).Select(c => c.EnterpriseId!.Value).ToList(), ct);
        var metered = await MeteredAsync(card.ParkId, enterpriseId, quarter, ct);

        var report = await db.Set<QuarterlyReport>().Include(r => r.Customers)
            .FirstOrDefaultAsync(r => r.EnterpriseId == enterpriseId && r.Year == quarter.Year && r.QuarterNumber == quarter.Number, ct);
        if (report is { State: ReportState.Submitted } && !input.Submit)
            throw new ParkOps.Domain.Rules.DomainRuleException("ReportAlreadySubmitted", "submit", "报表已提交，修改后须再次提交", ParkOps.Domain.Rules.RuleKind.Conflict);
        var now = Now;
        if (report is null)
        {
            report = new QuarterlyReport { ParkId = card.ParkId, EnterpriseId = enterpriseId, Year = quarter.Year, QuarterNumber = quarter.Number, State = ReportState.Draft };
            db.Add(report);
        }
        Apply(report, input, metered, ReportSource.Form, now);
        report.Customers.Clear();
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            report.Customers.Add(new ReportCustomer
            {
                ParkId = card.ParkId, EnterpriseId = enterpriseId, Position = i, CustomerEnterpriseId = c.EnterpriseId,
                Name = c.EnterpriseId is { } id && names.TryGetValue(id, out var n) ? n.Name : c.Name, SharePercent = c.SharePercent,
            });
        }
        // the old customer rows go before the new ones take their positions (unique ReportId + Position)
        await db.SaveChangesAsync(ct);
        if (input.Submit) await TellListenersAsync(card.ParkId, [enterpriseId], quarter, ct);
        var previous = await PreviousFiguresAsync(enterpriseId, [quarter.Previous], ct);
        return ToDto(report, card.Name, previous.GetValueOrDefault(quarter.Previous.Index));
    }

    /// <summary>Copies the figures onto the report; metered figures win over typed ones. A submission keeps its first time (lateness counts from it).</summary>
    internal void Apply(QuarterlyReport r, ReportInput input, MeteredUse metered, ReportSource source, DateTime now)
    {
        (r.Output, r.MainRevenue, r.Tax, r.ValueAdded, r.RdSpend, r.EnergyTce) = (input.Output, input.MainRevenue, input.Tax, input.ValueAdded, input.RdSpend, input.EnergyTce);
        (r.ElectricityKwh, r.ElectricityFromMeters) = metered.ElectricityKwh is { } e ? (e, true) : (input.ElectricityKwh, false);
        (r.WaterT, r.WaterFromMeters) = metered.WaterT is { } w ? (w, true) : (input.WaterT, false);
        (r.EmissionsT, r.AvgHeadcount, r.NetProfit, r.TotalAssets, r.TotalLiabilities) = (input.EmissionsT, input.AvgHeadcount, input.NetProfit, input.TotalAssets, input.TotalLiabilities);
        (r.PatentsHeld, r.PatentsGranted, r.OpenPosts) = (input.PatentsHeld, input.PatentsGranted, input.OpenPosts);
        r.Difficulties = string.IsNullOrWhiteSpace(input.Difficulties) ? null : input.Difficulties.Trim();
        r.Source = source;
        (r.UpdatedAt, r.UpdatedBy) = (now, Actor.UserName);
        if (input.Submit)
        {
            r.State = ReportState.Submitted;
            r.SubmittedAt ??= now;
        }
    }

    public Quarter QuarterOf(int year, int number)
    {
        var q = new Quarter(year, number);
        if (year is < 2000 or > 2200) throw new ValidationException([new ValidationFailure("year", t["Val.Range", 2000, 2200])]);
        if (!q.IsValid) throw new ValidationException([new ValidationFailure("quarter", t["Val.Range", 1, 4])]);
        return q;
    }

    /// <summary>The quarter a query names, or the last ended one when it names none.</summary>
    public Quarter QuarterOrLast(int? year, int? quarter) => year is null && quarter is null ? LastEnded : QuarterOf(year ?? LastEnded.Year, quarter ?? 0);

    /// <summary>Electricity and water over the quarter's three months from the meters of the units the enterprise leased (Metering's contract).</summary>
    public async Task<MeteredUse> MeteredAsync(long parkId, long enterpriseId, Quarter quarter, CancellationToken ct)
    {
        var months = new List<MeterMonth>();
        foreach (var m in quarter.Months) months.AddRange(await usage.MonthUseAsync(parkId, m, [enterpriseId], ct));
        decimal? Sum(Utility u)
        {
            var read = months.Where(x => x.EnterpriseId == enterpriseId && x.Utility == u && x.Closing is not null).ToList();
            return read.Count == 0 ? null : read.Sum(x => Math.Max(0, x.Use));
        }
        return new MeteredUse(Sum(Utility.Electricity), Sum(Utility.Water));
    }

    public async Task TellListenersAsync(long parkId, IReadOnlyCollection<long> enterpriseIds, Quarter quarter, CancellationToken ct)
    {
        foreach (var l in listeners)
        {
            try { await l.ReportsFiledAsync(parkId, enterpriseIds, quarter, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the filing stands: the listener's nightly run catches up
                log.LogError(e, "Report listener {Listener} failed for park {Park} {Quarter}", l.GetType().Name, parkId, quarter);
            }
        }
    }

    /// <summary>The quarter board: every enterprise of the park that reports (and any other that filed) with its status. Operators only.</summary>
    public async Task<ParkBoardDto> BoardAsync(long parkId, Quarter quarter, CancellationToken ct)
    {
        var entries = await roster.ParkRosterAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsSeeReportBoard");
        var reports = await db.Set<QuarterlyReport>().AsNoTracking()
            .Where(r => r.ParkId == parkId && r.Year == quarter.Year && r.QuarterNumber == quarter.Number).ToDictionaryAsync(r => r.EnterpriseId, ct);
        var today = Today;
        var rows = entries.Where(e => e.Reports || reports.ContainsKey(e.Id)).Select(e =>
        {
            var r = reports.GetValueOrDefault(e.Id);
            var submitted = r is { State: ReportState.Submitted };
            var status = submitted ? (ReportRules.IsLate(quarter, ShanghaiDate(r!.SubmittedAt), today) ? StatusLate : StatusSubmitted) : r is null ? StatusMissing : StatusDraft;
            var overdue = !submitted && ReportRules.IsLate(quarter, null, today);
            return new BoardRow(e.Id, e.Name, e.CreditCode, status, overdue, r?.Id, r?.SubmittedAt,
                submitted ? r!.Output : null, submitted ? r!.MainRevenue : null, submitted ? r!.Tax : null, submitted ? r!.ValueAdded : null,
                submitted ? r!.EnergyTce : null, submitted ? r!.ElectricityKwh : null);
        }).OrderBy(r => StatusOrder(r.Status)).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var counts = new BoardCounts(rows.Count, rows.Count(r => r.Status == StatusSubmitted), rows.Count(r => r.Status == StatusLate),
            rows.Count(r => r.Status == StatusDraft), rows.Count(r => r.Status == StatusMissing));
        return new ParkBoardDto(parkId, quarter.Year, quarter.Number, ReportRules.DueDate(quarter), counts, rows);
    }

    private static int StatusOrder(string s) => s switch { StatusMissing => 0, StatusDraft => 1, StatusLate => 2, _ => 3 };

    public static DateOnly? ShanghaiDate(DateTime? utc) => utc is { } u ? DateOnly.FromDateTime(Time.ToShanghai(u)) : null;

    /// <summary>Writes an inbox reminder to every enterprise of the board that has not submitted (missing or draft).</summary>
    public async Task<RemindResult> RemindAsync(long parkId, RemindInput input, CancellationToken ct)
    {
        var quarter = QuarterOf(input.Year, input.Quarter);
        var board = await BoardAsync(parkId, quarter, ct);
        ReportRules.CheckQuarterEnded(quarter, Today);
        var targets = board.Rows.Where(r => r.Status is StatusMissing or StatusDraft).Select(r => r.EnterpriseId).ToList();
        var args = quarter.ToString();
        inbox.Send(targets.Select(e => Notice.ToEnterprise(parkId, e, "ReportReminder", $"/reporting/enterprises/{e}/reports/{quarter}", args)));
        await db.SaveChangesAsync(ct);
        return new RemindResult(targets.Count, targets);
    }

    public ReportDto ToDto(QuarterlyReport r, string enterpriseName, QuarterFigures? previous) => new(r.Id, r.EnterpriseId, enterpriseName, r.Year, r.QuarterNumber,
        r.State == ReportState.Submitted ? "submitted" : "draft", r.Source.ToString().ToLowerInvariant(),
        r.Output, r.MainRevenue, r.Tax, r.ValueAdded, r.RdSpend, r.EnergyTce, r.ElectricityKwh, r.WaterT, r.EmissionsT, r.AvgHeadcount, r.NetProfit, r.TotalAssets,
        r.TotalLiabilities, r.PatentsHeld, r.PatentsGranted, r.ElectricityFromMeters, r.WaterFromMeters,
        r.Customers.OrderBy(c => c.Position).Select(c => new CustomerDto(c.CustomerEnterpriseId, c.Name, c.SharePercent)).ToList(), r.Difficulties,
        ReportRules.DueDate(r.Quarter), r.State == ReportState.Submitted && ReportRules.IsLate(r.Quarter, ShanghaiDate(r.SubmittedAt), Today),
        r.SubmittedAt, r.UpdatedAt, r.UpdatedBy, Warnings(r.Figures, previous)) { OpenPosts = r.OpenPosts };

    public IReadOnlyList<WarningDto> Warnings(QuarterFigures f, QuarterFigures? previous) => ReportRules.Warnings(f, previous)
        .Select(w => new WarningDto(w.Rule, w.Field, WarningText(w), w.Value, w.Compared)).ToList();

    private string WarningText(ReportWarning w) => w.Rule == "ReportFigureJump" && w.Compared is { } c && c != 0
        ? t["Rule.ReportFigureJump", t["Reporting.Field." + w.Field], $"{(w.Value - c) / c:+0%;-0%}"]
        : t["Rule." + w.Rule, w.Value, w.Compared ?? 0];
}
