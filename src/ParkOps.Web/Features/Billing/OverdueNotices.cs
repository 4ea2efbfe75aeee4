using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Notifications;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Notifications.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform;

namespace ParkOps.Web.Features.Billing;

/// <summary>
/// Notes each unpaid bill as overdue once, on the first day after its due date (<see cref="OutboxRules.NoteOverdue"/>:
/// a night missed is caught up within a week): a notice to the enterprise, keyed <c>bill-overdue:{id}</c> so a rerun,
/// or a second process, gives none twice. The late fee itself is charged by the next bill run, not here.
/// </summary>
public sealed class OverdueNotices(ParkOpsDb db, INotices notices, ILogger<OverdueNotices> log)
{
    public const int LookBackDays = 7;

    public async Task<int> NoteAsync(DateOnly today, CancellationToken ct)
    {
        var earliest = today.AddDays(-LookBackDays);
        var bills = (await db.Bills.IgnoreQueryFilters().AsNoTracking()
            .Where(b => (b.State == BillState.Issued || b.State == BillState.PartiallyPaid) && b.DueDate < today && b.DueDate >= earliest && b.Total > b.Paid)
            .Select(b => new { b.Id, b.ParkId, b.EnterpriseId, b.Number, b.DueDate, Owed = b.Total - b.Paid }).ToListAsync(ct))
            .Where(b => OutboxRules.NoteOverdue(b.DueDate, today, LookBackDays)).OrderBy(b => b.Id).ToList();
        if (bills.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var given = await notices.SendSetAsync(bills.Select(b => Notice.ToEnterprise(b.ParkId, b.EnterpriseId, "BillOverdue", $"/bills/{b.Id}", b.Number,
                b.Owed.ToString("0.00", CultureInfo.InvariantCulture), b.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) with { DedupeKey = $"bill-overdue:{b.Id}" }).ToList(),
                skipGiven: true, ct);
            await tx.CommitAsync(ct);
            return given;
        }
        catch (DbException e)
        {
            // another process noted the same bills at the same moment (the key is unique): they are noted once
            log.LogInformation(e, "Overdue notices of {Day} were written by another process", today);
            return 0;
        }
    }
}

/// <summary>The nightly sweep of <see cref="OverdueNotices"/> (<c>ParkOps:BillOverdue:NightlyAt</c>, default 06:00 Beijing; <c>ParkOps:BillOverdue:Nightly=false</c> turns it off).</summary>
public sealed class OverdueNoticeJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<OverdueNoticeJob> log)
    : NightlyJob(clock, config, log, "BillOverdue", new TimeOnly(6, 0))
{
    public override async Task<int> RunOnceAsync(DateOnly day, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(ActorScope.System);
        return await scope.ServiceProvider.GetRequiredService<OverdueNotices>().NoteAsync(day, ct);
    }
}
