using System.Globalization;
using ParkOps.Bench.Metering;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Orders;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Contribution;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Marketplace;
using ParkOps.Web.Features.Orders;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;

namespace ParkOps.Bench.Evaluation;

/// <summary>What the benefits part of the world holds (all parks measured, warm-up parks left out).</summary>
public sealed class BenefitsCounts
{
    public int Users, Grants, AuditRows, Posts, Collaborations, Delivered, Orders, Parts, Records, Taxes;

    public string Describe(int year) => string.Create(CultureInfo.InvariantCulture,
        $"for {year}: {Users:N0} enterprise accounts ({Grants:N0} grants) with {AuditRows:N0} audit rows (their active days), {Posts:N0} posts, {Collaborations:N0} collaborations ({Delivered:N0} delivered in the year), {Orders:N0} settled unified orders with {Parts:N0} parts, {Records:N0} contribution records of the seven kinds, {Taxes:N0} retained-tax rows");
}

/// <summary>
/// Everything the contribution score and the rebate read for a park and year, added to a park of the world with bulk
/// inserts (<see cref="Bulk"/>), deterministic for a given seed: each enterprise has an account (a fifth a second one)
/// whose audit rows give it 0–12 active days; an offer post (a quarter equipment offers) and a need post (a fifth
/// technology needs); 0.6 delivered collaborations per enterprise in the year (hours of equipment for most equipment
/// offers), plus collaborations that must not count (still agreed, or delivered the year before); one settled unified
/// order per 50 enterprises with 2–5 parts; 1.5 contribution records per enterprise over the seven kinds; and the year's
/// retained tax of every enterprise (a tenth 0).
/// </summary>
public static class BenefitsWorld
{
    private static readonly ContributionRecordKind[] Kinds = Enum.GetValues<ContributionRecordKind>();

    public static async Task<long> AddAsync(Func<Func<ParkOpsDb, Task>, Task> withDb, int year, Park park, IReadOnlyList<Enterprise> ents, long id, Random rnd, bool warm,
        BenefitsCounts counts, DateTime now)
    {
        var from = new DateOnly(year, 1, 1);
        DateOnly Day() => from.AddDays(rnd.Next(365));
        // a working instant of that Shanghai day, in UTC (UTC+8)
        DateTime At(DateOnly d) => d.ToDateTime(new TimeOnly(1 + rnd.Next(9), rnd.Next(60), rnd.Next(60)), DateTimeKind.Utc);
        var inPark = ents.Where(e => e.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting).ToList();

        // accounts, their grants and their activity
        var users = new List<User>(); var grants = new List<RoleGrant>(); var audit = new List<AuditEntry>();
        foreach (var e in ents)
        {
            var k = rnd.NextDouble() < 0.2 ? 2 : 1;
            for (var j = 0; j < k; j++)
            {
                var uId = ++id;
                users.Add(new User { Id = uId, UserName = $"bench-u{uId}", DisplayName = $"基准用户{uId}", CreatedAt = now });
                grants.Add(new RoleGrant { Id = ++id, UserId = uId, Role = Role.EnterpriseUser, EnterpriseId = e.Id });
                var days = rnd.Next(13);
                for (var d = 0; d < days; d++)
                {
                    var day = Day();
                    var rows = rnd.NextDouble() < 0.3 ? 2 : 1;
                    for (var r = 0; r < rows; r++)
                        audit.Add(new AuditEntry { Id = ++id, At = At(day), ActorId = uId, ActorName = $"bench-u{uId}", Action = "Updated", Entity = "Post",
                            EntityKey = (1_000_000_000 + rnd.Next(1_000_000)).ToString(CultureInfo.InvariantCulture), ParkId = park.Id, Before = "{}", After = "{}", Source = "bench" });
                }
            }
        }
        await withDb(async db => { await Bulk.InsertAsync(db, users); await Bulk.InsertAsync(db, grants); });
        for (var s = 0; s < audit.Count; s += 200_000) await withDb(db => Bulk.InsertAsync(db, audit.GetRange(s, Math.Min(200_000, audit.Count - s))));

        // posts: each enterprise one offer and one need
        var posts = new List<Post>(ents.Count * 2);
        var offerOf = new Dictionary<long, Post>(); var needOf = new Dictionary<long, Post>();
        foreach (var e in ents)
        {
            var offer = new Post { Id = ++id, ParkId = park.Id, EnterpriseId = e.Id, RegionId = park.RegionId, Kind = rnd.NextDouble() < 0.25 ? PostKind.EquipmentOffer : PostKind.CapacityOffer,
                State = PostState.Matched, Visibility = PostVisibility.Park, Title = $"基准供给{e.Id}", CreatedBy = "bench", CreatedAt = now, UpdatedAt = now, PublishedAt = now };
            var need = new Post { Id = ++id, ParkId = park.Id, EnterpriseId = e.Id, RegionId = park.RegionId, Kind = rnd.NextDouble() < 0.2 ? PostKind.TechNeed : PostKind.CapacityNeed,
                State = PostState.Matched, Visibility = PostVisibility.Park, Title = $"基准需求{e.Id}", CreatedBy = "bench", CreatedAt = now, UpdatedAt = now, PublishedAt = now };
            posts.Add(offer); posts.Add(need);
            offerOf[e.Id] = offer; needOf[e.Id] = need;
        }
        await withDb(db => Bulk.InsertAsync(db, posts));

        // collaborations between the park's firms: 0.6 per firm delivered in the year, a tenth more that must not count
        var collabs = new List<Collaboration>();
        var delivered = 0;
        var total = (int)(inPark.Count * 0.66);
        for (var c = 0; c < total; c++)
        {
            var need = inPark[rnd.Next(inPark.Count)];
            var offer = inPark[rnd.Next(inPark.Count)];
            if (offer.Id == need.Id) continue;
            var offerPost = offerOf[offer.Id];
            var r = rnd.NextDouble();
            var (state, on) = r switch
            {
                < 0.05 => (CollaborationState.Agreed, (DateOnly?)null),
                < 0.09 => (CollaborationState.Closed, new DateOnly(year - 1, 12, 1).AddDays(rnd.Next(30))),
                < 0.70 => (CollaborationState.Closed, Day()),
                < 0.96 => (CollaborationState.Delivered, Day()),
                _ => (CollaborationState.Disputed, Day()),
            };
            if (on is { } d && d.Year == year) delivered++;
            var hours = offerPost.Kind == PostKind.EquipmentOffer && rnd.NextDouble() < 0.7;
            collabs.Add(new Collaboration
            {
                Id = ++id, ParkId = park.Id, OfferParkId = park.Id, NeedPostId = needOf[need.Id].Id, OfferPostId = offerPost.Id, NeedEnterpriseId = need.Id,
                OfferEnterpriseId = offer.Id, InquirerEnterpriseId = need.Id, State = state, Amount = Math.Round((decimal)(1_000 + rnd.NextDouble() * 200_000), 2),
                Quantity = hours ? rnd.Next(1, 200) : rnd.Next(1, 5_000), Unit = hours ? "小时" : "件", StartsOn = from, DueOn = on, DeliveredOn = on,
                CreatedBy = "bench", CreatedAt = now, UpdatedAt = now, AgreedAt = now,
            });
        }
        await withDb(db => Bulk.InsertAsync(db, collabs));

        // settled unified orders: one per 50 firms, 2–5 parts each
        var orders = new List<UnifiedOrder>(); var parts = new List<UnifiedOrderPart>();
        for (var o = 0; o < inPark.Count / 50; o++)
        {
            var order = new UnifiedOrder
            {
                Id = ++id, ParkId = park.Id, CustomerName = "园外客户", CustomerContact = "13800000000", Product = $"基准订单{o}", Quantity = 1_000, Unit = "件",
                Amount = 100_000, FeePercent = 5, DueOn = Day(), CreatedBy = "bench", CreatedAt = now, UpdatedAt = now,
            };
            Set(order, nameof(UnifiedOrder.State), UnifiedOrderState.Settled);
            Set(order, nameof(UnifiedOrder.SettledAt), At(Day()));
            Set(order, nameof(UnifiedOrder.PlatformFee), 5_000m);
            orders.Add(order);
            var k = rnd.Next(2, 6);
            for (var j = 0; j < k; j++)
            {
                var part = new UnifiedOrderPart { Id = ++id, OrderId = order.Id, ParkId = park.Id, EnterpriseId = inPark[rnd.Next(inPark.Count)].Id, Work = "加工", Quantity = 1_000m / k,
                    SharePercent = Math.Round(100m / k, 2), Amount = Math.Round(100_000m / k, 2) };
                Set(part, nameof(UnifiedOrderPart.State), UnifiedOrderPartState.Accepted);
                Set(part, nameof(UnifiedOrderPart.FulfilledAmount), Math.Round(100_000m / k * (decimal)(0.8 + rnd.NextDouble() * 0.2), 2));
                parts.Add(part);
            }
        }
        await withDb(async db => { await Bulk.InsertAsync(db, orders); await Bulk.InsertAsync(db, parts); });

        // the area's own records: 1.5 per firm, a twentieth of them in the year before
        var records = new List<ContributionRecord>();
        for (var r = 0; r < inPark.Count * 3 / 2; r++)
        {
            var kind = Kinds[rnd.Next(Kinds.Length)];
            records.Add(new ContributionRecord
            {
                Id = ++id, ParkId = park.Id, EnterpriseId = inPark[rnd.Next(inPark.Count)].Id, Kind = kind, OccurredOn = rnd.NextDouble() < 0.05 ? Day().AddYears(-1) : Day(),
                Title = $"基准记录{r}", Hours = kind == ContributionRecordKind.TrainingGiven ? rnd.Next(1, 41) : null, CreatedAt = now, CreatedBy = "bench",
            });
        }
        await withDb(db => Bulk.InsertAsync(db, records));

        // the year's retained tax of every enterprise (元 to the 分; a tenth paid none)
        var taxes = ents.Select(e => new RetainedTax
        {
            Id = ++id, ParkId = park.Id, EnterpriseId = e.Id, Year = year, ImportedAt = now, ImportedBy = "bench",
            Amount = rnd.NextDouble() < 0.1 ? 0 : Math.Round((decimal)(20_000 * Math.Exp(1.2 * (rnd.NextDouble() + rnd.NextDouble() + rnd.NextDouble() - 1.5))), 2),
        }).ToList();
        await withDb(db => Bulk.InsertAsync(db, taxes));

        if (!warm)
        {
            counts.Users += users.Count; counts.Grants += grants.Count; counts.AuditRows += audit.Count; counts.Posts += posts.Count; counts.Collaborations += collabs.Count;
            counts.Delivered += delivered; counts.Orders += orders.Count; counts.Parts += parts.Count; counts.Records += records.Count; counts.Taxes += taxes.Count;
        }
        return id;
    }

    private static void Set<T>(T target, string property, object? value) => typeof(T).GetProperty(property)!.SetValue(target, value);
}
