using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Billing;
using ParkOps.Domain.Booking;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Web.Features.Billing.Contracts;

namespace ParkOps.Web.Features.Booking;

/// <summary>
/// Changing a booking after it was made: cancellation (the freed slot goes to the waitlist), approval, and the use
/// recorded after the fact (used or not shown), which becomes a charge for the monthly bill run.
/// </summary>
public sealed class BookingChanges(ParkOpsDb db, BookingAccess access, BookingWaitlist waitlist, IChargePoster charges, Notifications.Contracts.INotices notices)
{

    private DateTimeOffset Now => access.Now;

    /// <summary>Cancel (DELETE): the booker's enterprise with notice, an operator at any time before the start; the freed slot goes to the waitlist.</summary>
    public async Task<ResourceBooking> CancelAsync(long id, string? note, CancellationToken ct)
    {
        var x = await access.BookingAsync(id, ct);
        var byOperator = db.Actor.CanOperatePark(x.ParkId);
        if (!byOperator && !db.Actor.EnterpriseIds.Contains(x.EnterpriseId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        x.EnsureCan(BookingAction.Cancel);
        var r = await db.Resources.IgnoreQueryFilters().FirstAsync(z => z.Id == x.ResourceId, ct);
        SlotRules.CheckCancellation(r.Policy, x.StartAt, access.Now, byOperator);
        x.Apply(BookingAction.Cancel);
        x.Note = note is { Length: > 0 } ? Cut(note, 500) : x.Note;
        x.DecidedBy = db.Actor.UserName; x.DecidedAt = Now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        await waitlist.OfferFreedSlotAsync(r, x, ct);
        return x;
    }

    public async Task<ResourceBooking> ActAsync(long id, string action, BookingActionInput input, CancellationToken ct)
    {
        var x = await access.BookingAsync(id, ct);
        if (!db.Actor.CanOperatePark(x.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var r = await db.Resources.IgnoreQueryFilters().FirstAsync(z => z.Id == x.ResourceId, ct);
        var now = access.Now;
        switch (action.ToLowerInvariant())
        {
            case "approve":
            case "reject":
                x.Apply(action.Equals("approve", StringComparison.OrdinalIgnoreCase) ? BookingAction.Approve : BookingAction.Reject);
                x.Note = input.Note is { Length: > 0 } n ? Cut(n, 500) : x.Note;
                x.DecidedBy = db.Actor.UserName; x.DecidedAt = now.UtcDateTime;
                // the booker hears of the decision, committed with it
                notices.Send([Notifications.Contracts.Notice.ToUser(x.ParkId, x.UserId, x.State == BookingState.Rejected ? "BookingRejected" : "BookingApproved",
                    $"/parks/{x.ParkId}/bookings/mine", r.Name, BookingAccess.Local(x.Start).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))]);
                await db.SaveChangesAsync(ct);
                if (x.State == BookingState.Rejected) await waitlist.OfferFreedSlotAsync(r, x, ct);
                return x;
            case "usage":
            case "no-show":
                var noShow = action.Equals("no-show", StringComparison.OrdinalIgnoreCase);
                x.EnsureCan(noShow ? BookingAction.NoShow : BookingAction.RecordUse);
                if (x.StartAt > now)
                    throw new DomainRuleException("UsageOnlyAfterStart", "actualStart", "预约开始后才能登记使用", RuleKind.Conflict) { Arguments = [SlotRules.Fmt(x.StartAt)] };
                DateTimeOffset? aStart = null, aEnd = null;
                if (!noShow)
                {
                    var errors = new List<ValidationFailure>();
                    aStart = input.ActualStart is null ? x.StartAt : access.ParseInstant(input.ActualStart, "actualStart", errors);
                    aEnd = input.ActualEnd is null ? x.EndAt : access.ParseInstant(input.ActualEnd, "actualEnd", errors);
                    if (errors.Count > 0) throw new ValidationException(errors);
                    if (aEnd <= aStart) throw new DomainRuleException("EndMustBeAfterStart", "actualEnd", "结束时间必须晚于开始时间") { Arguments = [SlotRules.Fmt(aStart.Value), SlotRules.Fmt(aEnd.Value)] };
                    if (aEnd > now) throw new DomainRuleException("UsageMustBeInThePast", "actualEnd", "不能登记尚未发生的使用") { Arguments = [SlotRules.Fmt(aEnd.Value)] };
                    if (aStart < x.StartAt.AddHours(-12) || aEnd > x.EndAt.AddHours(12))
                        throw new DomainRuleException("UsageMustMatchTheBooking", "actualStart", "实际使用时间与预约相差过大") { Arguments = [SlotRules.Fmt(x.StartAt)] };
                }
                await RecordUsageAsync(r, x, aStart, aEnd, noShow, input.Note, ct);
                return x;
            default:
                throw new DomainRuleException("BookingActionMustBeKnown", "action", "未知操作") { Arguments = [action] };
        }
    }

    /// <summary>
    /// Usage after the fact becomes a charge for the monthly bill run: billable hours (booked slot plus overrun;
    /// a no-show pays the slot), the month's free quota of the enterprise's class used first, then the hourly rate.
    /// The charge's rules say exactly that, so the bill line explains itself.
    /// </summary>
    private async Task RecordUsageAsync(Resource r, ResourceBooking x, DateTimeOffset? aStart, DateTimeOffset? aEnd, bool noShow, string? note, CancellationToken ct)
    {
        var month = BookingCalendar.MonthOf(x.StartAt);
        var ent = await db.Enterprises.IgnoreQueryFilters().FirstAsync(e => e.Id == x.EnterpriseId, ct);
        var (m0, m1) = (BookingCalendar.At(month, TimeOnly.MinValue).UtcDateTime, BookingCalendar.At(month.AddMonths(1), TimeOnly.MinValue).UtcDateTime);
        var groupResources = db.Resources.IgnoreQueryFilters().Where(z => z.ParkId == r.ParkId && z.QuotaGroup == r.QuotaGroup).Select(z => z.Id);
        var usedBefore = r.QuotaGroup == QuotaGroup.None ? 0m : await db.Bookings.IgnoreQueryFilters()
            .Where(z => z.EnterpriseId == x.EnterpriseId && z.Id != x.Id && z.Start >= m0 && z.Start < m1 && z.FreeHours != null && groupResources.Contains(z.ResourceId))
            .SumAsync(z => z.FreeHours ?? 0m, ct);
        if (note is { Length: > 0 }) x.Note = Cut(note, 500);
        // the park's free hours in force in the booking's month (a setting with versions; seed 004's hours before the first)
        var quotas = await db.Set<BookingQuotaVersion>().AsNoTracking().Where(v => v.ParkId == r.ParkId && v.EffectiveFrom <= month).ToListAsync(ct);
        var table = QuotaTable.InForce(quotas.Select(v => v.ToTable()), month);
        // Billing's door: the charge is saved with the booking's recorded use, in one save
        await charges.PostAsync(Charge(r, x, ent.EstablishedOn, usedBefore, aStart, aEnd, noShow, table), ct);
    }

    /// <summary>
    /// Records the use on the booking (actual times, billable and free hours, amount, state) and returns the charge
    /// for the bill run. <paramref name="freeHoursUsedBefore"/>: the enterprise's free hours of the same quota group
    /// already used in the booking's month.
    /// </summary>
    public static ChargePosting Charge(Resource r, ResourceBooking x, DateOnly? established, decimal freeHoursUsedBefore, DateTimeOffset? aStart, DateTimeOffset? aEnd, bool noShow,
        QuotaTable? quotas = null)
    {
        var month = BookingCalendar.MonthOf(x.StartAt);
        var cls = FreeQuota.ClassOf(established, BookingCalendar.DayOf(x.StartAt));
        quotas ??= QuotaTable.Default;
        var quota = quotas.HoursPerMonth(cls, r.QuotaGroup);
        var hours = FreeQuota.BillableHours(x.StartAt, x.EndAt, aEnd, noShow);
        var c = FreeQuota.Split(hours, r.HourlyRate, quota, freeHoursUsedBefore);
        x.ActualStart = aStart?.UtcDateTime; x.ActualEnd = aEnd?.UtcDateTime;
        x.BilledHours = c.Hours; x.FreeHours = c.FreeHours; x.Amount = c.Amount;
        x.Apply(noShow ? BookingAction.NoShow : BookingAction.RecordUse);
        var rules = new List<AppliedRule>
        {
            new("HourlyRate", $"{r.HourlyRate:0.00} 元/小时", $"{c.Hours:0.##} 小时"),
            new("FreeQuota", $"{(cls == EnterpriseClass.Startup ? "初创企业" : "非初创企业")} {quota:0.##} 小时/月（{(quotas.EffectiveFrom == DateOnly.MinValue ? "园区默认额度" : $"园区 {quotas.EffectiveFrom:yyyy-MM} 起额度")}），本月此前已用 {freeHoursUsedBefore:0.##} 小时", $"−{c.FreeHours:0.##} 小时"),
        };
        if (noShow) rules.Add(new("NoShow", "未到场", "按预约时段计费"));
        else if (aEnd > x.EndAt) rules.Add(new("Overrun", $"实际结束 {SlotRules.Fmt(aEnd.Value)}", "超时按 15 分钟向上取整"));
        var local = BookingCalendar.Local(x.StartAt);
        return new ChargePosting(x.ParkId, x.EnterpriseId, month, BillLineKind.SharedResource, "Booking", x.Id.ToString(CultureInfo.InvariantCulture),
            $"{r.Name} {local:yyyy-MM-dd HH:mm}–{BookingCalendar.Local(x.EndAt):HH:mm}{(noShow ? "（未到场）" : "")}：{c.Hours:0.##} 小时，免费 {c.FreeHours:0.##} 小时，计费 {c.PaidHours:0.##} 小时 × {r.HourlyRate:0.00} 元",
            c.PaidHours, "小时", r.HourlyRate, c.Amount, rules);
    }

    private static string Cut(string s, int n) => s.Length > n ? s[..n] : s;
}
