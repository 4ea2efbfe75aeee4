using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Chains;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Chains;

/// <summary>The demo's chain (from a shipped template) and five leads: one at each open step and one dropped.</summary>
public sealed class ChainDemo(ParkOpsDb db, ChainService chain, IParkChains chains, IParkUnits units) : Contracts.IChainDemoData
{
    public async Task SeedAsync(long parkId, string template, DateOnly today, DateTime now, CancellationToken ct)
    {
        var t = (await chain.TemplatesAsync(ct)).First(x => x.Name == template);
        await chain.ApplyAsync(parkId, new ApplyTemplateInput(t.Id), ct);
        var stages = (await chains.ChainAsync(parkId, ct)).Kinded;
        string Stage(int i) => stages[i % stages.Count].Name;
        var unit = (await units.UnitsAsync(parkId, ct)).Where(u => u.Leasable).OrderByDescending(u => u.Code, StringComparer.Ordinal).FirstOrDefault();
        (string Name, string Source, int Stage, LeadStatus To, string Contact, string Phone)[] leads =
        [
            ("深圳市锐芯半导体材料有限公司", "以商招商（链主推荐）", 0, LeadStatus.Lead, "陈经理", "13800138001"),
            ("东莞市精工贴装技术有限公司", "产业沙龙", 1, LeadStatus.Contacted, "李总", "13800138002"),
            ("惠州市联创检测认证有限公司", "行业协会", 4, LeadStatus.Visiting, "王工", "13800138003"),
            ("东莞市华达电子组装有限公司", "锚定企业上下游", 3, LeadStatus.Intent, "刘总", "13800138004"),
            ("广州市迅捷物流有限公司", "展会", 5, LeadStatus.Dropped, "赵经理", "13800138005"),
        ];
        var i = 0;
        foreach (var l in leads)
        {
            var lead = new InvestmentLead
            {
                ParkId = parkId, Name = l.Name, Source = l.Source, TargetStage = Stage(l.Stage), ContactName = l.Contact, ContactPhone = l.Phone, CreatedBy = "system",
            };
            lead.Start(now.AddDays(-60 + i * 7));
            var at = now.AddDays(-50 + i * 7);
            foreach (var step in LeadPipeline.Steps.Skip(1).TakeWhile(s => l.To != LeadStatus.Dropped && Array.IndexOf(LeadPipeline.Steps, s) <= Array.IndexOf(LeadPipeline.Steps, l.To)))
                lead.Move(step, null, null, false, at = at.AddDays(3));
            if (l.To == LeadStatus.Dropped)
            {
                lead.Move(LeadStatus.Contacted, null, null, false, at = at.AddDays(3));
                lead.Move(LeadStatus.Dropped, "企业决定在原址扩产，暂不搬迁", null, false, at.AddDays(5));
            }
            if (l.To == LeadStatus.Intent)
            {
                lead.AnchorAgreement = true;
                lead.AnchorAgreedOn = today.AddDays(-10);
                lead.PolicyTerms = "首年租金减半，第二年减免 30%；协助申报高新技术企业；优先使用园区共享检测设备";
                if (unit is not null) lead.PreLetUnitIds = unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            db.Add(lead);
            await db.SaveChangesAsync(ct);
            if (l.To is LeadStatus.Visiting or LeadStatus.Intent)
            {
                db.Add(new LeadVisit { LeadId = lead.Id, ParkId = parkId, VisitedOn = today.AddDays(-20 + i), Note = "实地考察园区厂房与共享检测中心，对接链主企业采购负责人", CreatedBy = "system", CreatedAt = now.AddDays(-20 + i) });
                db.Add(new LeadVisit { LeadId = lead.Id, ParkId = parkId, VisitedOn = today.AddDays(-35 + i), Note = "首次电话沟通，了解搬迁意向与用地需求", CreatedBy = "system", CreatedAt = now.AddDays(-35 + i) });
                await db.SaveChangesAsync(ct);
            }
            i++;
        }
    }
}
