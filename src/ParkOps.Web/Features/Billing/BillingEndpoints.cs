using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Features.Imports;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Features.Billing.Contracts;

namespace ParkOps.Web.Features.Billing;

public static class BillingEndpoints
{
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddScoped<BillingService>().AddScoped<AccountStanding>().AddScoped<IAccountStanding>(sp => sp.GetRequiredService<AccountStanding>())
            .AddScoped<IChargePoster>(sp => sp.GetRequiredService<AccountStanding>()).AddSingleton<BillRunner>().AddScoped<PaymentService>().AddScoped<IParkArrears>(sp => sp.GetRequiredService<PaymentService>()).AddScoped<IBilledRevenue>(sp => sp.GetRequiredService<PaymentService>()).AddScoped<IDepositOffsets>(sp => sp.GetRequiredService<PaymentService>()).AddScoped<IOverbillingCredits>(sp => sp.GetRequiredService<PaymentService>()).AddScoped<BillReissueService>().AddScoped<BillDocuments>()
            .AddScoped<CreditAccounts>().AddScoped<CreditStatementService>().AddScoped<LedgerVerifier>();
        services.AddSingleton<LedgerNightlyJob>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerNightlyJob>());
        return services;
    }

    public static void MapBilling(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Billing");
        api.MapPost("/parks/{parkId:long}/bill-runs", async Task<Ok<BillRunResult>> (long parkId, BillRunRequest req, BillingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.RunAsync(parkId, req, ct)))
            .WithSummary("Run the monthly billing {\"month\":\"yyyy-MM\"}: one bill per enterprise; all or nothing; running a month again creates only what is missing.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapPost("/bill-runs", async Task<Ok<MultiBillRunResult>> (MultiBillRunRequest req, BillRunner r, ICurrentActor actor, CancellationToken ct) =>
            TypedResults.Ok(await r.RunAsync(actor.Scope, req, ct)))
            .WithSummary("Run the monthly billing of many parks {\"month\":\"yyyy-MM\",\"parkIds\":[…]} (default: every park the caller operates): each park is its own all-or-nothing run, several at a time; a park that fails is reported with its rule and the others go on.")
            .ProducesValidationProblem().ProducesProblem(403);
        api.MapGet("/parks/{parkId:long}/bill-runs", async Task<Ok<List<BillRunResult>>> (long parkId, BillingService s, CancellationToken ct) => TypedResults.Ok(await s.RunsAsync(parkId, ct)));
        api.MapGet("/parks/{parkId:long}/bills", async Task<Ok<Page<BillDto>>> (long parkId, string? month, long? enterpriseId, BillState? state, string? standing, string? sort, bool? desc,
                int? page, int? pageSize, BillingService s, CancellationToken ct) =>
            TypedResults.Ok(await s.BillsAsync(parkId, new BillFilter(month, enterpriseId, state, standing, sort, desc), page, pageSize, ct)))
            .WithSummary("Bills of a park; an enterprise user sees only its own. Filters: month=yyyy-MM, enterpriseId, state, standing=unpaid (something outstanding) or overdue (unpaid past its due date); sort=month|number|due|total|outstanding with desc=true|false (default: newest month first). A government viewer of the park is refused (403 GovernmentSeesAggregatesOnly).")
            .ProducesProblem(403);
        api.MapPost("/bills/{id:long}/payments", async Task<Ok<PaymentResult>> (long id, [StoredIn(typeof(Payment))] PaymentInput input, PaymentService s, CancellationToken ct) => TypedResults.Ok(await s.PayAsync(id, input, ct)))
            .WithSummary("Record a payment (full, partial, or more than outstanding: the excess becomes the enterprise's credit; method Credit pays from it). Exact under concurrent payments; a reference is accepted once per enterprise; honours Idempotency-Key.")
            .ProducesValidationProblem().ProducesProblem(409);
        api.MapGet("/bills/{id:long}/payments", async Task<Ok<List<Payment>>> (long id, PaymentService s, CancellationToken ct) => TypedResults.Ok(await s.PaymentsAsync(id, ct)));
        api.MapGet("/parks/{parkId:long}/arrears", async Task<Ok<List<ArrearsRow>>> (long parkId, DateOnly? asOf, PaymentService s, CancellationToken ct) => TypedResults.Ok(await s.ArrearsAsync(parkId, asOf, ct)))
            .WithSummary("Outstanding amounts per enterprise, aged 1–30 / 31–60 / 61–90 / over 90 days past due. A government viewer of the park is refused (403 GovernmentSeesAggregatesOnly): it reads /arrears/totals.")
            .ProducesProblem(403);
        api.MapGet("/parks/{parkId:long}/arrears/totals", async Task<Ok<ParkArrearsTotals>> (long parkId, DateOnly? asOf, IParkArrears s, CancellationToken ct) => TypedResults.Ok(await s.TotalsAsync(parkId, asOf, ct)))
            .WithSummary("The park's arrears summed, no firm named: enterprises and bills overdue, the amount outstanding, aged 1–30 / 31–60 / 61–90 / over 90 days past due. For the park's operators and government viewers (an enterprise user is refused: 403 ParkAggregatesAreForOperatorsAndGovernment).")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/bills/{id:long}/reissue", async Task<Ok<ReissueResult>> (long id, [StoredIn(typeof(CreditNote))] ReissueInput input, BillReissueService s, CancellationToken ct) => TypedResults.Ok(await s.ReissueAsync(id, input, ct)))
            .WithSummary("Reissue a bill (never edited in place): a credit note cancels it, a new bill for the same month carries its lines plus adjustment lines {\"reason\", \"adjustments\":[{\"description\",\"amount\"}]}; what was paid moves to the new bill, any excess to credit. Honours Idempotency-Key.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/bills/{id:long}/credit-notes", async Task<Ok<List<CreditNoteDto>>> (long id, BillReissueService s, CancellationToken ct) => TypedResults.Ok(await s.CreditNotesAsync(id, ct)))
            .WithSummary("The credit notes that cancelled this bill or created it.");
        api.MapGet("/bills/{id:long}/pdf", async (long id, BillDocuments d, CancellationToken ct) =>
            {
                var (bytes, name) = await d.PdfAsync(id, ct);
                return TypedResults.File(bytes, BillDocuments.PdfContentType, name);
            })
            .WithNoSniff().WithSummary("The bill as PDF (Chinese, A4): lines with their explanation, totals, payments, credit notes.");
        api.MapGet("/parks/{parkId:long}/bills/export", async (long parkId, string? month, BillState? state, BillDocuments d, CancellationToken ct) =>
            {
                var (bytes, name) = await d.ExportAsync(parkId, month, state, ct);
                return TypedResults.File(bytes, XlsxWriter.ContentType, name);
            })
            .WithNoSniff().WithSummary("Bills of a park as .xlsx (same filters as the list): a sheet of bills and a sheet of their lines with explanations.");
        api.MapGet("/enterprises/{id:long}/credit-account", async Task<Ok<CreditStatement>> (long id, CreditStatementService s, CancellationToken ct) => TypedResults.Ok(await s.StatementAsync(id, ct)))
            .WithSummary("The enterprise's credit with the park: the balance and every movement behind it (over-payments, credit payments, reissue excess, refunds), newest first. Its park's operators and the enterprise itself.");
        api.MapPost("/enterprises/{id:long}/credit-account/refunds", async Task<Ok<CreditMovementDto>> (long id, [StoredIn(typeof(CreditMovement))] RefundInput input, CreditStatementService s, CancellationToken ct) => TypedResults.Ok(await s.RefundAsync(id, input, ct)))
            .WithSummary("Pay credit back to the enterprise {\"amount\", \"method\", \"paidOn\", \"reference\", \"note\"}: never more than the balance, also under concurrent requests. Honours Idempotency-Key.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/ledger-checks", async Task<Ok<List<LedgerCheckDto>>> (long parkId, int? take, LedgerVerifier v, CancellationToken ct) => TypedResults.Ok(await v.HistoryAsync(parkId, take ?? 20, ct)))
            .WithSummary("The latest checks of the park's books (nightly, console, API, CLI), newest first, each with its findings.");
        api.MapPost("/parks/{parkId:long}/ledger-checks", async Task<Ok<LedgerCheckDto>> (long parkId, LedgerVerifier v, CancellationToken ct) => TypedResults.Ok(await v.RunAsync(parkId, LedgerCheckTrigger.Api, ct)))
            .WithSummary("Check the park's books now: every bill's paid amount equals what its payments applied, every credit balance equals its movements, every bill line belongs to exactly one live bill. Reports; never repairs.");
        api.MapGet("/bills/{id:long}", async Task<Ok<BillDto>> (long id, BillingService s, CancellationToken ct) => TypedResults.Ok(await s.BillAsync(id, ct)))
            .WithSummary("A bill with its lines, each naming its source and the rules applied.");
    }
}
