using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Metering;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Metering;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Leasing.Contracts;
using ParkOps.Web.Features.Spaces;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// Demo metering (issue 3): an electricity and a water meter on every leased unit, thirteen month-end readings (a
/// year of use), a few anomalies (a counter that goes backwards, a spike, a month of zero use), tariffs with the
/// 亩均-class surcharges, some enterprises in class C/D, and a late-fee policy from the current month. Runs before
/// the demo bill runs, so the demo bills carry utilities lines. Deterministic (fixed seed) and set-based (fast).
/// </summary>
public sealed class MeteringDemo(ParkOpsDb db, Leasing.Contracts.ILeaseLedger ledger)
{
    public async Task SeedAsync(IReadOnlyList<Park> parks, DateOnly today, DateTime now, CancellationToken ct)
    {
        var rnd = new Random(20261121);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        foreach (var park in parks)
        {
            var first = park == parks[0];
            db.UtilityTariffs.Add(new UtilityTariff { ParkId = park.Id, Utility = Utility.Electricity, EffectiveFrom = new DateOnly(2020, 1, 1), UnitPrice = first ? 0.85m : 0.82m,
                ClassCSurcharge = Tariffs.DefaultElectricityClassC, ClassDSurcharge = Tariffs.DefaultElectricityClassD, CreatedAt = now, CreatedBy = "operator" });
            db.UtilityTariffs.Add(new UtilityTariff { ParkId = park.Id, Utility = Utility.Water, EffectiveFrom = new DateOnly(2020, 1, 1), UnitPrice = first ? 4.20m : 4.00m,
                ClassCSurcharge = Tariffs.DefaultWaterClassC, ClassDSurcharge = Tariffs.DefaultWaterClassD, CreatedAt = now, CreatedBy = "operator" });
            db.LateFeePolicies.Add(new LateFeePolicy { ParkId = park.Id, EffectiveFrom = thisMonth, DailyRate = 0.0005m, GraceDays = 0, CreatedAt = now, CreatedBy = "operator" });
            var units = await db.Units.Where(u => u.ParkId == park.Id && u.OccupantEnterpriseId != null).OrderBy(u => u.Id).ToListAsync(ct);
            // 亩均 classes as the evaluation would give them: mostly A/B, some C, a few D
            var occupants = units.Select(u => u.OccupantEnterpriseId!.Value).Distinct().Order().ToList();
            var ents = await db.Enterprises.Where(e => occupants.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync(ct);
            // entered by the operator from the town's list, with its year and source (the evaluation's publication replaces them)
            foreach (var (e, i) in ents.Select((e, i) => (e, i)).Where(x => x.e.MuClass is null))
            {
                e.MuClass = (i % 10) switch { 0 or 1 or 2 => "A", 3 or 4 or 5 or 6 => "B", 7 or 8 => "C", _ => "D" };
                e.MuClassYear = now.Year - 2;
                e.MuClassSource = "镇经济发展局公布的上年度亩均效益评价结果";
            }
            var meters = new List<Meter>();
            foreach (var u in units)
            {
                meters.Add(new Meter { ParkId = park.Id, UnitId = u.Id, Utility = Utility.Electricity, Code = $"E-{u.Code}", CreatedAt = now });
                meters.Add(new Meter { ParkId = park.Id, UnitId = u.Id, Utility = Utility.Water, Code = $"W-{u.Code}", CreatedAt = now });
            }
            db.Meters.AddRange(meters);
            await db.SaveChangesAsync(ct);

            // month-end readings (23:00 Beijing on the last day) for the thirteen months before this one
            var area = units.ToDictionary(u => u.Id, u => u.AreaSqm);
            var rows = new List<(long ParkId, long MeterId, DateTime At, decimal Value)>();
            for (var k = 0; k < meters.Count; k++)
            {
                var m = meters[k];
                var value = Math.Round((decimal)rnd.Next(1000, 90000), 1);
                // use per month by area: a factory floor draws ~12 kWh/㎡ and ~0.08 m³/㎡
                var perMonth = m.Utility == Utility.Electricity ? area[m.UnitId] * 12m : Math.Max(3m, area[m.UnitId] * 0.08m);
                for (var back = 13; back >= 1; back--)
                {
                    var monthStart = thisMonth.AddMonths(-back);
                    var at = MeteringService.StartOf(monthStart.AddMonths(1)).AddHours(-1);
                    var use = Math.Round(perMonth * (0.8m + (decimal)rnd.NextDouble() * 0.4m), 1);
                    if (k == 2 && back == 3) use = Math.Round(perMonth * 7m, 1);   // a spike
                    if (k == 5 && back == 2) use = 0;                              // a month with no use
                    value += use;
                    var stored = k == 8 && back == 4 ? value - 500m : value;       // a misread that goes backwards
                    rows.Add((park.Id, m.Id, at, stored));
                }
            }
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await MeteringService.BulkInsertAsync(db, rows, ReadingSource.Import, now, ct);
                await tx.CommitAsync(ct);
            }
            var months = Enumerable.Range(1, 12).Select(b => thisMonth.AddMonths(-b)).ToList();
            await MeteringService.ScanMetersAsync(db, ledger, now, park.Id, meters.Select(m => m.Id).ToList(), months, ct);
        }
        await db.SaveChangesAsync(ct);
    }
}
