using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Domain.Booking;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Booking;

public static class BookingEndpoints
{
    public static IServiceCollection AddBooking(this IServiceCollection services) => services
        .AddScoped<BookingAccess>().AddScoped<ResourceCatalog>().AddScoped<BookingService>().AddScoped<BookingQueries>()
        .AddScoped<BookingChanges>().AddScoped<BookingWaitlist>().AddScoped<BookingUtilisation>().AddScoped<CalendarFeeds>();

    public static void MapBooking(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Booking");

        api.MapGet("/parks/{parkId:long}/resources", ListResources)
            .WithSummary("Shared resources of a park (meeting rooms, labs, equipment) with capacity, opening hours, hourly rate, slot limits, buffer, approval and qualification.");
        api.MapPost("/parks/{parkId:long}/resources", AddResource)
            .WithSummary("Add a shared resource (operators).").ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/resources/{id:long}", GetResource);
        api.MapPut("/resources/{id:long}", ChangeResource)
            .WithSummary("Change a resource's rules (operators); existing bookings keep the buffer they were made with.").ProducesValidationProblem().ProducesProblem(422);

        api.MapGet("/resources/{id:long}/bookings", ResourceBookings)
            .WithSummary("Live bookings of a resource between from and to (dates, Asia/Shanghai; default the next 14 days): the caller's own in full, others only as busy slots.");
        api.MapPost("/resources/{id:long}/bookings", Book)
            .WithSummary("Book {\"start\",\"end\",\"purpose\"} (ISO 8601 with offset), optionally repeatWeeklyUntil (a date: the whole series or nothing). A slot that collides with a live booking gives 409 naming that booking's id and time.")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/resources/{id:long}/availability", Availability)
            .WithSummary("Free and busy slots per day within opening hours (from, to: dates in Asia/Shanghai; default the next 7 days; at most 62 days). Free slots already leave room for the buffer.");
        api.MapPost("/resources/{id:long}/waitlist", JoinWaitlist)
            .WithSummary("Wait for a taken slot; when it is freed the first in line is offered it.").ProducesProblem(409);

        api.MapGet("/bookings/{id:long}", GetBooking);
        api.MapDelete("/bookings/{id:long}", CancelBooking)
            .WithSummary("Cancel a booking: the booker's enterprise until the resource's notice period before the start, an operator until the start. The freed slot is offered to the waitlist.")
            .ProducesProblem(409);
        api.MapPost("/bookings/{id:long}/{action}", ActOnBooking)
            .WithSummary("Operators: approve | reject (note) | usage (actualStart, actualEnd) | no-show. Usage and no-show post the charge for the monthly bill run (rate, hours, free hours used, amount).")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/bookings/{id:long}/calendar.ics", BookingIcs)
            .WithNoSniff().WithSummary("The booking as an iCalendar (RFC 5545) event.");
        api.MapGet("/parks/{parkId:long}/bookings", ParkBookings)
            .WithSummary("Bookings of a park (a tenant: its enterprise's own); state=PendingApproval is the approvals queue; mine=true the caller's own.");
        api.MapGet("/parks/{parkId:long}/resource-utilisation", ResourceUtilisation)
            .WithSummary("Per resource and month (yyyy-MM): open hours, booked and used hours, no-shows, idle rate (1 − used ÷ open), revenue.");
        api.MapGet("/parks/{parkId:long}/resource-utilisation/heatmap", ResourceHeatmap)
            .WithSummary("A month's (yyyy-MM) booked minutes of all resources by day of the week (Monday first) and hour (0–23, Shanghai).");

        api.MapGet("/parks/{parkId:long}/training-records", TrainingRecords)
            .WithSummary("Training records (a tenant: its own people's).");
        api.MapPost("/parks/{parkId:long}/training-records", AddTrainingRecord)
            .WithSummary("Record a completed training (operators): the user may then book resources that require the qualification, between validFrom and validUntil.")
            .ProducesValidationProblem();

        api.MapGet("/parks/{parkId:long}/booking-quotas", Quotas)
            .WithSummary("The park's free monthly booking hours per enterprise class (startup / established) and quota group (lab time / meeting rooms): the versions and the one in force (isDefault: seed 004's 40/8/0/4 h until the park sets its own).");
        api.MapPost("/parks/{parkId:long}/booking-quotas", AddQuotaVersion)
            .WithSummary("Add a version of the free hours (operators), from the first day of a month that has not begun; one per month (409 QuotaVersionsMustDiffer).")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);

        api.MapGet("/parks/{parkId:long}/waitlist", Waitlist)
            .WithSummary("The caller's waitlist entries (operators: the park's); an entry in state Offered can be accepted.");
        api.MapPost("/waitlist/{id:long}/accept", AcceptOffer)
            .WithSummary("Book the freed slot offered to this waitlist entry.").ProducesProblem(409);
        api.MapDelete("/waitlist/{id:long}", Withdraw);

        api.MapGet("/me/calendar-feed", FeedAddress)
            .WithSummary("The address of the caller's own calendar feed (subscribe to it in a calendar app; it carries a secret).");
        api.MapPost("/me/calendar-feed", RotateFeed)
            .WithSummary("Replace the feed's secret: the old address stops working.");

        // calendar apps send no login: the secret in the address is the credential, and it reads only its owner's bookings
        app.MapGet("/calendar/{token}.ics", FeedIcs)
            .AllowAnonymous().ExcludeFromDescription().WithNoSniff();
    }

    // ---------- resources and training ----------

    private static async Task<Ok<Page<ResourceDto>>> ListResources(long parkId, ResourceKind? kind, bool? includeInactive, ResourceCatalog c, CancellationToken ct) =>
        TypedResults.Ok(await c.ResourcesAsync(parkId, kind, includeInactive ?? false, ct));

    private static async Task<Created<ResourceDto>> AddResource(long parkId, ResourceInput input, ResourceCatalog c, CancellationToken ct)
    {
        var r = await c.SaveResourceAsync(parkId, null, input, ct);
        return TypedResults.Created($"/api/v1/resources/{r.Id}", ResourceDto.From(r));
    }

    private static async Task<Ok<ResourceDto>> GetResource(long id, ResourceCatalog c, CancellationToken ct) => TypedResults.Ok(ResourceDto.From(await c.ResourceAsync(id, ct)));

    private static async Task<Ok<ResourceDto>> ChangeResource(long id, ResourceInput input, ResourceCatalog c, CancellationToken ct) =>
        TypedResults.Ok(ResourceDto.From(await c.SaveResourceAsync(null, id, input, ct)));

    private static async Task<Ok<List<TrainingRecordDto>>> TrainingRecords(long parkId, ResourceCatalog c, CancellationToken ct) => TypedResults.Ok(await c.TrainingRecordsAsync(parkId, ct));

    private static async Task<Ok<QuotaSettingsDto>> Quotas(long parkId, ResourceCatalog c, CancellationToken ct) => TypedResults.Ok(await c.QuotasAsync(parkId, ct));

    private static async Task<Created<QuotaVersionDto>> AddQuotaVersion(long parkId, QuotaVersionInput input, ResourceCatalog c, CancellationToken ct) =>
        TypedResults.Created($"/api/v1/parks/{parkId}/booking-quotas", await c.AddQuotaVersionAsync(parkId, input, ct));

    private static async Task<Created<TrainingRecordDto>> AddTrainingRecord(long parkId, TrainingRecordInput input, ResourceCatalog c, CancellationToken ct)
    {
        var x = await c.AddTrainingRecordAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/parks/{parkId}/training-records", (await c.TrainingRecordsAsync(parkId, ct)).First(r => r.Id == x.Id));
    }

    // ---------- booking and reading ----------

    private static async Task<Created<CreatedBookings>> Book(long id, BookingInput input, BookingService s, CancellationToken ct)
    {
        var created = await s.CreateAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/bookings/{created.Booking.Id}", created);
    }

    private static async Task<Ok<List<BookingSlotDto>>> ResourceBookings(long id, string? from, string? to, BookingQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.ResourceBookingsAsync(id, from, to, ct));

    private static async Task<Ok<AvailabilityDto>> Availability(long id, string? from, string? to, BookingQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.AvailabilityAsync(id, from, to, ct));

    private static async Task<Ok<BookingDto>> GetBooking(long id, BookingQueries q, CancellationToken ct) => TypedResults.Ok((await q.ToDtosAsync([await q.BookingAsync(id, ct)], ct))[0]);

    private static async Task<Ok<Page<BookingDto>>> ParkBookings(long parkId, BookingState? state, long? resourceId, bool? mine, string? from, string? to, int? page, int? pageSize,
        BookingQueries q, CancellationToken ct) => TypedResults.Ok(await q.ParkBookingsAsync(parkId, state, resourceId, mine ?? false, from, to, page, pageSize, ct));

    private static async Task<Ok<UtilisationHeatmap>> ResourceHeatmap(long parkId, string? month, BookingUtilisation u, CancellationToken ct) =>
        TypedResults.Ok(await u.HeatmapAsync(parkId, month, ct));

    private static async Task<Ok<List<UtilisationRow>>> ResourceUtilisation(long parkId, string? month, BookingUtilisation u, CancellationToken ct) =>
        TypedResults.Ok(await u.UtilisationAsync(parkId, month, ct));

    // ---------- changing bookings ----------

    private static async Task<Ok<BookingDto>> CancelBooking(long id, string? note, BookingChanges c, BookingQueries q, CancellationToken ct) =>
        TypedResults.Ok((await q.ToDtosAsync([await c.CancelAsync(id, note, ct)], ct))[0]);

    private static async Task<Ok<BookingDto>> ActOnBooking(long id, string action, BookingActionInput? input, BookingChanges c, BookingQueries q, CancellationToken ct) =>
        TypedResults.Ok((await q.ToDtosAsync([await c.ActAsync(id, action, input ?? new BookingActionInput(), ct)], ct))[0]);

    // ---------- waitlist ----------

    private static async Task<Created<WaitlistDto>> JoinWaitlist(long id, BookingInput input, BookingWaitlist w, CancellationToken ct)
    {
        var entry = await w.JoinWaitlistAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/waitlist/{entry.Id}", (await w.ToWaitlistDtosAsync([entry], ct))[0]);
    }

    private static async Task<Ok<List<WaitlistDto>>> Waitlist(long parkId, BookingWaitlist w, CancellationToken ct) => TypedResults.Ok(await w.WaitlistAsync(parkId, ct));

    private static async Task<Created<CreatedBookings>> AcceptOffer(long id, BookingWaitlist w, CancellationToken ct)
    {
        var created = await w.AcceptOfferAsync(id, ct);
        return TypedResults.Created($"/api/v1/bookings/{created.Booking.Id}", created);
    }

    private static async Task<Ok<WaitlistDto>> Withdraw(long id, BookingWaitlist w, CancellationToken ct) => TypedResults.Ok((await w.ToWaitlistDtosAsync([await w.WithdrawAsync(id, ct)], ct))[0]);

    // ---------- calendars ----------

    private static async Task<IResult> BookingIcs(long id, CalendarFeeds f, CancellationToken ct) => Results.Text(await f.BookingIcsAsync(id, ct), "text/calendar; charset=utf-8");

    private static async Task<Ok<FeedDto>> FeedAddress(HttpContext http, CalendarFeeds f, CancellationToken ct) => TypedResults.Ok(Feed(http, await f.FeedTokenAsync(false, ct)));

    private static async Task<Ok<FeedDto>> RotateFeed(HttpContext http, CalendarFeeds f, CancellationToken ct) => TypedResults.Ok(Feed(http, await f.FeedTokenAsync(true, ct)));

    private static async Task<IResult> FeedIcs(string token, CalendarFeeds f, CancellationToken ct) =>
        await f.FeedAsync(token, ct) is { } ics ? Results.Text(ics, "text/calendar; charset=utf-8") : Results.NotFound();

    public sealed record FeedDto(string Url);

    private static FeedDto Feed(HttpContext http, string token) => new($"{http.Request.Scheme}://{http.Request.Host}/calendar/{token}.ics");
}
