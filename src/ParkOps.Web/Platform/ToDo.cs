using Microsoft.Extensions.Localization;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Platform;

/// <summary>How pressing a to-do item is; the home lists the most pressing first.</summary>
public enum ToDoUrgency { Overdue, Soon, Open, Information }

/// <summary>
/// One thing the caller should do, and where it is done (issue 13 item 2): a kind (<c>bills.overdue</c>), the title with
/// its figures in the caller's language, the count and amount it is about, its due date or instant (time to breach), how
/// pressing it is, and the console path where it is done. Items of a park carry the park (its name filled in by
/// <see cref="ToDoList"/>); none names another enterprise's confidential figures to a caller who may not see them.
/// </summary>
public sealed record ToDoItem(string Kind, string Title, string Link, ToDoUrgency Urgency, int Count = 1, decimal? Amount = null,
    DateOnly? DueDate = null, DateTime? DueAt = null, string? Detail = null, long? ParkId = null)
{
    public string? ParkName { get; init; }
    /// <summary>The role the item is for: tenant, operator, contractor or government.</summary>
    public string Role { get; init; } = ToDoRoles.Tenant;
}

public static class ToDoRoles
{
    public const string Tenant = "tenant", Operator = "operator", Contractor = "contractor", Government = "government";
}

/// <summary>What a source is asked: who asks, the instant and Beijing's date of the question.</summary>
public sealed record ToDoAsk(ActorScope Actor, DateTime Now, DateOnly Today)
{
    /// <summary>The parks the caller operates (every park for the platform admin: null means "all").</summary>
    public long[]? OperatedParks => Actor.IsPlatformAdmin ? null : Actor.OperatorParkIds;
    public bool Operates => Actor.IsPlatformAdmin || Actor.OperatorParkIds.Length > 0;
    /// <summary>Parks the caller reads only as a government viewer (aggregates, no firm named).</summary>
    public long[] GovernedParks => Actor.GovernmentParkIds.Where(Actor.GovernmentOnlyIn).ToArray();
}

/// <summary>
/// An area's to-do items for the caller (owner: the platform; implemented by each area in its own folder, registered
/// as <c>IToDoSource</c> in its module). A source answers in one or two cheap queries (grouped counts and narrow rows,
/// never a list of every bill) and only within the caller's scope.
/// </summary>
public interface IToDoSource
{
    Task<IReadOnlyList<ToDoItem>> ItemsAsync(ToDoAsk ask, CancellationToken ct);
}

/// <summary>The caller's to-do: every registered source asked in turn (they share the request's context), most pressing first.</summary>
public sealed class ToDoList(IEnumerable<IToDoSource> sources, ICurrentActor actor, TimeProvider clock, Features.Parks.Contracts.IParkNames parks)
{
    public async Task<IReadOnlyList<ToDoItem>> ForCallerAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ask = new ToDoAsk(actor.Scope, now, DateOnly.FromDateTime(Time.ToShanghai(now)));
        var items = new List<ToDoItem>();
        foreach (var s in sources) items.AddRange(await s.ItemsAsync(ask, ct));
        var names = await parks.NamesAsync(items.Where(i => i.ParkId is not null).Select(i => i.ParkId!.Value).Distinct().ToArray(), ct);
        return items.Select(i => i.ParkId is { } p ? i with { ParkName = names.GetValueOrDefault(p) } : i)
            .OrderBy(i => i.Urgency)
            .ThenBy(i => i.DueAt ?? i.DueDate?.ToDateTime(TimeOnly.MinValue) ?? DateTime.MaxValue)
            .ThenBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.ParkId)
            .ToList();
    }
}

/// <summary>Texts the sources share: durations in the caller's language ("剩余 4 天 20 小时", "已超时 3 小时 6 分钟").</summary>
public static class ToDoText
{
    public static string Duration(IStringLocalizer<Text> t, TimeSpan span)
    {
        var minutes = (long)Math.Floor(Math.Abs(span.TotalMinutes));
        var (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        return d > 0 ? t["ToDo.DaysHours", d, h] : h > 0 ? t["ToDo.HoursMinutes", h, m] : t["ToDo.Minutes", m];
    }

    /// <summary>Time left until <paramref name="due"/>, or the time past it.</summary>
    public static string Left(IStringLocalizer<Text> t, DateTime due, DateTime now) =>
        due >= now ? t["ToDo.Left", Duration(t, due - now)] : t["ToDo.Late", Duration(t, now - due)];
}

/// <summary>The to-do as the API sends it (a phone app reads the same items as the home).</summary>
public static class ToDoEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/me").RequireAuthorization().WithTags("Home");
        api.MapGet("/todo", GetToDo)
            .WithSummary("The caller's to-do, most pressing first: for a tenant what it owes and by when, tickets to rate, bookings ahead, collaborations and reports waiting on it; for an operator approvals, overdue tickets and bills, expiring leases, failed imports and runs, alerts; for a contractor the tickets assigned to it by time to breach; for a government viewer the parks that need attention. Each item has its kind, title (localised, with its figures), count, amount, due date or instant, urgency and the console path where it is done.");
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<IReadOnlyList<ToDoItem>>> GetToDo(ToDoList list, CancellationToken ct) =>
        TypedResults.Ok(await list.ForCallerAsync(ct));
}
