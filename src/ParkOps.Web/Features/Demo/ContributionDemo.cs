using ParkOps.Web.Features.Contribution.Contracts;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The demo's contribution year (issue 14 §1–2) for the electronics park: public-affairs, talent and joint R&amp;D records
/// beside the marketplace's collaborations (seeded before), each firm's local retained tax, then the year's scores and
/// rebate computed and published through Contribution's own contract, so the demo shows a published score and rebate.
/// </summary>
public sealed class ContributionDemo(IContributionBenefits benefits)
{
    /// <summary>The year the demo scores: this year from July on (the marketplace's year of collaborations lies mostly in it), else last year.</summary>
    public static int DemoYear(DateOnly today) => today.Month >= 7 ? today.Year : today.Year - 1;

    public async Task<ContributionYearPublished> SeedAsync(long parkId, IReadOnlyList<long> enterprises, DateOnly today, CancellationToken ct)
    {
        var year = DemoYear(today);
        var first = new DateOnly(year, 1, 1);
        var days = Math.Max(1, Math.Min(today.DayNumber, new DateOnly(year, 12, 31).DayNumber) - first.DayNumber);
        DateOnly On(int i, int k) => first.AddDays((i * 37 + k * 53) % days);
        var rows = new List<ContributionRecordEntry>();
        for (var i = 0; i < enterprises.Count; i++)
        {
            var e = enterprises[i];
            for (var k = 0; k < i % 4; k++) rows.Add(new(e, "EventAttended", On(i, k), k % 2 == 0 ? "园区供需对接会" : "产业链协作沙龙"));
            if (i % 3 != 0)
                for (var k = 0; k < 1 + i % 2; k++) rows.Add(new(e, "DrillAttended", On(i, k + 5), k == 0 ? "园区消防应急演练" : "危化品泄漏处置演练"));
            if (i is 0 or 5 or 12) rows.Add(new(e, "CommitteeRole", On(i, 9), i == 0 ? "园区企业联合会 副会长" : "安全生产委员会 委员"));
            if (i % 7 == 0 && i + 1 < enterprises.Count)
            {
                rows.Add(new(e, "JointRdProject", On(i, 11), "联合研发：高可靠性贴片工艺"));
                rows.Add(new(enterprises[i + 1], "JointRdProject", On(i, 11), "联合研发：高可靠性贴片工艺"));
            }
            for (var k = 0; k < i % 5; k++) rows.Add(new(e, "TalentReferral", On(i, k + 13), "向园内企业推荐技术工人"));
            if (i % 6 == 1) rows.Add(new(e, "InParkTransfer", On(i, 17), "员工园内转岗（产线调整）"));
            if (i % 4 == 2) rows.Add(new(e, "TrainingGiven", On(i, 19), "为园内企业开展 IPC-A-610 培训", 8m * (1 + i % 3)));
        }
        await benefits.RecordAsync(parkId, rows, ct);
        // the tax office's statement of local retained tax: a fixed draw, a few firms with none (start-ups, losses)
        var rnd = new Random(14);
        var taxes = enterprises.Select((e, i) => new RetainedTaxEntry(e, i % 13 == 12 ? 0m : Math.Round(50_000m + (decimal)rnd.NextDouble() * 850_000m, 2))).ToList();
        await benefits.ImportRetainedTaxAsync(parkId, year, taxes, ct);
        return await benefits.PublishYearAsync(parkId, year, ct);
    }
}
