using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Chains;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Marketplace.Contracts;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Chains;

/// <summary>
/// The industry-chain map of a park (issue 14 §3) and the chain templates: the park's chain (Parks, through
/// <see cref="IParkChains"/>), its firms on the stages (<see cref="IEnterpriseDirectory.ParkTenuresAsync"/>), the in-park
/// collaboration flows (<see cref="ICollaborationRecords.FlowsAsync"/>), and the region's firms that could fill a gap.
/// </summary>
public sealed class ChainService(ParkOpsDb db, TimeProvider clock, IParkChains chains, IParkProfiles profiles, IEnterpriseDirectory directory, ICollaborationRecords collaborations)
{
    private ActorScope Scope => db.Actor;

    public DateOnly Today => Time.Today(clock);

    private async Task<ParkProfile> VisibleParkAsync(long parkId, CancellationToken ct)
    {
        var park = await profiles.ParkAsync(parkId, ct);
        if (park is null || !Scope.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        return park;
    }

    /// <summary>
    /// The map: anyone who sees the park (its operators, its tenants, its government viewers, the admin). Firms are named
    /// (names are public in the park); deal amounts of the flows only to those who see every firm's detail.
    /// </summary>
    public async Task<ChainMapDto> MapAsync(long parkId, CancellationToken ct)
    {
        var park = await VisibleParkAsync(parkId, ct);
        var chain = await chains.ChainAsync(parkId, ct);
        var today = Today;
        var firms = (await directory.ParkTenuresAsync(parkId, ct)).Where(x => x.InParkOn(today)).ToList();
        var stages = chain.Kinded;
        var classified = ChainRules.Classify(stages, firms.Select(f => f.ChainStages));
        var completeness = ChainRules.Completeness(chain.Stages, firms.Select(f => f.ChainStages));
        var from = today.AddYears(-1).AddDays(1);
        var byFirm = firms.ToDictionary(f => f.Id, f => f.ChainStages);
        var flows = ChainRules.Flows(stages, byFirm, await collaborations.FlowsAsync(parkId, from, today, ct));
        var amounts = Scope.SeesEnterpriseDetailOfPark(parkId);
        return new ChainMapDto(parkId, park.Name, chain.LeadingIndustry, chain.IndustryPrefixes, completeness.Covered, completeness.Total, completeness.Percent,
            classified.Count(c => c.Status == StageStatus.Gap), classified.Count(c => c.Status == StageStatus.Weak),
            [.. classified.Select((c, i) => new ChainStageDto(i + 1, c.Stage.Name, c.Stage.Kind, c.Status, c.Firms,
                [.. firms.Where(f => f.ChainStages.Contains(c.Stage.Name)).OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => new ChainFirmDto(f.Id, f.Name))]))],
            [.. flows.Select(f => new StageFlowDto(f.From, f.To, f.Count, amounts ? f.Amount : null))], from, today, amounts, Scope.CanOperatePark(parkId));
    }

    /// <summary>
    /// For each gap of the park's chain, the firms of the other parks of its region and the regions below that work in
    /// that stage (name and park only). The park's operators.
    /// </summary>
    public async Task<IReadOnlyList<GapCandidatesDto>> GapCandidatesAsync(long parkId, CancellationToken ct)
    {
        var park = await VisibleParkAsync(parkId, ct);
        if (!Scope.CanOperatePark(parkId)) throw new ForbiddenException(Scope.GovernmentOnlyIn(parkId) ? "GovernmentSeesAggregatesOnly" : "OnlyOperatorsMayRead");
        var map = await MapAsync(parkId, ct);
        var gaps = map.Stages.Where(s => s.Status == StageStatus.Gap).ToList();
        var parks = (await profiles.ParksUnderAsync(park.RegionId, ct)).Where(p => p.Id != parkId).ToDictionary(p => p.Id);
        var firms = await directory.StageFirmsAsync(parks.Keys, [.. gaps.Select(g => g.Name)], ct);
        return [.. gaps.Select(g => new GapCandidatesDto(g.Name, g.Kind,
            [.. firms.Where(f => f.ChainStages.Contains(g.Name)).Select(f => new GapCandidateDto(f.Id, f.Name, f.ParkId, parks[f.ParkId].Name))]))];
    }

    /// <summary>Sets the park's stages (the park's operators).</summary>
    public async Task<ChainMapDto> SetStagesAsync(long parkId, ParkChainInput input, CancellationToken ct)
    {
        await chains.SetChainAsync(parkId, [.. (input.Stages ?? []).Select(s => new ChainStage(s.Name, s.Kind))], null, null, ct);
        return await MapAsync(parkId, ct);
    }

    /// <summary>Copies a template's stages, industry and prefixes into the park's chain (the park's operators); the park edits them after.</summary>
    public async Task<ChainMapDto> ApplyAsync(long parkId, ApplyTemplateInput input, CancellationToken ct)
    {
        await VisibleParkAsync(parkId, ct);
        if (!Scope.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var template = (await TemplatesAsync(ct)).FirstOrDefault(x => x.Id == input.TemplateId)
            ?? throw new DomainRuleException("ChainTemplateUnknown", "templateId", "没有这个产业链模板");
        await chains.SetChainAsync(parkId, ChainRules.Apply(template.Stages), template.Name, template.IndustryPrefixes, ct);
        return await MapAsync(parkId, ct);
    }

    /// <summary>Every template with its stages, by name (anyone signed in: templates are public knowledge).</summary>
    public async Task<IReadOnlyList<ChainTemplateDto>> TemplatesAsync(CancellationToken ct)
    {
        var templates = await db.Set<ChainTemplate>().AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
        var stages = (await db.Set<ChainTemplateStage>().AsNoTracking().ToListAsync(ct)).ToLookup(s => s.TemplateId);
        return [.. templates.Select(t => Dto(t, stages[t.Id]))];
    }

    private static ChainTemplateDto Dto(ChainTemplate t, IEnumerable<ChainTemplateStage> stages) =>
        new(t.Id, t.Name, t.IndustryPrefixes.Split('|', StringSplitOptions.RemoveEmptyEntries), t.Source, [.. stages.OrderBy(s => s.Position).Select(s => new ChainStage(s.Name, s.Kind))], t.UpdatedAt);

    /// <summary>Adds a template (the platform admin: templates are every park's); a name taken is 409 <c>ChainTemplateNameTaken</c>.</summary>
    public Task<ChainTemplateDto> CreateTemplateAsync(ChainTemplateInput input, CancellationToken ct) => SaveTemplateAsync(null, input, ct);

    /// <summary>Replaces a template's name, prefixes, source and stages (the platform admin). Parks that applied it keep their copy.</summary>
    public Task<ChainTemplateDto> UpdateTemplateAsync(long id, ChainTemplateInput input, CancellationToken ct) => SaveTemplateAsync(id, input, ct);

    private async Task<ChainTemplateDto> SaveTemplateAsync(long? id, ChainTemplateInput input, CancellationToken ct)
    {
        // a template is every park's: one park's operator may not change what the others apply (a park edits its own copy)
        if (!Scope.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsManageChainTemplates");
        var template = id is { } key ? await db.Set<ChainTemplate>().FirstOrDefaultAsync(t => t.Id == key, ct) ?? throw new NotFoundException("ChainTemplate", key) : null;
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0) throw new DomainRuleException("ChainTemplateNameRequired", "name", "请填写模板名称");
        var prefixes = (input.IndustryPrefixes ?? []).Select(p => p.Trim().ToUpperInvariant()).Where(p => p.Length > 0).Distinct().ToList();
        for (var i = 0; i < prefixes.Count; i++)
            if (!System.Text.RegularExpressions.Regex.IsMatch(prefixes[i], "^[A-T][0-9]{0,4}$"))
                throw new DomainRuleException("IndustryPrefixInvalid", $"industryPrefixes[{i}]", "国民经济行业分类代码前缀无效");
        var stages = ChainRules.Normalise([.. (input.Stages ?? []).Select(s => new ChainStage(s.Name, s.Kind))]);
        if (await db.Set<ChainTemplate>().AnyAsync(t => t.Name == name && t.Id != (id ?? 0), ct))
            throw new DomainRuleException("ChainTemplateNameTaken", "name", "模板名称已存在", RuleKind.Conflict);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (template is null)
        {
            template = new ChainTemplate { Name = name };
            db.Set<ChainTemplate>().Add(template);
        }
        else
        {
            db.Set<ChainTemplateStage>().RemoveRange(await db.Set<ChainTemplateStage>().Where(s => s.TemplateId == template.Id).ToListAsync(ct));
            template.Name = name;
        }
        template.IndustryPrefixes = string.Join('|', prefixes);
        template.Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim();
        template.UpdatedAt = now;
        template.UpdatedBy = Scope.UserName;
        await db.SaveChangesAsync(ct);
        db.Set<ChainTemplateStage>().AddRange(stages.Select((s, i) => new ChainTemplateStage { TemplateId = template.Id, Position = i + 1, Name = s.Name, Kind = s.Kind }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Dto(template, await db.Set<ChainTemplateStage>().AsNoTracking().Where(s => s.TemplateId == template.Id).ToListAsync(ct));
    }
}
