using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Booking;

/// <summary>The park's shared resources and their rules (operators write them), and the training records some of them require.</summary>
public sealed class ResourceCatalog(ParkOpsDb db, BookingAccess access, IStringLocalizer<Text> t)
{
    public async Task<Page<ResourceDto>> ResourcesAsync(long parkId, ResourceKind? kind, bool includeInactive, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        var q = db.Resources.AsNoTracking().Where(r => r.ParkId == parkId);
        if (kind is { } k) q = q.Where(r => r.Kind == k);
        if (!includeInactive || !db.Actor.CanOperatePark(parkId)) q = q.Where(r => r.IsActive);
        var list = await q.OrderBy(r => r.Code).ToListAsync(ct);
        return new Page<ResourceDto>(list.Select(ResourceDto.From).ToList(), list.Count, 1, Math.Max(1, list.Count));
    }

    public Task<Resource> ResourceAsync(long id, CancellationToken ct) => access.ResourceAsync(id, ct);

    public async Task<Resource> SaveResourceAsync(long? parkId, long? id, ResourceInput i, CancellationToken ct)
    {
        Resource r;
        if (id is { } rid)
        {
            r = await access.ResourceAsync(rid, ct);
            if (!db.Actor.CanOperatePark(r.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        }
        else
        {
            await access.ParkForWriteAsync(parkId!.Value, ct);
            r = new Resource { ParkId = parkId.Value, Code = "", Name = "", CreatedAt = access.Now.UtcDateTime };
        }
        var errors = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(i.Code) || i.Code.Length > 40) errors.Add(new("code", t["Val.MaxLength", 40]));
        if (string.IsNullOrWhiteSpace(i.Name) || i.Name.Length > 100) errors.Add(new("name", t["Val.MaxLength", 100]));
        if (i.Location?.Length > 100) errors.Add(new("location", t["Val.MaxLength", 100]));
        if (i.Description?.Length > 1000) errors.Add(new("description", t["Val.MaxLength", 1000]));
        if (i.RequiredQualification?.Length > 100) errors.Add(new("requiredQualification", t["Val.MaxLength", 100]));
        if (i.Capacity is < 1 or > 1000) errors.Add(new("capacity", t["Val.Range", 1, 1000]));
        if (i.HourlyRate is < 0 or > 100_000 || decimal.Round(i.HourlyRate, 2) != i.HourlyRate) errors.Add(new("hourlyRate", t["Booking.Val.Rate"]));
        if (!TimeOnly.TryParseExact(i.Opens ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)) errors.Add(new("opens", t["Booking.Val.Time"]));
        if (!TimeOnly.TryParseExact(i.Closes ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)) errors.Add(new("closes", t["Booking.Val.Time"]));
        if (!Enum.IsDefined(i.Kind)) errors.Add(new("kind", t["Val.Enum"]));
        if (!Enum.IsDefined(i.QuotaGroup)) errors.Add(new("quotaGroup", t["Val.Enum"]));
        if (errors.Count > 0) throw new ValidationException(errors);
        var policy = new SlotPolicy(opens, closes, i.OpenOnWeekends, i.MinMinutes, i.MaxMinutes, i.BufferMinutes, i.HorizonDays, i.CancelNoticeHours);
        policy.Validate();
        var code = i.Code.Trim();
        if (await db.Resources.AnyAsync(x => x.ParkId == r.ParkId && x.Code == code && x.Id != r.Id, ct))
            throw new DomainRuleException("ResourceCodeMustBeUnique", "code", "园区内资源编号须唯一", RuleKind.Conflict) { Arguments = [code] };
        r.Code = code; r.Name = i.Name.Trim(); r.Kind = i.Kind; r.Location = i.Location?.Trim() ?? ""; r.Description = i.Description;
        r.Capacity = i.Capacity; r.Opens = opens; r.Closes = closes; r.OpenOnWeekends = i.OpenOnWeekends; r.HourlyRate = i.HourlyRate;
        r.MinMinutes = i.MinMinutes; r.MaxMinutes = i.MaxMinutes; r.BufferMinutes = i.BufferMinutes; r.HorizonDays = i.HorizonDays;
        r.CancelNoticeHours = i.CancelNoticeHours; r.RequiresApproval = i.RequiresApproval;
        r.RequiredQualification = string.IsNullOrWhiteSpace(i.RequiredQualification) ? null : i.RequiredQualification.Trim();
        r.QuotaGroup = i.QuotaGroup; r.IsActive = i.IsActive;
        if (r.Id == 0) db.Resources.Add(r);
        await db.SaveChangesAsync(ct);
        return r;
    }

    // ---------- training records ----------

    public async Task<List<TrainingRecordDto>> TrainingRecordsAsync(long parkId, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        var rows = await db.TrainingRecords.AsNoTracking().Where(x => x.ParkId == parkId).OrderBy(x => x.UserId).ThenBy(x => x.Qualification).ToListAsync(ct);
        var uids = rows.Select(x => x.UserId).Distinct().ToList();
        var names = await db.Users.Where(u => uids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return rows.Select(x => new TrainingRecordDto(x.Id, x.ParkId, x.EnterpriseId, x.UserId, names.GetValueOrDefault(x.UserId, ""), x.Qualification, x.ValidFrom, x.ValidUntil, x.IssuedBy)).ToList();
    }

    public async Task<TrainingRecord> AddTrainingRecordAsync(long parkId, TrainingRecordInput i, CancellationToken ct)
    {
        await access.ParkForWriteAsync(parkId, ct);
        var errors = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(i.Qualification) || i.Qualification.Length > 100) errors.Add(new("qualification", t["Val.MaxLength", 100]));
        if (i.ValidUntil < i.ValidFrom) errors.Add(new("validUntil", t["Booking.Val.RangeOrder"]));
        if (i.IssuedBy?.Length > 100) errors.Add(new("issuedBy", t["Val.MaxLength", 100]));
        // the trainee is an enterprise user of this park
        var grant = await db.RoleGrants.Where(g => g.UserId == i.UserId && g.Role == Users.Role.EnterpriseUser && g.EnterpriseId != null).Select(g => g.EnterpriseId!.Value).ToListAsync(ct);
        var enterpriseId = await db.Enterprises.Where(e => grant.Contains(e.Id) && e.ParkId == parkId).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (enterpriseId is null) errors.Add(new("userId", t["Val.Unknown"]));
        if (errors.Count > 0) throw new ValidationException(errors);
        var x = new TrainingRecord
        {
            ParkId = parkId, EnterpriseId = enterpriseId!.Value, UserId = i.UserId, Qualification = i.Qualification.Trim(), ValidFrom = i.ValidFrom, ValidUntil = i.ValidUntil,
            IssuedBy = i.IssuedBy?.Trim() ?? db.Actor.UserName, CreatedAt = access.Now.UtcDateTime,
        };
        db.TrainingRecords.Add(x);
        await db.SaveChangesAsync(ct);
        return x;
    }

    // ---------- free monthly hours as a park setting (issue 15 §5) ----------

    /// <summary>The park's quota versions (anyone who sees the park: the hours are what its tenants get free).</summary>
    public async Task<QuotaSettingsDto> QuotasAsync(long parkId, CancellationToken ct)
    {
        await access.ParkForReadAsync(parkId, ct);
        var versions = await db.Set<BookingQuotaVersion>().AsNoTracking().Where(v => v.ParkId == parkId).OrderBy(v => v.EffectiveFrom).ToListAsync(ct);
        var today = BookingCalendar.DayOf(access.Now);
        var inForce = QuotaTable.InForce(versions.Select(v => v.ToTable()), today);
        var stored = versions.LastOrDefault(v => v.EffectiveFrom == inForce.EffectiveFrom);
        return new(Dto(inForce, stored), stored is null, [.. versions.Select(v => Dto(v.ToTable(), v))]);
    }

    private static QuotaVersionDto Dto(QuotaTable q, BookingQuotaVersion? v) =>
        new(q.EffectiveFrom == DateOnly.MinValue ? default : q.EffectiveFrom, q.StartupLabHours, q.StartupMeetingHours, q.EstablishedLabHours, q.EstablishedMeetingHours, v?.CreatedBy, v?.CreatedAt);

    /// <summary>
    /// Adds a version (operators): from the first day of a month that has not begun (a month whose uses may already be
    /// recorded keeps its hours), one version per month (409 <c>QuotaVersionsMustDiffer</c>).
    /// </summary>
    public async Task<QuotaVersionDto> AddQuotaVersionAsync(long parkId, QuotaVersionInput i, CancellationToken ct)
    {
        await access.ParkForWriteAsync(parkId, ct);
        var table = new QuotaTable(i.EffectiveFrom, i.StartupLabHours, i.StartupMeetingHours, i.EstablishedLabHours, i.EstablishedMeetingHours);
        table.Validate();
        var today = BookingCalendar.DayOf(access.Now);
        if (i.EffectiveFrom <= today)
            throw new DomainRuleException("QuotaMustStartInAComingMonth", "effectiveFrom", "免费额度只能从尚未开始的月份起调整") { Arguments = [i.EffectiveFrom] };
        DomainRuleException Taken() => new("QuotaVersionsMustDiffer", "effectiveFrom", "该月已有免费额度版本", RuleKind.Conflict) { Arguments = [i.EffectiveFrom] };
        if (await db.Set<BookingQuotaVersion>().AnyAsync(v => v.ParkId == parkId && v.EffectiveFrom == i.EffectiveFrom, ct)) throw Taken();
        var v = new BookingQuotaVersion
        {
            ParkId = parkId, EffectiveFrom = i.EffectiveFrom, StartupLabHours = i.StartupLabHours, StartupMeetingHours = i.StartupMeetingHours,
            EstablishedLabHours = i.EstablishedLabHours, EstablishedMeetingHours = i.EstablishedMeetingHours, CreatedAt = access.Now.UtcDateTime, CreatedBy = db.Actor.UserName,
        };
        db.Set<BookingQuotaVersion>().Add(v);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { throw Taken(); } // two operators adding the same month at once: the unique key lets one in
        return Dto(v.ToTable(), v);
    }
}
