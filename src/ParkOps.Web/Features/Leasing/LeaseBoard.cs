using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Features.Enterprises.Contracts;

namespace ParkOps.Web.Features.Leasing;

/// <summary>How a unit shows on the lease board (租控图).</summary>
public enum BoardStatus { Vacant, Leased, Expiring, Reserved, NotLeasable }

public sealed record BoardUnit(long Id, string Code, decimal AreaSqm, SpaceUse Use, BoardStatus Status, long? EnterpriseId, string? EnterpriseName,
    long? LeaseId, string? LeaseCode, DateOnly? LeaseEnd, int? DaysToExpiry);

public sealed record BoardFloor(int Number, IReadOnlyList<BoardUnit> Units);

public sealed record BoardBuilding(long Id, string Name, IReadOnlyList<BoardFloor> Floors);

/// <summary>The lease board of a park: every unit by building and floor with its status; leased area over leasable area.</summary>
public sealed record LeaseBoard(long ParkId, DateOnly AsOf, int ExpiringWithinDays, IReadOnlyDictionary<BoardStatus, int> Counts,
    decimal LeasableSqm, decimal LeasedSqm, decimal OccupancyRate, IReadOnlyList<BoardBuilding> Buildings);

public sealed class LeaseBoardService(ParkOpsDb db, EnterpriseService enterprises, IEnterpriseDirectory directory)
{
    /// <summary>A holding lease ending within this many days shows as expiring (the first expiry reminder, DOMAIN §3).</summary>
    public const int ExpiringDays = 90;

    public async Task<LeaseBoard> BoardAsync(long parkId, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        if (db.Actor.IsEnterpriseOnly) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var today = enterprises.Today;
        var buildings = await db.Buildings.AsNoTracking().Where(b => b.ParkId == parkId).OrderBy(b => b.Name).ToListAsync(ct);
        var floors = await db.Floors.AsNoTracking().Where(f => f.ParkId == parkId).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.ParkId == parkId).ToListAsync(ct);
        // leases are enterprise-confidential: the query filter leaves them out for viewers who may not see them
        var holding = await (from lu in db.LeaseUnits.AsNoTracking()
                             join l in db.Leases.AsNoTracking() on lu.LeaseId equals l.Id
                             where l.ParkId == parkId && lu.Holds
                             select new { lu.UnitId, l.Id, l.Code, l.EndDate, l.EnterpriseId }).ToListAsync(ct);
        var byUnit = holding.GroupBy(h => h.UnitId).ToDictionary(g => g.Key, g => g.First());
        var ids = units.Where(u => u.OccupantEnterpriseId is not null).Select(u => u.OccupantEnterpriseId!.Value).Concat(holding.Select(h => h.EnterpriseId)).Distinct().ToArray();
        var names = await directory.NamesAsync(ids, ct);

        BoardUnit ToBoard(Unit u)
        {
            var h = byUnit.GetValueOrDefault(u.Id);
            var days = h is null ? (int?)null : h.EndDate.DayNumber - today.DayNumber;
            var status = u.Status switch
            {
                UnitStatus.NotLeasable => BoardStatus.NotLeasable,
                UnitStatus.Reserved => BoardStatus.Reserved,
                UnitStatus.Leased when days is <= ExpiringDays => BoardStatus.Expiring,
                UnitStatus.Leased => BoardStatus.Leased,
                _ => h is null ? BoardStatus.Vacant : days <= ExpiringDays ? BoardStatus.Expiring : BoardStatus.Leased,
            };
            var eid = h?.EnterpriseId ?? u.OccupantEnterpriseId;
            return new BoardUnit(u.Id, u.Code, u.AreaSqm, u.Use, status, eid is { } e && names.ContainsKey(e) ? e : null, eid is { } e2 ? names.GetValueOrDefault(e2) : null,
                h?.Id, h?.Code, h?.EndDate, days);
        }

        var board = buildings.Select(b => new BoardBuilding(b.Id, b.Name,
            floors.Where(f => f.BuildingId == b.Id).OrderByDescending(f => f.Number)
                .Select(f => new BoardFloor(f.Number, units.Where(u => u.FloorId == f.Id).OrderBy(u => u.Code, StringComparer.Ordinal).Select(ToBoard).ToList()))
                .Where(f => f.Units.Count > 0).ToList())).ToList();
        var all = board.SelectMany(b => b.Floors).SelectMany(f => f.Units).ToList();
        var leasable = all.Where(u => u.Status != BoardStatus.NotLeasable).Sum(u => u.AreaSqm);
        var leased = all.Where(u => u.Status is BoardStatus.Leased or BoardStatus.Expiring).Sum(u => u.AreaSqm);
        var counts = Enum.GetValues<BoardStatus>().ToDictionary(s => s, s => all.Count(u => u.Status == s));
        return new LeaseBoard(parkId, today, ExpiringDays, counts, leasable, leased, leasable == 0 ? 0 : Math.Round(leased / leasable, 4), board);
    }
}
