using System.Threading.RateLimiting;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Features.ServiceDesk.Contracts;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.ServiceDesk;

public static class ServiceDeskEndpoints
{
    public const string QrLimiter = "qr-tickets";

    public static IServiceCollection AddServiceDesk(this IServiceCollection services)
    {
        services.AddScoped<DeskAccess>().AddScoped<SlaPolicies>().AddScoped<TicketIntake>().AddScoped<TicketQueries>().AddScoped<TicketWork>()
            .AddScoped<TicketPhotoStore>().AddScoped<TicketPhotoHolds>().AddScoped<UnitQrLinks>().AddScoped<DeskReporting>().AddScoped<Contracts.IDeskReports>(sp => sp.GetRequiredService<DeskReporting>())
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
        api.MapGet("/parks/{parkId:long}/tickets", ListTickets)
            .WithSummary("Tickets of a park: operators see all, a tenant its own enterprise's, a contractor those assigned to it. open=true gives the board: open tickets ordered by time to breach (minutesToBreach). Filters: state, category, assigneeUserId, enterpriseId, search (title, description, requester or reference T000123); sort=created|due|severity|state with desc=true|false (default: the board by due time, otherwise newest first).");
        api.MapPost("/parks/{parkId:long}/tickets", OpenTicket)
            .WithSummary("Open a ticket: {\"category\": repair|enquiry|complaint|service, \"title\", \"description\", \"severity\": low|normal|high|urgent, \"unitId\" or \"commonArea\"}. Due times come from the park's SLA policy.")
            .ProducesValidationProblem().ProducesProblem(422).ProducesProblem(403);
        api.MapGet("/tickets/{id:long}", TicketDetail)
            .WithSummary("A ticket with its SLA status, timeline (comments included), photos and the actions the caller may take now.");
        api.MapPost("/tickets/{id:long}/{action}", ActOnTicket)
            .WithSummary(TicketActionCatalog.Summary)
            .ProducesProblem(409).ProducesProblem(422).ProducesProblem(403);
        api.MapGet("/tickets/{id:long}/photos/{photoId:long}", TicketPhoto)
            .WithNoSniff()
            .WithSummary("A photo of a ticket or of one of its comments, to those who may read the ticket.");
        api.MapGet("/parks/{parkId:long}/sla-policies", GetSlaPolicies)
            .WithSummary("Response and resolution targets (minutes) per category × severity; isDefault where the park has not set its own (default response 2 h).");
        api.MapPut("/parks/{parkId:long}/sla-policies", SetSlaPolicies)
            .WithSummary("Set targets for one or more category × severity pairs (operators); tickets opened from now on use them.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/tickets:sweep", Sweep)
            .WithSummary("Record missed deadlines of open tickets and escalate them now (the server also does this every minute).");
        api.MapGet("/parks/{parkId:long}/tickets/report", Report)
            .WithSummary("Per month (Asia/Shanghai): tickets, response times, SLA met shares, satisfaction share. Aggregates only; operators and government viewers.");
        api.MapGet("/parks/{parkId:long}/ticket-assignees", Assignees)
            .WithSummary("Park staff and contractors a ticket may be assigned to.");
        api.MapGet("/units/{id:long}/qr-link", GetQrLink)
            .WithSummary("The unit's anonymous ticket link (operators), or 404 when none has been issued.");
        api.MapPost("/units/{id:long}/qr-link", IssueQrLink)
            .WithSummary("Issue the unit's QR link, or replace it (the old link stops working).");

        // Photos: multipart, bearer only like the imports (a cookie cannot be ridden into them); the console posts its own forms.
        var upload = app.MapGroup("/api/v1").WithTags("Service desk")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(BearerTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        upload.MapPost("/tickets/{id:long}/photos", AddPhoto)
            .WithSummary("Add a photo (multipart field `file`, optional `eventId` of a comment): JPEG, PNG or WebP judged by its bytes, at most 5 MB.")
            .AddOpenApiOperationTransformer(DescribeUpload).ProducesValidationProblem().ProducesProblem(422).ProducesProblem(404)
            .WithMetadata(new RequestSizeLimitAttribute(PhotoCheck.MaxBytes + 1024 * 1024));

        // The per-unit QR link: no sign-in, submit only; the answer is a reference number, never the ticket.
        app.MapPost("/api/v1/qr/{token}/tickets", QrTicket)
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(QrLimiter).WithTags("Service desk")
            .WithSummary("Anonymous ticket through a unit's QR link (no sign-in): {category, title, description, severity?, name?, phone?}; returns a reference number only.")
            .ProducesValidationProblem().ProducesProblem(404);
    }

    private static async Task<Ok<Page<TicketDto>>> ListTickets(long parkId, string? state, string? category, bool? open, long? assigneeUserId, long? enterpriseId,
        string? search, string? sort, bool? desc, int? page, int? pageSize, TicketQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.ListAsync(parkId, new TicketFilter(state, category, open, assigneeUserId, enterpriseId, search, sort, desc), page, pageSize, ct));

    private static async Task<Created<TicketDto>> OpenTicket(long parkId, TicketInput input, TicketIntake intake, TicketQueries q, CancellationToken ct)
    {
        var x = await intake.CreateAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/tickets/{x.Id}", (await q.ToDtosAsync([x], ct))[0]);
    }

    private static async Task<Ok<TicketDetail>> TicketDetail(long id, TicketQueries q, CancellationToken ct) => TypedResults.Ok(await q.DetailAsync(id, ct));

    private static async Task<Ok<TicketDetail>> ActOnTicket(long id, string action, TicketActionInput? input, TicketWork work, TicketQueries q, CancellationToken ct)
    {
        var x = await work.ActAsync(id, action, input ?? new TicketActionInput(), ct);
        return TypedResults.Ok(await q.DetailAsync(x.Id, ct));
    }

    private static async Task<FileContentHttpResult> TicketPhoto(long id, long photoId, TicketPhotoStore photos, CancellationToken ct)
    {
        var p = await photos.PhotoAsync(id, photoId, ct);
        // the type the bytes are, not the one stored with them (rows from before uploads were decoded); bytes that
        // are no image are offered as a download, never rendered
        return ImageCheck.FormatOf(p.Data) is { } type ? TypedResults.File(p.Data, type) : TypedResults.File(p.Data, "application/octet-stream", "photo.bin");
    }

    private static async Task<Ok<List<SlaPolicyDto>>> GetSlaPolicies(long parkId, SlaPolicies s, CancellationToken ct) => TypedResults.Ok(await s.PoliciesAsync(parkId, ct));

    private static async Task<Ok<List<SlaPolicyDto>>> SetSlaPolicies(long parkId, [MaxItems(SlaPolicies.MaxPolicies, Field = "policies")] SlaPolicyInput[] input, SlaPolicies s, CancellationToken ct) =>
        TypedResults.Ok(await s.SetPoliciesAsync(parkId, input, ct));

    private static async Task<Ok<SweepResult>> Sweep(long parkId, TicketWork work, CancellationToken ct) => TypedResults.Ok(new SweepResult(await work.SweepAsync(parkId, ct)));

    private static async Task<Ok<DeskReport>> Report(long parkId, int? months, DeskReporting r, CancellationToken ct) => TypedResults.Ok(await r.ReportAsync(parkId, months, ct));

    private static async Task<Ok<List<AssigneeDto>>> Assignees(long parkId, TicketQueries q, CancellationToken ct) => TypedResults.Ok(await q.AssigneesAsync(parkId, ct));

    private static async Task<Results<Ok<QrLinkDto>, NotFound>> GetQrLink(long id, HttpRequest r, UnitQrLinks links, CancellationToken ct) =>
        await links.QrLinkOfUnitAsync(id, BaseUrl(r), ct) is { } l ? TypedResults.Ok(l) : TypedResults.NotFound();

    private static async Task<Ok<QrLinkDto>> IssueQrLink(long id, HttpRequest r, UnitQrLinks links, CancellationToken ct) => TypedResults.Ok(await links.IssueQrLinkAsync(id, BaseUrl(r), ct));

    private static async Task<Created<TicketPhotoDto>> AddPhoto(long id, HttpRequest request, TicketPhotoStore photos, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, CancellationToken ct)
    {
        await photos.PhotoTargetAsync(id, ct);
        var (bytes, name, eventId) = await ReadPhotoAsync(request, t, ct);
        var p = await photos.AddPhotoAsync(id, bytes, name, eventId, ct);
        return TypedResults.Created($"/api/v1/tickets/{id}/photos/{p.Id}", new TicketPhotoDto(p.Id, p.EventId, p.ContentType, p.Size, p.FileName, p.UploadedAt, $"/api/v1/tickets/{id}/photos/{p.Id}"));
    }

    private static async Task<Created<QrTicketReceipt>> QrTicket(string token, QrTicketInput input, TicketIntake intake, CancellationToken ct) =>
        TypedResults.Created((string?)null, await intake.CreateFromQrAsync(token, input, ct));

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

/// <summary>How many tickets the sweep recorded a missed deadline or an escalation on.</summary>
public sealed record SweepResult(int Recorded);

/// <summary>Every minute, records missed SLA deadlines and escalates (off when ParkOps:ServiceDesk:SweepSeconds is 0, as in tests).</summary>
public sealed class SlaSweeper(IServiceScopeFactory scopes, IConfiguration config, IHostEnvironment env, ILogger<SlaSweeper> log)
    : Platform.PeriodicJob(scopes, config, env, log, "ServiceDesk:SweepSeconds", 60)
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var n = await services.GetRequiredService<TicketWork>().SweepAsync(null, ct);
        if (n > 0) log.LogInformation("SLA sweep recorded {Count} breaches", n);
    }
}
