using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using static ParkOps.Web.Features.ServiceDesk.DeskAccess;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>The per-unit QR links of the anonymous ticket form: issued and replaced by the park's operators.</summary>
public sealed class UnitQrLinks(ParkOpsDb db, DeskAccess desk)
{
    public async Task<QrLinkDto?> QrLinkOfUnitAsync(long unitId, string baseUrl, CancellationToken ct)
    {
        var unit = await UnitForOperatorAsync(unitId, ct);
        var link = await db.UnitQrCodes.AsNoTracking().FirstOrDefaultAsync(q => q.UnitId == unitId, ct);
        return link is null ? null : new QrLinkDto(unit.Id, unit.Code, QrUrl(baseUrl, link.Token), link.CreatedAt);
    }

    /// <summary>Issues the unit's QR link, or replaces it (the old link stops working: e.g. a sticker was misused).</summary>
    public async Task<QrLinkDto> IssueQrLinkAsync(long unitId, string baseUrl, CancellationToken ct)
    {
        var unit = await UnitForOperatorAsync(unitId, ct);
        var link = await db.UnitQrCodes.FirstOrDefaultAsync(q => q.UnitId == unitId, ct);
        if (link is null) { link = new UnitQrCode { ParkId = unit.ParkId, UnitId = unit.Id, Token = "" }; db.UnitQrCodes.Add(link); }
        link.Token = NewToken();
        link.CreatedAt = desk.Now;
        await db.SaveChangesAsync(ct);
        return new QrLinkDto(unit.Id, unit.Code, QrUrl(baseUrl, link.Token), link.CreatedAt);
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    public static string QrUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/q/{token}";

    private async Task<Spaces.Unit> UnitForOperatorAsync(long unitId, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct) ?? throw new NotFoundException("Unit", unitId);
        if (!desk.Actor.CanOperatePark(unit.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return unit;
    }
}
