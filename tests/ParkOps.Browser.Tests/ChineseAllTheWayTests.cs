using System.Text.RegularExpressions;
using ParkOps.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParkOps.Browser.Tests;

/// <summary>
/// Chinese all the way (issue 13 §6): every page a role reaches from its menu and home, in zh-CN, shows no resource key
/// (a missing text shows its key, e.g. "Entity.PurchaseAllocation") and no English prose word. The data's own codes
/// (unit and meter codes, SMT, EMC) are capitals and digits and pass; so do a few words that are Chinese usage.
/// </summary>
[Collection(PageSweepCollection.Name)]
public sealed partial class ChineseAllTheWayTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    /// <summary>
    /// Words Chinese pages use as they are (the product, units, formats, Excel, Ctrl) and the demo's data that is not
    /// UI text: sign-in names, a brand among the customers, a product spec ("SAC305 Type4").
    /// </summary>
    private static readonly HashSet<string> Allowed =
    [
        "ParkOps", "kWh", "xlsx", "csv", "pdf", "ics", "iCal", "http", "https", "localhost", "WeCom", "API", "AGPL", "Excel", "Ctrl",
        "admin", "operator", "operator2", "gov", "tenant", "tenant2", "contractor", "partner", "vivo", "Type",
    ];

    [Theory]
    [InlineData("operator")]
    [InlineData("tenant")]
    [InlineData("gov")]
    [InlineData("admin")]
    public async Task EveryMenuPage_InChinese_HasNoKeyAndNoEnglishWord(string role)
    {
        await SignInAsync(role);
        await OpenOkAsync("/");
        var links = (await Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('nav a[href], main a[href]')].map(a => a.getAttribute('href'))"))
            .Where(h => h is not null && h.StartsWith('/') && !h.StartsWith("/api", StringComparison.Ordinal) && !h.StartsWith("/culture", StringComparison.Ordinal)
                && !h.Contains("/pdf", StringComparison.Ordinal) && !h.Contains("export", StringComparison.Ordinal) && !h.Contains(".ics", StringComparison.Ordinal))
            .Select(h => h.Split('#')[0]).Distinct().Prepend("/").ToList();
        var findings = new List<string>();
        foreach (var path in links)
        {
            var res = await Page.GotoAsync(path);
            if (res is null || res.Status != 200 || !(res.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal))) continue;
            var text = await Page.EvaluateAsync<string>("() => document.querySelector('main')?.innerText ?? ''");
            foreach (Match m in Key().Matches(text)) findings.Add($"{path}: key {m.Value}");
            foreach (Match m in Word().Matches(text))
                if (m.Value.Any(char.IsLower) && !Allowed.Contains(m.Value)) findings.Add($"{path}: word {m.Value}");
        }
        Log($"{role}: {links.Count} pages scanned");
        findings.Distinct().ShouldBeEmpty($"what {role} reads that is not Chinese");
    }

    /// <summary>A resource key: Area.Key or Area.Key.Sub (two capitalised segments joined by dots).</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z\-]*(\.[A-Za-z\-]+)*\b")]
    private static partial Regex Key();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Word();
}
