using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Parks;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The demo marketplace, derived from what the demo enterprises do (their chain stages and names): SMT and DIP shops
/// offer spare capacity, assemblers post needs and sub-contract orders, the labs offer test hours, logistics firms
/// offer storage, material suppliers open a joint purchase; the garment park offers sewing and printing region-wide.
/// A few current pairs are already matched (with an agreed collaboration), and the past year holds closed
/// collaborations with both sides' ratings (which feed the collaboration rate and the credit file). Deterministic
/// (fixed seed) and written in a few batches, so seeding stays fast.
/// </summary>
public static class MarketplaceDemo
{
    private sealed record Plan(PostKind Kind, string Capability, string Title, string Text, decimal Quantity, string Unit, int StartIn, int Days, string[] Held, string[] Required, PostVisibility Visibility);

    public static async Task SeedAsync(ParkOpsDb db, Notifications.Contracts.INotices notices, DateOnly today, DateTime now, CancellationToken ct)
    {
        var rnd = new Random(5005);
        var parks = await db.Parks.IgnoreQueryFilters().OrderBy(p => p.Id).ToListAsync(ct);
        var posts = new List<Post>();
        foreach (var park in parks)
        {
            var region = await PostService.MarketRegionAsync(db, park.RegionId, ct);
            var ents = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == park.Id && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional))
                .OrderBy(e => e.Id).ToListAsync(ct);
            foreach (var e in ents)
                foreach (var plan in PlansFor(e, rnd))
                    posts.Add(new Post
                    {
                        ParkId = park.Id, EnterpriseId = e.Id, RegionId = region, Kind = plan.Kind, State = PostState.Open, Visibility = plan.Visibility,
                        Title = plan.Title, Description = plan.Text, Capabilities = plan.Capability, Quantity = plan.Quantity, Unit = plan.Unit,
                        WindowFrom = today.AddDays(plan.StartIn), WindowTo = today.AddDays(plan.StartIn + plan.Days - 1),
                        CertificationsHeld = Post.Join(plan.Held), CertificationsRequired = Post.Join(plan.Required),
                        PriceMin = plan.Kind is PostKind.CapacityOffer or PostKind.EquipmentOffer ? Math.Round(0.5m + (decimal)rnd.NextDouble(), 2) : null,
                        PriceUnit = plan.Kind is PostKind.CapacityOffer or PostKind.EquipmentOffer ? "元/" + PostAnalyser.UnitBase(plan.Unit) : null,
                        Location = park.Address, CreatedBy = "demo", CreatedAt = now.AddDays(-rnd.Next(1, 20)), UpdatedAt = now, PublishedAt = now.AddDays(-rnd.Next(1, 20)),
                    });
        }
        db.Posts.AddRange(posts);
        await db.SaveChangesAsync(ct);

        // a year of collaborations in the electronics park: closed ones with both sides' ratings, on posts now closed
        var p1 = parks[0];
        var byCap = posts.Where(p => p.ParkId == p1.Id).GroupBy(p => p.Capabilities).ToDictionary(g => g.Key, g => g.ToList());
        var history = new List<(Post Need, Post Offer, DateOnly Start)>();
        var pastPosts = new List<Post>();
        foreach (var (cap, list) in byCap)
        {
            var offers = list.Where(p => p.Kind is PostKind.CapacityOffer or PostKind.EquipmentOffer).ToList();
            var needers = list.Where(p => p.Kind is PostKind.CapacityNeed or PostKind.SubcontractOrder or PostKind.EquipmentNeed).Select(p => p.EnterpriseId).Distinct().ToList();
            if (offers.Count == 0 || needers.Count == 0) continue;
            for (var m = 11; m >= 1; m -= 1 + rnd.Next(2))
            {
                var offer = offers[rnd.Next(offers.Count)];
                var needer = needers[rnd.Next(needers.Count)];
                if (needer == offer.EnterpriseId) continue;
                var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-m).AddDays(rnd.Next(0, 20));
                Post Past(Post like, long enterpriseId, PostKind kind) => new()
                {
                    ParkId = like.ParkId, EnterpriseId = enterpriseId, RegionId = like.RegionId, Kind = kind, State = PostState.Closed, Visibility = PostVisibility.Park,
                    Title = like.Title, Description = like.Description, Capabilities = like.Capabilities, Quantity = like.Quantity, Unit = like.Unit,
                    WindowFrom = start, WindowTo = start.AddDays(20), CreatedBy = "demo", CreatedAt = now.AddDays(-(today.DayNumber - start.DayNumber) - 5),
                    UpdatedAt = now, PublishedAt = now.AddDays(-(today.DayNumber - start.DayNumber) - 5), ClosedAt = now.AddDays(-(today.DayNumber - start.DayNumber) + 25),
                };
                var pastNeed = Past(offer, needer, PostKind.CapacityNeed);
                pastNeed.Title = "外协需求：" + offer.Title;
                var pastOffer = Past(offer, offer.EnterpriseId, offer.Kind);
                pastPosts.Add(pastNeed);
                pastPosts.Add(pastOffer);
                history.Add((pastNeed, pastOffer, start));
            }
        }
        db.Posts.AddRange(pastPosts);
        await db.SaveChangesAsync(ct);
        var collaborations = new List<Collaboration>();
        foreach (var (need, offer, start) in history)
        {
            var late = rnd.Next(10) == 0;
            var at = now.AddDays(-(today.DayNumber - start.DayNumber));
            collaborations.Add(new Collaboration
            {
                ParkId = need.ParkId, OfferParkId = offer.ParkId, NeedPostId = need.Id, OfferPostId = offer.Id, NeedEnterpriseId = need.EnterpriseId, OfferEnterpriseId = offer.EnterpriseId,
                InquirerEnterpriseId = need.EnterpriseId, State = CollaborationState.Closed, Message = "协作市场匹配后询价", Amount = Math.Round((decimal)(offer.Quantity ?? 100) * 10 * (decimal)(0.6 + rnd.NextDouble()), 0),
                Quantity = (offer.Quantity ?? 100) * 10, Unit = PostAnalyser.UnitBase(offer.Unit), StartsOn = start, DueOn = start.AddDays(14),
                DeliveredOn = start.AddDays(late ? 17 + rnd.Next(5) : 10 + rnd.Next(5)),
                NeedRatesQuality = 3 + rnd.Next(3), NeedRatesPunctuality = late ? 2 + rnd.Next(2) : 4 + rnd.Next(2),
                OfferRatesQuality = 4 + rnd.Next(2), OfferRatesPunctuality = 4 + rnd.Next(2),
                CreatedBy = "demo", CreatedAt = at.AddDays(-3), UpdatedAt = at.AddDays(25), AgreedAt = at, ClosedAt = at.AddDays(25),
            });
        }
        // one dispute in the past year
        if (collaborations.Count > 3)
        {
            var d = collaborations[3];
            d.State = CollaborationState.Disputed;
            d.DisputeReason = "交付的贴片板有批量虚焊，双方就返工费用协商中";
            d.NeedRatesQuality = null; d.NeedRatesPunctuality = null; d.OfferRatesQuality = null; d.OfferRatesPunctuality = null; d.ClosedAt = null;
        }

        // a few of today's posts found each other: the need is matched, the offer stays open (spare capacity left)
        var open = posts.Where(p => p.ParkId == p1.Id).ToList();
        var matched = 0;
        foreach (var need in open.Where(p => p.Kind == PostKind.CapacityNeed).ToList())
        {
            var offer = open.FirstOrDefault(o => o.Kind == PostKind.CapacityOffer && o.Capabilities == need.Capabilities && o.EnterpriseId != need.EnterpriseId);
            if (offer is null || matched >= 3) continue;
            need.Apply(PostAction.Match, need.UpdatedAt, DateOnly.FromDateTime(need.UpdatedAt));
            collaborations.Add(new Collaboration
            {
                ParkId = need.ParkId, OfferParkId = offer.ParkId, NeedPostId = need.Id, OfferPostId = offer.Id, NeedEnterpriseId = need.EnterpriseId, OfferEnterpriseId = offer.EnterpriseId,
                InquirerEnterpriseId = need.EnterpriseId, State = CollaborationState.Agreed, Message = "看到贵司的产能富余，想询价合作", Amount = Math.Round((need.Quantity ?? 100) * 20 * 0.8m, 0), Quantity = (need.Quantity ?? 100) * 20,
                Unit = PostAnalyser.UnitBase(need.Unit), StartsOn = need.WindowFrom, DueOn = need.WindowFrom?.AddDays(20), CreatedBy = "demo",
                CreatedAt = now.AddDays(-4), UpdatedAt = now.AddDays(-2), AgreedAt = now.AddDays(-2),
            });
            matched++;
        }
        db.Collaborations.AddRange(collaborations);
        await db.SaveChangesAsync(ct);
        notices.Send(collaborations.SelectMany(c => new[] { (c.NeedEnterpriseId, c.ParkId), (c.OfferEnterpriseId, c.OfferParkId) }
            .Select(x => Notifications.Contracts.Notice.ToEnterprise(x.Item2, x.Item1, "Collaboration" + c.State, $"/collaborations/{c.Id}", "") with { At = c.UpdatedAt })));
        await db.SaveChangesAsync(ct);
        await PoolDemo.SeedAsync(db, notices, today, now, ct);
    }

    /// <summary>Rounds to whole tens, hundreds … (decimal rounding takes no negative digits).</summary>
    private static decimal Tens(decimal v, int zeros)
    {
        var f = (decimal)Math.Pow(10, zeros);
        return Math.Max(f, Math.Round(v / f) * f);
    }

    /// <summary>What an enterprise posts, from its chain stages and name.</summary>
    private static IEnumerable<Plan> PlansFor(Enterprise e, Random rnd)
    {
        var stages = Park.Split(e.ChainStages);
        var big = (e.Employees ?? 50) >= 150;
        string[] iso = ["ISO9001"];
        string[] auto = big ? ["ISO9001", "IATF16949"] : iso;
        var start = rnd.Next(2, 15);
        var days = 20 + rnd.Next(40);
        Plan Offer(string cap, string title, string text, decimal q, string unit, PostKind kind = PostKind.CapacityOffer, PostVisibility v = PostVisibility.Park) =>
            new(kind, cap, title, text, q, unit, start, days, auto, [], v);
        Plan Need(string cap, string title, string text, decimal q, string unit, PostKind kind = PostKind.CapacityNeed, string[]? req = null) =>
            new(kind, cap, title, text, q, unit, start + rnd.Next(3), days, auto, req ?? [], PostVisibility.Region);
        var scale = (decimal)(e.Employees ?? 50);
        if (e.Name.Contains("电路板")) yield return Offer("pcb_fab", "双面/四层PCB打样与小批量产能富余", "FR-4 双面板、四层板，交期 5 天，月底前有空档。", Tens(scale * 2, 1), "平方米/日", v: PostVisibility.Region);
        if (e.Name.Contains("模具")) yield return Offer("mold_making", "注塑模具开模产能", "精密注塑模具设计与制造，模具车间下月有 3 套空档。", 3, "套/月");
        if (e.Name.Contains("塑胶五金")) { yield return Offer("injection_molding", "注塑机台空闲（80–280T）", "塑胶外壳注塑，夜班机台空闲。", Tens(scale * 60, 2), "件/日"); yield return Offer("stamping", "五金冲压产能富余", "屏蔽罩、支架冲压。", Tens(scale * 80, 2), "件/日"); }
        if (e.Name.Contains("纸品包装")) yield return Offer("packaging", "彩盒、纸箱包装加工", "电子产品彩盒与外箱，可代包装。", Tens(scale * 40, 2), "件/日");
        foreach (var s in stages)
        {
            switch (s)
            {
                case "SMT贴片":
                    yield return Offer("smt", $"SMT贴片产能富余（{(big ? "4" : "2")}条线）", "0201 以上元件贴装，回流焊，AOI 检测，可接急单。", Tens(scale * 1500, 3), "点/日");
                    if (rnd.Next(3) == 0) yield return Need("pcba_test", "寻找PCBA功能测试外协", "需要 PCBA 功能测试与老化，按批次送检。", Tens(scale * 5, 1), "块/日");
                    break;
                case "插件焊接":
                    yield return Offer("dip", "插件焊接（波峰焊）产能富余", "THT 插件、波峰焊、手工补焊。", Tens(scale * 20, 1), "块/日");
                    if (rnd.Next(2) == 0) yield return Need("smt", "寻找SMT贴片外协", "订单高峰，需要 SMT 贴片外协，约每日 10 万点。", 100000, "点/日");
                    break;
                case "成品组装":
                    yield return Need("smt", "主板SMT贴片外协", $"{e.Name[3..^6]}新品主板贴片，需 IATF16949 体系优先。", Tens(scale * 300, 3), "点/日", req: big ? ["ISO9001"] : null);
                    yield return Need("dip", "插件焊接外协", "电源板插件与波峰焊。", Tens(scale * 2, 1), "块/日");
                    if (big) yield return Need("box_build", "整机组装订单分包", "园区统一接单，整机组装分包给园内企业。", Math.Round(scale / 2, 0), "台/日", PostKind.SubcontractOrder);
                    if (rnd.Next(2) == 0) yield return Need("wire_harness", "线束加工需求", "内部连接线束，端子压接。", Tens(scale * 3, 1), "条/日");
                    if (big) yield return new Plan(PostKind.TechNeed, "reliability_testing", "技术攻关：高温高湿可靠性提升", "产品在双 85 试验中失效，寻求可靠性分析与改进合作。", 8, "小时/日", start, 60, auto, [], PostVisibility.Region);
                    break;
                case "质量检测":
                    yield return Offer("pcba_test", "PCBA功能测试产能", "ICT/FCT 测试，出具报告。", Tens(scale * 20, 1), "块/日", v: PostVisibility.Region);
                    yield return Offer("reliability_testing", "可靠性环境试验机时空闲", "高低温、湿热、振动试验箱，CNAS 报告。", 16, "小时/日", v: PostVisibility.Region);
                    if (rnd.Next(2) == 0) yield return Offer("emc_testing", "EMC预测试机时", "3 米法暗室预测试，整改支持。", 8, "小时/日", v: PostVisibility.Region);
                    break;
                case "物流仓储":
                    yield return Offer("warehousing", "恒温仓储库位空余", "园内 6 号仓储楼库位，按月租用。", Tens(scale * 20, 2), "平方米", v: PostVisibility.Region);
                    yield return Offer("logistics", "珠三角整车/零担配送", "每日发往深圳、广州，可拼车。", Math.Round(scale / 5, 0), "吨/日", v: PostVisibility.Region);
                    break;
                case "设备租赁":
                    yield return Offer("smt", "SMT贴片机出租（含操作员）", "雅马哈贴片机两台空闲，可整机出租。", 200000, "点/日", PostKind.EquipmentOffer);
                    yield return Offer("cnc", "CNC加工中心空闲", "三轴加工中心 4 台，夜班空闲。", 400, "件/日", PostKind.EquipmentOffer, PostVisibility.Region);
                    break;
                case "原材料供应":
                    if (rnd.Next(3) == 0) yield return new Plan(PostKind.ProcurementPool, "smt", "锡膏、钢网联合采购", "园区企业联合采购无铅锡膏，量大价优（8–12%）。", 500, "公斤", start, 30, iso, [], PostVisibility.Park);
                    break;
                case "成衣制造":
                    yield return Offer("garment_sewing", "成衣缝制产能富余", "梭织、针织成衣缝制，可接小单快反。", Tens(scale * 10, 1), "件/日", v: PostVisibility.Region);
                    break;
                case "印染整理":
                    yield return Offer("textile_printing", "数码印花产能", "数码直喷印花，起订量低。", Tens(scale * 40, 2), "米/日", v: PostVisibility.Region);
                    yield return Offer("dyeing", "面料染色加工", "棉、涤纶面料染色。", Tens(scale * 30, 2), "米/日", v: PostVisibility.Region);
                    break;
                case "面料供应":
                    if (rnd.Next(2) == 0) yield return Need("textile_printing", "面料印花外协", "春夏款面料印花，寻求园内或周边合作。", 3000, "米/日");
                    break;
                case "服装设计":
                    yield return Need("garment_sewing", "设计样衣小单生产", "每款 200–500 件，寻找快反工厂。", 300, "件/日");
                    break;
            }
        }
    }
}
