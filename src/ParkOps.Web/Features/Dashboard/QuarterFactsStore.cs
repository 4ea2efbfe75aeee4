using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Dashboard;
using ParkOps.Domain.Monitoring;
using ParkOps.Web.Data;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Dashboard;

/// <summary>
/// A park's figures of one quarter as the dashboard gathered them (<see cref="ParkQuarterFacts"/>), kept for the region
/// view: with the day they were read on (a quarter's last day, or the day it was read while it ran), the park's stamp
/// (<see cref="ParkChanges"/>) read before the figures were, and the build that computed them. A kept row counts only
/// while all three still hold; otherwise the park's figures are gathered again.
/// </summary>
public sealed class ParkQuarterSnapshot : IDerivedParkRow
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    /// <summary><see cref="Quarter.Index"/>.</summary>
    public int Quarter { get; set; }
    public DateOnly AsOf { get; set; }
    public long Stamp { get; set; }
    /// <summary>Which build computed the figures (<see cref="QuarterFactsStore.Shape"/>): a new build gathers anew.</summary>
    public required string Shape { get; set; }
    /// <summary>The park's target for the service-revenue share (the one KPI target a park sets itself).</summary>
    public decimal ServiceTarget { get; set; }
    /// <summary><see cref="ParkQuarterFacts"/> as JSON.</summary>
    public required string Facts { get; set; }
    public DateTime ComputedAt { get; set; }
}

[JsonSourceGenerationOptions(Converters = [typeof(QuarterAsIndex)])]
[JsonSerializable(typeof(ParkQuarterFacts))]
internal sealed partial class FactsJson : JsonSerializerContext;

/// <summary>A quarter as its <see cref="Quarter.Index"/> (its own properties lead to the next quarter and the one before).</summary>
internal sealed class QuarterAsIndex : JsonConverter<Quarter>
{
    public override Quarter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Quarter.FromIndex(reader.GetInt32());

    public override void Write(Utf8JsonWriter writer, Quarter value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Index);
}

/// <summary>
/// The kept quarter figures of parks (<see cref="ParkQuarterSnapshot"/>): read those still current, keep fresh ones.
/// The dashboard's own table; what is in it comes from the other areas' contracts through <see cref="DashboardService"/>,
/// which decides who may see which park (the reads here go past the scope filter, as the contracts' do).
/// </summary>
public sealed class QuarterFactsStore(ParkOpsDb db, TimeProvider clock, ILogger<QuarterFactsStore> log)
{
    /// <summary>The build: the application's and the domain's assemblies (a kept row of another build is gathered again).</summary>
    public static readonly string Shape =
        $"{typeof(QuarterFactsStore).Assembly.ManifestModule.ModuleVersionId:N}{typeof(ParkQuarterFacts).Assembly.ManifestModule.ModuleVersionId:N}"[..48];

    /// <summary>The parks' stamps now: read before any figure is gathered, kept with what is gathered.</summary>
    public Task<Dictionary<long, long>> StampsAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct) => ParkChanges.StampsAsync(db, parkIds, ct);

    /// <summary>
    /// The kept figures of the parks that have every quarter asked current (same day read, same stamp, same build), by
    /// park, oldest quarter first, with the park's service-share target; parks missing from the answer must be gathered.
    /// </summary>
    public async Task<Dictionary<long, (List<ParkQuarterFacts> Facts, decimal ServiceTarget)>> CurrentAsync(IReadOnlyCollection<long> parkIds,
        IReadOnlyList<Quarter> quarters, IReadOnlyList<DateOnly> ends, IReadOnlyDictionary<long, long> stamps, CancellationToken ct)
    {
        var ids = parkIds.ToArray();
        var (lo, hi) = (quarters[0].Index, quarters[^1].Index);
        var rows = await db.Set<ParkQuarterSnapshot>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => EF.Parameter(ids).Contains(s.ParkId) && s.Quarter >= lo && s.Quarter <= hi)
            .Select(s => new { s.ParkId, s.Quarter, s.AsOf, s.Stamp, s.Shape, s.ServiceTarget, s.Facts }).ToListAsync(ct);
        var result = new Dictionary<long, (List<ParkQuarterFacts>, decimal)>(ids.Length);
        foreach (var park in rows.GroupBy(r => r.ParkId))
        {
            var stamp = stamps.GetValueOrDefault(park.Key);
            var byQuarter = park.ToDictionary(r => r.Quarter);
            var facts = new List<ParkQuarterFacts>(quarters.Count);
            for (var i = 0; i < quarters.Count; i++)
            {
                if (!byQuarter.TryGetValue(quarters[i].Index, out var r) || r.Stamp != stamp || r.AsOf != ends[i] || r.Shape != Shape) break;
                facts.Add(JsonSerializer.Deserialize(r.Facts, FactsJson.Default.ParkQuarterFacts)!);
            }
            if (facts.Count == quarters.Count) result[park.Key] = (facts, park.First().ServiceTarget);
        }
        return result;
    }

    /// <summary>
    /// Keeps freshly gathered figures with the stamps read before they were gathered, replacing what was kept for those
    /// parks and quarters. Keeping is a saving, not a promise: when it fails (another request kept the same rows first)
    /// the answer already given stands and the next read gathers again.
    /// </summary>
    public async Task KeepAsync(IReadOnlyDictionary<long, (List<ParkQuarterFacts> Facts, KpiTargets Targets)> gathered, IReadOnlyList<Quarter> quarters,
        IReadOnlyList<DateOnly> ends, IReadOnlyDictionary<long, long> stamps, CancellationToken ct)
    {
        if (gathered.Count == 0 || db.Database.CurrentTransaction is not null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = gathered.SelectMany(g => g.Value.Facts.Select((f, i) => new ParkQuarterSnapshot
        {
            ParkId = g.Key, Quarter = quarters[i].Index, AsOf = ends[i], Stamp = stamps.GetValueOrDefault(g.Key), Shape = Shape,
            ServiceTarget = g.Value.Targets.ServiceSharePercent, Facts = JsonSerializer.Serialize(f, FactsJson.Default.ParkQuarterFacts), ComputedAt = now,
        })).ToList();
        var ids = gathered.Keys.ToArray();
        var (lo, hi) = (quarters[0].Index, quarters[^1].Index);
        try
        {
            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.Set<ParkQuarterSnapshot>().IgnoreQueryFilters().Where(s => EF.Parameter(ids).Contains(s.ParkId) && s.Quarter >= lo && s.Quarter <= hi).ExecuteDeleteAsync(ct);
                await SetWriter.InsertAsync(db, rows, null, ct);
                await tx.CommitAsync(ct);
            }
            await ParkChanges.CompactAsync(db, ids, ct);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException { InnerException: DbException })
        {
            log.LogInformation(e, "Quarter figures of {Parks} park(s) not kept this time", ids.Length);
        }
    }

    /// <summary>The parks with figures kept for any of the quarters from <paramref name="since"/> on: those the region view has been asked for.</summary>
    public async Task<List<long>> KeptParksAsync(Quarter since, CancellationToken ct)
    {
        var lo = since.Index;
        return await db.Set<ParkQuarterSnapshot>().IgnoreQueryFilters().AsNoTracking().Where(s => s.Quarter >= lo).Select(s => s.ParkId).Distinct().ToListAsync(ct);
    }
}

/// <summary>
/// Keeps the region view's figures fresh between visits (<c>ParkOps:Dashboard:RefreshSeconds</c>, default 300; 0 off, and
/// off under test): the parks whose figures were kept have the trends of this quarter and of the last one gathered again
/// where their data changed since, or the running quarter's day moved on. A county's look then reads kept rows.
/// </summary>
public sealed class QuarterFactsRefresher(IServiceScopeFactory scopes, IConfiguration config, IHostEnvironment env, ILogger<QuarterFactsRefresher> log)
    : PeriodicJob(scopes, config, env, log, "Dashboard:RefreshSeconds", 300)
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var n = await services.GetRequiredService<DashboardService>().RefreshKeptAsync(ct);
        if (n > 0) log.LogInformation("Region figures gathered again for {Parks} park(s)", n);
    }
}

public static class DashboardModel
{
    public static void Configure(ModelBuilder b) =>
        b.Entity<ParkQuarterSnapshot>(e =>
        {
            e.ToTable("ParkQuarterSnapshots");
            e.Property(x => x.Shape).HasMaxLength(48);
            e.Property(x => x.Facts).HasMaxLength(4000);
            e.Property(x => x.ServiceTarget).HasPrecision(18, 4);
            e.HasIndex(x => new { x.ParkId, x.Quarter }).IsUnique();
            // the park by its entity's name (the Parks area's type stays behind its door)
            e.HasOne("ParkOps.Web.Features.Parks.Park", null).WithMany().HasForeignKey(nameof(ParkQuarterSnapshot.ParkId)).OnDelete(DeleteBehavior.Cascade);
        });
}
