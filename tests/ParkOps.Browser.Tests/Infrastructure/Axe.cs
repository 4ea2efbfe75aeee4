using System.Text;
using System.Text.Json;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// axe-core (pinned in package.json, copied beside the binaries at build time) run on the page as it is shown.
/// Violations of impact "serious" or "critical" fail; lesser ones are written to the test output.
/// </summary>
public static class Axe
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "axe.min.js");

    // read once per run: half a megabyte, injected into every page a test checks
    private static readonly Lazy<Task<string>> Source = new(async () => await File.ReadAllTextAsync(Script) + "\n;undefined");

    public sealed record Violation(string Id, string Impact, string Help, string HelpUrl, string[] Nodes);

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        if (!File.Exists(Script)) throw new FileNotFoundException("axe.min.js is missing beside the test binaries: the build runs `npm ci` in tests/ParkOps.Browser.Tests and copies it", Script);
        // evaluated by Playwright, not added as a <script> element: the site's Content-Security-Policy blocks inline
        // scripts (and script files from elsewhere), which is what the browser tests also check
        // a page patched by enhanced navigation keeps its elements, so a changed class runs its CSS transition (Bootstrap's
        // buttons, 0.15 s): contrast is judged on the settled colours, as a full load would show them
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.EvaluateAsync(await Source.Value);
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.map(v => ({
                id: v.id, impact: v.impact ?? 'unknown', help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary ?? '').replace(/\s+/g, ' '))
              }));
            }
            """);
        return json.Deserialize<Violation[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>Fails with rule id, impact, target selectors and help text for every serious or critical violation.</summary>
    public static async Task ShouldHaveNoSeriousViolationsAsync(this IPage page, Action<string>? log = null)
    {
        var all = await RunAsync(page);
        foreach (var v in all.Where(v => !IsSerious(v))) log?.Invoke($"axe ({v.Impact}) {v.Id} on {page.Url}: {v.Help} [{string.Join("; ", v.Nodes)}]");
        var serious = all.Where(IsSerious).ToList();
        if (serious.Count == 0) return;
        var text = new StringBuilder($"axe-core found {serious.Count} serious/critical violation(s) on {page.Url}:");
        foreach (var v in serious)
        {
            text.Append($"\n- {v.Id} ({v.Impact}): {v.Help} — {v.HelpUrl}");
            foreach (var n in v.Nodes) text.Append($"\n    {n}");
        }
        throw new AccessibilityException(text.ToString());
    }

    public static bool IsSerious(Violation v) => v.Impact is "serious" or "critical";
}

/// <summary>axe-core found violations that fail the page.</summary>
public sealed class AccessibilityException(string message) : Exception(message);
