using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Audit;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>Row counts of the tables a foundation write touches: equal before and after means nothing was written.</summary>
public sealed record RowCounts(int Enterprises, int Units, int Buildings, int Decisions, int Documents, int ExitCases, int Users, int Audit);

/// <summary>Requests the foundation tests send again and again.</summary>
public static class FoundationApi
{
    private static int _n = Environment.TickCount & 0xFFFF;

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _n)}";

    /// <summary>A valid enterprise registration with a fresh credit code and name.</summary>
    public static JsonObject NewEnterprise(string? name = null) => new()
    {
        ["creditCode"] = Demo.NewCreditCode(),
        ["name"] = name ?? Unique("东莞市测试电子有限公司"),
        ["legalPerson"] = "张三",
        ["industryCode"] = "C3982",
        ["chainStages"] = new JsonArray("SMT贴片"),
        ["establishedOn"] = "2020-05-01",
        ["sizeClass"] = "BelowScale",
        ["tags"] = new JsonArray(),
        ["employees"] = 25,
        ["contactPhone"] = "0769-81234567",
    };

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> CreateEnterpriseAsync(this HttpClient client, long parkId, JsonObject? body = null)
    {
        var res = await client.PostAsync($"/api/v1/parks/{parkId}/enterprises", Json(body ?? NewEnterprise()));
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates an account through the API (as the platform admin); returns its id.</summary>
    public static async Task<long> CreateUserAsync(this HttpClient admin, string userName, string password, string role = "ServicePartner", long? parkId = null, long? enterpriseId = null, long? regionId = null)
    {
        var res = await admin.PostAsync("/api/v1/users", Json(new JsonObject
        {
            ["userName"] = userName, ["displayName"] = "测试账号 " + userName, ["password"] = password, ["role"] = role,
            ["parkId"] = parkId, ["enterpriseId"] = enterpriseId, ["regionId"] = regionId,
        }));
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> LoginRawAsync(this HttpClient client, string userName, string password) =>
        client.PostAsync("/api/v1/auth/login", Json(new JsonObject { ["userName"] = userName, ["password"] = password }));

    public static Task<RowCounts> CountsAsync(this ParkOpsFactory app) => app.WithDbAsync(async db => new RowCounts(
        await db.Enterprises.CountAsync(), await db.Units.CountAsync(), await db.Buildings.CountAsync(), await db.AdmissionDecisions.CountAsync(),
        await db.EnterpriseDocuments.CountAsync(), await db.ExitCases.CountAsync(), await db.Users.CountAsync(), await db.AuditEntries.CountAsync()));
}
