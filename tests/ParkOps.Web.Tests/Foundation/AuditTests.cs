using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>Who changed what: audit rows for every change, in the change's transaction, scoped like the data, never holding a secret.</summary>
[Collection(DemoCollection.Name)]
public sealed class AuditTests(ParkOpsFactory app)
{
    private Task<List<AuditEntry>> RowsAsync(string entity, long key) =>
        app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == entity && a.EntityKey == key.ToString()).OrderBy(a => a.Id).ToListAsync());

    private static JsonElement Parse(string? json) => JsonDocument.Parse(json ?? "null").RootElement;

    [Fact]
    public async Task Audit_EnterpriseCreated_RowNamesActorActionKeyAndNewValues()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var body = NewEnterprise();
        var id = (await op.CreateEnterpriseAsync(park, body)).GetProperty("id").GetInt64();
        var operatorId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "operator").Select(u => u.Id).SingleAsync());

        var row = (await RowsAsync("Enterprise", id)).ShouldHaveSingleItem();
        row.Action.ShouldBe("Created");
        row.ActorName.ShouldBe("operator");
        row.ActorId.ShouldBe(operatorId);
        row.ParkId.ShouldBe(park);
        row.Before.ShouldBeNull();
        var after = Parse(row.After);
        after.GetProperty("Id").GetInt64().ShouldBe(id);
        after.GetProperty("Name").GetString().ShouldBe(body["name"]!.GetValue<string>());
        after.GetProperty("CreditCode").GetString().ShouldBe(body["creditCode"]!.GetValue<string>());
        row.After!.ShouldContain("东莞市测试电子", Case.Sensitive, "Chinese is kept readable, not \\u-escaped");
    }

    [Fact]
    public async Task Audit_EnterpriseUpdated_RowHoldsBeforeAndAfterOfWhatChanged()
    {
        var op = await app.LoginAsync("operator");
        var created = await op.CreateEnterpriseAsync(await app.ParkIdAsync());
        var id = created.GetProperty("id").GetInt64();
        var body = NewEnterprise(Unique("东莞市新名电子有限公司"));
        body["creditCode"] = created.Str("creditCode");
        (await op.PutAsync($"/api/v1/enterprises/{id}", Json(body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rows = await RowsAsync("Enterprise", id);
        rows.Select(r => r.Action).ShouldBe(["Created", "Updated"]);
        var updated = rows[1];
        updated.ActorName.ShouldBe("operator");
        Parse(updated.Before).GetProperty("Name").GetString().ShouldBe(created.Str("name"));
        var after = Parse(updated.After);
        after.GetProperty("Name").GetString().ShouldBe(body["name"]!.GetValue<string>());
        after.TryGetProperty("CreditCode", out _).ShouldBeFalse("after holds what changed (and the key), not unchanged values");
    }

    [Fact]
    public async Task Audit_CallersTransactionRolledBack_LeavesNeitherTheChangeNorItsAuditRow()
    {
        var code = "R" + Random.Shared.Next(100_000_000, 999_999_999);
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Regions.Add(new Region { Name = "回滚测试区", Code = code, Level = RegionLevel.County });
            await db.SaveChangesAsync();
            (await db.AuditEntries.CountAsync(a => a.Entity == "Region" && a.After!.Contains(code))).ShouldBe(1, "the audit row is written inside the caller's transaction");
            await tx.RollbackAsync();
            return 0;
        });
        (await app.WithDbAsync(db => db.Regions.CountAsync(r => r.Code == code))).ShouldBe(0);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.After!.Contains(code)))).ShouldBe(0);
    }

    [Fact]
    public async Task Audit_ChangeRefusedByTheDatabase_LeavesNoAuditRow()
    {
        var code = "D" + Random.Shared.Next(100_000_000, 999_999_999);
        var before = await app.CountsAsync();
        await Should.ThrowAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            // the unique index on Regions.Code refuses the second row
            db.Regions.Add(new Region { Name = "甲", Code = code, Level = RegionLevel.County });
            db.Regions.Add(new Region { Name = "乙", Code = code, Level = RegionLevel.County });
            return db.SaveChangesAsync();
        }));
        (await app.CountsAsync()).ShouldBe(before);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.After!.Contains(code)))).ShouldBe(0);
    }

    private static async Task<JsonElement> AuditPageAsync(HttpClient c, string query)
    {
        var res = await c.GetAsync($"/api/v1/audit?{query}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.JsonAsync();
    }

    [Fact]
    public async Task AuditLog_Operator_SeesItsOwnParksRowsOnly()
    {
        var ca = await app.ParkIdAsync();
        var hm = await app.ParkIdAsync("DG-HM-01");
        var mine = (await (await app.LoginAsync("operator")).CreateEnterpriseAsync(ca)).GetProperty("id").GetInt64();
        var theirs = (await (await app.LoginAsync("operator2")).CreateEnterpriseAsync(hm)).GetProperty("id").GetInt64();
        var op = await app.LoginAsync("operator");

        (await AuditPageAsync(op, $"entity=Enterprise&entityKey={mine}")).GetProperty("total").GetInt32().ShouldBe(1);
        (await AuditPageAsync(op, $"entity=Enterprise&entityKey={theirs}")).GetProperty("total").GetInt32().ShouldBe(0);
        var all = await AuditPageAsync(op, "pageSize=500");
        all.GetProperty("items").EnumerateArray().ShouldAllBe(a => a.GetProperty("parkId").ValueKind == JsonValueKind.Number && a.GetProperty("parkId").GetInt64() == ca);
        var byActor = await AuditPageAsync(op, "actor=operator2&pageSize=500");
        byActor.GetProperty("total").GetInt32().ShouldBe(0, "operator2 works in the other park");

        var admin = await app.LoginAsync("admin");
        var seen = await AuditPageAsync(admin, $"entity=Enterprise&entityKey={theirs}");
        seen.GetProperty("total").GetInt32().ShouldBe(1);
        seen.GetProperty("items")[0].Str("actorName").ShouldBe("operator2");
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("gov")]
    [InlineData("partner")]
    public async Task AuditLog_NotAnOperatorOrAdmin_Gets403(string user)
    {
        await (await (await app.LoginAsync(user)).GetAsync("/api/v1/audit")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Audit_NoRow_EverHoldsAPasswordHash()
    {
        var admin = await app.LoginAsync("admin");
        var name = Unique("audit_probe_");
        var userId = await admin.CreateUserAsync(name, "Secret12345abc");
        // deactivating the account changes it, which is audited too (with the row's before and after)
        (await admin.PostAsync($"/api/v1/users/{userId}/deactivate", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var hash = await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleAsync());
        hash.Length.ShouldBeGreaterThan(20);

        var userRows = await RowsAsync("User", userId);
        userRows.Select(r => r.Action).ShouldBe(["Created", "Updated"]);
        Parse(userRows[0].After).GetProperty("UserName").GetString().ShouldBe(name);
        Parse(userRows[1].After).GetProperty("IsActive").GetBoolean().ShouldBeFalse();

        var leaks = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a =>
            (a.Before != null && (a.Before.Contains("PasswordHash") || a.Before.Contains(hash))) ||
            (a.After != null && (a.After.Contains("PasswordHash") || a.After.Contains(hash)))));
        leaks.ShouldBe(0);
    }
}
