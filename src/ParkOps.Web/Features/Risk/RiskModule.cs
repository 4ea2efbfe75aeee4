using ParkOps.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Domain.Risk;
using ParkOps.Web.Features.Reporting.Contracts;

namespace ParkOps.Web.Features.Risk;

public sealed class RiskModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<RiskRunner>().AddScoped<AlertService>().AddScoped<AlertExplainer>().AddSingleton<RiskRuns>().AddScoped<IReportFiledListener, RiskReportListener>()
            .AddScoped<Contracts.IRiskAlerts, RiskAlertsContract>().AddScoped<Platform.IToDoSource, RiskToDo>();
        services.AddSingleton<RiskNightlyJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RiskNightlyJob>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Risk");
        api.MapGet("/parks/{parkId:long}/alerts", ListAlerts)
            .WithSummary("The park's risk alerts (operators): type = zombie | order-drop | concentration | park-dependence | missing-report | ecosystem, state = open | acknowledged | resolved | dismissed; each with its evidence (an order drop's suppliers worst first).")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/alerts/{id:long}/acknowledge", Acknowledge).WithSummary("Take the alert on (open → acknowledged); 409 AlertTransitionMustBeAllowed otherwise.").ProducesProblem(403).ProducesProblem(409);
        api.MapPost("/alerts/{id:long}/resolve", Resolve).WithSummary("Close the alert as dealt with (open or acknowledged → resolved).").ProducesProblem(403).ProducesProblem(409);
        api.MapPost("/alerts/{id:long}/dismiss", Dismiss).WithSummary("Close the alert as not a risk {\"reason\":\"…\"} (reason required: 422 AlertDismissalNeedsReason).")
            .ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/alerts/acknowledge", AcknowledgeMany).WithSummary("Acknowledge several alerts {\"ids\":[…]}: the open ones are acknowledged, the others listed as skipped; an id not of the park is 404 and changes nothing.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/parks/{parkId:long}/alerts/runs", RunNow).WithSummary("Run the park's risk rules now (also run on new reports and nightly): findings, alerts raised, alerts updated.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/parks/{parkId:long}/risk-summary", Summary).WithSummary("Counts of the park's alerts by type, severity and state, for the government viewers of the park and its operators: no firm and no firm's figure.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/parks/{parkId:long}/risk-settings", Settings).WithSummary("The park's risk thresholds (defaults unless set).").ProducesProblem(403);
        api.MapPut("/parks/{parkId:long}/risk-settings", SetSettings).WithSummary("Set the park's risk thresholds (every field; shares between 0 and 1): 422 RiskSettingOutOfRange names the field.")
            .ProducesProblem(403).ProducesProblem(422);
    }

    private static async Task<Ok<List<AlertDto>>> ListAlerts(long parkId, string? type, string? state, string? severity, long? enterpriseId, AlertService s, CancellationToken ct) =>
        TypedResults.Ok((await s.ListAsync(parkId, new AlertFilter(type, state, severity, enterpriseId), ct)).Select(v => v.Alert).ToList());

    private static async Task<Ok<AlertDto>> Acknowledge(long id, AlertService s, CancellationToken ct) => TypedResults.Ok((await s.ActAsync(id, AlertAction.Acknowledge, null, ct)).Alert);

    private static async Task<Ok<AlertDto>> Resolve(long id, AlertService s, CancellationToken ct) => TypedResults.Ok((await s.ActAsync(id, AlertAction.Resolve, null, ct)).Alert);

    private static async Task<Ok<AlertDto>> Dismiss(long id, AlertDismissInput input, AlertService s, CancellationToken ct) =>
        TypedResults.Ok((await s.ActAsync(id, AlertAction.Dismiss, input.Reason, ct)).Alert);

    private static async Task<Ok<AlertBulkResult>> AcknowledgeMany(long parkId, AlertBulkInput input, AlertService s, CancellationToken ct) =>
        TypedResults.Ok(await s.AcknowledgeAsync(parkId, input.Ids, ct));

    private static async Task<Ok<RiskRunResult>> RunNow(long parkId, AlertService s, CancellationToken ct) => TypedResults.Ok(await s.RunNowAsync(parkId, ct));

    private static async Task<Ok<RiskSummaryDto>> Summary(long parkId, AlertService s, CancellationToken ct) => TypedResults.Ok(await s.SummaryAsync(parkId, ct));

    private static async Task<Ok<RiskSettings>> Settings(long parkId, AlertService s, CancellationToken ct) => TypedResults.Ok(await s.SettingsAsync(parkId, ct));

    private static async Task<Ok<RiskSettings>> SetSettings(long parkId, RiskSettings input, AlertService s, CancellationToken ct) =>
        TypedResults.Ok(await s.SetSettingsAsync(parkId, input, ct));
}
