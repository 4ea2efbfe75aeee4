using System.Text.RegularExpressions;

namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// Waiting for the page a click or a submitted form leads to. Not <c>WaitForURLAsync</c>'s own wait for the load
/// event: when that event comes within milliseconds of the navigation (small pages on loopback) the client can miss
/// it while it subscribes, and then times out after 30 s on a page long loaded (seen on CI as a timeout whose log
/// names only a later "NetworkIdle" event). The URL is awaited at commit, and the load is then read from the
/// document itself. Links and forms are enhanced (blazor.web.js fetches the next page and patches the document, the
/// URL changes before the new content is in): console.js marks &lt;html data-navigating&gt; until the page is patched.
/// </summary>
public static class Navigation
{
    public static async Task WaitForPageAsync(this IPage page, Regex url)
    {
        await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await LoadedAsync(page);
    }

    public static async Task WaitForPageAsync(this IPage page, string glob)
    {
        await page.WaitForURLAsync(glob, new() { WaitUntil = WaitUntilState.Commit });
        await LoadedAsync(page);
    }

    private static Task LoadedAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.readyState === 'complete' && !document.documentElement.hasAttribute('data-navigating')");

    /// <summary>After a click or a post that stays on the same address: waits until the enhanced page update is in.</summary>
    public static Task WaitForPatchedAsync(this IPage page) => LoadedAsync(page);
}
