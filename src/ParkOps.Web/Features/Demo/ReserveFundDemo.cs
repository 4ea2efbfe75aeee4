using ParkOps.Domain.Monitoring;
using ParkOps.Domain.ReserveFund;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.ReserveFund;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The reserve fund of demo park 1 (issue 12 §5; seed 000 case 10): contributions for the past quarters whose bills
/// the demo runs, one bridge loan to 捷讯 (the supplier hit hardest by 星辰's fall) with a six-month schedule and its
/// first instalment repaid, and the closed crisis "星辰智能订单骤降" with its firms, actions and outcome. Everything
/// goes through the fund's own use cases, so the ledger, the charges and the balance are what the API would write.
/// Runs after the reports and before the bill runs (the contributions' charges land on the bills of their months).
/// </summary>
public sealed class ReserveFundDemo(FundService fund, CrisisService crises)
{
    public async Task SeedAsync(List<Enterprise> park1, DateOnly today, CancellationToken ct)
    {
        var parkId = park1[0].ParkId;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var last = Quarter.Of(today).Previous;
        // the fund began with the demo's year of bills: each quarter is billed in the month after it ended
        foreach (var q in Quarter.Span(last.Plus(-7), last.Previous))
        {
            var billMonth = q.Next.FirstDay;
            if (billMonth < thisMonth.AddMonths(-12)) continue;
            await fund.PostQuarterAsync(parkId, q, billMonth, billMonth, ct);
        }

        var leader = park1[ReportingDemo.ChainLeader];
        var jiexun = park1[ReportingDemo.SupplierJiexun];
        var desheng = park1[ReportingDemo.SupplierDesheng];
        var xinda = park1[ReportingDemo.SecondDegreeXinda];
        // the leader's customer cancelled in the middle of the quarter; the park acted before the reports came in
        var opened = last.FirstDay.AddDays(40);
        var crisis = await crises.OpenAsync(parkId, new CrisisInput("星辰智能订单骤降",
            "星辰智能主要海外客户取消订单，本季度营收预计下降约八成；园内供应商捷讯（55% 营收来自星辰）、德胜（40%）及二级供应商鑫达（35% 来自捷讯）受波及。",
            null, [leader.Id, jiexun.Id, desheng.Id, xinda.Id], opened), ct);
        await crises.AddActionAsync(crisis.Id, new CrisisActionInput(CrisisActionKind.Meeting, opened.AddDays(2),
            "园区召集星辰、捷讯、德胜、鑫达召开协调会：星辰按月结清已交付货款；捷讯申请过桥资金；运营方在协作市场为三家供应商发布产能信息。"), ct);

        var balance = (await fund.ViewAsync(parkId, ct)).Balance;
        // six tenths of what the fund holds, in whole thousands, at most 100,000 元: the fund keeps a reserve
        var principal = Math.Min(100_000m, Math.Floor(balance * 0.6m / 1000m) * 1000m);
        var start = opened.AddDays(5);
        var schedule = FundRules.EvenSchedule(principal, 6, start.AddMonths(1));
        var loan = await fund.DisburseAsync(parkId, new LoanInput(jiexun.Id, principal, "支付原材料货款与员工工资，维持生产至新客户订单到位", start,
            schedule.Select(i => new InstalmentInput(i.DueDate, i.Amount)).ToList(), crisis.Id), ct);
        var firstDue = schedule[0].DueDate;
        await fund.RepayAsync(loan.Id, new RepaymentInput(schedule[0].Amount, firstDue <= today ? firstDue : today, "DEMO-REPAY-1"), ct);

        var found = opened.AddDays(30) <= today ? opened.AddDays(30) : today;
        await crises.AddActionAsync(crisis.Id, new CrisisActionInput(CrisisActionKind.NewCustomers, found,
            "通过协作市场撮合：捷讯承接园内成品组装企业的贴片订单，德胜获得外部音响厂商插件焊接订单，鑫达新增两家铜箔采购方。", null, $"/parks/{parkId}/posts"), ct);
        var closed = last.LastDay.AddDays(10) <= today ? last.LastDay.AddDays(10) : today;
        await crises.CloseAsync(crisis.Id, new CrisisCloseInput(
            "三家供应商均未停产：捷讯新客户订单已覆盖约四成原星辰份额并按期归还首期借款，德胜、鑫达订单恢复至危机前八成以上；星辰转向国内客户，继续跟踪。", closed), ct);
    }
}
