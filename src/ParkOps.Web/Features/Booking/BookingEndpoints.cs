using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Booking;

public static class BookingEndpoints
{
    public static IServiceCollection AddBooking(this IServiceCollection services) => services.AddScoped<BookingService>();

    public static void MapBooking(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Booking");

        api.MapGet("/parks/{parkId:long}/resources", async Task<Ok<Page<ResourceDto>>> (long parkId, ResourceKind? kind, bool? includeInactive, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ResourcesAsync(parkId, kind, includeInactive ?? false, ct)))
            .WithSummary("Shared resources of a park (meeting rooms, labs, equipment) with capacity, opening hours, hourly rate, slot limits, buffer, approval and qualification.");
        api.MapPost("/parks/{parkId:long}/resources", async (long parkId, ResourceInput input, BookingService s, CancellationToken ct) =>
        {
            var r = await s.SaveResourceAsync(parkId, null, input, ct);
            return TypedResults.Created($"/api/v1/resources/{r.Id}", ResourceDto.From(r));
        }).WithSummary("Add a shared resource (operators).").ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/resources/{id:long}", async Task<Ok<ResourceDto>> (long id, BookingService s, CancellationToken ct) => TypedResults.Ok(ResourceDto.From(await s.ResourceAsync(id, ct))));
        api.MapPut("/resources/{id:long}", async Task<Ok<ResourceDto>> (long id, ResourceInput input, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(ResourceDto.From(await s.SaveResourceAsync(null, id, input, ct))))
            .WithSummary("Change a resource's rules (operators); existing bookings keep the buffer they were made with.").ProducesValidationProblem().ProducesProblem(422);

        api.MapGet("/resources/{id:long}/bookings", async Task<Ok<List<BookingSlotDto>>> (long id, string? from, string? to, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ResourceBookingsAsync(id, from, to, ct)))
            .WithSummary("Live bookings of a resource between from and to (dates, Asia/Shanghai; default the next 14 days): the caller's own in full, others only as busy slots.");
        api.MapPost("/resources/{id:long}/bookings", async (long id, BookingInput input, BookingService s, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(id, input, ct);
            return TypedResults.Created($"/api/v1/bookings/{created.Booking.Id}", created);
        }).WithSummary("Book {\"start\",\"end\",\"purpose\"} (ISO 8601 with offset), optionally repeatWeeklyUntil (a date: the whole series or nothing). A slot that collides with a live booking gives 409 naming that booking's id and time.")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(409);
        api.MapGet("/resources/{id:long}/availability", async Task<Ok<AvailabilityDto>> (long id, string? from, string? to, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AvailabilityAsync(id, from, to, ct)))
            .WithSummary("Free and busy slots per day within opening hours (from, to: dates in Asia/Shanghai; default the next 7 days; at most 62 days). Free slots already leave room for the buffer.");
        api.MapPost("/resources/{id:long}/waitlist", async (long id, BookingInput input, BookingService s, CancellationToken ct) =>
        {
            var w = await s.JoinWaitlistAsync(id, input, ct);
            return TypedResults.Created($"/api/v1/waitlist/{w.Id}", (await s.ToWaitlistDtosAsync([w], ct))[0]);
        }).WithSummary("Wait for a taken slot; when it is freed the first in line is offered it.").ProducesProblem(409);

        api.MapGet("/bookings/{id:long}", async Task<Ok<BookingDto>> (long id, BookingService s, CancellationToken ct) =>
            TypedResults.Ok((await s.ToDtosAsync([await s.BookingAsync(id, ct)], ct))[0]));
        api.MapDelete("/bookings/{id:long}", async Task<Ok<BookingDto>> (long id, string? note, BookingService s, CancellationToken ct) =>
            TypedResults.Ok((await s.ToDtosAsync([await s.CancelAsync(id, note, ct)], ct))[0]))
            .WithSummary("Cancel a booking: the booker's enterprise until the resource's notice period before the start, an operator until the start. The freed slot is offered to the waitlist.")
            .ProducesProblem(409);
        api.MapPost("/bookings/{id:long}/{action}", async Task<Ok<BookingDto>> (long id, string action, BookingActionInput? input, BookingService s, CancellationToken ct) =>
            TypedResults.Ok((await s.ToDtosAsync([await s.ActAsync(id, action, input ?? new BookingActionInput(), ct)], ct))[0]))
            .WithSummary("Operators: approve | reject (note) | usage (actualStart, actualEnd) | no-show. Usage and no-show post the charge for the monthly bill run (rate, hours, free hours used, amount).")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/bookings/{id:long}/calendar.ics", async (long id, BookingService s, CancellationToken ct) =>
            Results.Text(await s.BookingIcsAsync(id, ct), "text/calendar; charset=utf-8"))
            .WithNoSniff().WithSummary("The booking as an iCalendar (RFC 5545) event.");
        api.MapGet("/parks/{parkId:long}/bookings", async Task<Ok<Page<BookingDto>>> (long parkId, BookingState? state, long? resourceId, bool? mine, string? from, string? to, int? page, int? pageSize, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ParkBookingsAsync(parkId, state, resourceId, mine ?? false, from, to, page, pageSize, ct)))
            .WithSummary("Bookings of a park (a tenant: its enterprise's own); state=PendingApproval is the approvals queue; mine=true the caller's own.");
        api.MapGet("/parks/{parkId:long}/resource-utilisation", async Task<Ok<List<UtilisationRow>>> (long parkId, string? month, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UtilisationAsync(parkId, month, ct)))
            .WithSummary("Per resource and month (yyyy-MM): open hours, booked and used hours, no-shows, idle rate (1 − used ÷ open), revenue.");

        api.MapGet("/parks/{parkId:long}/training-records", async Task<Ok<List<TrainingRecordDto>>> (long parkId, BookingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.TrainingRecordsAsync(parkId, ct)))
            .WithSummary("Training records (a tenant: its own people's).");
        api.MapPost("/parks/{parkId:long}/training-records", async (long parkId, TrainingRecordInput input, BookingService s, CancellationToken ct) =>
        {
            var x = await s.AddTrainingRecordAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/training-records", (await s.TrainingRecordsAsync(parkId, ct)).First(r => r.Id == x.Id));
        }).WithSummary("Record a completed training (operators): the user may then book resources that require the qualification, between validFrom and validUntil.")
            .ProducesValidationProblem();

        api.MapGet("/parks/{parkId:long}/waitlist", async Task<Ok<List<WaitlistDto>>> (long parkId, BookingService s, CancellationToken ct) => TypedResults.Ok(await s.WaitlistAsync(parkId, ct)))
            .WithSummary("The caller's waitlist entries (operators: the park's); an entry in state Offered can be accepted.");
        api.MapPost("/waitlist/{id:long}/accept", async (long id, BookingService s, CancellationToken ct) =>
        {
            var created = await s.AcceptOfferAsync(id, ct);
            return TypedResults.Created($"/api/v1/bookings/{created.Booking.Id}", created);
        }).WithSummary("Book the freed slot offered to this waitlist entry.").ProducesProblem(409);
        api.MapDelete("/waitlist/{id:long}", async Task<Ok<WaitlistDto>> (long id, BookingService s, CancellationToken ct) =>
            TypedResults.Ok((await s.ToWaitlistDtosAsync([await s.WithdrawAsync(id, ct)], ct))[0]));

        api.MapGet("/me/calendar-feed", async (HttpContext http, BookingService s, CancellationToken ct) => TypedResults.Ok(Feed(http, await s.FeedTokenAsync(false, ct))))
            .WithSummary("The address of the caller's own calendar feed (subscribe to it in a calendar app; it carries a secret).");
        api.MapPost("/me/calendar-feed", async (HttpContext http, BookingService s, CancellationToken ct) => TypedResults.Ok(Feed(http, await s.FeedTokenAsync(true, ct))))
            .WithSummary("Replace the feed's secret: the old address stops working.");

        // calendar apps send no login: the secret in the address is the credential, and it reads only its owner's bookings
        app.MapGet("/calendar/{token}.ics", async (string token, BookingService s, CancellationToken ct) =>
            await s.FeedAsync(token, ct) is { } ics ? Results.Text(ics, "text/calendar; charset=utf-8") : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription().WithNoSniff();
    }

    public sealed record FeedDto(string Url);

    private static FeedDto Feed(HttpContext http, string token) => new($"{http.Request.Scheme}://{http.Request.Host}/calendar/{token}.ics");
}
