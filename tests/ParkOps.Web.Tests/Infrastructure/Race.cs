using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ParkOps.Web.Data;

namespace ParkOps.Web.Tests.Infrastructure;

/// <summary>One answer of a race: status, body, and whether it was a replay of an idempotent request.</summary>
public sealed record RaceAnswer(HttpStatusCode Status, string Body, bool Replayed)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string? Rule => Json.TryGetProperty("rule", out var r) ? r.GetString() : null;
    public override string ToString() => $"{(int)Status} {(Body.Length > 200 ? Body[..200] : Body)}";
}

/// <summary>Races: N requests made ready first and released together, so they really overlap.</summary>
public static class Race
{
    /// <summary>
    /// Sends <paramref name="count"/> POSTs at once, spread over <paramref name="clients"/>; <paramref name="request"/>
    /// gives request i its path, body and Idempotency-Key (null: none).
    /// </summary>
    public static async Task<List<RaceAnswer>> PostAsync(IReadOnlyList<HttpClient> clients, int count, Func<int, (string Path, object Body, string? Key)> request)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            var (path, body, key) = request(i);
            using var msg = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Demo.Json) };
            if (key is not null) msg.Headers.Add("Idempotency-Key", key);
            await gate.Task;
            using var res = await clients[i % clients.Count].SendAsync(msg);
            return new RaceAnswer(res.StatusCode, await res.Content.ReadAsStringAsync(), res.Headers.Contains("Idempotent-Replayed"));
        }).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    /// <summary>"200×1, 409×49": how the answers fell, for assertion messages.</summary>
    public static string Tally(this IEnumerable<RaceAnswer> answers) =>
        string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))
        + " | " + string.Join(" | ", answers.Where(a => (int)a.Status >= 400).Select(a => a.ToString()).Distinct().Take(3));
}

/// <summary>A second app process on the same database (another instance behind the load balancer).</summary>
public sealed class SecondHost(DatabaseOptions database) : WebApplicationFactory<Program>
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "parkops-tests", "second-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ParkOps:DataProtection:KeysPath", _keys);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<DatabaseOptions>();
            s.AddSingleton(database);
            s.RemoveAll<Features.Auth.SecurityOptions>();
            s.AddSingleton(new Features.Auth.SecurityOptions { LoginPermitsPerMinute = 100_000 });
        });
    }

    public async Task<HttpClient> LoginAsync(string user)
    {
        var c = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var res = await c.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = Features.Demo.DemoSeeder.Password });
        res.EnsureSuccessStatusCode();
        var token = (await res.Content.ReadFromJsonAsync<ParkOpsFactory.TokenResponse>())!.AccessToken;
        c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return c;
    }
}
