using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// The one match index of the process (a singleton): the taxonomy read from the database, and every open post in a
/// <see cref="MatchIndex"/>. It is filled from the database on first use (and warmed at start-up by
/// <see cref="MarketIndexWarmup"/>); afterwards a post created, changed or closed through this process is put in or
/// taken out at once (<see cref="Apply"/>), so the next match query sees it without any rebuild. Editing the taxonomy
/// reloads it, and so does editing the trade lexicon (<see cref="LexiconService"/>). Every change to posts, capabilities, lexicon entries (moved by LexiconService itself) or ratings moves <see cref="ChangeTopics.Market"/>; before each use
/// the index compares that version with the one it holds (one read by primary key), counts the versions this
/// process applied itself, and reloads when another process (or a bulk writer) changed what it indexes.
/// </summary>
public sealed class MarketIndex(IServiceScopeFactory scopes, IDbContextFactory<ParkOpsDb> contexts, TimeProvider clock, ILogger<MarketIndex> log) : IDisposable
{
    /// <summary>The analyser (taxonomy, dictionary, settings) and the index built with it.</summary>
    public sealed record Snapshot(PostAnalyser Analyser, MatchIndex Index, IReadOnlyDictionary<string, MarketCapability> Capabilities)
    {
        /// <summary>The version of <see cref="ChangeTopics.Market"/> the index holds everything up to.</summary>
        public long Version { get; internal set; }

        /// <summary>The capabilities a post of the park may carry: the shared taxonomy and the park's local entries.</summary>
        public IEnumerable<MarketCapability> UsableIn(long parkId) => Capabilities.Values.Where(c => c.ParkId is null || c.ParkId == parkId);
    }

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;
    // versions this process's own changes produced and Apply put in the index already (guarded by _gate)
    private readonly SortedSet<long> _applied = [];
    // each enterprise's credit score (credit file), the partner-credit signal of its posts
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _credits = new();

    public int? CreditOf(long enterpriseId) => _credits.TryGetValue(enterpriseId, out var c) ? c : null;

    public void SetCredit(long enterpriseId, int? score)
    {
        if (score is { } s) _credits[enterpriseId] = s;
        else _credits.TryRemove(enterpriseId, out _);
    }

    private async Task<long> VersionAsync(CancellationToken ct)
    {
        // a context of its own (not a request's): the index is asked from pages and services alike
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ChangeVersions.ReadFreshAsync(db, ChangeTopics.Market, ct);
    }

    /// <summary>The loaded index, current with the database; the first caller (and the first after another process's change) loads it.</summary>
    public Task<Snapshot> GetAsync(CancellationToken ct) => GetAsync(null, ct);

    /// <summary>
    /// As <see cref="GetAsync(CancellationToken)"/>, the version read through the request's own context: once per request
    /// (<see cref="ChangeVersions.ReadAsync"/>), with no second context taken from the pool for it.
    /// </summary>
    public async Task<Snapshot> GetAsync(ParkOpsDb? requestDb, CancellationToken ct)
    {
        var version = requestDb is null ? await VersionAsync(ct) : await ChangeVersions.ReadAsync(requestDb, ChangeTopics.Market, ct);
        if (_current is { } s && s.Version == version) return s;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } c && Catch(c, version)) return c;
            // read again inside the gate: what the load reads is at least this version
            version = await VersionAsync(ct);
            _current = await LoadAsync(ct);
            _current.Version = version;
            _applied.RemoveWhere(v => v <= version);
            return _current;
        }
        finally { _gate.Release(); }
    }

    // the index holds everything up to `version` when each version after its own was applied here (under _gate)
    private bool Catch(Snapshot s, long version)
    {
        while (s.Version < version && _applied.Remove(s.Version + 1)) s.Version++;
        return s.Version == version;
    }

    /// <summary>
    /// Puts a post in the index when it is open, takes it out otherwise, after <paramref name="savedBy"/> committed the
    /// change (the versions that context moved count as applied here). Waits for a load in progress (which may not have
    /// read this post's last change); when nothing is loaded yet there is nothing to change: the load reads it.
    /// </summary>
    public void Apply(Post post, ParkOpsDb savedBy)
    {
        _gate.Wait();
        try
        {
            if (_current is not { } s) return;
            var id = Id(post.Id);
            if (post.State == PostState.Open) s.Index.Add(s.Analyser.Analyse(ToMatchPost(post, CreditOf(post.EnterpriseId)), ReferenceDay(post, clock)));
            else s.Index.Remove(id);
            Applied(s, savedBy);
        }
        finally { _gate.Release(); }
    }

    /// <summary>The changes <paramref name="savedBy"/> committed are in the index already (credits refreshed, nothing else to put in).</summary>
    public void Applied(ParkOpsDb savedBy)
    {
        _gate.Wait();
        try { if (_current is { } s) Applied(s, savedBy); }
        finally { _gate.Release(); }
    }

    private void Applied(Snapshot s, ParkOpsDb savedBy)
    {
        foreach (var v in ChangeVersions.CommittedBy(savedBy, ChangeTopics.Market))
            if (v > s.Version) _applied.Add(v);
    }

    /// <summary>Forgets the index (taxonomy edited): the next use loads it again from the database.</summary>
    public void Invalidate()
    {
        _gate.Wait();
        try
        {
            var old = _current;
            _current = null;
            // running queries hold the old index's read lock; it is left to the collector rather than disposed under them
            _ = old;
        }
        finally { _gate.Release(); }
    }

    public bool IsLoaded => _current is not null;

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        var db = scope.ServiceProvider.GetRequiredService<ParkOpsDb>();
        var caps = await db.Set<MarketCapability>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        var taxonomy = caps.Count == 0 ? CapabilityTaxonomy.Default : CapabilityTaxonomy.Parse(TaxonomyJson(caps));
        // the operators' phrases on top of the shipped lexicon; one naming a capability since removed from the taxonomy is skipped
        var entries = await db.Set<MarketLexiconEntry>().AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        var lexicon = CapabilityLexicon.Parse(MatchingData.Read("synonyms"), taxonomy,
            entries.Where(e => taxonomy.Capabilities.Any(c => c.Code == e.Capability)).Select(e => new CapabilityLexicon.OperatorEntry(e.Phrase, e.Capability, e.Level, e.Material)));
        var analyser = new PostAnalyser(taxonomy, lexicon, MatchSettings.Default);
        var posts = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking().Where(p => p.State == PostState.Open).ToListAsync(ct);
        var today = Time.Today(clock);
        var posters = posts.Select(p => p.EnterpriseId).Distinct().ToArray();
        foreach (var (id, score) in await scope.ServiceProvider.GetRequiredService<CreditService>().ScoresAsync(posters, today, ct)) SetCredit(id, score.Score);
        var index = new MatchIndex(analyser, posts.Count + 1024);
        index.AddRange(posts.Select(p => analyser.Analyse(ToMatchPost(p, CreditOf(p.EnterpriseId)), ReferenceDay(p, clock))));
        log.LogInformation("Match index loaded: {Posts} open posts, {Capabilities} capabilities in {Ms} ms", posts.Count, taxonomy.Count, started.ElapsedMilliseconds);
        var byCode = taxonomy.Capabilities.ToDictionary(c => c.Code, c => caps.FirstOrDefault(x => x.Code == c.Code)
            ?? new MarketCapability { Code = c.Code, NameZh = c.NameZh, NameEn = c.NameEn, Category = c.Category, Unit = c.Unit }, StringComparer.OrdinalIgnoreCase);
        return new Snapshot(analyser, index, byCode);
    }

    /// <summary>The rows in the shape of capabilities.json, so the domain reads them as it reads the file.</summary>
    public static string TaxonomyJson(IReadOnlyList<MarketCapability> caps)
    {
        var pairs = new HashSet<(string, string)>();
        foreach (var c in caps)
            foreach (var r in Post.Split(c.Related))
                if (caps.Any(x => string.Equals(x.Code, r, StringComparison.OrdinalIgnoreCase)))
                    pairs.Add(string.CompareOrdinal(c.Code, r) < 0 ? (c.Code, r) : (r, c.Code));
        return JsonSerializer.Serialize(new
        {
            capabilities = caps.Select(c => new Dictionary<string, string?> { ["code"] = c.Code, ["name_zh"] = c.NameZh, ["name_en"] = c.NameEn, ["category"] = c.Category, ["unit"] = c.Unit,
                ["park"] = c.ParkId is { } park ? Id(park) : null }),
            related = pairs.Select(p => new[] { p.Item1, p.Item2 }),
        });
    }

    public static string Id(long postId) => postId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Dates without a year in a post's text are read against the day it was written.</summary>
    public static DateOnly ReferenceDay(Post p, TimeProvider clock) => p.CreatedAt == default ? Time.Today(clock) : DateOnly.FromDateTime(Time.ToShanghai(p.CreatedAt));

    /// <summary>The post as the matching engine sees it: ids as text, the market region as its region.</summary>
    public static MatchPost ToMatchPost(Post p, int? credit = null) => new()
    {
        Id = Id(p.Id),
        Kind = p.Kind,
        EnterpriseId = p.EnterpriseId.ToString(CultureInfo.InvariantCulture),
        ParkId = p.ParkId.ToString(CultureInfo.InvariantCulture),
        Region = p.RegionId.ToString(CultureInfo.InvariantCulture),
        Visibility = p.Visibility,
        Credit = credit,
        Capabilities = Post.Split(p.Capabilities),
        Quantity = p.Quantity,
        Unit = p.Unit,
        From = p.WindowFrom,
        To = p.WindowTo,
        CertificationsHeld = Post.Split(p.CertificationsHeld),
        CertificationsRequired = Post.Split(p.CertificationsRequired),
        Title = p.Title,
        Description = p.Description,
    };

    public void Dispose() => _gate.Dispose();
}

/// <summary>
/// Fills the index when the server starts, so the first match query does not wait for it; then, every hour, open
/// posts whose window has ended become expired (reads never write: a list does not change state behind the reader).
/// </summary>
public sealed class MarketIndexWarmup(MarketIndex index, IServiceScopeFactory scopes, ILogger<MarketIndexWarmup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await index.GetAsync(stoppingToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // e.g. the schema is not migrated yet (the test host migrates after start): the first query loads it
            log.LogInformation("Match index not warmed at start-up ({Message}); it loads on first use", e.Message);
        }
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
                var n = await scope.ServiceProvider.GetRequiredService<PostService>().ExpireDueAsync(stoppingToken);
                if (n > 0) log.LogInformation("{Posts} posts expired", n);
            }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogInformation("Expiring posts failed ({Message}); retried in an hour", e.Message); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
