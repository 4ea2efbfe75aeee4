using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>
/// A lease's life over HTTP: intent → approved → signed → active → renewed / terminated → settled, cancel, and the
/// 409s of illegal transitions. A host of its own: signing and terminating move the park's occupancy.
/// </summary>
public sealed class LeaseLifecycleTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private async Task<(HttpClient Op, long Park, Enterprise Ent, Unit Unit)> ArrangeAsync(int enterpriseIndex = 0)
    {
        var park = await app.ParkIdAsync();
        var ents = await app.AdmittedAsync(park);
        return (await app.LoginAsync("operator"), park, ents[enterpriseIndex % ents.Count], await app.NewVacantUnitAsync(park));
    }

    private Task<int> LeaseCountAsync() => app.WithDbAsync(db => db.Leases.CountAsync());

    [Fact]
    public async Task Lease_CreatedApprovedSignedActivated_MovesThroughTheStatesAndOccupiesTheUnit()
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var start = LeasingApi.NextMonth;
        var policy = await app.PolicyOnAsync(park, start);

        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], start, 24));

        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        var lease = JsonDocument.Parse(text).RootElement;
        var id = lease.Id();
        res.Headers.Location!.ToString().ShouldBe($"/api/v1/leases/{id}");
        lease.State().ShouldBe("Intent");
        lease.Str("code")!.ShouldMatch($"^DG-CA-01-{start.Year}-\\d{{4}}$");
        lease.GetProperty("enterpriseId").GetInt64().ShouldBe(ent.Id);
        lease.Str("startDate").ShouldBe(start.ToString("yyyy-MM-dd"));
        lease.Str("endDate").ShouldBe(start.AddMonths(24).AddDays(-1).ToString("yyyy-MM-dd"));
        lease.GetProperty("deposit").GetDecimal().ShouldBe(Math.Round(unit.AreaSqm * policy.FactoryPrice * policy.DepositMonths, 2, MidpointRounding.AwayFromZero),
            "deposit = the policy's deposit months of the first full month's base rent");
        var units = lease.GetProperty("units").EnumerateArray().ToList();
        units.ShouldHaveSingleItem().GetProperty("unitId").GetInt64().ShouldBe(unit.Id);
        units[0].Str("code").ShouldBe(unit.Code);
        (await app.UnitAsync(unit.Id)).Status.ShouldBe(UnitStatus.Vacant, "an intent does not hold the unit");

        // an action needs no body
        var approve = await op.PostAsync($"/api/v1/leases/{id}/approve", null);
        approve.StatusCode.ShouldBe(HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());
        (await approve.JsonAsync()).State().ShouldBe("Approved");
        (await app.UnitAsync(unit.Id)).Status.ShouldBe(UnitStatus.Vacant, "an approved intent does not hold the unit either");

        (await op.ActOkAsync(id, "sign")).State().ShouldBe("Signed");
        var signed = await app.UnitAsync(unit.Id);
        signed.Status.ShouldBe(UnitStatus.Leased);
        signed.OccupantEnterpriseId.ShouldBe(ent.Id);
        (await app.LeaseAsync(id)).Units.ShouldAllBe(u => u.Holds);

        var active = await op.ActOkAsync(id, "activate");
        active.State().ShouldBe("Active");
        active.GetProperty("daysToExpiry").GetInt32().ShouldBe(start.AddMonths(24).AddDays(-1).DayNumber - LeasingApi.Today.DayNumber);

        var detail = await op.GetJsonAsync($"/api/v1/leases/{id}");
        detail.GetProperty("lease").State().ShouldBe("Active");
        var months = detail.GetProperty("months").EnumerateArray().ToList();
        months.Count.ShouldBe(24);
        detail.GetProperty("total").GetDecimal().ShouldBe(months.Sum(m => m.GetProperty("amount").GetDecimal()));
        (await app.LeaseAsync(id)).State.ShouldBe(LeaseState.Active);
    }

    public static TheoryData<string, string> IllegalMoves => new()
    {
        { "Intent", "activate" }, { "Intent", "sign" }, { "Intent", "settle" }, { "Intent", "renew" }, { "Intent", "terminate" },
        { "Approved", "approve" }, { "Approved", "activate" }, { "Approved", "settle" },
        { "Signed", "approve" }, { "Signed", "sign" }, { "Signed", "cancel" }, { "Signed", "settle" },
        { "Active", "settle" }, { "Active", "approve" }, { "Active", "cancel" }, { "Active", "activate" }, { "Active", "sign" },
    };

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task Lease_IllegalTransition_Gives409LeaseTransitionNotAllowedAndChangesNothing(string state, string action)
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], state);
        var id = lease.Id();
        var before = await app.LeaseAsync(id);
        var unitBefore = await app.UnitAsync(unit.Id);

        var res = await op.ActAsync(id, action, new { on = before.StartDate.AddDays(10).ToString("yyyy-MM-dd") });

        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "LeaseTransitionNotAllowed");
        problem.Str("field").ShouldBe("state");
        var after = await app.LeaseAsync(id);
        after.State.ToString().ShouldBe(state);
        after.UpdatedAt.ShouldBe(before.UpdatedAt);
        after.TerminatedOn.ShouldBeNull();
        after.SettledAt.ShouldBeNull();
        after.Units.Select(u => u.Holds).ShouldBe(before.Units.Select(u => u.Holds));
        var unitAfter = await app.UnitAsync(unit.Id);
        (unitAfter.Status, unitAfter.OccupantEnterpriseId).ShouldBe((unitBefore.Status, unitBefore.OccupantEnterpriseId));
        (await app.WithDbAsync(db => db.Leases.CountAsync(l => l.PreviousLeaseId == id))).ShouldBe(0, "no renewal was half-written");
    }

    [Fact]
    public async Task Lease_ApprovedTwice_SecondGives409()
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var id = (await op.CreateLeaseAsync(park, ent.Id, [unit.Id], LeasingApi.NextMonth)).Id();
        await op.ActOkAsync(id, "approve");

        var res = await op.ActAsync(id, "approve");

        await res.ShouldBeProblemAsync(HttpStatusCode.Conflict, "LeaseTransitionNotAllowed", "state");
        (await app.LeaseAsync(id)).State.ShouldBe(LeaseState.Approved);
    }

    [Theory]
    [InlineData("demolish")]
    [InlineData("APPROVE2")]
    public async Task Lease_UnknownAction_Gives404(string action)
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var id = (await op.CreateLeaseAsync(park, ent.Id, [unit.Id], LeasingApi.NextMonth)).Id();

        var res = await op.ActAsync(id, action);

        await res.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.LeaseAsync(id)).State.ShouldBe(LeaseState.Intent);
    }

    [Fact]
    public async Task Lease_ActionOnAnUnknownLease_Gives404()
    {
        var op = await app.LoginAsync("operator");
        var res = await op.ActAsync(987_654_321, "approve");
        await res.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await op.GetAsync("/api/v1/leases/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lease_Terminated_KeepsTheUnitUntilSettledAndTheOldSettleActionIsRefused()
    {
        var (op, park, ent, unit) = await ArrangeAsync(1);
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Active");
        var id = lease.Id();
        var on = LeasingApi.NextMonth.AddMonths(2).AddDays(9);

        var terminated = await op.ActOkAsync(id, "terminate", new { on = on.ToString("yyyy-MM-dd"), reason = "  企业搬迁  " });

        terminated.State().ShouldBe("Terminated");
        terminated.Str("terminatedOn").ShouldBe(on.ToString("yyyy-MM-dd"));
        terminated.Str("terminationReason").ShouldBe("企业搬迁");
        // issue 15 §7: the unit is freed only when the exit settlement is settled (SettlementTests)
        var held = await app.UnitAsync(unit.Id);
        held.Status.ShouldBe(UnitStatus.Leased);
        held.OccupantEnterpriseId.ShouldBe(ent.Id);
        (await app.LeaseAsync(id)).Units.ShouldAllBe(u => u.Holds);

        await (await op.ActAsync(id, "settle", new { damages = 1234.56m })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "SettleThroughStatement");
        var stored = await app.LeaseAsync(id);
        stored.State.ShouldBe(LeaseState.Terminated);
        stored.SettlementRefund.ShouldBeNull();
    }

    [Fact]
    public async Task Lease_TerminatedOutsideItsTerm_Gives422AndStaysActive()
    {
        var (op, park, ent, unit) = await ArrangeAsync(4);
        var lease = await op.LeaseInStateAsync(park, ent.Id, [unit.Id], "Active", termMonths: 12);
        var id = lease.Id();
        var after = LeasingApi.NextMonth.AddMonths(12).AddDays(1);

        var res = await op.ActAsync(id, "terminate", new { on = after.ToString("yyyy-MM-dd") });

        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "TerminationWithinTerm", "on");
        (await app.LeaseAsync(id)).State.ShouldBe(LeaseState.Active);
        (await app.UnitAsync(unit.Id)).Status.ShouldBe(UnitStatus.Leased);
    }

    [Theory]
    [InlineData("Intent")]
    [InlineData("Approved")]
    public async Task Lease_Cancelled_IsCancelledAndCannotBeApprovedOrSigned(string state)
    {
        var (op, park, ent, unit) = await ArrangeAsync(5);
        var id = (await op.LeaseInStateAsync(park, ent.Id, [unit.Id], state)).Id();

        (await op.ActOkAsync(id, "cancel")).State().ShouldBe("Cancelled");

        await (await op.ActAsync(id, "approve")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "LeaseTransitionNotAllowed");
        await (await op.ActAsync(id, "sign")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "LeaseTransitionNotAllowed");
        (await app.LeaseAsync(id)).State.ShouldBe(LeaseState.Cancelled);
        (await app.UnitAsync(unit.Id)).Status.ShouldBe(UnitStatus.Vacant);
    }

    [Fact]
    public async Task Lease_Renewed_NewIntentStartsTheDayAfterAndTakesOverTheUnitsAtSigning()
    {
        var (op, park, ent, unit) = await ArrangeAsync(6);
        var second = await app.NewVacantUnitAsync(park, 300m, SpaceUse.Lab);
        var old = await op.LeaseInStateAsync(park, ent.Id, [unit.Id, second.Id], "Active", termMonths: 12);
        var oldId = old.Id();
        var oldEnd = DateOnly.Parse(old.Str("endDate")!);

        var renewal = await op.ActOkAsync(oldId, "renew");

        var newId = renewal.Id();
        newId.ShouldNotBe(oldId);
        renewal.State().ShouldBe("Intent");
        renewal.Str("startDate").ShouldBe(oldEnd.AddDays(1).ToString("yyyy-MM-dd"));
        renewal.GetProperty("termMonths").GetInt32().ShouldBe(12);
        renewal.GetProperty("previousLeaseId").GetInt64().ShouldBe(oldId);
        renewal.GetProperty("enterpriseId").GetInt64().ShouldBe(ent.Id);
        renewal.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unitId").GetInt64()).Order().ShouldBe(new[] { unit.Id, second.Id }.Order());
        (await app.LeaseAsync(oldId)).State.ShouldBe(LeaseState.Active, "the old lease runs on until the renewal is signed");

        await op.ActOkAsync(newId, "approve");
        (await op.ActOkAsync(newId, "sign")).State().ShouldBe("Signed");

        (await app.LeaseAsync(oldId)).State.ShouldBe(LeaseState.Renewed);
        var holders = await app.WithDbAsync(db => db.LeaseUnits.Where(u => (u.UnitId == unit.Id || u.UnitId == second.Id) && u.Holds).Select(u => u.LeaseId).ToListAsync());
        holders.ShouldBe([newId, newId]);
        foreach (var u in new[] { unit.Id, second.Id })
        {
            var stored = await app.UnitAsync(u);
            stored.Status.ShouldBe(UnitStatus.Leased);
            stored.OccupantEnterpriseId.ShouldBe(ent.Id);
        }
        // the renewed lease is settled like any ended one, through its statement
        foreach (var step in new[] { "submit", "approve", "settle" })
        {
            var res = await op.PostJsonAsync($"/api/v1/leases/{oldId}/settlement/{step}", new { });
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        }
        (await app.LeaseAsync(oldId)).State.ShouldBe(LeaseState.Settled);
        (await app.UnitAsync(unit.Id)).Status.ShouldBe(UnitStatus.Leased, "the renewal holds the units the renewed lease handed over");
    }

    [Fact]
    public async Task Lease_Transitions_WriteAuditRowsWithStateBeforeAndAfter()
    {
        var (op, park, ent, unit) = await ArrangeAsync(8);
        var id = (await op.CreateLeaseAsync(park, ent.Id, [unit.Id], LeasingApi.NextMonth)).Id();
        await op.ActOkAsync(id, "approve");
        await op.ActOkAsync(id, "sign");
        await (await op.ActAsync(id, "approve")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "LeaseTransitionNotAllowed");
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var rows = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(Lease) && a.EntityKey == key).OrderBy(a => a.Id).ToListAsync());

        rows.Select(r => r.Action).ShouldBe(["Created", "Updated", "Updated"], "create, approve and sign; the refused approve wrote nothing");
        rows.ShouldAllBe(r => r.ActorName == "operator" && r.ParkId == park);
        JsonDocument.Parse(rows[0].After!).RootElement.Str("State").ShouldBe("Intent");
        var states = rows.Skip(1).Select(r => (JsonDocument.Parse(r.Before!).RootElement.Str("State"), JsonDocument.Parse(r.After!).RootElement.Str("State"))).ToList();
        states.ShouldBe([("Intent", "Approved"), ("Approved", "Signed")]);

        // signing also records the lease unit taking hold and the unit becoming leased
        var leaseUnit = (await app.LeaseAsync(id)).Units.Single().Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var holds = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(LeaseUnit) && a.EntityKey == leaseUnit && a.Action == "Updated").ToListAsync());
        JsonDocument.Parse(holds.ShouldHaveSingleItem().After!).RootElement.GetProperty("Holds").GetBoolean().ShouldBeTrue();
        var unitKey = unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var unitRows = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(Unit) && a.EntityKey == unitKey && a.Action == "Updated").ToListAsync());
        var unitAfter = JsonDocument.Parse(unitRows.ShouldHaveSingleItem().After!).RootElement;
        unitAfter.Str("Status").ShouldBe("Leased");
        unitAfter.GetProperty("OccupantEnterpriseId").GetInt64().ShouldBe(ent.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task CreateLease_TermOfNoMonths_Gives400NamingTermMonthsAndWritesNothing(int term)
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var before = await LeaseCountAsync();

        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], LeasingApi.NextMonth, term));

        (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "termMonths")).ErrorsFor("termMonths");
        (await LeaseCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateLease_NegativeDeposit_Gives400NamingDeposit()
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var before = await LeaseCountAsync();

        var res = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], LeasingApi.NextMonth, 12, deposit: -0.01m));

        (await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field: "deposit")).ErrorsFor("deposit");
        (await LeaseCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateLease_RefusedInput_Gives4xxNamingFieldAndRule()
    {
        var (op, park, ent, unit) = await ArrangeAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var foreignUnit = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == hm).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        var foreignEnt = (await app.AdmittedAsync(hm))[0].Id;
        var applicant = await app.WithDbAsync(db => db.Enterprises.Where(e => e.ParkId == park && e.Status == EnterpriseStatus.Applicant).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        var blocked = await app.WithDbAsync(db => db.Units.Where(u => u.ParkId == park && u.Status == UnitStatus.NotLeasable).Select(u => u.Id).FirstAsync());
        var admin = await app.LoginAsync("admin");
        var before = await LeaseCountAsync();
        var path = $"/api/v1/parks/{park}/leases";

        await (await op.PostJsonAsync(path, LeasingApi.LeaseBody(ent.Id, [unit.Id, foreignUnit], LeasingApi.NextMonth)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnitsMustBelongToPark", "unitIds");
        await (await op.PostJsonAsync(path, LeasingApi.LeaseBody(ent.Id, [blocked], LeasingApi.NextMonth)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "UnitMustBeLeasable", "unitIds");
        await (await op.PostJsonAsync(path, LeasingApi.LeaseBody(applicant, [unit.Id], LeasingApi.NextMonth)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "LeaseNeedsAdmittedEnterprise", "enterpriseId");
        await (await admin.PostJsonAsync(path, LeasingApi.LeaseBody(foreignEnt, [unit.Id], LeasingApi.NextMonth)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "EnterpriseMustBelongToPark", "enterpriseId");
        // the operator of DG-CA-01 cannot even see DG-HM-01's enterprise
        await (await op.PostJsonAsync(path, LeasingApi.LeaseBody(foreignEnt, [unit.Id], LeasingApi.NextMonth)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await op.PostJsonAsync(path, new { enterpriseId = ent.Id, unitIds = Array.Empty<long>(), startDate = LeasingApi.NextMonth, termMonths = 12 }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await LeaseCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateLease_InAYearThatHasDemoLeases_GetsACodeOfItsOwn()
    {
        // the demo park's leases carry codes DG-CA-01-{year}-{n}; new leases starting in those years must not collide with them
        var (op, park, ent, unit) = await ArrangeAsync(7);
        var codes = await app.WithDbAsync(db => db.Leases.Where(l => l.ParkId == park).Select(l => l.Code).ToListAsync());
        var priced = await app.WithDbAsync(db => db.RentPolicyVersions.Where(p => p.ParkId == park).MinAsync(p => p.EffectiveFrom));
        var year = codes.Select(c => int.Parse(c.Split('-')[3])).Where(y => y > priced.Year).GroupBy(y => y).OrderByDescending(g => g.Count()).First().Key;
        var prefix = $"DG-CA-01-{year}-";
        var inYear = codes.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var highest = inYear.Max(c => int.Parse(c[prefix.Length..]));
        var start = new DateOnly(year, 6, 1);

        // enough new leases in that year to pass the highest number the demo gave out
        var created = new List<string>();
        for (var i = 0; i <= highest - inYear.Count; i++)
        {
            var res = await op.PostJsonAsync($"/api/v1/parks/{park}/leases", LeasingApi.LeaseBody(ent.Id, [unit.Id], start, 12));
            var text = await res.Content.ReadAsStringAsync();
            res.StatusCode.ShouldBe(HttpStatusCode.Created, $"lease {i + 1} starting {start} (demo codes of {year}: {string.Join(", ", inYear.Order())}): {text}");
            created.Add(JsonDocument.Parse(text).RootElement.Str("code")!);
        }
        created.ShouldAllBe(c => Regex.IsMatch(c, $"^{prefix}\\d{{4}}$"));
        created.Concat(inYear).ShouldBeUnique();
    }
}
