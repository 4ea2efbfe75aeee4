using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// An id in a request body that is left out, 0 or negative is bad input: 400 with rule Validation naming the field
/// (camelCase, with the index for a list), for every request type the API reads — found from the host's endpoints, so
/// a request type added later is covered without being listed here.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class RequiredIdTests(ParkOpsFactory app)
{
    private sealed record IdField(PropertyInfo Property, string Json)
    {
        public bool IsList => Property.PropertyType != typeof(long) && Property.PropertyType != typeof(long?);
        public bool Nullable => Property.PropertyType == typeof(long?);
    }

    /// <summary>The body's id properties, found by their names (…Id, …Ids) and types, not by asking the code under test.</summary>
    private static List<IdField> IdFields(Type t) => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => (p.PropertyType == typeof(long) || p.PropertyType == typeof(long?)) && p.Name.EndsWith("Id", StringComparison.Ordinal)
            || p.Name.EndsWith("Ids", StringComparison.Ordinal) && typeof(IEnumerable<long>).IsAssignableFrom(p.PropertyType))
        .Select(p => new IdField(p, char.ToLowerInvariant(p.Name[0]) + p.Name[1..])).ToList();

    /// <summary>A body of the type whose every id is a usable one (1); the test then spoils one.</summary>
    private static JsonObject BodyWithIds(Type t, List<IdField> ids)
    {
        var body = JsonSerializer.SerializeToNode(RuntimeHelpers.GetUninitializedObject(t), t, Demo.Json)!.AsObject();
        foreach (var f in ids) body[f.Json] = f.IsList ? new JsonArray(1) : 1;
        return body;
    }

    private IEnumerable<(ApiEndpoint Endpoint, List<IdField> Ids)> BodiesWithIds() =>
        ApiCatalog.Endpoints(app.Services, includeAnonymous: true)
            .Where(e => e.BodyType is { IsArray: false } b && b.Assembly == typeof(Features.Parks.ParkInput).Assembly)
            .Select(e => (e, IdFields(e.BodyType!))).Where(x => x.Item2.Count > 0);

    [Fact]
    public async Task Body_IdZeroNegativeOrLeftOut_Gives400NamingTheField()
    {
        var admin = await app.LoginAsync("admin");
        var failures = new List<string>();
        var cases = 0;
        foreach (var (endpoint, ids) in BodiesWithIds())
            foreach (var f in ids)
            {
                var spoiled = new List<(JsonObject Body, string Field)>();
                var zero = BodyWithIds(endpoint.BodyType!, ids);
                zero[f.Json] = f.IsList ? new JsonArray(1, 0) : 0;
                spoiled.Add((zero, f.IsList ? $"{f.Json}[1]" : f.Json));
                var negative = BodyWithIds(endpoint.BodyType!, ids);
                negative[f.Json] = f.IsList ? new JsonArray(-5) : -5;
                spoiled.Add((negative, f.IsList ? $"{f.Json}[0]" : f.Json));
                if (!f.IsList && !f.Nullable)
                {
                    var missing = BodyWithIds(endpoint.BodyType!, ids);
                    missing.Remove(f.Json);
                    spoiled.Add((missing, f.Json));
                }
                foreach (var (body, field) in spoiled)
                {
                    cases++;
                    var req = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path(new Dictionary<string, object> { ["?action"] = "terminate" }, fallback: 1))
                    {
                        Content = JsonContent.Create(body),
                    };
                    var res = await admin.SendAsync(req);
                    var text = await res.Content.ReadAsStringAsync();
                    if (res.StatusCode != HttpStatusCode.BadRequest) { failures.Add($"{endpoint} {body.ToJsonString()}: {(int)res.StatusCode} {Cut(text)}"); continue; }
                    var problem = JsonDocument.Parse(text).RootElement;
                    if (problem.Str("rule") != "Validation" || problem.Str("field") != field)
                        failures.Add($"{endpoint} {body.ToJsonString()}: rule {problem.Str("rule")} field {problem.Str("field")}, expected Validation {field}");
                }
            }
        failures.ShouldBeEmpty(string.Join("\n", failures));
        cases.ShouldBeGreaterThanOrEqualTo(30, "the API reads ids in a dozen request types");
    }

    [Fact]
    public async Task Quote_EnterpriseIdLeftOut_Gives400NamingItNot404()
    {
        var units = new[] { await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Units.Select(u => u.Id))) };
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync("/api/v1/leases/quote", new { unitIds = units, startDate = "2027-01-01", termMonths = 12 });
        var problem = await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "enterpriseId");
        problem.ErrorsFor("enterpriseId").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Lease_UnitIdZeroAmongOthers_Gives400NamingItsIndex()
    {
        var park = await app.ParkIdAsync();
        var enterprise = await app.EnterpriseOfAsync("tenant");
        var res = await (await app.LoginAsync("operator")).PostAsJsonAsync($"/api/v1/parks/{park}/leases", new { enterpriseId = enterprise, unitIds = new[] { 5L, 0L }, startDate = "2027-01-01", termMonths = 12 });
        await res.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "unitIds[1]");
    }

    [Fact]
    public async Task Inquiry_PartnerPostIdLeftOut_Gives400InTheCallersLanguage()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/collaborations") { Content = JsonContent.Create(new { postId = 5, message = "x" }) };
        req.Headers.TryAddWithoutValidation("Accept-Language", "en");
        var problem = await (await (await app.LoginAsync("tenant")).SendAsync(req)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Validation", "partnerPostId");
        problem.ErrorsFor("partnerPostId").ShouldBe(["Give a valid id (a whole number above 0)"]);
    }

    [Fact]
    public async Task Body_NullableIdLeftOut_IsNotAnIdError()
    {
        // a post without enterpriseId is a tenant's own: accepted (201), not refused for the id
        var park = await app.ParkIdAsync();
        var res = await (await app.LoginAsync("tenant")).PostAsJsonAsync($"/api/v1/parks/{park}/posts", Marketplace.MarketplaceApi.Body(), Demo.Json);
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
