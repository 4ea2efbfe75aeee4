using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// A park's own matching and credit settings (issue 15 §5, migration 0040): the seven weights of the match score and
/// the score below which an answer is not shown (DOMAIN §5), and the weights of the credit file's three components.
/// No row = the defaults. Weights are stored in hundredths; neither setting moves money, so a change applies from the
/// next query on (audited like every write), not from a dated version.
/// </summary>
public sealed class MarketSettings : IParkOwned
{
    public long ParkId { get; set; }
    public decimal CapabilityFit { get; set; }
    public decimal CapacityFit { get; set; }
    public decimal WindowOverlap { get; set; }
    public decimal PartnerCredit { get; set; }
    public decimal PastCollaboration { get; set; }
    public decimal TextSimilarity { get; set; }
    public decimal Distance { get; set; }
    public decimal MinScore { get; set; }
    public decimal CreditRent { get; set; }
    public decimal CreditCollaboration { get; set; }
    public decimal CreditReporting { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The seven weights of the match score (shares of the score: they need not add up to 1, the score divides by their sum).</summary>
public sealed record MatchWeightsDto(decimal CapabilityFit, decimal CapacityFit, decimal WindowOverlap, decimal PartnerCredit, decimal PastCollaboration, decimal TextSimilarity, decimal Distance);

/// <summary>The three weights of the credit file (they add up to 1).</summary>
public sealed record CreditWeightsDto(decimal Rent, decimal Collaboration, decimal Reporting);

public sealed record MarketSettingsDto(long ParkId, MatchWeightsDto MatchWeights, decimal MinScore, CreditWeightsDto CreditWeights, bool IsDefault, string? UpdatedBy, DateTime? UpdatedAt,
    MatchWeightsDto DefaultMatchWeights, decimal DefaultMinScore, CreditWeightsDto DefaultCreditWeights);

[StoredIn(typeof(MarketSettings))]
public sealed record MarketSettingsInput(MatchWeightsDto MatchWeights, decimal MinScore, CreditWeightsDto CreditWeights);

/// <summary>
/// Reads and sets a park's matching and credit settings. Anyone who sees the park may read them (they explain the
/// scores its tenants are shown); its operators change them. A change forgets the match index, whose cached partner
/// credits were computed with the old weights: the next query loads it again.
/// </summary>
public sealed class MarketSettingsService(ParkOpsDb db, ParkGate gate, MarketIndex index, TimeProvider clock, IStringLocalizer<Text> t)
{
    internal static readonly (string Name, Func<MatchWeightsDto, decimal> Get)[] MatchFields =
    [
        ("capabilityFit", w => w.CapabilityFit), ("capacityFit", w => w.CapacityFit), ("windowOverlap", w => w.WindowOverlap), ("partnerCredit", w => w.PartnerCredit),
        ("pastCollaboration", w => w.PastCollaboration), ("textSimilarity", w => w.TextSimilarity), ("distance", w => w.Distance),
    ];

    internal static bool IsHundredthsShare(decimal v) => v is >= 0m and <= 1m && v * 100 == decimal.Truncate(v * 100);

    private static readonly MatchWeightsDto DefaultMatch = FromDomain(MatchSettings.Default.Weights);
    private static readonly decimal DefaultMin = (decimal)MatchSettings.Default.MinScore;
    private static readonly CreditWeightsDto DefaultCredit = new((decimal)CreditScoring.RentWeight, (decimal)CreditScoring.CollaborationWeight, (decimal)CreditScoring.ReportingWeight);

    public async Task<MarketSettingsDto> GetAsync(long parkId, CancellationToken ct)
    {
        await gate.RequireSeesAsync(parkId, ct);
        return Dto(parkId, await db.Set<MarketSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.ParkId == parkId, ct));
    }

    public async Task<MarketSettingsDto> SaveAsync(long parkId, MarketSettingsInput input, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        Validate(input);
        var row = await db.Set<MarketSettings>().FirstOrDefaultAsync(s => s.ParkId == parkId, ct);
        if (row is null) db.Set<MarketSettings>().Add(row = new MarketSettings { ParkId = parkId, UpdatedBy = db.Actor.UserName });
        var (m, c) = (input.MatchWeights, input.CreditWeights);
        (row.CapabilityFit, row.CapacityFit, row.WindowOverlap, row.PartnerCredit, row.PastCollaboration, row.TextSimilarity, row.Distance) =
            (m.CapabilityFit, m.CapacityFit, m.WindowOverlap, m.PartnerCredit, m.PastCollaboration, m.TextSimilarity, m.Distance);
        row.MinScore = input.MinScore;
        (row.CreditRent, row.CreditCollaboration, row.CreditReporting) = (c.Rent, c.Collaboration, c.Reporting);
        (row.UpdatedBy, row.UpdatedAt) = (db.Actor.UserName, clock.GetUtcNow().UtcDateTime);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // two operators saving the park's first settings at once: the key lets one in, the other is told to reload
            throw new DomainRuleException("SettingsChangedMeanwhile", "parkId", "设置已被他人修改，请刷新后重试", RuleKind.Conflict) { Arguments = [parkId] };
        }
        index.Invalidate();
        return Dto(parkId, row);
    }

    /// <summary>
    /// Each weight and the threshold a share from 0 to 1 in hundredths; the match weights not all 0 (the score divides by
    /// their sum); the credit weights adding up to 1 (each reads as "counts for 40 %"). Every failure names its field.
    /// </summary>
    private void Validate(MarketSettingsInput input)
    {
        var errors = new List<ValidationFailure>();
        if (input.MatchWeights is not { } m) errors.Add(new("matchWeights", t["Val.Required"]));
        else
        {
            foreach (var (name, get) in MatchFields)
                if (!IsHundredthsShare(get(m))) errors.Add(new($"matchWeights.{name}", t["Val.Share"]));
            if (MatchFields.All(f => get0(f.Get(m)))) errors.Add(new("matchWeights", t["Rule.MatchWeightsMustNotAllBeZero"]));
        }
        if (!IsHundredthsShare(input.MinScore)) errors.Add(new("minScore", t["Val.Share"]));
        if (input.CreditWeights is not { } c) errors.Add(new("creditWeights", t["Val.Required"]));
        else
        {
            foreach (var (name, v) in new[] { ("rent", c.Rent), ("collaboration", c.Collaboration), ("reporting", c.Reporting) })
                if (!IsHundredthsShare(v)) errors.Add(new($"creditWeights.{name}", t["Val.Share"]));
            if (c.Rent + c.Collaboration + c.Reporting != 1m) errors.Add(new("creditWeights", t["Rule.CreditWeightsMustAddUpToOne", c.Rent + c.Collaboration + c.Reporting]));
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        static bool get0(decimal v) => v == 0;
    }

    /// <summary>The match settings a query of the park is ranked with: the analyser's with the park's weights and threshold.</summary>
    public async Task<MatchSettings?> MatchSettingsAsync(long parkId, MatchSettings baseline, CancellationToken ct)
    {
        // not confidential: a query from another park of the region is ranked with its own park's settings
        var row = await db.Set<MarketSettings>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.ParkId == parkId, ct);
        return row is null ? null : baseline with
        {
            Weights = new MatchWeights
            {
                CapabilityFit = (double)row.CapabilityFit, CapacityFit = (double)row.CapacityFit, WindowOverlap = (double)row.WindowOverlap, PartnerCredit = (double)row.PartnerCredit,
                PastCollaboration = (double)row.PastCollaboration, TextSimilarity = (double)row.TextSimilarity, Distance = (double)row.Distance,
            },
            MinScore = (double)row.MinScore,
        };
    }

    /// <summary>The credit weights of each park that has its own (parks without a row use the defaults).</summary>
    public async Task<Dictionary<long, CreditWeights>> CreditWeightsAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct) =>
        await db.Set<MarketSettings>().IgnoreQueryFilters().AsNoTracking().Where(s => parkIds.Contains(s.ParkId))
            .Select(s => new { s.ParkId, s.CreditRent, s.CreditCollaboration, s.CreditReporting }).ToDictionaryAsync(
                s => s.ParkId, s => new CreditWeights((double)s.CreditRent, (double)s.CreditCollaboration, (double)s.CreditReporting), ct);

    private static MatchWeightsDto FromDomain(MatchWeights w) => new((decimal)w.CapabilityFit, (decimal)w.CapacityFit, (decimal)w.WindowOverlap, (decimal)w.PartnerCredit,
        (decimal)w.PastCollaboration, (decimal)w.TextSimilarity, (decimal)w.Distance);

    private static MarketSettingsDto Dto(long parkId, MarketSettings? r) => r is null
        ? new(parkId, DefaultMatch, DefaultMin, DefaultCredit, true, null, null, DefaultMatch, DefaultMin, DefaultCredit)
        : new(parkId, new(r.CapabilityFit, r.CapacityFit, r.WindowOverlap, r.PartnerCredit, r.PastCollaboration, r.TextSimilarity, r.Distance), r.MinScore,
            new(r.CreditRent, r.CreditCollaboration, r.CreditReporting), false, r.UpdatedBy, r.UpdatedAt, DefaultMatch, DefaultMin, DefaultCredit);
}
