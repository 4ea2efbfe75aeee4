using ParkOps.Domain.Metering;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Metering;

/// <summary>
/// An electricity or water meter of a unit. Operators of the park see every meter; an enterprise user sees the
/// meters of the units it occupies now (a query filter over <see cref="Spaces.Unit.OccupantEnterpriseId"/>).
/// </summary>
public sealed class Meter : IUnitOccupantReadable
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long UnitId { get; set; }
    public Utility Utility { get; set; }
    /// <summary>The meter's number as written on it and in the park office's files; unique in the park.</summary>
    public required string Code { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ReadingSource { Manual, Import, Api }

/// <summary>A counter reading; (MeterId, At) is unique, so a resent reading is recognised and never stored twice.</summary>
public sealed class MeterReading : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long MeterId { get; set; }
    /// <summary>When the counter was read (UTC).</summary>
    public DateTime At { get; set; }
    public decimal Value { get; set; }
    public ReadingSource Source { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>A flag on a meter's month (rule and evidence); a rescan of the month replaces the month's flags.</summary>
public sealed class MeterAnomaly : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long MeterId { get; set; }
    public DateOnly Month { get; set; }
    public required string Rule { get; set; }
    public required string Reason { get; set; }
    public DateTime DetectedAt { get; set; }
}

/// <summary>A version of a park's tariff for one utility, in force from <see cref="EffectiveFrom"/> until the next.</summary>
public sealed class UtilityTariff : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public Utility Utility { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>元 per kWh or per m³.</summary>
    public decimal UnitPrice { get; set; }
    /// <summary>亩均 class C surcharge: 元/kWh added for electricity, a fraction (0.15 = 15 %) of the amount for water.</summary>
    public decimal ClassCSurcharge { get; set; }
    /// <summary>亩均 class D surcharge, same meaning as <see cref="ClassCSurcharge"/>.</summary>
    public decimal ClassDSurcharge { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    public Tariff ToTariff() => new(Utility, EffectiveFrom, UnitPrice, ClassCSurcharge, ClassDSurcharge);
}

/// <summary>A park's late-fee policy version: a daily rate on overdue amounts after some grace days.</summary>
public sealed class LateFeePolicy : IParkOwned
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>Per day, e.g. 0.0005 (万分之五).</summary>
    public decimal DailyRate { get; set; }
    public int GraceDays { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
