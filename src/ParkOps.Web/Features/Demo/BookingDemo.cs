using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Booking;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Booking;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The demo park's shared resources (meeting rooms, a shared test lab, a P2 lab, a 3D printer, an SMT line rented
/// by the hour, an EMC chamber), training records for the demo tenants, two full past months and this month so far
/// of bookings with their usage (and so their charges for the bill run), and the next two weeks booked in part.
/// Deterministic (fixed seed); runs before the demo bill runs so past usage lands on the past bills.
/// </summary>
public sealed class BookingDemo(ParkOpsDb db)
{
    // code, name, kind, location, capacity, opens, closes, weekends, rate, min, max, buffer, horizon, notice, approval, qualification, quota, daily load
    private static readonly (string Code, string Name, ResourceKind Kind, string Location, int Cap, int Opens, int Closes, bool Weekends, decimal Rate, int Min, int Max, int Buffer, int Horizon, int Notice, bool Approval, string? Qual, QuotaGroup Quota, double Load)[] Park1 =
    [
        ("A-MR-101", "101 会议室", ResourceKind.MeetingRoom, "5号研发楼 1 层", 12, 8, 21, false, 60m, 30, 240, 15, 60, 2, false, null, QuotaGroup.MeetingRooms, 0.60),
        ("A-MR-102", "102 洽谈室", ResourceKind.MeetingRoom, "5号研发楼 1 层", 6, 8, 21, false, 40m, 30, 240, 10, 60, 2, false, null, QuotaGroup.MeetingRooms, 0.45),
        ("A-MR-301", "301 多功能厅", ResourceKind.MeetingRoom, "5号研发楼 3 层", 80, 8, 21, true, 300m, 60, 480, 30, 90, 48, true, null, QuotaGroup.None, 0.25),
        ("B-LAB-01", "共享测试实验室", ResourceKind.Lab, "5号研发楼 2 层", 8, 8, 21, false, 120m, 60, 480, 30, 60, 24, false, "实验室安全培训", QuotaGroup.LabTime, 0.70),
        ("B-LAB-02", "P2 实验室", ResourceKind.Lab, "5号研发楼 4 层", 4, 9, 18, false, 200m, 120, 480, 60, 60, 24, true, "P2 生物安全培训", QuotaGroup.LabTime, 0.35),
        ("C-EQ-01", "工业级 3D 打印机", ResourceKind.Equipment, "5号研发楼 2 层 203", 1, 8, 22, true, 80m, 60, 720, 15, 30, 4, false, "3D 打印机操作", QuotaGroup.LabTime, 0.55),
        ("C-EQ-02", "SMT 贴片线（按小时租用）", ResourceKind.Equipment, "2号厂房 1 层", 6, 8, 20, false, 800m, 120, 600, 60, 45, 48, true, "SMT 产线操作", QuotaGroup.LabTime, 0.50),
        ("C-EQ-03", "EMC 预测试暗室", ResourceKind.Equipment, "5号研发楼 B1", 3, 9, 18, false, 500m, 120, 480, 30, 60, 24, true, "EMC 测试操作", QuotaGroup.LabTime, 0.40),
    ];

    public async Task SeedAsync(Park p1, Park p2, DateTime nowUtc, CancellationToken ct)
    {
        var rnd = new Random(4004);
        var now = new DateTimeOffset(nowUtc, TimeSpan.Zero);
        var today = BookingCalendar.DayOf(now);
        var resources = Park1.Select(x => new Resource
        {
            ParkId = p1.Id, Code = x.Code, Name = x.Name, Kind = x.Kind, Location = x.Location, Capacity = x.Cap, Opens = new TimeOnly(x.Opens, x.Code.StartsWith("B-LAB-01", StringComparison.Ordinal) ? 30 : 0),
            Closes = new TimeOnly(x.Closes, 0), OpenOnWeekends = x.Weekends, HourlyRate = x.Rate, MinMinutes = x.Min, MaxMinutes = x.Max, BufferMinutes = x.Buffer,
            HorizonDays = x.Horizon, CancelNoticeHours = x.Notice, RequiresApproval = x.Approval, RequiredQualification = x.Qual, QuotaGroup = x.Quota, CreatedAt = nowUtc,
            Description = x.Kind switch
            {
                ResourceKind.MeetingRoom => "投影、白板、视频会议终端",
                ResourceKind.Lab => "持证人员方可预约；离开前清洁台面并登记",
                _ => "按小时计费，超时按 15 分钟向上取整",
            },
        }).ToList();
        // the other park has a meeting room too (and so a resource no DG-CA-01 user may reach)
        resources.Add(new Resource
        {
            ParkId = p2.Id, Code = "A-MR-201", Name = "A栋 201 会议室", Kind = ResourceKind.MeetingRoom, Location = "A栋 2 层", Capacity = 10, Opens = new TimeOnly(8, 30),
            Closes = new TimeOnly(18, 0), HourlyRate = 50m, MinMinutes = 30, MaxMinutes = 240, BufferMinutes = 15, HorizonDays = 30, CancelNoticeHours = 2,
            QuotaGroup = QuotaGroup.MeetingRooms, CreatedAt = nowUtc,
        });
        db.Resources.AddRange(resources);
        await db.SaveChangesAsync(ct);

        var users = await db.Users.Include(u => u.Grants).Where(u => u.UserName == "tenant" || u.UserName == "tenant2" || u.UserName == "operator").ToDictionaryAsync(u => u.UserName, ct);
        var tenant = users["tenant"]; var tenant2 = users["tenant2"]; var op = users["operator"];
        var e1 = tenant.Grants.First(g => g.Role == Role.EnterpriseUser).EnterpriseId!.Value;
        var e2 = tenant2.Grants.First(g => g.Role == Role.EnterpriseUser).EnterpriseId!.Value;
        // both demo tenants are trained for the shared lab and the 3D printer; the first also runs the SMT line
        foreach (var (u, e, q, months) in new[] { (tenant, e1, "实验室安全培训", 12), (tenant, e1, "3D 打印机操作", 24), (tenant, e1, "SMT 产线操作", 12), (tenant2, e2, "实验室安全培训", 12), (tenant2, e2, "3D 打印机操作", 6) })
            db.TrainingRecords.Add(new TrainingRecord
            {
                ParkId = p1.Id, EnterpriseId = e, UserId = u.Id, Qualification = q, ValidFrom = today.AddMonths(-3), ValidUntil = today.AddMonths(months),
                IssuedBy = "园区实验室管理部", CreatedAt = nowUtc,
            });
        // an expired one: tenant2's P2 training lapsed last month
        db.TrainingRecords.Add(new TrainingRecord { ParkId = p1.Id, EnterpriseId = e2, UserId = tenant2.Id, Qualification = "P2 生物安全培训", ValidFrom = today.AddYears(-1).AddMonths(-1), ValidUntil = today.AddMonths(-1), IssuedBy = "园区实验室管理部", CreatedAt = nowUtc });

        var ents = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == p1.Id && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional))
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.EstablishedOn }).ToListAsync(ct);
        var established = ents.ToDictionary(e => e.Id, e => e.EstablishedOn);
        var purposes = new Dictionary<ResourceKind, string[]>
        {
            [ResourceKind.MeetingRoom] = ["客户来访洽谈", "季度经营例会", "供应商评审会", "新员工培训", "项目评审", "招聘面试"],
            [ResourceKind.Lab] = ["来料可靠性测试", "高低温循环试验", "样品失效分析", "盐雾试验", "细胞培养"],
            [ResourceKind.Equipment] = ["外壳样件打印", "小批量贴片试产", "EMC 预扫", "治具打印", "新品试产"],
        };

        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-2);
        var bookings = new List<(ResourceBooking B, Resource R, bool Past)>();
        foreach (var (r, spec) in resources.Take(Park1.Length).Zip(Park1))
        {
            var policy = r.Policy;
            for (var d = first; d <= today.AddDays(14); d = d.AddDays(1))
            {
                if (!policy.IsOpenOn(d)) continue;
                var cursor = BookingCalendar.At(d, r.Opens);
                var closes = BookingCalendar.At(d, r.Closes);
                var upcoming = d > today;
                while (true)
                {
                    // gaps and lengths drawn so that the day's load averages about spec.Load (upcoming days are booked less)
                    var load = upcoming ? spec.Load * 0.5 : spec.Load;
                    var len = Math.Min(r.MaxMinutes, r.MinMinutes + 15 * rnd.Next(0, 9));
                    var gap = 15 * (int)Math.Round(len * (1 - load) / load / 15 * (0.5 + rnd.NextDouble()));
                    var s = cursor.AddMinutes(gap);
                    var e = s.AddMinutes(len);
                    if (e > closes) break;
                    var (eid, uid) = rnd.Next(10) switch
                    {
                        0 when spec.Qual is null || spec.Qual is "实验室安全培训" or "3D 打印机操作" or "SMT 产线操作" => (e1, tenant.Id),
                        1 when spec.Qual is null || spec.Qual is "实验室安全培训" or "3D 打印机操作" => (e2, tenant2.Id),
                        _ => (ents[rnd.Next(ents.Count)].Id, op.Id),
                    };
                    var b = new ResourceBooking
                    {
                        ParkId = p1.Id, EnterpriseId = eid, ResourceId = r.Id, UserId = uid, Start = s.UtcDateTime, End = e.UtcDateTime,
                        BlockedUntil = SlotRules.BlockedUntil(e, r.BufferMinutes).UtcDateTime, Purpose = purposes[r.Kind][rnd.Next(purposes[r.Kind].Length)],
                        CreatedAt = s.AddDays(-rnd.Next(1, 10)).UtcDateTime,
                    };
                    var roll = rnd.NextDouble();
                    if (e <= now)
                        b.SetState(roll < 0.05 ? BookingState.Cancelled : BookingState.Confirmed);
                    else if (s > now)
                        b.SetState(r.RequiresApproval && roll < 0.4 ? BookingState.PendingApproval : roll > 0.96 ? BookingState.Cancelled : BookingState.Confirmed);
                    else b.SetState(BookingState.Confirmed);
                    if (r.RequiresApproval && b.State is BookingState.Confirmed or BookingState.Cancelled) { b.DecidedBy = "operator"; b.DecidedAt = b.CreatedAt.AddHours(3); }
                    bookings.Add((b, r, e <= now));
                    cursor = SlotRules.BlockedUntil(e, r.BufferMinutes);
                }
            }
        }
        db.Bookings.AddRange(bookings.Select(x => x.B));
        await db.SaveChangesAsync(ct);

        // usage of everything past, in time order so each enterprise's free hours are used up in the order it used them
        var used = new Dictionary<(long, QuotaGroup, DateOnly), decimal>();
        foreach (var (b, r, _) in bookings.Where(x => x.Past && x.B.State == BookingState.Confirmed).OrderBy(x => x.B.Start).ThenBy(x => x.B.Id))
        {
            var roll = rnd.NextDouble();
            var noShow = roll < 0.05;
            var key = (b.EnterpriseId, r.QuotaGroup, BookingCalendar.MonthOf(b.StartAt));
            var before = r.QuotaGroup == QuotaGroup.None ? 0m : used.GetValueOrDefault(key);
            // most leave on time, some early, a few overrun into the buffer
            var aEnd = roll switch { < 0.15 => b.EndAt.AddMinutes(-15 * rnd.Next(1, 4)), > 0.92 => b.EndAt.AddMinutes(5 * rnd.Next(1, 4)), _ => b.EndAt };
            var aStart = b.StartAt.AddMinutes(5 * rnd.Next(0, 3));
            if (aEnd <= aStart) aEnd = b.EndAt;
            var charge = BookingChanges.Charge(r, b, established.GetValueOrDefault(b.EnterpriseId), before, noShow ? null : aStart, noShow ? null : aEnd, noShow);
            if (r.QuotaGroup != QuotaGroup.None) used[key] = before + (b.FreeHours ?? 0m);
            db.PendingCharges.Add(Billing.PendingCharge.From(charge));
        }
        // a waitlist: tenant2 waits for a slot tenant's enterprise holds tomorrow or later on the shared lab
        if (bookings.FirstOrDefault(x => x.R.Code == "B-LAB-01" && x.B.EnterpriseId == e1 && x.B.State == BookingState.Confirmed && x.B.StartAt > now.AddDays(1)) is { B: { } held })
            db.WaitlistEntries.Add(new WaitlistEntry
            {
                ParkId = p1.Id, EnterpriseId = e2, ResourceId = held.ResourceId, UserId = tenant2.Id, Start = held.Start, End = held.End, Purpose = "样品失效分析",
                State = WaitlistState.Waiting, CreatedAt = nowUtc,
            });
        await db.SaveChangesAsync(ct);
    }
}
