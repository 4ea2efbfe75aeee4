using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Chains;
using ParkOps.Web.Features.Chains;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Chains;

/// <summary>Chain and lead fixtures written straight into Chains' tables, for the scope and access-matrix tests.</summary>
public static class ChainTestData
{
    /// <summary>
    /// A lead of the park that was admitted (入驻 is final: every status move on it after the access check is refused, 409),
    /// made once per park.
    /// </summary>
    public static Task<long> LeadInParkAsync(ParkOpsFactory app, long parkId) => app.WithDbAsync(async db =>
    {
        var found = await db.Set<InvestmentLead>().IgnoreQueryFilters().Where(l => l.ParkId == parkId && l.Name == "探测招商线索").Select(l => (long?)l.Id).FirstOrDefaultAsync();
        if (found is { } id) return id;
        var stage = (await db.Parks.IgnoreQueryFilters().Where(p => p.Id == parkId).Select(p => p.ChainStages).SingleAsync()).Split('|')[0];
        var enterprise = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
        var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var lead = new InvestmentLead { ParkId = parkId, Name = "探测招商线索", Source = "探测", TargetStage = stage, CreatedBy = "test" };
        lead.Start(now);
        foreach (var s in LeadPipeline.Steps.Skip(1)) lead.Move(s, null, enterprise, true, now);
        db.Add(lead);
        await db.SaveChangesAsync();
        return lead.Id;
    });

    /// <summary>The park's first chain stage (what a lead of the park may target).</summary>
    public static Task<string> FirstStageAsync(ParkOpsFactory app, long parkId) =>
        app.WithDbAsync(async db => (await db.Parks.IgnoreQueryFilters().Where(p => p.Id == parkId).Select(p => p.ChainStages).SingleAsync()).Split('|')[0]);

    /// <summary>The park's chain stages as stored ('|'-separated).</summary>
    public static Task<string> StagesAsync(ParkOpsFactory app, long parkId) =>
        app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().Where(p => p.Id == parkId).Select(p => p.ChainStages).SingleAsync());

    /// <summary>
    /// For the access matrix: gives the park a chain when it has none, and a template of the same stages named after the
    /// side, so that applying it, saving it and restating the park's chain leave the park's chain as it was.
    /// </summary>
    public static Task<long> MatrixTemplateAsync(ParkOpsFactory app, long parkId, string tag) => app.WithDbAsync(async db =>
    {
        var park = await db.Parks.IgnoreQueryFilters().SingleAsync(p => p.Id == parkId);
        if (park.ChainStages.Length == 0) { park.ChainStages = "探测环节一|探测环节二"; await db.SaveChangesAsync(); }
        var name = "矩阵模板" + tag;
        var found = await db.Set<ChainTemplate>().Where(t => t.Name == name).Select(t => (long?)t.Id).FirstOrDefaultAsync();
        if (found is { } id) return id;
        var template = new ChainTemplate { Name = name, IndustryPrefixes = "C39", UpdatedAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedBy = "test" };
        db.Add(template);
        await db.SaveChangesAsync();
        db.AddRange(park.ChainStages.Split('|').Select((n, i) => new ChainTemplateStage { TemplateId = template.Id, Position = i + 1, Name = n, Kind = StageKind.Main }));
        await db.SaveChangesAsync();
        return template.Id;
    });
}
