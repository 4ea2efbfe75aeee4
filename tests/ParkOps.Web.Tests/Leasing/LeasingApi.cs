using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Tests.Leasing;

/// <summary>Requests and look-ups the leasing tests share: fresh vacant units, leases through the API, dates as the host sees them.</summary>
public static class LeasingApi
{
    private static int _n = Environment.TickCount & 0xFFFF;

    /// <summary>The host's business day (Asia/Shanghai), as <see cref="LeaseService.Today"/> computes it on the real clock.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Time.Shanghai).DateTime);

    /// <summary>The 1st of next month: a start date that can be activated at once (within 31 days) and prices as whole months.</summary>
    public static DateOnly NextMonth => new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);

    public static string Month(DateOnly d) => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new vacant unit of the park on the ground floor of its first building (written straight to the database).</summary>
    public static async Task<Unit> NewVacantUnitAsync(this ParkOpsFactory app, long parkId, decimal area = 512.5m, SpaceUse use = SpaceUse.Factory)
    {
        var code = $"LT-{Interlocked.Increment(ref _n)}";
        return await app.WithDbAsync(async db =>
        {
            var building = await db.Buildings.Where(b => b.ParkId == parkId).OrderBy(b => b.Id).FirstAsync();
            var floor = await db.Floors.Where(f => f.BuildingId == building.Id && f.Number == 1).FirstAsync();
            var unit = new Unit { ParkId = parkId, BuildingId = building.Id, FloorId = floor.Id, Code = code, AreaSqm = area, Use = use, LoadTonsPerSqm = 3m, Status = UnitStatus.Vacant };
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            return unit;
        });
    }

    /// <summary>A new admitted enterprise of the park with no leases yet: outside the leading industry, no tags.</summary>
    public static Task<Enterprise> NewTenantAsync(this ParkOpsFactory app, long park, DateOnly established, decimal score) => app.WithDbAsync(async db =>
    {
        var n = Interlocked.Increment(ref _n) + Environment.TickCount % 100000;
        var first17 = "91441900" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        var e = new Enterprise
        {
            ParkId = park, CreditCode = first17 + ParkOps.Domain.Enterprises.CreditCode.CheckCharacter(first17), Name = $"东莞市租期测试{n}科技有限公司", IndustryCode = "C3982", ChainStages = "SMT贴片",
            SizeClass = SizeClass.BelowScale, EstablishedOn = established, Employees = 20, Tags = "", Status = EnterpriseStatus.Admitted, ContributionScore = score,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Enterprises.Add(e);
        await db.SaveChangesAsync();
        return e;
    });

    /// <summary>Admitted enterprises of the park, in id order.</summary>
    public static Task<List<Enterprise>> AdmittedAsync(this ParkOpsFactory app, long parkId) =>
        app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId && e.Status == EnterpriseStatus.Admitted).OrderBy(e => e.Id).ToListAsync());

    public static Task<Unit> UnitAsync(this ParkOpsFactory app, long id) => app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == id));

    public static Task<Lease> LeaseAsync(this ParkOpsFactory app, long id) =>
        app.WithDbAsync(db => db.Leases.AsNoTracking().Include(l => l.Units).SingleAsync(l => l.Id == id));

    /// <summary>The policy version in force on the day (the demo park has one).</summary>
    public static Task<RentPolicyVersion> PolicyOnAsync(this ParkOpsFactory app, long parkId, DateOnly day) =>
        app.WithDbAsync(db => db.RentPolicyVersions.AsNoTracking().Where(p => p.ParkId == parkId && p.EffectiveFrom <= day).OrderByDescending(p => p.EffectiveFrom).FirstAsync());

    public static object LeaseBody(long enterpriseId, long[] unitIds, DateOnly start, int termMonths = 12, decimal? deposit = null) =>
        new { enterpriseId, unitIds, startDate = start, termMonths, deposit };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, Demo.Json);

    /// <summary>Records a lease intent and returns the lease (201 expected).</summary>
    public static async Task<JsonElement> CreateLeaseAsync(this HttpClient op, long parkId, long enterpriseId, long[] unitIds, DateOnly start, int termMonths = 12)
    {
        var res = await op.PostJsonAsync($"/api/v1/parks/{parkId}/leases", LeaseBody(enterpriseId, unitIds, start, termMonths));
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> ActAsync(this HttpClient op, long leaseId, string action, object? body = null) =>
        op.PostJsonAsync($"/api/v1/leases/{leaseId}/{action}", body ?? new { });

    /// <summary>Runs a lease action that must succeed; returns the lease it answers with.</summary>
    public static async Task<JsonElement> ActOkAsync(this HttpClient op, long leaseId, string action, object? body = null)
    {
        var res = await op.ActAsync(leaseId, action, body);
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, $"{action} {leaseId}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A lease brought to <paramref name="state"/> (Intent, Approved, Signed or Active) through the API.</summary>
    public static async Task<JsonElement> LeaseInStateAsync(this HttpClient op, long parkId, long enterpriseId, long[] unitIds, string state, DateOnly? start = null, int termMonths = 12)
    {
        var lease = await op.CreateLeaseAsync(parkId, enterpriseId, unitIds, start ?? NextMonth, termMonths);
        var id = lease.GetProperty("id").GetInt64();
        foreach (var (action, reached) in new[] { ("approve", "Approved"), ("sign", "Signed"), ("activate", "Active") })
        {
            if (lease.GetProperty("state").GetString() == state) break;
            lease = await op.ActOkAsync(id, action);
            lease.GetProperty("state").GetString().ShouldBe(reached);
        }
        lease.GetProperty("state").GetString().ShouldBe(state);
        return lease;
    }

    public static long Id(this JsonElement e) => e.GetProperty("id").GetInt64();

    public static string? State(this JsonElement e) => e.GetProperty("state").GetString();

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var res = await client.GetAsync(path);
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
