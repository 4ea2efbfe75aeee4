using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ReserveFund;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ReserveFund;

public sealed record CrisisFirmDto(long EnterpriseId, string? Name);

public sealed record CrisisActionDto(long Id, CrisisActionKind Kind, DateOnly OccurredOn, string Note, long? LoanId, string? Link, string RecordedBy, DateTime RecordedAt);

public sealed record CrisisDto(long Id, long ParkId, string Title, string? Summary, long? AlertId, CrisisState State, DateOnly OpenedOn, string OpenedBy,
    DateOnly? ClosedOn, string? Outcome, IReadOnlyList<CrisisFirmDto> Firms, IReadOnlyList<CrisisActionDto> Actions);

public sealed record CrisisInput([Line(200)] string Title, [FreeText(2000)] string? Summary, long? AlertId,
    [MaxItems(CrisisRules.MaxFirms)] IReadOnlyList<long> EnterpriseIds, DateOnly? OpenedOn = null);

public sealed record CrisisActionInput(CrisisActionKind Kind, DateOnly? OccurredOn, [FreeText(1000)] string Note, long? LoanId = null, [Line(300)] string? Link = null);

public sealed record CrisisCloseInput([FreeText(2000)] string Outcome, DateOnly? ClosedOn = null);

/// <summary>
/// Crises (经营危机): opened by the park's operators, optionally from a Risk order-drop alert with the affected firms
/// it named, worked with actions (coordination meeting, bridge loan, new customers found through the marketplace) and
/// closed once with an outcome. The operators' own record: it names firms in trouble, so neither tenants nor the
/// government viewer read it.
/// </summary>
public sealed class CrisisService(ParkOpsDb db, TimeProvider clock, FundService fund, IEnterpriseDirectory directory)
{
    public async Task<IReadOnlyList<CrisisDto>> ListAsync(long parkId, CancellationToken ct)
    {
        await fund.RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);
        var rows = await db.Set<Crisis>().AsNoTracking().Where(c => c.ParkId == parkId).Include(c => c.Firms).Include(c => c.Actions).AsSplitQuery()
            .OrderByDescending(c => c.OpenedOn).ThenByDescending(c => c.Id).ToListAsync(ct);
        return await ToDtosAsync(rows, ct);
    }

    public async Task<CrisisDto> GetAsync(long id, CancellationToken ct)
    {
        var c = await LoadAsync(id, tracked: false, "OnlyOperatorsMayRead", ct);
        return (await ToDtosAsync([c], ct))[0];
    }

    /// <summary>A crisis of a park the caller operates; one of a park it only sees is 403, anything else 404.</summary>
    private async Task<Crisis> LoadAsync(long id, bool tracked, string rule, CancellationToken ct)
    {
        var q = db.Set<Crisis>().Include(c => c.Firms).Include(c => c.Actions).AsSplitQuery();
        var c = await (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Crisis", id);
        if (!db.Actor.CanOperatePark(c.ParkId)) throw new ForbiddenException(rule);
        return c;
    }

    private async Task<List<CrisisDto>> ToDtosAsync(IReadOnlyList<Crisis> rows, CancellationToken ct)
    {
        var names = await directory.NamesAsync(rows.SelectMany(c => c.Firms.Select(f => f.EnterpriseId)).Distinct(), ct);
        return rows.Select(c => new CrisisDto(c.Id, c.ParkId, c.Title, c.Summary, c.AlertId, c.State, c.OpenedOn, c.OpenedBy, c.ClosedOn, c.Outcome,
            c.Firms.OrderBy(f => f.Id).Select(f => new CrisisFirmDto(f.EnterpriseId, names.GetValueOrDefault(f.EnterpriseId))).ToList(),
            c.Actions.OrderBy(a => a.OccurredOn).ThenBy(a => a.Id).Select(a => new CrisisActionDto(a.Id, a.Kind, a.OccurredOn, a.Note, a.LoanId, a.Link, a.RecordedBy, a.RecordedAt)).ToList()))
            .ToList();
    }

    public async Task<CrisisDto> OpenAsync(long parkId, CrisisInput input, CancellationToken ct)
    {
        await fund.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title)) throw new DomainRuleException("CrisisTitleRequired", "title", "须填写危机名称");
        var ids = (input.EnterpriseIds ?? []).Distinct().ToList();
        var cards = await directory.CardsAsync(ids, ct);
        foreach (var id in ids)
            if (!cards.TryGetValue(id, out var card) || card.ParkId != parkId)
                throw new DomainRuleException("ReserveFundEnterpriseMustBeInPark", "enterpriseIds", "只能列入本园区的企业") { Arguments = [id] };
        var today = fund.Today;
        var on = input.OpenedOn ?? today;
        if (on > today) throw new DomainRuleException("CrisisDateInFuture", "openedOn", "日期不能晚于今天");
        var c = new Crisis
        {
            ParkId = parkId, Title = title, Summary = string.IsNullOrWhiteSpace(input.Summary) ? null : input.Summary.Trim(), AlertId = input.AlertId,
            OpenedOn = on, OpenedBy = db.Actor.UserName,
            Firms = ids.Select(id => new CrisisFirm { ParkId = parkId, EnterpriseId = id }).ToList(),
        };
        db.Add(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(c.Id, ct);
    }

    public async Task<CrisisDto> AddActionAsync(long id, CrisisActionInput input, CancellationToken ct)
    {
        var c = await LoadAsync(id, tracked: true, "OnlyOperatorsMayWrite", ct);
        c.CheckOpen();
        if (!Enum.IsDefined(input.Kind)) throw new DomainRuleException("CrisisActionKindUnknown", "kind", "未知的措施类型");
        var note = input.Note?.Trim();
        if (string.IsNullOrEmpty(note)) throw new DomainRuleException("CrisisActionNoteRequired", "note", "须写明措施内容");
        var today = fund.Today;
        var on = input.OccurredOn ?? today;
        if (on > today || on < c.OpenedOn) throw new DomainRuleException("CrisisActionDateOutOfRange", "occurredOn", "日期须在危机开启日与今天之间");
        if (input.Kind == CrisisActionKind.BridgeLoan && input.LoanId is null)
            throw new DomainRuleException("CrisisActionNeedsLoan", "loanId", "过桥资金措施须关联一笔借款");
        if (input.LoanId is { } loanId && !await db.Set<BridgeLoan>().AnyAsync(l => l.Id == loanId && l.ParkId == c.ParkId, ct))
            throw new DomainRuleException("CrisisLoanMustBeInPark", "loanId", "借款不属于本园区");
        var link = string.IsNullOrWhiteSpace(input.Link) ? null : input.Link.Trim();
        if (link is not null && !LocalUrl.IsLocal(link)) throw new DomainRuleException("CrisisLinkMustBeLocal", "link", "链接须为本系统内的地址，如 /posts/12");
        c.Actions.Add(new CrisisActionRecord
        {
            ParkId = c.ParkId, Kind = input.Kind, OccurredOn = on, Note = note, LoanId = input.LoanId, Link = link,
            RecordedBy = db.Actor.UserName, RecordedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<CrisisDto> CloseAsync(long id, CrisisCloseInput input, CancellationToken ct)
    {
        var c = await LoadAsync(id, tracked: true, "OnlyOperatorsMayWrite", ct);
        var today = fund.Today;
        var on = input.ClosedOn ?? today;
        if (on > today || on < c.OpenedOn) throw new DomainRuleException("CrisisActionDateOutOfRange", "closedOn", "日期须在危机开启日与今天之间");
        c.Close(input.Outcome, on);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }
}
