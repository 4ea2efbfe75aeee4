using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Reporting;

/// <summary>Compile (fresh snapshot) and, with <see cref="Submit"/>, send it to the county in the same step.</summary>
public sealed record SubmissionInput(int Year, int Quarter, bool Submit);

public sealed record ReturnInput([property: FreeText, StoredIn(typeof(ReportSubmission), nameof(ReportSubmission.ReturnReason))] string? Reason);

public sealed record SubmissionStepDto(string Action, string From, string To, string By, DateTime At, string? Reason);

/// <summary>The park's submission as the county reads it: park-level counts and totals, no firm's figures.</summary>
public sealed record SubmissionDto(long Id, long ParkId, int Year, int Quarter, string State,
    int EnterprisesExpected, int EnterprisesFiled, int EnterprisesMissing, int EnterprisesLate,
    decimal Output, decimal MainRevenue, decimal Tax, decimal ValueAdded, decimal EnergyTce, decimal ElectricityKwh,
    DateTime CompiledAt, string CompiledBy, DateTime? SubmittedAt, string? ReturnReason, IReadOnlyList<SubmissionStepDto> Steps,
    bool CanCompile, bool CanDecide);

/// <summary>
/// The park's quarterly submission to the county (草稿 → 已提交 → 已退回 / 已通过). The park's operator compiles it from
/// the quarter's submitted reports and submits; a government viewer of the park's region approves or returns it with
/// a reason; a returned submission is compiled and submitted again. Every step is recorded with who and when.
/// </summary>
public sealed class SubmissionService(ParkOpsDb db, IParkRoster roster, ReportService reports)
{
    private ActorScope Actor => db.Actor;

    private bool IsCounty(long parkId) => Actor.IsPlatformAdmin || Actor.GovernmentParkIds.Contains(parkId);

    public async Task<List<SubmissionDto>> ListAsync(long parkId, CancellationToken ct)
    {
        await roster.ParkRosterAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId) && !IsCounty(parkId)) throw new ForbiddenException("OnlyOperatorsAndCountySeeSubmissions");
        var list = await db.Set<ReportSubmission>().AsNoTracking().Include(s => s.Steps).Where(s => s.ParkId == parkId)
            .OrderByDescending(s => s.Year).ThenByDescending(s => s.QuarterNumber).Take(100).AsSplitQuery().ToListAsync(ct);
        return list.Select(ToDto).ToList();
    }

    public async Task<SubmissionDto> GetAsync(long id, CancellationToken ct)
    {
        var s = await LoadAsync(id, ct);
        if (!Actor.CanOperatePark(s.ParkId) && !IsCounty(s.ParkId)) throw new ForbiddenException("OnlyOperatorsAndCountySeeSubmissions");
        return ToDto(s);
    }

    private async Task<ReportSubmission> LoadAsync(long id, CancellationToken ct) =>
        await db.Set<ReportSubmission>().Include(s => s.Steps).AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("ReportSubmission", id);

    /// <summary>Compiles the quarter's snapshot from the board (operators only), and submits it when asked.</summary>
    public async Task<SubmissionDto> CompileAsync(long parkId, SubmissionInput input, CancellationToken ct)
    {
        var quarter = reports.QuarterOf(input.Year, input.Quarter);
        await roster.ParkRosterAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsCompileSubmissions");
        ParkOps.Domain.Monitoring.ReportRules.CheckQuarterEnded(quarter, reports.Today);
        var s = await db.Set<ReportSubmission>().Include(x => x.Steps).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.ParkId == parkId && x.Year == quarter.Year && x.QuarterNumber == quarter.Number, ct);
        var now = reports.Now;
        if (s is null)
        {
            s = new ReportSubmission { ParkId = parkId, Year = quarter.Year, QuarterNumber = quarter.Number, State = SubmissionState.Draft };
            db.Add(s);
        }
        // the table refuses a compile of a submitted or approved quarter before anything is recomputed
        s.Apply(SubmissionAction.Compile, Actor.UserName, now);
        var board = await reports.BoardAsync(parkId, quarter, ct);
        var filed = board.Rows.Where(r => r.Status is ReportService.StatusSubmitted or ReportService.StatusLate).ToList();
        s.EnterprisesExpected = board.Counts.Expected;
        s.EnterprisesFiled = filed.Count;
        s.EnterprisesMissing = board.Counts.Expected - filed.Count;
        s.EnterprisesLate = board.Counts.Late;
        s.Output = filed.Sum(r => r.Output ?? 0);
        s.MainRevenue = filed.Sum(r => r.MainRevenue ?? 0);
        s.Tax = filed.Sum(r => r.Tax ?? 0);
        s.ValueAdded = filed.Sum(r => r.ValueAdded ?? 0);
        s.EnergyTce = filed.Sum(r => r.EnergyTce ?? 0);
        s.ElectricityKwh = filed.Sum(r => r.ElectricityKwh ?? 0);
        (s.CompiledAt, s.CompiledBy) = (now, Actor.UserName);
        if (input.Submit) s.Apply(SubmissionAction.Submit, Actor.UserName, now);
        await db.SaveChangesAsync(ct);
        return ToDto(s);
    }

    /// <summary>The county approves or returns (with a reason) a submitted quarter: a government viewer of the park's region.</summary>
    public async Task<SubmissionDto> DecideAsync(long id, bool approve, string? reason, CancellationToken ct)
    {
        var s = await LoadAsync(id, ct);
        if (!IsCounty(s.ParkId)) throw new ForbiddenException("OnlyCountyDecidesSubmissions");
        if (!approve) SubmissionRules.CheckReturnReason(reason);
        s.Apply(approve ? SubmissionAction.Approve : SubmissionAction.Return, Actor.UserName, reports.Now, approve ? null : reason!.Trim());
        await db.SaveChangesAsync(ct);
        return ToDto(s);
    }

    private SubmissionDto ToDto(ReportSubmission s) => new(s.Id, s.ParkId, s.Year, s.QuarterNumber, Name(s.State),
        s.EnterprisesExpected, s.EnterprisesFiled, s.EnterprisesMissing, s.EnterprisesLate, s.Output, s.MainRevenue, s.Tax, s.ValueAdded, s.EnergyTce, s.ElectricityKwh,
        s.CompiledAt, s.CompiledBy, s.SubmittedAt, s.ReturnReason,
        s.Steps.OrderBy(x => x.At).ThenBy(x => x.Id).Select(x => new SubmissionStepDto(x.Action.ToString().ToLowerInvariant(), Name(x.FromState), Name(x.ToState), x.By, x.At, x.Reason)).ToList(),
        Actor.CanOperatePark(s.ParkId) && s.State is SubmissionState.Draft or SubmissionState.Returned,
        IsCounty(s.ParkId) && s.State == SubmissionState.Submitted);

    public static string Name(SubmissionState s) => s.ToString().ToLowerInvariant();
}
