using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Chains;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Chains;

/// <summary>
/// The park's 招商 pipeline (issue 14 §3): leads aimed at stages of the park's chain, moved 线索 → 接洽 → 考察 → 签约意向 →
/// 入驻 (or 放弃) by <see cref="LeadPipeline"/>, with visits, the anchor agreement, the 一企一策 terms and units held
/// (checked against the park's units through <see cref="IParkUnits"/>), and the enterprise it became (admitted through the
/// admission review, read through <see cref="IEnterpriseDirectory"/>). The park's operators; a government viewer reads
/// the counts per status only.
/// </summary>
public sealed class InvestmentLeads(ParkOpsDb db, TimeProvider clock, IParkChains chains, IParkUnits units, IEnterpriseDirectory directory, InputGuard guard,
    Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t)
{
    private ActorScope Scope => db.Actor;

    private void MustOperate(long parkId, bool write)
    {
        if (!Scope.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        if (Scope.CanOperatePark(parkId)) return;
        if (write) throw new ForbiddenException("OnlyOperatorsMayWrite");
        Scope.RefuseGovernmentViewer(parkId);
        throw new ForbiddenException("OnlyOperatorsMayRead");
    }

    public async Task<IReadOnlyList<InvestmentLeadDto>> ListAsync(long parkId, LeadStatus? status, CancellationToken ct)
    {
        MustOperate(parkId, write: false);
        var q = db.Set<InvestmentLead>().AsNoTracking().Where(l => l.ParkId == parkId);
        if (status is { } s) q = q.Where(l => l.Status == s);
        var leads = await q.OrderByDescending(l => l.UpdatedAt).ThenByDescending(l => l.Id).ToListAsync(ct);
        return await DtosAsync(parkId, leads, ct);
    }

    public async Task<InvestmentLeadDto> GetAsync(long parkId, long id, CancellationToken ct)
    {
        MustOperate(parkId, write: false);
        var lead = await db.Set<InvestmentLead>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id && l.ParkId == parkId, ct) ?? throw new NotFoundException("InvestmentLead", id);
        return (await DtosAsync(parkId, [lead], ct))[0];
    }

    /// <summary>Counts per status: the park's operators and its government viewers (no firm named); a tenant 403.</summary>
    public async Task<LeadSummaryDto> SummaryAsync(long parkId, CancellationToken ct)
    {
        if (!Scope.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        if (!Scope.ReadsParkAggregates(parkId)) throw new ForbiddenException("OnlyOperatorsMayRead");
        var rows = await db.Set<InvestmentLead>().IgnoreQueryFilters().AsNoTracking().Where(l => l.ParkId == parkId).Select(l => new { l.Status, l.AnchorAgreement }).ToListAsync(ct);
        var counts = LeadPipeline.Count(rows.Select(r => r.Status));
        return new LeadSummaryDto(parkId, counts, rows.Count(r => LeadPipeline.IsOpen(r.Status)), rows.Count(r => r.AnchorAgreement), counts[LeadStatus.Admitted]);
    }

    public async Task<InvestmentLeadDto> CreateAsync(long parkId, InvestmentLeadInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        MustOperate(parkId, write: true);
        var lead = new InvestmentLead { ParkId = parkId, Name = "", Source = "", TargetStage = "", CreatedBy = Scope.UserName };
        await FillAsync(lead, parkId, input, ct);
        lead.Start(clock.GetUtcNow().UtcDateTime);
        db.Add(lead);
        await db.SaveChangesAsync(ct);
        return await GetAsync(parkId, lead.Id, ct);
    }

    public async Task<InvestmentLeadDto> UpdateAsync(long parkId, long id, InvestmentLeadInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        MustOperate(parkId, write: true);
        var lead = await db.Set<InvestmentLead>().FirstOrDefaultAsync(l => l.Id == id && l.ParkId == parkId, ct) ?? throw new NotFoundException("InvestmentLead", id);
        await FillAsync(lead, parkId, input, ct);
        lead.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await GetAsync(parkId, lead.Id, ct);
    }

    /// <summary>Moves a lead one step (<see cref="LeadPipeline.CheckMove"/>); 入驻 names the enterprise admitted in this park.</summary>
    public async Task<InvestmentLeadDto> MoveAsync(long parkId, long id, LeadStatusInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        MustOperate(parkId, write: true);
        var lead = await db.Set<InvestmentLead>().FirstOrDefaultAsync(l => l.Id == id && l.ParkId == parkId, ct) ?? throw new NotFoundException("InvestmentLead", id);
        if (!Enum.IsDefined(input.Status)) throw new DomainRuleException("LeadStatusUnknown", "status", "未知的线索状态");
        var admitted = false;
        if (input.Status == LeadStatus.Admitted && input.EnterpriseId is { } eid)
        {
            var cards = await directory.CardsAsync([eid], ct);
            admitted = cards.TryGetValue(eid, out var card) && card.ParkId == parkId && card.Admitted;
        }
        lead.Move(input.Status, input.Reason, input.EnterpriseId, admitted, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await GetAsync(parkId, lead.Id, ct);
    }

    public async Task<InvestmentLeadDto> AddVisitAsync(long parkId, long id, LeadVisitInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        if (input.VisitedOn == default) throw new DomainRuleException("LeadVisitDateRequired", "visitedOn", "请填写拜访日期");
        MustOperate(parkId, write: true);
        var lead = await db.Set<InvestmentLead>().FirstOrDefaultAsync(l => l.Id == id && l.ParkId == parkId, ct) ?? throw new NotFoundException("InvestmentLead", id);
        var note = (input.Note ?? "").Trim();
        if (note.Length == 0) throw new DomainRuleException("LeadVisitNoteRequired", "note", "请填写拜访记录");
        var now = clock.GetUtcNow().UtcDateTime;
        if (input.VisitedOn > DateOnly.FromDateTime(Time.ToShanghai(now))) throw new DomainRuleException("LeadVisitInFuture", "visitedOn", "拜访日期不能晚于今天");
        db.Add(new LeadVisit { LeadId = lead.Id, ParkId = parkId, VisitedOn = input.VisitedOn, Note = note, CreatedBy = Scope.UserName, CreatedAt = now });
        lead.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return await GetAsync(parkId, lead.Id, ct);
    }

    private async Task FillAsync(InvestmentLead lead, long parkId, InvestmentLeadInput input, CancellationToken ct)
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var name = Clean(input.Name) ?? throw new DomainRuleException("LeadNameRequired", "name", "请填写企业名称");
        var source = Clean(input.Source) ?? throw new DomainRuleException("LeadSourceRequired", "source", "请填写线索来源");
        var code = Clean(input.CreditCode)?.ToUpperInvariant();
        if (code is not null && CreditCode.Check(code) is var problem && problem != CreditCode.Problem.None)
            // the rule's text names what is wrong with the code ("校验位不符" …), as the enterprise form's does
            throw new DomainRuleException("CreditCodeMustBeValid", "creditCode", "统一社会信用代码无效") { Arguments = [t["CreditCode." + problem].Value] };
        var stage = Clean(input.TargetStage) ?? "";
        var chain = await chains.ChainAsync(parkId, ct);
        if (!chain.Stages.Contains(stage)) throw new DomainRuleException("LeadStageUnknown", "targetStage", "该环节不在本园区产业链中") { Arguments = [stage] };
        var ids = (input.PreLetUnitIds ?? []).Distinct().ToList();
        if (ids.Count > 0)
        {
            var parkUnits = (await units.UnitsAsync(parkId, ct)).ToDictionary(u => u.Id);
            for (var i = 0; i < ids.Count; i++)
                if (!parkUnits.TryGetValue(ids[i], out var u) || !u.Leasable)
                    throw new DomainRuleException("LeadUnitUnknown", $"preLetUnitIds[{i}]", "预留单元不是本园区可出租的单元") { Arguments = [ids[i]] };
        }
        if (input.AnchorAgreedOn is not null && !input.AnchorAgreement)
            throw new DomainRuleException("LeadAnchorDateWithoutAgreement", "anchorAgreedOn", "未签锚定协议不能填写签订日期");
        lead.Name = name;
        lead.CreditCode = code;
        lead.Source = source;
        lead.TargetStage = stage;
        lead.ContactName = Clean(input.ContactName);
        lead.ContactPhone = Clean(input.ContactPhone);
        lead.AnchorAgreement = input.AnchorAgreement;
        lead.AnchorAgreedOn = input.AnchorAgreement ? input.AnchorAgreedOn : null;
        lead.PolicyTerms = Clean(input.PolicyTerms);
        lead.PreLetUnitIds = string.Join('|', ids);
    }

    private async Task<List<InvestmentLeadDto>> DtosAsync(long parkId, IReadOnlyList<InvestmentLead> leads, CancellationToken ct)
    {
        var leadIds = leads.Select(l => l.Id).ToArray();
        var visits = (await db.Set<LeadVisit>().AsNoTracking().Where(v => leadIds.Contains(v.LeadId)).ToListAsync(ct)).ToLookup(v => v.LeadId);
        var needUnits = leads.Any(l => l.PreLetUnitIds.Length > 0);
        var parkUnits = needUnits ? (await units.UnitsAsync(parkId, ct)).ToDictionary(u => u.Id) : [];
        return [.. leads.Select(l => new InvestmentLeadDto(l.Id, l.ParkId, l.Name, l.CreditCode, l.Source, l.TargetStage, l.ContactName, l.ContactPhone, l.Status, l.StatusReason,
            l.StatusAt, l.AnchorAgreement, l.AnchorAgreedOn, l.PolicyTerms,
            [.. l.PreLetUnitIds.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Select(u => parkUnits.TryGetValue(u, out var pu) ? new LeadUnitDto(u, pu.Code, pu.Building) : new LeadUnitDto(u, $"#{u}", ""))],
            l.EnterpriseId, [.. visits[l.Id].OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id).Select(v => new LeadVisitDto(v.Id, v.VisitedOn, v.Note, v.CreatedBy, v.CreatedAt))],
            LeadPipeline.NextOf(l.Status), l.CreatedAt, l.UpdatedAt))];
    }
}
