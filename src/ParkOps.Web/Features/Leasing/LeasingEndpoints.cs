using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Features.Leasing.Contracts;

namespace ParkOps.Web.Features.Leasing;

public static class LeasingEndpoints
{
    public static IServiceCollection AddLeasing(this IServiceCollection services) =>
        services.AddScoped<LeaseService>().AddScoped<SettlementService>().AddScoped<SettlementPdfDocument>().AddScoped<LeaseLedger>().AddScoped<ILeaseLedger>(sp => sp.GetRequiredService<LeaseLedger>()).AddScoped<LeaseBoardService>().AddScoped<RentCalculator>().AddScoped<ExpiryReminderService>().AddScoped<ILeaseExpiries>(sp => sp.GetRequiredService<ExpiryReminderService>()).AddScoped<ILeaseOccupancy>(sp => sp.GetRequiredService<ExpiryReminderService>()).AddSingleton<IValidator<LeaseInput>, LeaseInputValidator>();

    public static void MapLeasing(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Leasing");
        api.MapPost("/leases/quote", async Task<Ok<QuoteResponse>> (QuoteRequest req, LeaseService s, CancellationToken ct) => TypedResults.Ok(await s.QuoteAsync(req, ct)))
            .WithSummary("Rent schedule of a prospective lease: every month with baseAmount, amount and the rules applied (name, parameter, effect), and the total.")
            .ProducesProblem(422);
        api.MapPost("/parks/{parkId:long}/rent-calculator", async Task<Ok<WhatIfResult>> (long parkId, WhatIfInput input, RentCalculator s, CancellationToken ct) => TypedResults.Ok(await s.QuoteAsync(parkId, input, ct)))
            .WithSummary("What-if rent: the park's policy versions with facts and units typed in {facts:{leadingIndustry, highTech, unrelatedIndustry, startup, contributionScore, equityFreeMonths}, units:[{use, areaSqm}], startDate, termMonths}; same engine as the quote and the bill.")
            .ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/parks/{parkId:long}/lease-reminders", async Task<Ok<List<ExpiryReminder>>> (long parkId, ExpiryReminderService s, CancellationToken ct) => TypedResults.Ok(await s.DueAsync(parkId, ct)))
            .WithSummary("Expiry reminders: holding leases ending within 90 days with their stage (90, 30 or 7 days) and days left, soonest first; tenants see their own; a government viewer of the park is refused (403 GovernmentSeesAggregatesOnly): it reads /lease-reminders/counts.")
            .ProducesProblem(403);
        api.MapGet("/parks/{parkId:long}/lease-reminders/counts", async Task<Ok<ExpiringLeaseCounts>> (long parkId, ILeaseExpiries s, CancellationToken ct) => TypedResults.Ok(await s.CountsAsync(parkId, ct)))
            .WithSummary("How many holding leases of the park end within 90 days, by reminder stage (within 7, 30, 90 days), no lease or firm named. For the park's operators and government viewers (an enterprise user is refused: 403 ParkAggregatesAreForOperatorsAndGovernment).")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/parks/{parkId:long}/lease-board", async Task<Ok<LeaseBoard>> (long parkId, LeaseBoardService s, CancellationToken ct) => TypedResults.Ok(await s.BoardAsync(parkId, ct)))
            .WithSummary("The lease board (租控图): units by building and floor, each vacant, leased, expiring (holding lease ends within 90 days), reserved or not leasable; occupancy by area. Not for enterprise users.");
        api.MapGet("/parks/{parkId:long}/leases", async Task<Ok<Page<LeaseDto>>> (long parkId, LeaseState? state, long? enterpriseId, int? expiringWithinDays, int? page, int? pageSize, LeaseService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(parkId, state, enterpriseId, expiringWithinDays, page, pageSize, ct)))
            .WithSummary("Leases of a park (tenants see their own), filterable by state, enterprise and expiry within N days.");
        api.MapPost("/parks/{parkId:long}/leases", async (long parkId, LeaseInput input, LeaseService s, CancellationToken ct) =>
        {
            var l = await s.CreateAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/leases/{l.Id}", (await s.ToDtosAsync([l], ct))[0]);
        }).WithSummary("Record a lease intent (units, start, term); the rent comes from the park's policy.").ProducesValidationProblem().ProducesProblem(422);
        api.MapGet("/leases/{id:long}", async Task<Ok<LeaseDetail>> (long id, LeaseService s, CancellationToken ct) =>
        {
            var (l, schedule) = await s.GetWithScheduleAsync(id, ct);
            return TypedResults.Ok(new LeaseDetail((await s.ToDtosAsync([l], ct))[0], LeaseService.ToMonths(schedule), schedule.BaseTotal, schedule.Total));
        }).WithSummary("A lease with its rent schedule and the rules of each month.");
        api.MapGet("/leases/{id:long}/facts-revisions", async Task<Ok<List<FactsRevisionDto>>> (long id, LeaseService s, CancellationToken ct) => TypedResults.Ok(await s.RevisionsAsync(id, ct)))
            .WithSummary("The operators' re-evaluations of a signed lease's tenant facts, oldest first, with the text its bill lines carry.");
        api.MapPost("/leases/{id:long}/facts-revisions", async (long id, FactsRevisionInput input, LeaseService s, CancellationToken ct) =>
        {
            var r = await s.ReviseFactsAsync(id, input, ct);
            return TypedResults.Created($"/api/v1/leases/{id}/facts-revisions", r);
        }).WithSummary("Re-evaluate a signed lease's tenant facts {effectiveMonth: yyyy-MM, leadingIndustry, highTech, unrelatedIndustry, startup, reason} from a future month not yet billed; earlier months keep their prices.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        api.MapGet("/leases/{id:long}/settlement", async Task<Ok<SettlementDto>> (long id, SettlementService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)))
            .WithSummary("The exit settlement of an ended lease as a statement: deposit, arrears per unpaid bill, rent, property fee and utilities not yet billed, damages and other deductions as lines, each with where its figure came from; the refund or the amount still owed. A draft is computed from current data; once submitted the figures are frozen. The tenant reads its own.")
            .ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/leases/{id:long}/settlement/pdf", async (long id, SettlementPdfDocument d, CancellationToken ct) =>
        {
            var (bytes, name) = await d.PdfAsync(id, ct);
            return TypedResults.File(bytes, Billing.BillDocuments.PdfContentType, name);
        }).WithSummary("The settlement statement as a PDF (Chinese).").ProducesProblem(404).ProducesProblem(409);
        api.MapPut("/leases/{id:long}/settlement", async Task<Ok<SettlementDto>> (long id, SettlementInput input, SettlementService s, CancellationToken ct) => TypedResults.Ok(await s.SaveDraftAsync(id, input, ct)))
            .WithSummary("Store the operator's entries on the draft {damages, damagesNote, deductions:[{text, amount}], expectedRefund?, expectedOwed?}: amounts to the 分, each deduction with its reason; expectedRefund/expectedOwed (what the client computed) are refused with 422 SettlementLinesMustAddUp when the lines give another figure.")
            .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);
        foreach (var action in new[] { "submit", "approve", "settle", "reopen" })
            api.MapPost($"/leases/{{id:long}}/settlement/{action}", async Task<Ok<SettlementDto>> (long id, SettlementActionInput? input, SettlementService s, CancellationToken ct) =>
                    TypedResults.Ok(await s.ActAsync(id, action, input ?? new SettlementActionInput(), ct)))
                .WithSummary(action switch
                {
                    "submit" => "Submit the draft {expectedRefund?, expectedOwed?}: its lines and totals are frozen for approval. Honours Idempotency-Key.",
                    "approve" => "Approve a submitted settlement {expectedRefund?, expectedOwed?}; when the park has more than one operator, not by the one who drafted or submitted it (403 SettlementApproverMustDiffer). Honours Idempotency-Key.",
                    "settle" => "Settle an approved settlement {expectedRefund?, expectedOwed?}: final; the lease becomes Settled, a terminated lease's units are freed, the owed part no bill carries is charged on the next bill; 409 SettlementOutOfDate when bills or payments changed the figures since submission. Honours Idempotency-Key.",
                    _ => "Send a submitted or approved settlement back to draft (figures recomputed from current data).",
                }).ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/leases/{id:long}/{action}", async Task<Ok<LeaseDto>> (long id, string action, LeaseActionInput? input, LeaseService s, CancellationToken ct) =>
        {
            var l = await s.ActAsync(id, action, input ?? new LeaseActionInput(), ct);
            return TypedResults.Ok((await s.ToDtosAsync([l], ct))[0]);
        }).WithSummary("approve | sign | activate | renew | change | terminate | expire | cancel; an illegal transition gives 409 with the rule's name. A terminated lease keeps its units until its exit settlement is settled; settle is refused (409 SettleThroughStatement): use /leases/{id}/settlement.")
            .ProducesProblem(409);
        api.MapGet("/parks/{parkId:long}/rent-policies", async (long parkId, LeaseService s, CancellationToken ct) => TypedResults.Ok(await s.PoliciesAsync(parkId, ct)));
        api.MapPost("/parks/{parkId:long}/rent-policies", async (long parkId, RentPolicyInput input, LeaseService s, CancellationToken ct) =>
        {
            var v = await s.AddPolicyAsync(parkId, input, ct);
            return TypedResults.Created($"/api/v1/parks/{parkId}/rent-policies", v);
        }).WithSummary("Add a rent policy version effective from a date (earlier versions stay in force before it).");
    }

    public sealed record LeaseDetail(LeaseDto Lease, IReadOnlyList<QuoteMonth> Months, decimal BaseTotal, decimal Total);
}
