using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>The park's SLA targets per category × severity, and the defaults where it set none.</summary>
public sealed class SlaPolicies(ParkOpsDb db, DeskAccess desk, IStringLocalizer<Text> t)
{
    /// <summary>The most SLA targets one request may set (4 categories × 4 severities, each at most a few times).</summary>
    public const int MaxPolicies = 64;

    public async Task<SlaTarget> TargetAsync(long parkId, TicketCategory c, TicketSeverity s, CancellationToken ct)
    {
        var p = await db.SlaPolicies.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(x => x.ParkId == parkId && x.Category == c && x.Severity == s, ct);
        return p is null ? SlaClock.Default(c, s) : new SlaTarget(p.ResponseMinutes, p.ResolutionMinutes);
    }

    /// <summary>Every category × severity with its targets: the park's own where set, the defaults elsewhere.</summary>
    public async Task<List<SlaPolicyDto>> PoliciesAsync(long parkId, CancellationToken ct)
    {
        await desk.ParkForDeskAsync(parkId, ct);
        var own = await db.SlaPolicies.IgnoreQueryFilters().AsNoTracking().Where(x => x.ParkId == parkId).ToListAsync(ct);
        return (from c in Enum.GetValues<TicketCategory>()
                from s in Enum.GetValues<TicketSeverity>()
                let p = own.FirstOrDefault(x => x.Category == c && x.Severity == s)
                let d = SlaClock.Default(c, s)
                select p is null
                    ? new SlaPolicyDto(TicketNames.Of(c), TicketNames.Of(s), d.ResponseMinutes, d.ResolutionMinutes, true, null, null)
                    : new SlaPolicyDto(TicketNames.Of(c), TicketNames.Of(s), p.ResponseMinutes, p.ResolutionMinutes, false, p.UpdatedAt, p.UpdatedBy)).ToList();
    }

    /// <summary>Sets targets (operators of the park); applies to tickets opened from now on, open ones keep their due times.</summary>
    public async Task<List<SlaPolicyDto>> SetPoliciesAsync(long parkId, IReadOnlyList<SlaPolicyInput> inputs, CancellationToken ct)
    {
        await desk.ParkForWriteAsync(parkId, ct);
        if (inputs is null || inputs.Count == 0) throw new ValidationException([new ValidationFailure("policies", t["Val.Required"])]);
        var parsed = new List<(TicketCategory C, TicketSeverity S, SlaTarget T)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i];
            var c = TicketNames.Category(x.Category) ?? throw new ValidationException([new ValidationFailure($"policies[{i}].category", t["Val.TicketCategory"])]);
            var s = TicketNames.Severity(x.Severity) ?? throw new ValidationException([new ValidationFailure($"policies[{i}].severity", t["Val.TicketSeverity"])]);
            var target = new SlaTarget(x.ResponseMinutes, x.ResolutionMinutes);
            target.Validate();
            parsed.Add((c, s, target));
        }
        var now = desk.Now;
        var own = await db.SlaPolicies.Where(x => x.ParkId == parkId).ToListAsync(ct);
        foreach (var (c, s, target) in parsed)
        {
            var p = own.FirstOrDefault(x => x.Category == c && x.Severity == s);
            if (p is null) { p = new SlaPolicy { ParkId = parkId, Category = c, Severity = s }; db.SlaPolicies.Add(p); own.Add(p); }
            p.ResponseMinutes = target.ResponseMinutes;
            p.ResolutionMinutes = target.ResolutionMinutes;
            p.UpdatedAt = now;
            p.UpdatedBy = desk.Actor.UserName;
        }
        await db.SaveChangesAsync(ct);
        return await PoliciesAsync(parkId, ct);
    }
}
