using System.Globalization;
using ParkOps.Domain.Billing;
using ParkOps.Domain.ParkServices;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing.Contracts;
using ParkOps.Web.Features.ParkServices.Contracts;

namespace ParkOps.Web.Features.ParkServices;

/// <summary>
/// DG-CA-01's price list (nine services over every category, one with a price change five months ago) and a year of
/// orders: each past month some fulfilled (posted through Billing's charge contract for that month, so the demo's bill
/// runs put them on the bills), one cancelled and one rejected now and then; this month some still ordered or accepted.
/// Orders walk their states with <see cref="ServiceOrder.Apply"/>, the same guarded method the API uses. Deterministic.
/// </summary>
public sealed class ServiceDemo(ParkOpsDb db, IChargePoster charges) : IServiceDemoData
{
    private static readonly (string Code, string Name, ServiceCategory Category, string Unit, decimal Price, decimal? NewPrice, string Description)[] List =
    [
        ("AG-REG", "工商注册变更代办", ServiceCategory.Agency, "次", 800m, null, "营业执照变更、地址迁入等工商事项全程代办"),
        ("AG-POL", "政策申报代办", ServiceCategory.Agency, "项", 2000m, 2500m, "专精特新、高新技术企业、升规奖励等申报材料整理与递交"),
        ("TS-HAZ", "有害物质检测", ServiceCategory.Testing, "份", 1200m, null, "园区检测中心出具有害物质检测报告"),
        ("TS-REL", "可靠性试验", ServiceCategory.Testing, "小时", 350m, null, "高低温、湿热、振动等可靠性试验设备按小时计费"),
        ("TR-SAFE", "安全生产培训", ServiceCategory.Training, "人", 300m, null, "主要负责人和安全管理人员安全生产培训"),
        ("TR-WELD", "焊接工艺培训", ServiceCategory.Training, "人", 500m, null, "波峰焊、回流焊工艺与质量控制培训"),
        ("EV-FAIR", "联合招聘会展位", ServiceCategory.Event, "场", 1500m, null, "园区联合招聘会标准展位"),
        ("MC-ORD", "订单撮合佣金", ServiceCategory.MatchingCommission, "单", 1000m, null, "协作市场撮合成交的订单服务佣金"),
        ("PF-DIG", "数字化平台服务费", ServiceCategory.PlatformFee, "月", 600m, null, "园区数字化平台企业账号与数据服务"),
    ];

    public async Task SeedAsync(long parkId, IReadOnlyList<long> enterpriseIds, DateOnly today, DateTime now, CancellationToken ct)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var listed = thisMonth.AddMonths(-13);
        var changed = thisMonth.AddMonths(-5);
        var services = new List<(ParkService S, decimal Price, decimal? NewPrice)>();
        foreach (var x in List)
        {
            var s = new ParkService { ParkId = parkId, Code = x.Code, Name = x.Name, Category = x.Category, Unit = x.Unit, Description = x.Description, CreatedAt = now, UpdatedAt = now };
            db.Add(s);
            services.Add((s, x.Price, x.NewPrice));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (s, price, newPrice) in services)
        {
            db.Add(new ServicePrice { ServiceId = s.Id, ParkId = parkId, EffectiveFrom = listed, UnitPrice = price, SetBy = "operator", SetAt = now });
            if (newPrice is { } np) db.Add(new ServicePrice { ServiceId = s.Id, ParkId = parkId, EffectiveFrom = changed, UnitPrice = np, SetBy = "operator", SetAt = now });
        }
        await db.SaveChangesAsync(ct);

        decimal PriceOn((ParkService S, decimal Price, decimal? NewPrice) s, DateOnly on) => s.NewPrice is { } np && on >= changed ? np : s.Price;
        var k = 0;
        // twelve past months: five to eight orders each, all fulfilled within the month except every seventh (cancelled)
        // and every eleventh (rejected); then this month's open ones
        for (var m = 12; m >= 0; m--)
        {
            var month = thisMonth.AddMonths(-m);
            var count = m == 0 ? 4 : 5 + m % 4;
            for (var i = 0; i < count; i++, k++)
            {
                var svc = services[(k * 5 + m) % services.Count];
                var ent = enterpriseIds[(k * 7 + 3) % enterpriseIds.Count];
                var day = month.AddDays(Math.Min(2 + i * 3, 20));
                if (day > today) day = today;
                var qty = svc.S.Unit switch { "小时" => 4 + k % 9, "人" => 2 + k % 6, "月" => 1 + k % 3, _ => 1 + k % 2 };
                var unitPrice = PriceOn(svc, day);
                var at = day.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
                var o = new ServiceOrder
                {
                    ParkId = parkId, EnterpriseId = ent, ServiceId = svc.S.Id, ServiceName = svc.S.Name, Unit = svc.S.Unit, Quantity = qty, UnitPrice = unitPrice,
                    Amount = ServiceRules.Amount(unitPrice, qty), OrderedOn = day, ByOperator = k % 3 == 0, OrderedBy = k % 3 == 0 ? "operator" : "tenant",
                    Note = k % 4 == 0 ? "请尽快安排" : null, CreatedAt = at, UpdatedAt = at,
                };
                db.Add(o);
                if (m == 0)
                {
                    // this month: some waiting to be accepted, one accepted
                    if (i == 1) o.Apply(ServiceOrderAction.Accept, null, "operator", at.AddHours(2), day);
                    continue;
                }
                var done = day.AddDays(3);
                var doneAt = done.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc);
                if (k % 11 == 5) { o.Apply(ServiceOrderAction.Reject, "所需资质材料不全，请补齐后重新下单", "operator", doneAt, done); continue; }
                if (k % 7 == 3) { o.Apply(ServiceOrderAction.Cancel, "企业自行办理，不再需要", "tenant", doneAt, done); continue; }
                o.Apply(ServiceOrderAction.Accept, null, "operator", at.AddHours(3), day);
                o.Apply(ServiceOrderAction.Fulfil, null, "operator", doneAt, done);
                o.ChargeMonth = month;
                await db.SaveChangesAsync(ct);
                await charges.PostAsync(new ChargePosting(parkId, ent, month, BillLineKind.ServiceFee, ServiceOrders.SourceType, o.Id.ToString(CultureInfo.InvariantCulture),
                    $"{o.ServiceName}（服务订单 {o.Id}）", o.Quantity, o.Unit, o.UnitPrice, o.Amount,
                    [ServiceRules.ChargeRule(o.ServiceName, o.Quantity, o.Unit, o.UnitPrice, o.Amount)]), ct);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
