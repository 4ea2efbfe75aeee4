using System.Threading.RateLimiting;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ServiceDesk;

public static class ServiceDeskEndpoints
{
    public const string QrLimiter = "qr-tickets";

    public static IServiceCollection AddServiceDesk(this IServiceCollection services)
    {
        services.AddScoped<TicketService>()
            .AddSingleton<IValidator<TicketInput>, TicketInputValidator>()
            .AddSingleton<IValidator<QrTicketInput>, QrTicketInputValidator>();
        services.AddHostedService<SlaSweeper>();
        // the anonymous QR form is open to anyone holding a sticker: a few submissions per minute per address
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(QrLimiter, http => HttpMethods.IsGet(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("page")
            : RateLimitPartition.GetFixedWindowLimiter("qr:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("ParkOps:ServiceDesk:QrPermitsPerMinute", 20), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }

    public static string BaseUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}";

    public static void MapServiceDesk(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Service desk");
        api.MapGet("/parks/{parkId:long}/tickets", async Task<Ok<Page<TicketDto>>> (long parkId, string? state, string? category, bool? open, long? assigneeUserId, int? page, int? pageSize,
                TicketService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(parkId, state, category, open, assigneeUserId, page, pageSize, ct)))
            .WithSummary("Tickets of a park: operators see all, a tenant its own enterprise's, a contractor those assigned to it. open=true gives the board: open tickets ordered by time to breach (minutesToBreach).");
        api.MapPost("/parks/{parkId:long}/tickets", async (long parkId, TicketInput input, TicketService s, CancellationToken ct) =>
            {
                var x = await s.CreateAsync(parkId, input, ct);
                return TypedResults.Created($"/api/v1/tickets/{x.Id}", (await s.ToDtosAsync([x], ct))[0]);
            })
            .WithSummary("Open a ticket: {\"category\": repair|enquiry|complaint|service, \"title\", \"description\", \"severity\": low|normal|high|urgent, \"unitId\" or \"commonArea\"}. Due times come from the park's SLA policy.")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(403);
        api.MapGet("/tickets/{id:long}", async Task<Ok<TicketDetail>> (long id, TicketService s, CancellationToken ct) => TypedResults.Ok(await s.DetailAsync(id, ct)))
            .WithSummary("A ticket with its SLA status, timeline (comments included), photos and the actions the caller may take now.");
        api.MapPost("/tickets/{id:long}/{action}", async Task<Ok<TicketDetail>> (long id, string action, TicketActionInput? input, TicketService s, CancellationToken ct) =>
            {
                var x = await s.ActAsync(id, action, input ?? new TicketActionInput(), ct);
                return TypedResults.Ok(await s.DetailAsync(x.Id, ct));
            })
            .WithSummary("acknowledge | start | resolve (signature) | close | reopen | comment (comment) | assign (assigneeUserId) | escalate | convert (request → work order) | rate (rating 1–5, comment; requester only, after closure). An illegal transition gives 409 with the rule's name.")
            .ProducesProblem(409).ProducesProblem(422).ProducesProblem(403);
        api.MapGet("/tickets/{id:long}/photos/{photoId:long}", async (long id, long photoId, TicketService s, CancellationToken ct) =>
            {
                var p = await s.PhotoAsync(id, photoId, ct);
                // the type the bytes are, not the one stored with them (rows from before uploads were decoded); bytes that
                // are no image are offered as a download, never rendered
                return ImageCheck.FormatOf(p.Data) is { } type ? TypedResults.File(p.Data, type) : TypedResults.File(p.Data, "application/octet-stream", "photo.bin");
            })
            .WithNoSniff()
            .WithSummary("A photo of a ticket or of one of its comments, to those who may read the ticket.");
        api.MapGet("/parks/{parkId:long}/sla-policies", async (long parkId, TicketService s, CancellationToken ct) => TypedResults.Ok(await s.PoliciesAsync(parkId, ct)))
            .WithSummary("Response and resolution targets (minutes) per category × severity; isDefault where the park has not set its own (default response 2 h).");
        api.MapPut("/parks/{parkId:long}/sla-policies", async (long parkId, [MaxItems(TicketService.MaxPolicies, Field = "policies")] SlaPolicyInput[] input, TicketService s, CancellationToken ct) => TypedResults.Ok(await s.SetPoliciesAsync(parkId, input, ct)))
            .WithSummary("Set targets for one or more category × severity pairs (operators); tickets opened from now on use them.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/tickets:sweep", async (long parkId, TicketService s, CancellationToken ct) => TypedResults.Ok(new { recorded = await s.SweepAsync(parkId, ct) }))
            .WithSummary("Record missed deadlines of open tickets and escalate them now (the server also does this every minute).");
        api.MapGet("/parks/{parkId:long}/tickets/report", async (long parkId, int? months, TicketService s, CancellationToken ct) => TypedResults.Ok(await s.ReportAsync(parkId, months, ct)))
            .WithSummary("Per month (Asia/Shanghai): tickets, response times, SLA met shares, satisfaction share. Aggregates only; operators and government viewers.");
        api.MapGet("/parks/{parkId:long}/ticket-assignees", async (long parkId, TicketService s, CancellationToken ct) => TypedResults.Ok(await s.AssigneesAsync(parkId, ct)))
            .WithSummary("Park staff and contractors a ticket may be assigned to.");
        api.MapGet("/units/{id:long}/qr-link", async Task<Results<Ok<QrLinkDto>, NotFound>> (long id, HttpRequest r, TicketService s, CancellationToken ct) =>
                await s.QrLinkOfUnitAsync(id, BaseUrl(r), ct) is { } l ? TypedResults.Ok(l) : TypedResults.NotFound())
            .WithSummary("The unit's anonymous ticket link (operators), or 404 when none has been issued.");
        api.MapPost("/units/{id:long}/qr-link", async (long id, HttpRequest r, TicketService s, CancellationToken ct) => TypedResults.Ok(await s.IssueQrLinkAsync(id, BaseUrl(r), ct)))
            .WithSummary("Issue the unit's QR link, or replace it (the old link stops working).");

        // Photos: multipart, bearer only like the imports (a cookie cannot be ridden into them); the console posts its own forms.
        var upload = app.MapGroup("/api/v1").WithTags("Service desk")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        upload.MapPost("/tickets/{id:long}/photos", async (long id, HttpRequest request, TicketService s, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, CancellationToken ct) =>
            {
                await s.PhotoTargetAsync(id, ct);
                var (bytes, name, eventId) = await ReadPhotoAsync(request, t, ct);
                var p = await s.AddPhotoAsync(id, bytes, name, eventId, ct);
                return TypedResults.Created($"/api/v1/tickets/{id}/photos/{p.Id}", new TicketPhotoDto(p.Id, p.EventId, p.ContentType, p.Size, p.FileName, p.UploadedAt, $"/api/v1/tickets/{id}/photos/{p.Id}"));
            })
            .WithSummary("Add a photo (multipart field `file`, optional `eventId` of a comment): JPEG, PNG or WebP judged by its bytes, at most 5 MB.")
            .AddOpenApiOperationTransformer(DescribeUpload).ProducesValidationProblem().ProducesProblem(422).ProducesProblem(404)
            .WithMetadata(new RequestSizeLimitAttribute(PhotoCheck.MaxBytes + 1024 * 1024));

        // The per-unit QR link: no sign-in, submit only; the answer is a reference number, never the ticket.
        app.MapPost("/api/v1/qr/{token}/tickets", async (string token, QrTicketInput input, TicketService s, CancellationToken ct) =>
                TypedResults.Created((string?)null, await s.CreateFromQrAsync(token, input, ct)))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(QrLimiter).WithTags("Service desk")
            .WithSummary("Anonymous ticket through a unit's QR link (no sign-in): {category, title, description, severity?, name?, phone?}; returns a reference number only.")
            .ProducesValidationProblem().ProducesProblem(404);
    }

    public static async Task<(byte[] Bytes, string? Name, long? EventId)> ReadPhotoAsync(HttpRequest request, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("file", t["Val.Required"])]);
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("file", t["Val.Required"])]);
        if (file.Length > PhotoCheck.MaxBytes)
            throw new ParkOps.Domain.Rules.DomainRuleException("PhotoTooLarge", "file", "照片超过大小上限") { Arguments = [PhotoCheck.MaxBytes / 1024 / 1024] };
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        long? eventId = long.TryParse(form["eventId"], out var ev) ? ev : null;
        return (ms.ToArray(), file.FileName, eventId);
    }

    private static Task DescribeUpload(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            ["eventId"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}

/// <summary>Every minute, records missed SLA deadlines and escalates (off when ParkOps:ServiceDesk:SweepSeconds is 0, as in tests).</summary>
public sealed class SlaSweeper(IServiceScopeFactory scopes, IConfiguration config, IHostEnvironment env, ILogger<SlaSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue("ParkOps:ServiceDesk:SweepSeconds", env.IsEnvironment("Testing") ? 0 : 60);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
                var n = await scope.ServiceProvider.GetRequiredService<TicketService>().SweepAsync(null, stoppingToken);
                if (n > 0) log.LogInformation("SLA sweep recorded {Count} breaches", n);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "SLA sweep failed");
            }
        }
    }
}
