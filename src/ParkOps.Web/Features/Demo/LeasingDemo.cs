using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// An exit in progress in demo park 1 (issue 15 §7): one active lease terminated at the end of this month, its units
/// still held, its settlement a draft with the operator's damages and one other deduction, so the statement page has
/// a real case (its arrears and unbilled charges come from the demo's own bills and readings when it is opened).
/// The lease is one of a firm no demo login works for, ending well after the expiry reminders' 90 days, so the
/// reminders, the tenants' pages and the months already billed are as before.
/// </summary>
public sealed class LeasingDemo(ParkOpsDb db)
{
    public async Task SeedAsync(long parkId, long[] keepEnterprises, DateOnly today, DateTime now, CancellationToken ct)
    {
        var withLogins = await db.Set<RoleGrant>().Where(g => g.EnterpriseId != null).Select(g => g.EnterpriseId!.Value).ToListAsync(ct);
        var skip = withLogins.Concat(keepEnterprises).ToHashSet();
        var later = today.AddDays(180);
        var lease = (await db.Leases.Include(l => l.Units).Where(l => l.ParkId == parkId && l.State == LeaseState.Active && l.EndDate > later)
                .OrderByDescending(l => l.Id).ToListAsync(ct))
            .FirstOrDefault(l => !skip.Contains(l.EnterpriseId));
        if (lease is null) return;
        var endOfMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1);
        lease.MoveTo(LeaseState.Terminated);
        lease.TerminatedOn = endOfMonth;
        lease.TerminationReason = "企业迁往新厂区，协商提前解约";
        lease.UpdatedAt = now;
        db.LeaseSettlements.Add(new LeaseSettlement
        {
            LeaseId = lease.Id, ParkId = lease.ParkId, EnterpriseId = lease.EnterpriseId, State = SettlementState.Draft, Deposit = lease.Deposit,
            Damages = 1_200m, DamagesNote = "车间地坪两处破损，修复报价 1,200 元",
            DeductionsJson = """[{"text":"退租保洁费","amount":600}]""",
            DraftedBy = "operator", DraftedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
