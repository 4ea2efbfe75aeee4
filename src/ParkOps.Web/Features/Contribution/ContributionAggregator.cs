using System.Diagnostics;
using System.Globalization;
using ParkOps.Domain.Benefits;
using ParkOps.Domain.Matching;
using ParkOps.Web.Features.Audit.Contracts;
using ParkOps.Web.Features.Marketplace.Contracts;
using ParkOps.Web.Features.Orders.Contracts;
using ParkOps.Web.Features.Users.Contracts;

namespace ParkOps.Web.Features.Contribution;

/// <summary>
/// Points per record kind (park settings). Defaults follow issue 14 §1: talent = referrals + transfers + training hours ÷ 8,
/// public affairs = events + drills + committee roles (1 each); technology sharing counts hours of equipment lent (1 per
/// hour) and a technology post solved as 8 points (a day's work), a joint R&amp;D project as 40, an equipment loan agreed
/// in other units than hours as 8; platform activity 1 per active day.
/// </summary>
public sealed record ContributionPoints(
    decimal EquipmentHour = 1, decimal EquipmentLoan = 8, decimal TechPostSolved = 8, decimal JointRdProject = 40,
    decimal Referral = 1, decimal Transfer = 1, decimal TrainingHoursPerPoint = 8, decimal ActiveDay = 1,
    decimal EventAttended = 1, decimal DrillAttended = 1, decimal CommitteeRole = 1)
{
    public static ContributionPoints Default { get; } = new();

    public IEnumerable<(string Field, decimal Value)> Fields()
    {
        yield return ("equipmentHour", EquipmentHour); yield return ("equipmentLoan", EquipmentLoan); yield return ("techPostSolved", TechPostSolved);
        yield return ("jointRdProject", JointRdProject); yield return ("referral", Referral); yield return ("transfer", Transfer);
        yield return ("trainingHoursPerPoint", TrainingHoursPerPoint); yield return ("activeDay", ActiveDay); yield return ("eventAttended", EventAttended);
        yield return ("drillAttended", DrillAttended); yield return ("committeeRole", CommitteeRole);
    }
}

/// <summary>One platform record behind an indicator value: where it comes from, its id there, its date, what it was and what it counted.</summary>
public sealed record ContributionEvidence(string Source, long Id, DateOnly On, string Text, decimal Counted);

/// <summary>
/// What a computation read, for reading it again later: the audit log's mark for the active days, and the ids of the
/// collaborations and unified-order parts it counted (null: all of the year's, for a run from before runs kept them).
/// </summary>
public sealed record ContributionCut(long ActivityUpTo, IReadOnlyCollection<long>? Collaborations, IReadOnlyCollection<long>? OrderParts);

/// <summary>An enterprise's five raw values (indicator order) with the records behind each.</summary>
public sealed record RawContribution(long EnterpriseId, decimal[] Values, List<ContributionEvidence>[] Evidence);

/// <summary>
/// Gathers each enterprise's raw indicator values of a park and year from the platform's records, through the owning
/// areas' contracts (Marketplace's collaborations, Orders' settled unified-order parts, Users' members and the audit log's active days) and this area's own
/// records. Booking's resources belong to the park, not to firms, so "equipment lent" is the equipment offers that became
/// delivered collaborations.
/// </summary>
public sealed class ContributionAggregator(ICollaborationRecords collaborations, IUnifiedOrderRecords unifiedOrders, IEnterpriseMembers members, IActivityLog activity)
{
    public const string CollaborationSource = "collaboration", UnifiedOrderSource = "unified-order", RecordSource = "record", ActivitySource = "activity";

    /// <summary>
    /// Each enterprise's raw values of the year, and what was read (<see cref="ContributionCut"/>). With
    /// <paramref name="evidence"/> the records behind each value come along (a firm's page, one run's detail); without,
    /// only the values (a park's computation: 100,000 firms' records would be hundreds of megabytes, and the active days
    /// are counted in the database). Given a run's <paramref name="cut"/>, it reads what the run read: the collaborations
    /// and order parts it counted, audit rows up to its mark (the caller passes the contribution records up to the run's).
    /// </summary>
    public async Task<(List<RawContribution> Rows, ContributionCut Read)> GatherAsync(long parkId, int year, IReadOnlyList<long> enterpriseIds,
        IReadOnlyList<ContributionRecord> records, ContributionPoints points, bool evidence, ContributionCut? cut, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        // the mark first: the days counted below are those of the rows up to it, whatever is written meanwhile
        var activityUpTo = cut?.ActivityUpTo ?? await activity.MarkAsync(ct);
        var readCollaborations = new List<long>();
        var readParts = new List<long>();
        var k = BenefitsSettings.IndicatorCount;
        var raw = enterpriseIds.ToDictionary(id => id, id => new RawContribution(id, new decimal[k], Enumerable.Range(0, k).Select(_ => new List<ContributionEvidence>()).ToArray()));
        void Add(long enterprise, ContributionIndicator i, decimal counted, Func<ContributionEvidence> record)
        {
            if (!raw.TryGetValue(enterprise, out var r)) return; // a firm of another park, or one no longer in the park
            r.Values[(int)i] += counted;
            if (evidence) r.Evidence[(int)i].Add(record());
        }

        foreach (var c in await collaborations.DeliveredAsync(parkId, from, to, ct))
        {
            if (cut?.Collaborations is { } only && !only.Contains(c.Id)) continue; // delivered after the run, or dated back
            if (raw.ContainsKey(c.NeedEnterpriseId) || raw.ContainsKey(c.OfferEnterpriseId)) readCollaborations.Add(c.Id);
            // seed 000 case 9: order collaboration counts for both sides, in 元 of the agreed amount
            var text = c.Title;
            Add(c.NeedEnterpriseId, ContributionIndicator.OrderCollaboration, c.Amount, () => new(CollaborationSource, c.Id, c.DeliveredOn, text, c.Amount));
            if (c.OfferEnterpriseId != c.NeedEnterpriseId)
                Add(c.OfferEnterpriseId, ContributionIndicator.OrderCollaboration, c.Amount, () => new(CollaborationSource, c.Id, c.DeliveredOn, text, c.Amount));
            if (c.OfferKind == PostKind.EquipmentOffer)
            {
                var hours = IsHours(c.Unit) && c.Quantity is > 0 ? c.Quantity.Value : (decimal?)null;
                var counted = hours is { } hh ? hh * points.EquipmentHour : points.EquipmentLoan;
                Add(c.OfferEnterpriseId, ContributionIndicator.TechnologySharing, counted, () => new(CollaborationSource, c.Id, c.DeliveredOn,
                    hours is { } h ? $"设备共享 {h.ToString("0.##", CultureInfo.InvariantCulture)} 小时：{text}" : $"设备共享：{text}", counted));
            }
            if (c.NeedKind == PostKind.TechNeed)
                Add(c.OfferEnterpriseId, ContributionIndicator.TechnologySharing, points.TechPostSolved, () => new(CollaborationSource, c.Id, c.DeliveredOn, $"解决技术需求：{text}", points.TechPostSolved));
        }

        // a settled unified-order part is order collaboration of its enterprise, in 元 of its fulfilled amount
        foreach (var p in await unifiedOrders.SettledPartsAsync(parkId, from, to, ct))
        {
            if (cut?.OrderParts is { } only && !only.Contains(p.PartId)) continue;
            if (raw.ContainsKey(p.EnterpriseId)) readParts.Add(p.PartId);
            Add(p.EnterpriseId, ContributionIndicator.OrderCollaboration, p.FulfilledAmount, () => new(UnifiedOrderSource, p.PartId, p.SettledOn, p.Title, p.FulfilledAmount));
        }

        foreach (var r in records.Where(r => r.OccurredOn >= from && r.OccurredOn <= to))
        {
            var (indicator, counted) = r.Kind switch
            {
                ContributionRecordKind.JointRdProject => (ContributionIndicator.TechnologySharing, points.JointRdProject),
                ContributionRecordKind.TalentReferral => (ContributionIndicator.TalentMobility, points.Referral),
                ContributionRecordKind.InParkTransfer => (ContributionIndicator.TalentMobility, points.Transfer),
                ContributionRecordKind.TrainingGiven => (ContributionIndicator.TalentMobility, points.TrainingHoursPerPoint > 0 ? (r.Hours ?? 0) / points.TrainingHoursPerPoint : 0),
                ContributionRecordKind.EventAttended => (ContributionIndicator.PublicAffairs, points.EventAttended),
                ContributionRecordKind.DrillAttended => (ContributionIndicator.PublicAffairs, points.DrillAttended),
                _ => (ContributionIndicator.PublicAffairs, points.CommitteeRole),
            };
            Add(r.EnterpriseId, indicator, counted, () => new(RecordSource + ":" + r.Kind, r.Id, r.OccurredOn, r.Title, counted));
        }

        // platform activity: the days any of the firm's accounts wrote something, each day once per firm
        var memberList = await members.MembersAsync(enterpriseIds, ct);
        if (!evidence)
        {
            foreach (var (firm, days) in await activity.ActiveDayCountsAsync(memberList.Select(m => new ActivityMember(m.UserId, m.EnterpriseId)).ToList(), from, to, activityUpTo, ct))
                Add(firm, ContributionIndicator.PlatformActivity, days * points.ActiveDay, () => throw new UnreachableException());
            return (enterpriseIds.Select(id => raw[id]).ToList(), new ContributionCut(activityUpTo, readCollaborations, readParts));
        }
        var active = await activity.ActiveDaysAsync(memberList.Select(m => m.UserId).Distinct().ToList(), from, to, activityUpTo, ct);
        var byUser = active.ToLookup(d => d.UserId, d => d.Day);
        foreach (var g in memberList.GroupBy(m => m.EnterpriseId))
            foreach (var month in g.SelectMany(m => byUser[m.UserId]).Distinct().GroupBy(d => new DateOnly(d.Year, d.Month, 1)).OrderBy(x => x.Key))
            {
                var counted = month.Count() * points.ActiveDay;
                Add(g.Key, ContributionIndicator.PlatformActivity, counted, () => new(ActivitySource, 0, month.Key, $"{month.Key:yyyy-MM} 活跃 {month.Count()} 天", counted));
            }

        return (enterpriseIds.Select(id => raw[id]).ToList(), new ContributionCut(activityUpTo, readCollaborations, readParts));
    }

    private static bool IsHours(string? unit) => unit?.Trim() is "小时" or "时" or "h" or "H" or "hour" or "hours" or "机时";
}
