using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Notifications;

public sealed record UnreadCountDto(int Unread);
public sealed record ReadAllResult(int Marked);

/// <summary>
/// The Notifications area: one inbox for every event a user must know, addressed to an enterprise, a park's operators
/// or one user; read state per user; an outbox row per channel for a later sender; the CLI's <c>notifications drain</c>.
/// </summary>
public sealed class NotificationsModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<Notices>().AddScoped<INotices>(sp => sp.GetRequiredService<Notices>()).AddScoped<IUnreadNotices>(sp => sp.GetRequiredService<Notices>())
            .AddScoped<NotificationService>().AddScoped<NotificationOutbox>();
    }

    public void MapEndpoints(IEndpointRouteBuilder areas)
    {
        var api = areas.MapGroup("/api/v1").RequireAuthorization().WithTags("Notifications");
        api.MapGet("/notifications", List).WithSummary("The caller's notices (addressed to its enterprise, the parks it operates, or itself), unread first then newest, 20 a page (page=1…), each with its text in the reader's language, its link and whether the caller has read it; unread=true gives the unread ones only.");
        api.MapGet("/notifications/unread-count", UnreadCount).WithSummary("How many of the caller's notices it has not read (at most 100: 100 means more than 99).");
        api.MapPost("/notifications/{id:long}/read", MarkRead).WithSummary("Mark one notice read for the caller (others who share it keep their own state); a notice not addressed to the caller is 404.")
            .ProducesProblem(404);
        api.MapPost("/notifications/read-all", MarkAllRead).WithSummary("Mark every notice addressed to the caller read; answers how many were unread.");
    }

    public IEnumerable<System.CommandLine.Command> Commands() => NotificationOutbox.Commands();

    private static async Task<Ok<NotificationPage>> List(bool? unread, int? page, NotificationService s, CancellationToken ct) =>
        TypedResults.Ok(await s.ListAsync(unread ?? false, Math.Clamp(page ?? 1, 1, 10_000), ct));

    private static async Task<Ok<UnreadCountDto>> UnreadCount(NotificationService s, CancellationToken ct) => TypedResults.Ok(new UnreadCountDto(await s.UnreadAsync(ct)));

    private static async Task<Ok<NotificationDto>> MarkRead(long id, NotificationService s, CancellationToken ct) => TypedResults.Ok(await s.MarkReadAsync(id, ct));

    private static async Task<Ok<ReadAllResult>> MarkAllRead(NotificationService s, CancellationToken ct) => TypedResults.Ok(new ReadAllResult(await s.MarkAllReadAsync(ct)));
}
