namespace ParkOps.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium driven by Playwright: one browser per test class. The browser is never downloaded
/// (no `playwright install`): test.sh installs the Debian packages chromium and fonts-noto-cjk.
/// PARKOPS_CHROMIUM may point at another Chromium binary.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PARKOPS_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}. Run ./test.sh (it installs the Debian packages chromium and fonts-noto-cjk) or `apt-get install chromium fonts-noto-cjk`.");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
    }
}
