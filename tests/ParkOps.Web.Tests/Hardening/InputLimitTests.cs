using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Domain.Rules;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using static ParkOps.Web.Tests.Foundation.FoundationApi;

namespace ParkOps.Web.Tests.Hardening;

/// <summary>
/// Every string a write endpoint takes has a maximum enforced before storage, taken from the column it is stored in
/// (EF Core model) or stated on the request type; the endpoints are read from the running host, so a new one is
/// covered without being listed.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class InputLimitTests(HardeningFactory app)
{
    /// <summary>Columns no request writes: filled by the platform itself (audit snapshots).</summary>
    private static readonly HashSet<string> Unbounded = ["AuditEntry.Before", "AuditEntry.After"];

    /// <summary>
    /// Request strings whose declaration belongs in a file another engineer is rewriting at the time of writing
    /// (Features/Billing/BillReissueService.cs): the service checks 200 characters itself and the guard's default of
    /// 400 holds the BillLine.Description column, but the record should say [Line(200)]. Listed, not skipped silently.
    /// </summary>
    private static readonly HashSet<string> DeclaredElsewhere = [];

    private IModel Model() => app.Services.GetRequiredService<IDbContextFactory<Data.ParkOpsDb>>().CreateDbContext().Model;

    private IEnumerable<(ApiEndpoint Endpoint, RequestString Field)> WrittenStrings()
    {
        var model = Model();
        foreach (var e in ApiCatalog.Endpoints(app.Services, includeAnonymous: true).Where(e => e.IsWrite && e.BodyType is not null))
        {
            var parameter = RequestShapes.BodyParameter(e);
            var stored = parameter?.GetCustomAttributes(typeof(StoredInAttribute), false).OfType<StoredInAttribute>().FirstOrDefault()?.Entity;
            // a body that is a list names its elements as the endpoint says (policies[0].category)
            var root = parameter?.GetCustomAttributes(typeof(MaxItemsAttribute), false).OfType<MaxItemsAttribute>().FirstOrDefault()?.Field ?? "";
            foreach (var s in RequestShapes.Strings(e.BodyType!, model, stored))
                if (!DeclaredElsewhere.Contains($"{e} {root}{s.Path}")) yield return (e, s with { Path = root + s.Path });
        }
    }

    [Fact]
    public void EveryStringAWriteEndpointTakes_HasAMaximumWithinItsColumn()
    {
        var fields = WrittenStrings().ToList();
        fields.Count.ShouldBeGreaterThan(100, "the write endpoints take many strings");
        var problems = new List<string>();
        foreach (var (e, f) in fields)
        {
            if (f.Column is not null && f.ColumnMax is null) problems.Add($"{e} {f.Path}: stored in {f.Column}, a column without a maximum length");
            if (f.Expected is null) problems.Add($"{e} {f.Path}: no maximum (state one with [Code]/[Line]/[FreeText](n) or map it with [StoredIn])");
            if (f is { Declared: { } d, ColumnMax: { } c, Normalised: false } && d > c) problems.Add($"{e} {f.Path}: declares {d} characters, its column {f.Column} holds {c}");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public void EveryStringColumn_HasAMaximumLength()
    {
        var open = Model().GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.ClrType == typeof(string) && p.GetMaxLength() is null)
            .Select(p => $"{p.DeclaringType.ClrType.Name}.{p.Name}").Where(n => !Unbounded.Contains(n)).ToList();
        open.ShouldBeEmpty("string columns without a maximum length: " + string.Join(", ", open));
    }

    [Fact]
    public async Task WriteEndpoints_StringOneOverItsMaximum_Give400NamingTheField()
    {
        var admin = await app.LoginAsync("admin");
        var failures = new List<string>();
        var sent = 0;
        foreach (var (e, f) in WrittenStrings())
        {
            var max = f.Expected!.Value;
            var lengths = f.Kind == TextKind.MultiLine ? new[] { max + 1, 100_000 } : [max + 1];
            foreach (var length in lengths)
            {
                sent++;
                var body = RequestShapes.With(RequestShapes.Sample(e.BodyType!)!, f.Steps, new string('长', length));
                using var req = new HttpRequestMessage(new HttpMethod(e.Method), e.Path(new Dictionary<string, object>(), fallback: 1)) { Content = Json(body) };
                using var res = await admin.SendAsync(req);
                var text = await res.Content.ReadAsStringAsync();
                if (res.StatusCode != HttpStatusCode.BadRequest) { failures.Add($"{e} {f.Path} × {length}: {(int)res.StatusCode} {Cut(text)}"); continue; }
                var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
                if (!problem.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(f.Path, out var messages))
                    failures.Add($"{e} {f.Path} × {length}: 400 without errors.{f.Path}: {Cut(text)}");
                else if (!messages.EnumerateArray().Any(m => m.GetString()!.Contains(max.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                    failures.Add($"{e} {f.Path} × {length}: the error does not state the maximum {max}: {Cut(text)}");
                if (text.Length > 5_000) failures.Add($"{e} {f.Path} × {length}: the error is {text.Length} characters long");
            }
        }
        sent.ShouldBeGreaterThan(100);
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
