using ParkOps.Web.Features.Contribution.Contracts;

namespace ParkOps.Web.Features.Contribution;

public sealed class ContributionBenefits(ContributionService scores, RebateService rebates) : IContributionBenefits
{
    public async Task RecordAsync(long parkId, IReadOnlyList<ContributionRecordEntry> rows, CancellationToken ct) =>
        await scores.AddRecordsAsync(parkId, new ContributionRecordsInput(rows.Select(r => new ContributionRecordInput(r.EnterpriseId, r.Kind, r.OccurredOn, r.Title, r.Hours)).ToList()), ct);

    public async Task ImportRetainedTaxAsync(long parkId, int year, IReadOnlyList<RetainedTaxEntry> rows, CancellationToken ct) =>
        await rebates.ImportTaxAsync(parkId, new RetainedTaxImport(year, rows.Select(r => new RetainedTaxRowInput(r.EnterpriseId, r.Amount)).ToList()), ct);

    public async Task<ContributionYearPublished> PublishYearAsync(long parkId, int year, CancellationToken ct)
    {
        var draft = await scores.ComputeAsync(parkId, new ContributionRunInput(year), ct);
        var published = await scores.PublishAsync(parkId, draft.Id, ct);
        var rebateDraft = await rebates.ComputeAsync(parkId, new RebateRunInput(year), ct);
        var rebate = await rebates.PublishAsync(parkId, rebateDraft.RunId, ct);
        return new ContributionYearPublished(published.Version ?? 0, rebate.Version ?? 0, rebate.Pool, published.Scores.Count);
    }
}
