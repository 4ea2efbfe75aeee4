using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Billing;

/// <summary><c>POST /api/v1/bill-runs</c>: the month to bill and, optionally, which parks (default: every park the caller operates).</summary>
public sealed record MultiBillRunRequest([Code(7)] string Month, [MaxItems(BillRunner.MaxParks)] IReadOnlyList<long>? ParkIds = null);

/// <summary>One park's part of a multi-park run: its run, or why it failed (the other parks carry on).</summary>
public sealed record ParkBillRunOutcome(long ParkId, string ParkCode, string ParkName, BillRunResult? Run, string? ErrorRule, string? Error);

public sealed record MultiBillRunResult(string Month, int Parks, int Succeeded, int Failed, int BillsCreated, decimal TotalCreated, int Parallelism,
    DateTime StartedAt, DateTime FinishedAt, IReadOnlyList<ParkBillRunOutcome> Outcomes);

/// <summary>
/// The monthly bill run over many parks at once (a platform or county operator's month end; the CLI's
/// <c>bill-run</c>): each park is exactly the park's own bill run (<see cref="BillingService.RunAsync"/>, one
/// transaction, re-runnable) in its own scope and connection, several parks at a time. A park that fails is reported
/// with its rule and leaves nothing behind; the others are not held up. On SQLite the parks run one after another
/// (one writer at a time); on PostgreSQL <c>ParkOps:Billing:Parallelism</c> parks at once (default: twice the cores),
/// so one park's pricing overlaps another's round trips to the database.
/// </summary>
public sealed class BillRunner(IServiceScopeFactory scopes, DatabaseOptions database, IConfiguration config, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, ILogger<BillRunner> log)
{
    /// <summary>The most parks one request may name (a province's parks; the list becomes one query's parameters).</summary>
    public const int MaxParks = 1000;

    public int Parallelism => database.Provider == DatabaseProvider.Sqlite ? 1
        : Math.Max(1, config.GetValue<int?>("ParkOps:Billing:Parallelism") ?? 2 * Environment.ProcessorCount);

    public async Task<MultiBillRunResult> RunAsync(ActorScope actor, MultiBillRunRequest request, CancellationToken ct)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        List<(long Id, string Code, string Name)> parks;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actor);
            var billing = scope.ServiceProvider.GetRequiredService<BillingService>();
            // who asks before what they send
            if (actor.IsEnterpriseOnly || (!actor.IsPlatformAdmin && actor.OperatorParkIds.Length == 0)) throw new ForbiddenException("OnlyOperatorsMayWrite");
            billing.ParseMonth(request.Month);
            if (request.ParkIds is { Count: > MaxParks })
                throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("parkIds", t["Val.MaxItems", MaxParks]) { ErrorCode = "MaxItems" }]);
            var db = scope.ServiceProvider.GetRequiredService<ParkOpsDb>();
            var operable = db.Parks.AsNoTracking().Where(p => actor.IsPlatformAdmin || actor.OperatorParkIds.Contains(p.Id));
            var asked = request.ParkIds is { Count: > 0 } ids ? ids.Distinct().ToArray() : null;
            if (asked is not null) operable = operable.Where(p => asked.Contains(p.Id));
            parks = (await operable.OrderBy(p => p.Id).Select(p => new { p.Id, p.Code, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Code, p.Name)).ToList();
            // a park the caller may not operate (or that does not exist) is refused before anything runs
            if (asked?.Except(parks.Select(p => p.Id)).FirstOrDefault() is long missing and not 0)
                throw actor.CanSeePark(missing) ? new ForbiddenException("OnlyOperatorsMayWrite") : new NotFoundException("Park", missing);
        }

        var outcomes = new ParkBillRunOutcome[parks.Count];
        var parallelism = Parallelism;
        await Parallel.ForEachAsync(Enumerable.Range(0, parks.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, ct) =>
        {
            var (id, code, name) = parks[i];
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actor);
            try
            {
                var run = await scope.ServiceProvider.GetRequiredService<BillingService>().RunAsync(id, new BillRunRequest(request.Month), ct);
                outcomes[i] = new ParkBillRunOutcome(id, code, name, run, null, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the park's transaction rolled back: nothing of its run stays; the rule (or the error) is reported
                var (rule, message) = e switch
                {
                    DomainRuleException d => (d.Rule, RuleTexts.Of(t, d)),
                    ForbiddenException f => (f.Rule, t["Rule." + f.Rule].Value),
                    NotFoundException n => ("MustExistInScope", t["Problem.NotFoundDetail", n.Entity, n.Key].Value),
                    _ => ("BillRunFailed", e.Message),
                };
                if (rule == "BillRunFailed") log.LogError(e, "Bill run for park {ParkId} ({Month}) failed", id, request.Month);
                outcomes[i] = new ParkBillRunOutcome(id, code, name, null, rule, message);
            }
        });
        var ok = outcomes.Where(o => o.Run is not null).ToList();
        return new MultiBillRunResult(request.Month, parks.Count, ok.Count, parks.Count - ok.Count, ok.Sum(o => o.Run!.BillsCreated), ok.Sum(o => o.Run!.TotalCreated),
            parallelism, started, clock.GetUtcNow().UtcDateTime, outcomes);
    }
}
