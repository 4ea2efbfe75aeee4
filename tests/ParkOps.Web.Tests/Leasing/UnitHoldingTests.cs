using System.Net;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>
/// A unit has at most one holding (signed or active) lease: refused by the service with 409, and by the database's
/// partial unique index when two signings race. A host of its own: signing moves the park's occupancy.
/// </summary>
public sealed class UnitHoldingTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Fact]
    public async Task Sign_SecondLeaseOfAHeldUnit_Gives409UnitMustHaveOneActiveLeaseAndChangesNothing()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ents = await app.AdmittedAsync(park);
        var unit = await app.NewVacantUnitAsync(park);
        var first = (await op.LeaseInStateAsync(park, ents[0].Id, [unit.Id], "Approved")).Id();
        var second = (await op.LeaseInStateAsync(park, ents[1].Id, [unit.Id], "Approved")).Id();

        await op.ActOkAsync(first, "sign");
        var before = await app.LeaseAsync(second);

        var res = await op.ActAsync(second, "sign");

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnitMustHaveOneActiveLease", "unitIds");
        problem.Str("detail")!.ShouldContain(unit.Id.ToString());
        var after = await app.LeaseAsync(second);
        after.State.ShouldBe(LeaseState.Approved);
        after.UpdatedAt.ShouldBe(before.UpdatedAt);
        after.Units.ShouldAllBe(u => !u.Holds);
        var stored = await app.UnitAsync(unit.Id);
        stored.Status.ShouldBe(UnitStatus.Leased);
        stored.OccupantEnterpriseId.ShouldBe(ents[0].Id, "the unit stays with the lease that was signed first");
        (await app.WithDbAsync(db => db.LeaseUnits.Where(u => u.UnitId == unit.Id && u.Holds).Select(u => u.LeaseId).ToListAsync())).ShouldBe([first]);
    }

    [Fact]
    public async Task Sign_AfterTheHolderTerminated_IsRefusedUntilTheExitIsSettledThenSucceeds()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ents = await app.AdmittedAsync(park);
        var unit = await app.NewVacantUnitAsync(park);
        var first = (await op.LeaseInStateAsync(park, ents[2].Id, [unit.Id], "Active")).Id();
        var second = (await op.LeaseInStateAsync(park, ents[3].Id, [unit.Id], "Approved")).Id();
        await (await op.ActAsync(second, "sign")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnitMustHaveOneActiveLease");

        await op.ActOkAsync(first, "terminate", new { on = LeasingApi.NextMonth.AddMonths(1).ToString("yyyy-MM-dd") });
        // terminated, not settled: the unit stays held by the first lease
        await (await op.ActAsync(second, "sign")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnitMustHaveOneActiveLease");
        foreach (var step in new[] { "submit", "approve", "settle" })
        {
            var res = await op.PostJsonAsync($"/api/v1/leases/{first}/settlement/{step}", new { });
            res.StatusCode.ShouldBe(HttpStatusCode.OK, $"{step}: {await res.Content.ReadAsStringAsync()}");
        }
        (await op.ActOkAsync(second, "sign")).State().ShouldBe("Signed");

        var stored = await app.UnitAsync(unit.Id);
        stored.Status.ShouldBe(UnitStatus.Leased);
        stored.OccupantEnterpriseId.ShouldBe(ents[3].Id);
    }

    [Fact]
    public async Task Sign_LeaseOverADemoTenantsUnit_Gives409()
    {
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var held = await app.WithDbAsync(db => db.LeaseUnits.Where(u => u.ParkId == park && u.Holds).OrderBy(u => u.Id).FirstAsync());
        var other = (await app.AdmittedAsync(park)).First(e => e.Id != held.EnterpriseId);
        var id = (await op.LeaseInStateAsync(park, other.Id, [held.UnitId], "Approved")).Id();

        await (await op.ActAsync(id, "sign")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnitMustHaveOneActiveLease", "unitIds");

        (await app.UnitAsync(held.UnitId)).OccupantEnterpriseId.ShouldBe(held.EnterpriseId);
    }

    [Fact]
    public async Task Database_SecondHoldingLeaseUnitForAUnit_IsRefusedByTheUniqueIndex()
    {
        var park = await app.ParkIdAsync();
        var held = await app.WithDbAsync(db => db.LeaseUnits.Where(u => u.ParkId == park && u.Holds).OrderBy(u => u.Id).FirstAsync());
        var other = (await app.AdmittedAsync(park)).First(e => e.Id != held.EnterpriseId);

        Lease NewLease(bool holds) => new()
        {
            ParkId = park, EnterpriseId = other.Id, Code = "LT-DB-" + Guid.NewGuid().ToString("N")[..12], State = holds ? LeaseState.Signed : LeaseState.Approved,
            StartDate = new DateOnly(2027, 1, 1), TermMonths = 12, EndDate = new DateOnly(2027, 12, 31), Deposit = 0, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            Units = [new LeaseUnit { ParkId = park, EnterpriseId = other.Id, UnitId = held.UnitId, AreaSqm = held.AreaSqm, Use = held.Use, Holds = holds }],
        };

        // bypassing the service: the database itself keeps one holder per unit
        var ex = await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Leases.Add(NewLease(holds: true));
            return await db.SaveChangesAsync();
        }));
        LeaseService.IsUniqueViolation(ex).ShouldBeTrue(ex.InnerException?.Message);
        (await app.WithDbAsync(db => db.LeaseUnits.CountAsync(u => u.UnitId == held.UnitId && u.Holds))).ShouldBe(1);

        // the index is partial: lease units that do not hold (intents, ended leases) may name the unit as often as they like
        await app.WithDbAsync(async db =>
        {
            db.Leases.AddRange(NewLease(holds: false), NewLease(holds: false));
            return await db.SaveChangesAsync();
        });
        (await app.WithDbAsync(db => db.LeaseUnits.CountAsync(u => u.UnitId == held.UnitId))).ShouldBeGreaterThanOrEqualTo(3);

        // and turning a non-holding row into a second holder is refused as well
        var updateEx = await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var row = await db.LeaseUnits.FirstAsync(u => u.UnitId == held.UnitId && !u.Holds);
            row.Holds = true;
            return await db.SaveChangesAsync();
        }));
        LeaseService.IsUniqueViolation(updateEx).ShouldBeTrue(updateEx.InnerException?.Message);
    }

    [Fact]
    public async Task Sign_TwentyApprovedLeasesOfOneUnitInParallel_ExactlyOneWinsTheRestGet409()
    {
        const int n = 20;
        var park = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var ents = await app.AdmittedAsync(park);
        var unit = await app.NewVacantUnitAsync(park);
        var ids = new List<long>();
        for (var i = 0; i < n; i++)
            ids.Add((await op.LeaseInStateAsync(park, ents[i % ents.Count].Id, [unit.Id], "Approved")).Id());

        using var go = new SemaphoreSlim(0);
        var tasks = ids.Select(async id =>
        {
            await go.WaitAsync();
            var res = await op.ActAsync(id, "sign");
            return (Id: id, Res: res, Body: await res.Content.ReadAsStringAsync());
        }).ToList();
        go.Release(n);
        var results = await Task.WhenAll(tasks);

        var unexpected = results.Where(r => r.Res.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict)).Select(r => $"{(int)r.Res.StatusCode} {r.Body}").ToList();
        unexpected.ShouldBeEmpty();
        var winners = results.Where(r => r.Res.StatusCode == HttpStatusCode.OK).ToList();
        winners.Count.ShouldBe(1, string.Join("\n", results.Select(r => $"{r.Id}: {(int)r.Res.StatusCode}")));
        foreach (var loser in results.Where(r => r.Res.StatusCode == HttpStatusCode.Conflict))
            await loser.Res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "UnitMustHaveOneActiveLease");

        var winner = winners[0].Id;
        (await app.WithDbAsync(db => db.LeaseUnits.Where(u => u.UnitId == unit.Id && u.Holds).Select(u => u.LeaseId).ToListAsync())).ShouldBe([winner]);
        var states = await app.WithDbAsync(db => db.Leases.Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.State }).ToListAsync());
        states.Single(s => s.State == LeaseState.Signed).Id.ShouldBe(winner);
        states.Count(s => s.State == LeaseState.Approved).ShouldBe(n - 1);
        var stored = await app.UnitAsync(unit.Id);
        stored.Status.ShouldBe(UnitStatus.Leased);
        stored.OccupantEnterpriseId.ShouldBe((await app.LeaseAsync(winner)).EnterpriseId);
    }
}
