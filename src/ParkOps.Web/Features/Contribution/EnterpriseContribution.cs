using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Contribution;

/// <summary>The enterprise's own view: its published score of a year with the breakdown and records, and its rebate (null until one is published).</summary>
public sealed record EnterpriseContributionDto(long EnterpriseId, long ParkId, int Year, int Version, DateTime PublishedAt, decimal Score,
    IReadOnlyList<ContributionTermDto> Breakdown, RebateAllocationDto? Rebate, decimal? RebatePool, int? RebateVersion, int? RebateScoreVersion);

public sealed class EnterpriseContribution(ParkOpsDb db, IEnterpriseDirectory directory, ContributionService scores, RebateService rebates)
{
    public async Task<EnterpriseContributionDto> OfAsync(long enterpriseId, int? year, CancellationToken ct)
    {
        var any = year is null;
        var y = any ? 0 : scores.CheckYear(year);
        // the enterprise filter: its own users and its park's operators (and the admin) see the row; nobody else
        var row = await db.Set<ContributionResultRow>().AsNoTracking()
            .Join(db.Set<ContributionRun>().Where(r => (any || r.Year == y) && r.State == ContributionRunState.Published), r => r.RunId, run => run.Id,
                (r, run) => new { r, run })
            .Where(x => x.r.EnterpriseId == enterpriseId).OrderByDescending(x => x.run.Year).ThenByDescending(x => x.run.Version).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            var card = (await directory.CardsAsync([enterpriseId], ct)).GetValueOrDefault(enterpriseId);
            var mayAsk = card is not null && (db.Actor.CanOperatePark(card.ParkId) || db.Actor.EnterpriseIds.Contains(enterpriseId));
            throw new NotFoundException(mayAsk ? "ContributionScores" : "Enterprise", mayAsk ? (any ? $"{enterpriseId}" : $"{enterpriseId}/{y}") : enterpriseId);
        }
        // the records behind each term, read again as of the run's moment
        var own = (await scores.WithEvidenceAsync(row.run, [ContributionService.Row(row.r, full: true)], ct))[0];
        var rebate = await rebates.OwnAsync(row.r.ParkId, enterpriseId, row.run.Year, ct);
        return new EnterpriseContributionDto(enterpriseId, row.r.ParkId, row.run.Year, row.run.Version ?? 0, row.run.PublishedAt ?? default, own.Score, own.Breakdown,
            rebate?.Own, rebate?.Rebate.Pool, rebate?.Rebate.Version, rebate?.Rebate.ScoreVersion);
    }

    /// <summary>The years with a published score for the enterprise (what its page offers), latest first.</summary>
    public async Task<List<int>> YearsAsync(long enterpriseId, CancellationToken ct) =>
        await db.Set<ContributionResultRow>().AsNoTracking().Where(r => r.EnterpriseId == enterpriseId)
            .Join(db.Set<ContributionRun>().Where(r => r.State == ContributionRunState.Published), r => r.RunId, run => run.Id, (r, run) => run.Year)
            .Distinct().OrderByDescending(y => y).ToListAsync(ct);
}
