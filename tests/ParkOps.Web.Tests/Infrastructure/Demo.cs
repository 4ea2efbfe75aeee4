using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>Facts of the demo park that tests look up instead of hard-coding ids.</summary>
public static class Demo
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Task<long> ParkIdAsync(this ParkOpsFactory f, string code = "DG-CA-01") =>
        f.WithDbAsync(db => db.Parks.IgnoreQueryFilters().Where(p => p.Code == code).Select(p => p.Id).SingleAsync());

    public static Task<long> EnterpriseOfAsync(this ParkOpsFactory f, string userName) =>
        f.WithDbAsync(db => db.RoleGrants.Where(g => g.Role == Role.EnterpriseUser && db.Set<User>().Any(u => u.Id == g.UserId && u.UserName == userName))
            .Select(g => g.EnterpriseId!.Value).SingleAsync());

    public static Task<long> SomeEnterpriseAsync(this ParkOpsFactory f, long parkId, long except) =>
        f.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId && e.Id != except && e.Status == EnterpriseStatus.Admitted)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage res) => (await res.Content.ReadFromJsonAsync<T>(Json))!;

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage res) => await res.Content.ReadFromJsonAsync<JsonElement>(Json);

    /// <summary>A valid 统一社会信用代码 made from a number, so each test gets its own.</summary>
    public static string CreditCodeFor(int n)
    {
        var first17 = "91441900" + n.ToString("D9");
        return first17 + ParkOps.Domain.Enterprises.CreditCode.CheckCharacter(first17);
    }

    private static int _seq = Environment.TickCount & 0xFFFFF;
    public static string NewCreditCode() => CreditCodeFor(Interlocked.Increment(ref _seq) * 7 + 100000000 % 999999999);
}
