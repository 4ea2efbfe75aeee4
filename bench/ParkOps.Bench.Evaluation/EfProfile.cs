using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ParkOps.Bench.Evaluation;

/// <summary>
/// Where a service's time goes, without touching the service: EF Core's diagnostic events (every command from its start
/// until its reader is disposed, with the rows read, and SaveChanges from start to end) collected while
/// <see cref="Recording"/> is on. The time between them is the service's own work in .NET (building objects, the engine).
/// </summary>
public sealed class EfProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    public sealed record Span(string What, double StartMs, double Ms, long Rows);

    private readonly List<Span> _spans = [];
    /// <summary>The full text of every command seen, by its shortened form (for EXPLAIN when a command is slow).</summary>
    public Dictionary<string, string> Sql { get; } = [];
    private readonly List<IDisposable> _subscriptions = [];
    private long _origin;
    private double _saveStart = -1;
    // when each command was sent: on SQLite the first step runs inside ExecuteReader (a GROUP BY or a sort computes its
    // whole result there), so a span timed from the reader's creation would leave that work in the gap as ".NET"
    private readonly Dictionary<Guid, double> _sent = [];

    public bool Recording { get; private set; }

    public EfProfile() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public void Start()
    {
        lock (_spans) { _spans.Clear(); _sent.Clear(); _origin = Stopwatch.GetTimestamp(); Recording = true; }
    }

    public List<Span> Stop()
    {
        lock (_spans) { Recording = false; return [.. _spans]; }
    }

    private double Now => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>Milliseconds since <see cref="Start"/>, on the spans' clock.</summary>
    public double Elapsed => Now;

    /// <summary>The spans from <paramref name="fromMs"/> on, shifted to start at 0 (one park's run out of many).</summary>
    public static List<Span> From(List<Span> spans, double fromMs) =>
        spans.Where(s => s.StartMs >= fromMs - 0.01).Select(s => s with { StartMs = s.StartMs - fromMs }).ToList();

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore") _subscriptions.Add(value.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (!Recording) return;
        lock (_spans)
        {
            if (e.Key == RelationalEventId.CommandExecuting.Name && e.Value is CommandEventData c) _sent[c.CommandId] = Now;
            else if (e.Key == CoreEventId.SaveChangesStarting.Name) _saveStart = Now;
            else if (e.Key == CoreEventId.SaveChangesCompleted.Name && _saveStart >= 0) { _spans.Add(new Span("SaveChanges", _saveStart, Now - _saveStart, 0)); _saveStart = -1; }
            else if (e.Key == RelationalEventId.TransactionCommitted.Name && e.Value is TransactionEndEventData t)
                _spans.Add(new Span("COMMIT", Now - t.Duration.TotalMilliseconds, t.Duration.TotalMilliseconds, 0));
            else if (e.Key == RelationalEventId.DataReaderDisposing.Name && e.Value is DataReaderDisposingEventData d)
            {
                var end = Now;
                var start = _sent.Remove(d.CommandId, out var sent) ? sent : end - d.Duration.TotalMilliseconds;
                var what = Shorten(d.Command.CommandText);
                Sql.TryAdd(what, d.Command.CommandText);
                _spans.Add(new Span(what, start, end - start, d.ReadCount));
            }
        }
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    private static string Shorten(string sql)
    {
        var one = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        var from = one.IndexOf(" FROM ", StringComparison.Ordinal);
        var head = one.StartsWith("SELECT", StringComparison.Ordinal) && from > 0 ? "SELECT … " + one[(from + 1)..] : one;
        return head.Length > 150 ? head[..150] + " …" : head;
    }

    /// <summary>The spans of many runs (one per park) summed per command, with the rest of the time as .NET work.</summary>
    public static string Summary(List<Span> spans, double totalMs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| commands | ms | rows | what |");
        sb.AppendLine("|---:|---:|---:|---|");
        var saves = spans.Where(s => s.What == "SaveChanges").ToList();
        var outside = spans.Where(s => s.What == "SaveChanges" || !saves.Any(x => s.StartMs >= x.StartMs && s.StartMs + s.Ms <= x.StartMs + x.Ms + 0.5)).ToList();
        foreach (var g in outside.GroupBy(s => s.What).OrderByDescending(g => g.Sum(s => s.Ms)))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {g.Count():N0} | {g.Sum(s => s.Ms):F0} | {g.Sum(s => s.Rows):N0} | `{g.Key.Replace("|", "\\|", StringComparison.Ordinal)}` |"));
        // a split query's second reader runs while the first is open: the time in the database is the union of the spans
        double inDb = 0, at = double.MinValue;
        foreach (var s in outside.OrderBy(s => s.StartMs))
        {
            inDb += Math.Max(0, s.StartMs + s.Ms - Math.Max(s.StartMs, at));
            at = Math.Max(at, s.StartMs + s.Ms);
        }
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| | {totalMs - inDb:F0} | | *.NET: the service's own work between commands (overlapping readers counted once)* |"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| | **{totalMs:F0}** | | total |"));
        return sb.ToString();
    }

    /// <summary>A markdown table of the spans with the gaps between them named as the service's own work.</summary>
    public static string Table(List<Span> spans, double totalMs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| from ms | ms | rows | what |");
        sb.AppendLine("|---:|---:|---:|---|");
        double at = 0, inDb = 0;
        // commands inside SaveChanges are reported within it
        var saves = spans.Where(s => s.What == "SaveChanges").ToList();
        foreach (var s in spans.OrderBy(s => s.StartMs))
        {
            var insideSave = s.What != "SaveChanges" && saves.Any(x => s.StartMs >= x.StartMs && s.StartMs + s.Ms <= x.StartMs + x.Ms + 0.5);
            if (insideSave) continue;
            if (s.StartMs - at > 1) sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {at:F0} | {s.StartMs - at:F0} | | *.NET: the service's own work between commands* |"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.StartMs:F0} | {s.Ms:F0} | {(s.Rows > 0 ? s.Rows.ToString("N0", CultureInfo.InvariantCulture) : "")} | `{s.What.Replace("|", "\\|", StringComparison.Ordinal)}` |"));
            // overlapping commands (a split query reads its second reader while the first is open) count once
            inDb += Math.Max(0, s.StartMs + s.Ms - Math.Max(s.StartMs, at));
            at = Math.Max(at, s.StartMs + s.Ms);
        }
        if (totalMs - at > 1) sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {at:F0} | {totalMs - at:F0} | | *.NET: after the last command* |"));
        var writes = saves.Sum(s => s.Ms);
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| | **{totalMs:F0}** | | total: {inDb - writes:F0} ms reading (command start to reader disposed, rows materialised as they arrive), {writes:F0} ms in SaveChanges, {totalMs - inDb:F0} ms .NET between |"));
        return sb.ToString();
    }
}
