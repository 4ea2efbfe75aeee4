namespace ParkOps.Domain.Pricing;

/// <summary>An earlier lease of the same enterprise in the same park that was in force: its first and last day, and the startup free months its pricing granted.</summary>
public sealed record PastLease(DateOnly Start, DateOnly LastDay, int StartupFreeMonthsGranted);

/// <summary>
/// Time in the park carries over (issue 15, DOMAIN §3): a renewal or change continues the enterprise's tenancy, so the
/// contribution discount counts years in the park, and the startup free months are granted once per enterprise and park.
/// </summary>
public static class TenancyHistory
{
    /// <summary>
    /// For a lease starting on <paramref name="start"/>: the whole months the enterprise had been in the park without a
    /// gap (leases that touch or overlap, back from the start; a gap of even one day ends the chain), and the startup
    /// free months it already used (each earlier lease used its granted months as far as it ran before this start; a
    /// lease ended early used only the months it ran).
    /// </summary>
    public static (int MonthsInParkBefore, int StartupFreeMonthsUsed) Before(IReadOnlyCollection<PastLease> history, DateOnly start)
    {
        var earlier = history.Where(l => l.Start < start && l.LastDay >= l.Start).ToList();
        var chainStart = start;
        bool extended;
        do
        {
            extended = false;
            foreach (var l in earlier)
                if (l.Start < chainStart && l.LastDay >= chainStart.AddDays(-1))
                {
                    chainStart = l.Start;
                    extended = true;
                }
        } while (extended);

        var used = 0;
        foreach (var l in earlier)
        {
            if (l.StartupFreeMonthsGranted <= 0) continue;
            var lastRun = l.LastDay < start ? l.LastDay : start.AddDays(-1);
            var monthsRun = new LeaseTerm(l.Start, RentPricing.MaxTermMonths).LeaseMonthOf(lastRun);
            used += Math.Min(l.StartupFreeMonthsGranted, monthsRun);
        }
        return (WholeMonths(chainStart, start), used);
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (lease-month counting: 2025-03-15 to 2026-03-14 is 11, to 2026-03-15 is 12).</summary>
    public static int WholeMonths(DateOnly from, DateOnly to)
    {
        if (to <= from) return 0;
        var k = (to.Year - from.Year) * 12 + to.Month - from.Month;
        while (k > 0 && from.AddMonths(k) > to) k--;
        return k;
    }
}
