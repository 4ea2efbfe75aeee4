namespace ParkOps.Domain.Enterprises;

/// <summary>DOMAIN §2: 初创 0–2 years, 成长 2–5 years, 成熟 5 years and more since establishment.</summary>
public enum LifecycleStage { Startup, Growth, Mature }

public static class Lifecycle
{
    public static LifecycleStage StageOn(DateOnly established, DateOnly asOf)
    {
        if (asOf < established) return LifecycleStage.Startup;
        if (asOf < established.AddYears(2)) return LifecycleStage.Startup;
        if (asOf < established.AddYears(5)) return LifecycleStage.Growth;
        return LifecycleStage.Mature;
    }

    /// <summary>Whole years between establishment and the date (0 before the first anniversary).</summary>
    public static int YearsSince(DateOnly established, DateOnly asOf)
    {
        var years = asOf.Year - established.Year;
        if (asOf < established.AddYears(years)) years--;
        return Math.Max(0, years);
    }
}
