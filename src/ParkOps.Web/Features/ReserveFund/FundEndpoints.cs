using ParkOps.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ParkOps.Web.Features.ReserveFund;

/// <summary>The risk reserve fund (风险准备金) and crises: DOMAIN §6, issue 12 §4.</summary>
public sealed class FundModule : IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<FundService>().AddScoped<CrisisService>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("ReserveFund");
        api.MapGet("/parks/{parkId:long}/reserve-fund", Fund)
            .WithSummary("The park's reserve fund {balance, ratePercent, totals:[{kind, amount, count}], overdue, redacted, entries:[{id, kind, amount, balanceAfter, enterpriseId, enterpriseName, occurredOn, description, reference, loanId}]}, newest entry first. The park's operators and the platform admin; a government viewer gets the balance and totals only (entries name firms' financing) unless its region shows firm detail; enterprise users read their own share at /enterprises/{id}/reserve-fund.");
        api.MapGet("/parks/{parkId:long}/reserve-fund/settings", Settings)
            .WithSummary("The contribution rate's versions (per cent of reported main revenue, from a quarter on) and the default (0.2 %). The park's operators.");
        api.MapPut("/parks/{parkId:long}/reserve-fund/settings", SetRate)
            .WithSummary("Set the rate from a quarter on {\"fromQuarter\":\"2027Q1\",\"ratePercent\":0.25}; a quarter already posted keeps its rate (409 ReserveFundRateQuarterPosted).")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/reserve-fund/contributions", Contributions)
            .WithSummary("Posted contributions (quarter=2026Q3 to filter), each with the revenue and rate it was computed from.");
        api.MapPost("/parks/{parkId:long}/reserve-fund/contributions", RunContributions)
            .WithSummary("Post a quarter's contributions {\"quarter\":\"2026Q3\"}: each submitted report's main revenue (万元) × 10000 × the quarter's rate, rounded half away from zero to the 分, billed on next month's bill and entered in the fund's ledger. Idempotent per park, quarter and enterprise: running the quarter again posts only what is missing.")
            .ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/reserve-fund/loans", Loans)
            .WithSummary("The park's bridge loans with their schedules; an instalment past its due date and unpaid is overdue.");
        api.MapPost("/parks/{parkId:long}/reserve-fund/loans", Disburse)
            .WithSummary("Disburse a bridge loan {enterpriseId, amount, purpose, startDate, instalments:[{dueDate, amount}], crisisId?}: the instalments sum exactly to the amount; refused when the fund's balance does not cover it (409 ReserveFundInsufficient). Honours Idempotency-Key.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/reserve-fund/loans/{id:long}", Loan)
            .WithSummary("A bridge loan with its schedule, repayments and overdue marks: the park's operators and the borrowing enterprise.");
        api.MapPost("/reserve-fund/loans/{id:long}/repayments", Repay)
            .WithSummary("Record a repayment {amount, paidOn?, reference?}: applied to the oldest open instalments; never more than the loan still owes (422 LoanRepaymentExceedsOutstanding). Honours Idempotency-Key.")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/enterprises/{id:long}/reserve-fund", Enterprise)
            .WithSummary("One enterprise's share of the fund: its contributions and its loans with their schedules. The enterprise itself and its park's operators.");
        api.MapGet("/parks/{parkId:long}/crises", Crises)
            .WithSummary("The park's crises, newest first, with the affected firms and the actions taken. The park's operators.");
        api.MapPost("/parks/{parkId:long}/crises", OpenCrisis)
            .WithSummary("Open a crisis {title, summary?, alertId?, enterpriseIds:[…]} (e.g. from an order-drop alert with the firms of its ripple).")
            .ProducesProblem(422);
        api.MapGet("/crises/{id:long}", Crisis)
            .WithSummary("A crisis with its firms and actions.");
        api.MapPost("/crises/{id:long}/actions", AddAction)
            .WithSummary("Record an action {kind: Meeting|BridgeLoan|NewCustomers|Other, occurredOn?, note, loanId?, link?}; a bridge loan action names its loan. Only while the crisis is open (409 CrisisMustBeOpen).")
            .ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/crises/{id:long}/close", CloseCrisis)
            .WithSummary("Close a crisis with its outcome {outcome} (required); a closed crisis takes nothing more.")
            .ProducesProblem(409).ProducesProblem(422);
    }

    private static async Task<Ok<FundView>> Fund(long parkId, FundService s, CancellationToken ct) => TypedResults.Ok(await s.ViewAsync(parkId, ct));
    private static async Task<Ok<FundSettingsView>> Settings(long parkId, FundService s, CancellationToken ct) => TypedResults.Ok(await s.SettingsAsync(parkId, ct));
    private static async Task<Ok<FundSettingsView>> SetRate(long parkId, FundSettingInput input, FundService s, CancellationToken ct) => TypedResults.Ok(await s.SetRateAsync(parkId, input, ct));
    private static async Task<Ok<IReadOnlyList<ContributionDto>>> Contributions(long parkId, string? quarter, FundService s, CancellationToken ct) =>
        TypedResults.Ok(await s.ContributionsAsync(parkId, quarter, ct));
    private static async Task<Ok<ContributionRunResult>> RunContributions(long parkId, ContributionRunInput input, FundService s, CancellationToken ct) =>
        TypedResults.Ok(await s.RunContributionsAsync(parkId, input, ct));
    private static async Task<Ok<IReadOnlyList<LoanDto>>> Loans(long parkId, FundService s, CancellationToken ct) => TypedResults.Ok(await s.ParkLoansAsync(parkId, ct));
    private static async Task<Created<LoanDto>> Disburse(long parkId, LoanInput input, FundService s, CancellationToken ct)
    {
        var loan = await s.DisburseAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/reserve-fund/loans/{loan.Id}", loan);
    }
    private static async Task<Ok<LoanDto>> Loan(long id, FundService s, CancellationToken ct) => TypedResults.Ok(await s.LoanAsync(id, ct));
    private static async Task<Ok<RepaymentResult>> Repay(long id, RepaymentInput input, FundService s, CancellationToken ct) => TypedResults.Ok(await s.RepayAsync(id, input, ct));
    private static async Task<Ok<EnterpriseFundView>> Enterprise(long id, FundService s, CancellationToken ct) => TypedResults.Ok(await s.EnterpriseAsync(id, ct));
    private static async Task<Ok<IReadOnlyList<CrisisDto>>> Crises(long parkId, CrisisService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(parkId, ct));
    private static async Task<Created<CrisisDto>> OpenCrisis(long parkId, CrisisInput input, CrisisService s, CancellationToken ct)
    {
        var c = await s.OpenAsync(parkId, input, ct);
        return TypedResults.Created($"/api/v1/crises/{c.Id}", c);
    }
    private static async Task<Ok<CrisisDto>> Crisis(long id, CrisisService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct));
    private static async Task<Ok<CrisisDto>> AddAction(long id, CrisisActionInput input, CrisisService s, CancellationToken ct) => TypedResults.Ok(await s.AddActionAsync(id, input, ct));
    private static async Task<Ok<CrisisDto>> CloseCrisis(long id, CrisisCloseInput input, CrisisService s, CancellationToken ct) => TypedResults.Ok(await s.CloseAsync(id, input, ct));
}
