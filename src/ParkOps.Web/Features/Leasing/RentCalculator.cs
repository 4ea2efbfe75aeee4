using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Leasing;

public sealed record WhatIfUnit(SpaceUse Use, decimal AreaSqm);

/// <summary>A what-if quote: the tenant's facts as the operator states them, units by use and area, start and term.</summary>
public sealed record WhatIfInput(TenantFacts Facts, [MaxItems(RentCalculator.MaxUnits)] IReadOnlyList<WhatIfUnit> Units, DateOnly StartDate, int TermMonths);

public sealed record WhatIfResult(long ParkId, DateOnly StartDate, DateOnly EndDate, int TermMonths, TenantFacts Facts, IReadOnlyList<QuoteMonth> Months, decimal BaseTotal, decimal Total);

/// <summary>
/// The rent calculator for what-if work: the same pricing engine as the quote, the lease and the bill run (and the
/// `quote rent` CLI), with the park's policy versions but facts and units typed in rather than read from the archive.
/// </summary>
public sealed class RentCalculator(ParkOpsDb db, EnterpriseService enterprises, IStringLocalizer<Text> t)
{
    public const int MaxUnits = 20;

    public async Task<WhatIfResult> QuoteAsync(long parkId, WhatIfInput input, CancellationToken ct)
    {
        await enterprises.ParkForReadAsync(parkId, ct);
        // like the quote: the park's operators and its tenants; a government viewer only reads
        if (!db.Actor.IsEnterpriseOnly && !db.Actor.CanOperatePark(parkId) && !db.Actor.IsPlatformAdmin)
            throw new ForbiddenException("OnlyOperatorsMayWrite");
        var errors = new List<ValidationFailure>();
        var units = input.Units ?? [];
        if (units.Count == 0) errors.Add(new ValidationFailure("units", t["Val.Required"]));
        if (units.Count > MaxUnits) errors.Add(new ValidationFailure("units", t["Val.MaxItems", MaxUnits]));
        for (var i = 0; i < units.Count && i < MaxUnits; i++)
        {
            if (!Enum.IsDefined(units[i].Use)) errors.Add(new ValidationFailure($"units[{i}].use", t["Val.Enum"]));
            if (units[i].AreaSqm is <= 0 or > 1_000_000) errors.Add(new ValidationFailure($"units[{i}].areaSqm", t["Val.Range", "0.01", "1000000"]));
        }
        if (input.TermMonths is < 1 or > RentPricing.MaxTermMonths) errors.Add(new ValidationFailure("termMonths", t["Val.Range", 1, RentPricing.MaxTermMonths]));
        if (input.Facts is null) errors.Add(new ValidationFailure("facts", t["Val.Required"]));
        if (errors.Count > 0) throw new ValidationException(errors);
        input.Facts!.Validate("facts");
        if (input.Facts.EquityFreeMonths > 120) throw new ValidationException([new ValidationFailure("facts.equityFreeMonths", t["Val.Range", 0, 120])]);
        var versions = await db.Set<RentPolicyVersion>().AsNoTracking().Where(p => p.ParkId == parkId).OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
        var policies = versions.Select(v => v.ToPolicy()).ToList();
        RentPolicyMustBeInForce.Check(policies, input.StartDate);
        var schedule = RentPricing.Quote(policies, input.Facts, units.Select(u => new LeasedUnit(u.Use, u.AreaSqm)).ToList(),
            input.StartDate, input.TermMonths);
        return new WhatIfResult(parkId, input.StartDate, schedule.Term.End, input.TermMonths, input.Facts, LeaseService.ToMonths(schedule), schedule.BaseTotal, schedule.Total);
    }
}
