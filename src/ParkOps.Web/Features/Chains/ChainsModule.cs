using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Domain.Chains;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Chains;

/// <summary>The Chains area (issue 14 §3): chain templates, the park's industry-chain map, and the 招商 pipeline that fills its gaps.</summary>
public sealed class ChainsModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<ChainService>().AddScoped<InvestmentLeads>().AddScoped<Contracts.IChainDemoData, ChainDemo>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Chains");
        api.MapGet("/chain-templates", Templates)
            .WithSummary("Chain templates per leading industry, each {id, name, industryPrefixes, source, stages:[{name, kind: Main|Service}]}; six ship with every install (电子元器件, 五金, 纺织印染, 鞋业, 新材料, 生物医药). Anyone signed in.");
        api.MapPost("/chain-templates", CreateTemplate)
            .WithSummary("Add a template {name, industryPrefixes, source?, stages:[{name, kind}]} (1–20 stages, names 1–30 characters, none twice: 422 naming stages[i].name; a name taken 409 ChainTemplateNameTaken). The platform admin only (templates are every park's; a park edits its own copy with PUT /parks/{id}/chain): others 403 OnlyPlatformAdminsManageChainTemplates.")
            .ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);
        api.MapPut("/chain-templates/{id:long}", UpdateTemplate)
            .WithSummary("Replace a template's name, prefixes, source and stages (parks that applied it keep their copy). The platform admin only: others 403 OnlyPlatformAdminsManageChainTemplates.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/chain", Map)
            .WithSummary("The park's industry-chain map: {leadingIndustry, industryPrefixes, covered, total, completeness (covered ÷ all stages, percent to one decimal: the dashboard's chain-completeness KPI), gaps, weakLinks, stages:[{position, name, kind, status: Gap (no firm)|Weak (one firm)|Covered, firmCount, firms:[{id, name}]}], flows:[{from, to, count, amount}] (delivered in-park collaborations of the last 12 months from the supplying stage to the needing one; amount null unless the caller sees every firm's deal amounts), flowsFrom, flowsTo}. Anyone who sees the park.")
            .ProducesProblem(404);
        api.MapPut("/parks/{parkId:long}/chain", SetStages)
            .WithSummary("Set the park's chain stages {stages:[{name, kind: Main|Service}]} in order (1–20, names 1–30 characters, none twice: 422 naming stages[i].name). The park's operators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/chain/apply", Apply)
            .WithSummary("Copy a template {templateId} into the park's chain: its stages with their kinds, its industry name and prefixes (editable after). An unknown template 422 ChainTemplateUnknown. The park's operators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/chain/gap-candidates", GapCandidates)
            .WithSummary("For each gap of the park's chain, the enterprises of the other parks of its region (and the regions below) working in that stage: [{stage, kind, firms:[{enterpriseId, name, parkId, parkName}]}] (public fields only). The park's operators.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/parks/{parkId:long}/investment-leads", Leads)
            .WithSummary("The park's 招商 leads, last changed first (status= Lead|Contacted|Visiting|Intent|Admitted|Dropped to filter), each with its visits, pre-let units and the statuses it may move to. The park's operators; a government viewer 403 GovernmentSeesAggregatesOnly (the summary is its view); a tenant 403.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/parks/{parkId:long}/investment-leads/summary", Summary)
            .WithSummary("How many of the park's leads stand at each status {byStatus, open, anchorAgreements, admitted}: the park's operators and government viewers; a tenant 403.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/parks/{parkId:long}/investment-leads", CreateLead)
            .WithSummary("Record a lead {name, creditCode?, source, targetStage (a stage of the park's chain, else 422 LeadStageUnknown), contactName?, contactPhone?, anchorAgreement, anchorAgreedOn?, policyTerms? (一企一策), preLetUnitIds? (leasable units of the park, else 422 LeadUnitUnknown naming preLetUnitIds[i])}; it starts as 线索 (Lead). The park's operators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/investment-leads/{id:long}", Lead)
            .WithSummary("One lead with its visits. The park's operators.").ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/parks/{parkId:long}/investment-leads/{id:long}", UpdateLead)
            .WithSummary("Replace a lead's details (the same body as creating it; its status moves only by /status). The park's operators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/investment-leads/{id:long}/status", MoveLead)
            .WithSummary("Move a lead {status, reason?, enterpriseId?}: one step at a time 线索 → 接洽 → 考察 → 签约意向 → 入驻 (a jump 409 LeadStatusJumpNotAllowed), 放弃 (Dropped) from any open step and a dropped lead back to 线索 each with a reason (422 LeadReasonRequired); 入驻 names the enterprise admitted in this park through the admission review (422 LeadAdmissionNeedsEnterprise). The park's operators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/investment-leads/{id:long}/visits", AddVisit)
            .WithSummary("Log a visit or talk {visitedOn (not after today), note}. The park's operators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
    }

    private static async Task<Ok<IReadOnlyList<ChainTemplateDto>>> Templates(ChainService s, CancellationToken ct) => TypedResults.Ok(await s.TemplatesAsync(ct));
    private static async Task<Created<ChainTemplateDto>> CreateTemplate(ChainTemplateInput input, ChainService s, CancellationToken ct)
    {
        var dto = await s.CreateTemplateAsync(input, ct);
        return TypedResults.Created($"/api/v1/chain-templates/{dto.Id}", dto);
    }
    private static async Task<Ok<ChainTemplateDto>> UpdateTemplate(long id, ChainTemplateInput input, ChainService s, CancellationToken ct) => TypedResults.Ok(await s.UpdateTemplateAsync(id, input, ct));
    private static async Task<Ok<ChainMapDto>> Map(long parkId, ChainService s, CancellationToken ct) => TypedResults.Ok(await s.MapAsync(parkId, ct));
    private static async Task<Ok<ChainMapDto>> SetStages(long parkId, ParkChainInput input, ChainService s, CancellationToken ct) => TypedResults.Ok(await s.SetStagesAsync(parkId, input, ct));
    private static async Task<Ok<ChainMapDto>> Apply(long parkId, ApplyTemplateInput input, ChainService s, CancellationToken ct) => TypedResults.Ok(await s.ApplyAsync(parkId, input, ct));
    private static async Task<Ok<IReadOnlyList<GapCandidatesDto>>> GapCandidates(long parkId, ChainService s, CancellationToken ct) => TypedResults.Ok(await s.GapCandidatesAsync(parkId, ct));
    private static async Task<Ok<IReadOnlyList<InvestmentLeadDto>>> Leads(long parkId, LeadStatus? status, InvestmentLeads s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(parkId, status, ct));
    private static async Task<Ok<LeadSummaryDto>> Summary(long parkId, InvestmentLeads s, CancellationToken ct) => TypedResults.Ok(await s.SummaryAsync(parkId, ct));
    private static async Task<Created<InvestmentLeadDto>> CreateLead(long parkId, InvestmentLeadInput input, InvestmentLeads s, CancellationToken ct)
    {
        var dto = await s.CreateAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/parks/{parkId}/investment-leads/{dto.Id}", dto);
    }
    private static async Task<Ok<InvestmentLeadDto>> Lead(long parkId, long id, InvestmentLeads s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(parkId, id, ct));
    private static async Task<Ok<InvestmentLeadDto>> UpdateLead(long parkId, long id, InvestmentLeadInput input, InvestmentLeads s, CancellationToken ct) => TypedResults.Ok(await s.UpdateAsync(parkId, id, input, ct));
    private static async Task<Ok<InvestmentLeadDto>> MoveLead(long parkId, long id, LeadStatusInput input, InvestmentLeads s, CancellationToken ct) => TypedResults.Ok(await s.MoveAsync(parkId, id, input, ct));
    private static async Task<Ok<InvestmentLeadDto>> AddVisit(long parkId, long id, LeadVisitInput input, InvestmentLeads s, CancellationToken ct) => TypedResults.Ok(await s.AddVisitAsync(parkId, id, input, ct));
}
