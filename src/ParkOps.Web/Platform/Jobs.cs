using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Platform;

public enum JobState { Queued, Running, Completed, Failed }

/// <summary>
/// One piece of long work (a park's bill run for a month, an import): who started it, how far it has got, how it
/// ended. The row is the truth every app process reads, so a run started through one process shows its progress and
/// its end through any other; the rows kept are the park's history of such work.
/// </summary>
public sealed class Job : IParkOwned
{
    public long Id { get; set; }
    /// <summary><see cref="JobKinds"/>: what kind of work.</summary>
    public required string Kind { get; set; }
    public long ParkId { get; set; }
    /// <summary>Which one of its kind, e.g. the month of a bill run (<c>2026-05</c>) or the file of an import.</summary>
    public string? Key { get; set; }
    public JobState State { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public required string StartedBy { get; set; }
    public string? ErrorRule { get; set; }
    public string? Error { get; set; }
    /// <summary>The work's own figures as a JSON object (a bill run: bills created, bills existing, total created).</summary>
    public string? Summary { get; set; }
}

public static class JobKinds
{
    public const string BillRun = "BillRun";
    public const string Import = "Import";
}

public sealed record JobDto(long Id, string Kind, long ParkId, string? Key, JobState State, int Done, int Total, int Percent, DateTime StartedAt, DateTime? FinishedAt,
    string StartedBy, string? ErrorRule, string? Error, JsonElement? Summary);

/// <summary>A job being worked on in this process: the handle its worker reports through.</summary>
public sealed class JobHandle
{
    internal JobHandle(long id) => Id = id;
    public long Id { get; }
    // the background write of the latest counts (PostgreSQL), and whether counts arrived since it read them
    internal Task Pending = Task.CompletedTask;
    internal bool Dirty;
}

/// <summary>
/// Starts, reports and finishes jobs, and reads a park's current and past ones. Every write goes through its own
/// scope and connection, outside the worker's transaction: the work may be one long transaction (a bill run) that
/// others must see progressing. On SQLite that transaction holds the file's one write lock, so while it is open the
/// counts are kept in this process (and read from here by its own requests) and written when it ends; on PostgreSQL
/// each report is written as it comes (the bill run reports every 50 enterprises: one small update by key each time).
/// </summary>
public sealed class Jobs(IServiceScopeFactory scopes, DatabaseOptions database, TimeProvider clock)
{
    /// <summary>How many past jobs a park's history lists.</summary>
    public const int HistoryLength = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    // running jobs of this process: the latest counts, fresher than the row between writes
    private readonly ConcurrentDictionary<long, (int Done, int Total)> _live = new();

    private bool WritesWhileRunning => database.Provider == DatabaseProvider.Postgres;

    private async Task WriteAsync(Func<ParkOpsDb, Task> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        await work(scope.ServiceProvider.GetRequiredService<ParkOpsDb>());
    }

    /// <summary>Records the job as running (call before the work opens its transaction).</summary>
    public async Task<JobHandle> StartAsync(string kind, long parkId, string? key, string startedBy, CancellationToken ct)
    {
        var job = new Job { Kind = kind, ParkId = parkId, Key = key, State = JobState.Running, StartedAt = clock.GetUtcNow().UtcDateTime, StartedBy = startedBy };
        // written with plain SQL: progress is not a change of park data and gets no audit row
        long id = 0;
        await WriteAsync(async db =>
            id = (await db.Database.SqlQuery<long>($"""
                INSERT INTO "Jobs" ("Kind", "ParkId", "Key", "State", "Done", "Total", "StartedAt", "StartedBy")
                VALUES ({job.Kind}, {job.ParkId}, {job.Key}, {job.State.ToString()}, 0, 0, {job.StartedAt}, {job.StartedBy}) RETURNING "Id" AS "Value"
                """).ToListAsync(ct))[0], ct);
        _live[id] = (0, 0);
        return new JobHandle(id);
    }

    /// <summary>
    /// How far the work has got; <paramref name="total"/> when it becomes known. Never waits for the database: the work
    /// may hold a connection and a lock others queue behind (fifty runs of one park hold the pool's connections while
    /// they wait for the first), so the row is written in the background, the latest counts each time, one write at a time.
    /// </summary>
    public Task ReportAsync(JobHandle job, int done, int? total, CancellationToken ct)
    {
        var counts = _live.AddOrUpdate(job.Id, _ => (done, total ?? 0), (_, old) => (done, total ?? old.Total));
        if (!WritesWhileRunning) return Task.CompletedTask;
        lock (job)
        {
            job.Dirty = true;
            if (job.Pending.IsCompleted) job.Pending = Task.Run(() => WriteCountsAsync(job));
        }
        return Task.CompletedTask;
    }

    /// <summary>Completes when the counts reported so far are in the row (or their write gave up).</summary>
    public Task WrittenAsync(JobHandle job)
    {
        lock (job) return job.Pending;
    }

    private async Task WriteCountsAsync(JobHandle job)
    {
        while (true)
        {
            lock (job)
            {
                if (!job.Dirty) return;
                job.Dirty = false;
            }
            if (!_live.TryGetValue(job.Id, out var counts)) return;
            try
            {
                await WriteAsync(db => db.Set<Job>().IgnoreQueryFilters().Where(j => j.Id == job.Id && j.State == JobState.Running)
                    .ExecuteUpdateAsync(u => u.SetProperty(j => j.Done, counts.Done).SetProperty(j => j.Total, counts.Total), CancellationToken.None), CancellationToken.None);
            }
            // progress is a view: a write that failed is replaced by the next report, or by the end
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException) { }
        }
    }

    /// <summary>
    /// Records the end: completed with the work's figures, or failed with the rule (or error) that stopped it. Written
    /// even when the request was cancelled, so no job stays "running" for a run that is over.
    /// </summary>
    public async Task FinishAsync(JobHandle job, bool ok, object? summary, string? errorRule, string? error)
    {
        _live.TryRemove(job.Id, out var counts);
        Task pending;
        lock (job) pending = job.Pending;
        await pending;
        var state = ok ? JobState.Completed : JobState.Failed;
        var done = ok ? counts.Total : counts.Done;
        var json = summary is null ? null : JsonSerializer.Serialize(summary, Json);
        var message = error is { Length: > 400 } ? error[..400] : error;
        var now = clock.GetUtcNow().UtcDateTime;
        await WriteAsync(db => db.Set<Job>().IgnoreQueryFilters().Where(j => j.Id == job.Id).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.State, state).SetProperty(j => j.Done, done).SetProperty(j => j.Total, counts.Total).SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Summary, json).SetProperty(j => j.ErrorRule, errorRule).SetProperty(j => j.Error, message), CancellationToken.None), CancellationToken.None);
    }

    /// <summary>The park's latest job of a kind (of one key if given), or null. The caller checks who may read it.</summary>
    public async Task<JobDto?> LatestAsync(ParkOpsDb db, long parkId, string kind, string? key, CancellationToken ct)
    {
        var q = db.Set<Job>().IgnoreQueryFilters().AsNoTracking().Where(j => j.ParkId == parkId && j.Kind == kind);
        if (key is not null) q = q.Where(j => j.Key == key);
        var job = await q.OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        return job is null ? null : ToDto(job);
    }

    /// <summary>
    /// The park's jobs, newest first (at most <see cref="HistoryLength"/>): its operators and the platform admin; a
    /// tenant or a government viewer of the park is refused (DOMAIN §1: the park's running is the operator's; the
    /// government reads aggregates and evaluations, not the operator's work log); a park the caller cannot see is not found.
    /// </summary>
    /// <summary>The park's latest jobs; the caller has checked that the reader operates the park (<see cref="JobHistory"/>).</summary>
    public async Task<IReadOnlyList<JobDto>> HistoryAsync(ParkOpsDb db, long parkId, CancellationToken ct)
    {
        var jobs = await db.Set<Job>().AsNoTracking().Where(j => j.ParkId == parkId).OrderByDescending(j => j.Id).Take(HistoryLength).ToListAsync(ct);
        return jobs.Select(ToDto).ToList();
    }

    private JobDto ToDto(Job j)
    {
        var (done, total) = j.State == JobState.Running && _live.TryGetValue(j.Id, out var live) ? live : (j.Done, j.Total);
        var percent = total == 0 ? (j.State == JobState.Completed ? 100 : 0) : (int)(100L * done / total);
        JsonElement? summary = j.Summary is { Length: > 0 } s ? JsonDocument.Parse(s).RootElement.Clone() : null;
        return new JobDto(j.Id, j.Kind, j.ParkId, j.Key, j.State, done, total, percent, j.StartedAt, j.FinishedAt, j.StartedBy, j.ErrorRule, j.Error, summary);
    }
}

/// <summary>A park's job history for the caller of the request (the API and the console's page).</summary>
public sealed class JobHistory(ParkOpsDb db, Jobs jobs, ParkGate gate)
{
    /// <summary>The park's operators (and the platform administrator) read its jobs; another who sees the park gets 403, everyone else 404.</summary>
    public Task RequireReadableAsync(long parkId, CancellationToken ct) => gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayRead", ct);

    public async Task<IReadOnlyList<JobDto>> OfParkAsync(long parkId, CancellationToken ct)
    {
        await RequireReadableAsync(parkId, ct);
        return await jobs.HistoryAsync(db, parkId, ct);
    }
}

/// <summary>The platform's own to-do items for an operator: imports and bill runs that failed in the last <see cref="Days"/> days, per park.</summary>
public sealed class JobsToDo(ParkOpsDb db, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t) : IToDoSource
{
    public const int Days = 7;

    public async Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct)
    {
        if (!ask.Operates) return [];
        var parks = ask.OperatedParks;
        var since = ask.Now.AddDays(-Days);
        var failed = await db.Set<Job>().AsNoTracking()
            .Where(j => (parks == null || parks.Contains(j.ParkId)) && j.State == JobState.Failed && j.StartedAt >= since)
            .GroupBy(j => j.ParkId).Select(g => new { ParkId = g.Key, Count = g.Count(), Last = g.Max(j => j.StartedAt) }).ToListAsync(ct);
        return failed.OrderBy(f => f.ParkId).Select(f => new ToDoItem("jobs.failed", t["ToDo.JobsFailed", f.Count, Days], $"/parks/{f.ParkId}/jobs",
            ToDoUrgency.Soon, f.Count, DueAt: f.Last, ParkId: f.ParkId) { Role = ToDoRoles.Operator }).ToList();
    }
}

public sealed class PlatformModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) => services.AddSingleton<Jobs>().AddScoped<JobHistory>().AddScoped<ToDoList>().AddScoped<ParkGate>().AddScoped<IToDoSource, JobsToDo>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Jobs");
        api.MapGet("/parks/{parkId:long}/jobs", async (long parkId, JobHistory history, CancellationToken ct) => TypedResults.Ok(await history.OfParkAsync(parkId, ct)))
            .WithSummary("The park's long work (bill runs, imports), newest first: kind, key (e.g. the month), state, done/total, who started it, when, how it ended.")
            .ProducesProblem(403).ProducesProblem(404);
        ToDoEndpoints.Map(app);
    }

    public static void Configure(ModelBuilder b)
    {
        b.Entity<ChangeVersion>(e =>
        {
            e.ToTable("ChangeVersions");
            e.HasKey(x => x.Topic);
            e.Property(x => x.Topic).HasMaxLength(64);
        });
        b.Entity<Job>(e =>
        {
            e.ToTable("Jobs");
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Key).HasMaxLength(100);
            e.Property(x => x.StartedBy).HasMaxLength(100);
            e.Property(x => x.ErrorRule).HasMaxLength(100);
            // a park's history and its latest job of a kind are read newest first
            e.HasIndex(x => new { x.ParkId, x.Kind, x.Id });
            e.HasOne<Features.Parks.Park>().WithMany().HasForeignKey(x => x.ParkId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
