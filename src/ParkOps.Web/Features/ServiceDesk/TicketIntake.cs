using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using static ParkOps.Web.Features.ServiceDesk.DeskAccess;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>Tickets coming in: from a signed-in tenant or operator, or through a unit's anonymous QR link.</summary>
public sealed class TicketIntake(ParkOpsDb db, DeskAccess desk, SlaPolicies sla, IValidator<TicketInput> validator, IValidator<QrTicketInput> qrValidator)
{
    private ActorScope Actor => desk.Actor;

    public async Task<Ticket> CreateAsync(long parkId, TicketInput input, CancellationToken ct)
    {
        await desk.ParkForDeskAsync(parkId, ct);
        var isOperator = Actor.CanOperatePark(parkId);
        var ownEnterprises = await db.Enterprises.Where(e => e.ParkId == parkId && Actor.EnterpriseIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        if (!isOperator && ownEnterprises.Count == 0) throw new ForbiddenException("OnlyTenantsAndOperatorsOpenTickets");
        await validator.EnsureValidAsync(input, ct);
        long? enterpriseId;
        if (input.EnterpriseId is { } eid)
        {
            // an operator may open a ticket on behalf of any enterprise of the park; a tenant only for its own
            var ok = isOperator ? await db.Enterprises.AnyAsync(e => e.Id == eid && e.ParkId == parkId, ct) : ownEnterprises.Contains(eid);
            if (!ok) throw new DomainRuleException("EnterpriseMustBelongToPark", "enterpriseId", "企业不在该园区") { Arguments = [eid] };
            enterpriseId = eid;
        }
        else enterpriseId = ownEnterprises.Count > 0 ? ownEnterprises.Min() : null;
        await EnsureLocationAsync(parkId, input.UnitId, input.CommonArea, enterpriseId, isOperator, ct);
        var user = Actor.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var ticket = await NewTicketAsync(parkId, TicketNames.Category(input.Category)!.Value, TicketNames.Severity(input.Severity) ?? TicketSeverity.Normal,
            input.Title!.Trim(), input.Description?.Trim() ?? "", input.UnitId, Clean(input.CommonArea), ct);
        ticket.EnterpriseId = enterpriseId;
        ticket.Source = TicketSource.Account;
        ticket.RequesterUserId = Actor.UserId;
        ticket.RequesterName = user ?? Actor.UserName;
        ticket.RequesterPhone = Clean(input.RequesterPhone);
        return await SaveNewAsync(ticket, ct);
    }

    /// <summary>The anonymous QR form: the token names the unit; the caller learns a reference number and nothing else.</summary>
    public async Task<QrTicketReceipt> CreateFromQrAsync(string token, QrTicketInput input, CancellationToken ct)
    {
        var link = await QrLinkAsync(token, ct) ?? throw new NotFoundException("QrLink", "?");
        await qrValidator.EnsureValidAsync(input, ct);
        var ticket = await NewTicketAsync(link.ParkId, TicketNames.Category(input.Category)!.Value, TicketNames.Severity(input.Severity) ?? TicketSeverity.Normal,
            input.Title!.Trim(), input.Description?.Trim() ?? "", link.UnitId, null, ct);
        ticket.Source = TicketSource.QrCode;
        ticket.RequesterName = Clean(input.Name) ?? "";
        ticket.RequesterPhone = Clean(input.Phone);
        await SaveNewAsync(ticket, ct);
        return new QrTicketReceipt(TicketNames.Reference(ticket.Id), ticket.ResponseDueAt);
    }

    public Task<UnitQrCode?> QrLinkAsync(string token, CancellationToken ct) =>
        string.IsNullOrEmpty(token) || token.Length > 64 ? Task.FromResult<UnitQrCode?>(null)
            : db.UnitQrCodes.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(q => q.Token == token, ct);

    /// <summary>The unit's code and park name for the anonymous form (nothing about who occupies it).</summary>
    public async Task<(string UnitCode, string ParkName)?> QrPlaceAsync(UnitQrCode link, CancellationToken ct)
    {
        var unit = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == link.UnitId).Select(u => u.Code).FirstOrDefaultAsync(ct);
        var park = await db.Parks.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == link.ParkId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        return unit is null || park is null ? null : (unit, park);
    }

    private async Task<Ticket> NewTicketAsync(long parkId, TicketCategory c, TicketSeverity s, string title, string description, long? unitId, string? area, CancellationToken ct)
    {
        var now = desk.Now;
        var (responseDue, resolutionDue) = SlaClock.Due(now, await sla.TargetAsync(parkId, c, s, ct));
        return new Ticket
        {
            ParkId = parkId, Kind = TicketKind.Request, Category = c, Severity = s, Title = title, Description = description,
            UnitId = unitId, CommonArea = area, CreatedAt = now, UpdatedAt = now, ResponseDueAt = responseDue, ResolutionDueAt = resolutionDue,
        };
    }

    private async Task<Ticket> SaveNewAsync(Ticket ticket, CancellationToken ct)
    {
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        db.TicketEvents.Add(desk.Event(ticket, TicketEventKind.Created, ticket.CreatedAt, ticket.RequesterName is { Length: > 0 } n ? n : "QR", null, null, TicketState.New));
        await db.SaveChangesAsync(ct);
        return ticket;
    }

    private async Task EnsureLocationAsync(long parkId, long? unitId, string? area, long? enterpriseId, bool isOperator, CancellationToken ct)
    {
        if (unitId is null) return;
        var unit = await db.Units.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId && u.ParkId == parkId, ct)
            ?? throw new DomainRuleException("UnitMustBelongToPark", "unitId", "单元不存在或不属于该园区") { Arguments = [unitId] };
        // a tenant reports its own units (or a common area): another tenant's unit is not its to report
        if (!isOperator && unit.OccupantEnterpriseId != enterpriseId)
            throw new DomainRuleException("TenantReportsOwnUnits", "unitId", "只能为本企业的单元报修，公共区域请填写位置") { Arguments = [unit.Code] };
    }
}
