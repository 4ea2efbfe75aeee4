using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.ServiceDesk;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;

namespace ParkOps.Web.Features.ServiceDesk;

/// <summary>
/// The demo park's service desk: a contractor account, QR links for every unit, the park's SLA policy, and four
/// months of tickets (fixed seed) with met and breached targets, comments, a photo or two, signatures and ratings;
/// the last days' tickets are still open so the board has work, some of them past their deadline.
/// </summary>
public sealed class ServiceDeskDemo(ParkOpsDb db, IPasswordHasher<User> hasher, Notifications.Contracts.INotices notices)
{
    // a 1×1 PNG: the demo's photos (real PNG bytes, so they pass the content check and display)
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    private static readonly (TicketCategory C, string Title, string Text)[] Samples =
    [
        (TicketCategory.Repair, "车间照明灯不亮", "二楼车间东侧三排灯管不亮，影响夜班作业。"),
        (TicketCategory.Repair, "空压机房漏水", "空压机房地面积水，疑似冷却水管接头渗漏。"),
        (TicketCategory.Repair, "货梯门关不上", "1号货梯门反复开合，无法运行。"),
        (TicketCategory.Repair, "配电箱跳闸", "SMT 线配电箱下午两次跳闸，需电工检查。"),
        (TicketCategory.Repair, "卫生间水龙头损坏", "三楼男卫第二个水龙头关不紧。"),
        (TicketCategory.Repair, "消防门闭门器失灵", "楼梯间消防门无法自动关闭。"),
        (TicketCategory.Enquiry, "电费账单疑问", "本月电费比上月高 30%，请核对抄表读数。"),
        (TicketCategory.Enquiry, "共享实验室开放时间", "请问 EMC 暗室周末是否开放？"),
        (TicketCategory.Enquiry, "高新企业申报材料", "园区能否协助准备高新技术企业申报材料？"),
        (TicketCategory.Complaint, "隔壁噪音扰民", "相邻单元夜间设备噪音较大，影响研发办公。"),
        (TicketCategory.Complaint, "货车占用消防通道", "物流车辆长期停放在消防通道。"),
        (TicketCategory.Complaint, "保洁不及时", "公共走廊垃圾两天未清理。"),
        (TicketCategory.Service, "申请临时用电", "下周二设备调试需临时增容 30 kW。"),
        (TicketCategory.Service, "门禁卡补办", "新入职员工 5 人需办理门禁卡。"),
        (TicketCategory.Service, "大件货物进场", "周五有 8 吨设备进场，需要叉车和通道协调。"),
    ];

    public async Task SeedAsync(Park park, IReadOnlyList<Enterprise> enterprises, DateTime now, CancellationToken ct)
    {
        var contractor = new User { UserName = "contractor", DisplayName = "长安机电维修 黄师傅", CreatedAt = now };
        contractor.PasswordHash = hasher.HashPassword(contractor, DemoSeeder.Password);
        contractor.Grants.Add(new RoleGrant { Role = Role.Contractor, ParkId = park.Id });
        db.Users.Add(contractor);
        await db.SaveChangesAsync(ct);

        var users = await db.Users.AsNoTracking().Include(u => u.Grants).Where(u => u.UserName == "operator" || u.UserName == "tenant" || u.UserName == "tenant2").ToListAsync(ct);
        var op = users.Single(u => u.UserName == "operator");
        var tenantUsers = users.Where(u => u.UserName != "operator").ToDictionary(u => u.Grants.Single().EnterpriseId!.Value);

        // the park's own policy: repairs answered faster than the 2 h default when urgent or high
        foreach (var (c, s, resp, res) in new[] { (TicketCategory.Repair, TicketSeverity.Urgent, 30, 240), (TicketCategory.Repair, TicketSeverity.High, 60, 720), (TicketCategory.Complaint, TicketSeverity.High, 60, 1440) })
            db.SlaPolicies.Add(new SlaPolicy { ParkId = park.Id, Category = c, Severity = s, ResponseMinutes = resp, ResolutionMinutes = res, UpdatedAt = now, UpdatedBy = "operator" });

        var units = await db.Units.AsNoTracking().Where(u => u.ParkId == park.Id).OrderBy(u => u.Id).ToListAsync(ct);
        foreach (var u in units)
            db.UnitQrCodes.Add(new UnitQrCode { ParkId = park.Id, UnitId = u.Id, Token = UnitQrLinks.NewToken(), CreatedAt = now });
        await db.SaveChangesAsync(ct);
        var policies = await db.SlaPolicies.AsNoTracking().Where(p => p.ParkId == park.Id).ToListAsync(ct);
        SlaTarget Target(TicketCategory c, TicketSeverity s) =>
            policies.FirstOrDefault(p => p.Category == c && p.Severity == s) is { } p ? new SlaTarget(p.ResponseMinutes, p.ResolutionMinutes) : SlaClock.Default(c, s);

        var occupied = units.Where(u => u.OccupantEnterpriseId != null).GroupBy(u => u.OccupantEnterpriseId!.Value).ToDictionary(g => g.Key, g => g.First().Id);
        var tenants = enterprises.Where(e => occupied.ContainsKey(e.Id)).ToList();
        var rnd = new Random(4004);
        var tickets = new List<(Ticket T, List<TicketEvent> Events, bool Photo)>();
        const int count = 130;
        var tenant2Photo = false;
        for (var i = 0; i < count; i++)
        {
            // spread over the last 120 days; the last eight are open now
            var openNow = i >= count - 8;
            var created = openNow ? now.AddMinutes(-(count - i) * 47 - rnd.Next(0, 30)) : now.AddDays(-120 + i * 118.0 / count).AddMinutes(rnd.Next(0, 600));
            var sample = Samples[rnd.Next(Samples.Length)];
            var severity = (TicketSeverity)(rnd.Next(10) switch { 0 => 3, < 3 => 2, < 8 => 1, _ => 0 });
            // tenant and tenant2 get a share of the tickets so their own lists have something in them
            var ent = i % 9 == 0 && tenantUsers.Keys.Count > 0 ? tenantUsers.Keys.OrderBy(k => k).ElementAt(i / 9 % tenantUsers.Count) : tenants[rnd.Next(tenants.Count)].Id;
            var requester = tenantUsers.GetValueOrDefault(ent);
            var e = enterprises.First(x => x.Id == ent);
            var qr = i % 13 == 5;
            var target = Target(sample.C, severity);
            var (respDue, resDue) = SlaClock.Due(created, target);
            var t = new Ticket
            {
                ParkId = park.Id, EnterpriseId = qr ? null : ent, Kind = TicketKind.Request, Source = qr ? TicketSource.QrCode : TicketSource.Account,
                Category = sample.C, Severity = severity, UnitId = sample.C == TicketCategory.Repair && rnd.Next(3) > 0 ? occupied[ent] : null,
                Title = sample.Title, Description = sample.Text, RequesterUserId = qr ? null : requester?.Id,
                RequesterName = qr ? "" : requester?.DisplayName ?? e.ContactName ?? e.Name, RequesterPhone = qr ? null : e.ContactPhone,
                CreatedAt = created, UpdatedAt = created, ResponseDueAt = respDue, ResolutionDueAt = resDue,
            };
            if (t.UnitId is null) t.CommonArea = sample.C == TicketCategory.Repair ? "3号厂房三楼走廊" : null;
            var ev = new List<TicketEvent> { New(t, TicketEventKind.Created, created, qr ? "QR" : t.RequesterName, null, null, TicketState.New) };
            var assignee = sample.C == TicketCategory.Repair && rnd.Next(2) == 0 ? contractor : null;
            // one in six misses the response target, one in eight the resolution target
            var respMinutes = rnd.Next(6) == 0 ? target.ResponseMinutes + rnd.Next(20, 300) : rnd.Next(5, Math.Max(6, target.ResponseMinutes - 5));
            var resMinutes = rnd.Next(8) == 0 ? target.ResolutionMinutes + rnd.Next(60, 2000) : rnd.Next(respMinutes + 10, Math.Max(respMinutes + 11, target.ResolutionMinutes - 10));
            var ackAt = created.AddMinutes(respMinutes);
            var resolvedAt = created.AddMinutes(resMinutes);
            if (openNow)
            {
                // the board: some still new (a few already past their response deadline), some in progress
                var step = i % 4;
                if (step >= 1 && ackAt < now) { Step(t, ev, TicketAction.Acknowledge, ackAt, op.DisplayName); if (assignee is not null) t.Assign(assignee.Id); }
                if (step >= 2 && ackAt.AddMinutes(10) < now) Step(t, ev, TicketAction.Start, ackAt.AddMinutes(10), assignee?.DisplayName ?? op.DisplayName);
                Breaches(t, ev, now);
            }
            else
            {
                if (assignee is not null) t.Assign(assignee.Id);
                Step(t, ev, TicketAction.Acknowledge, ackAt, op.DisplayName);
                if (assignee is not null) ev.Add(New(t, TicketEventKind.Assigned, ackAt.AddMinutes(1), op.DisplayName, assignee.DisplayName, null, null));
                Step(t, ev, TicketAction.Start, ackAt.AddMinutes(5), assignee?.DisplayName ?? op.DisplayName);
                if (rnd.Next(3) == 0) ev.Add(New(t, TicketEventKind.Comment, ackAt.AddMinutes(20), assignee?.DisplayName ?? op.DisplayName, "已到现场查看，正在处理。", null, null));
                Breaches(t, ev, resolvedAt.AddSeconds(-1));
                var unresolved = t.State;
                var signature = t.Resolve(resolvedAt, qr ? "现场人员" : t.RequesterName.Split(' ').Last());
                ev.Add(New(t, TicketEventKind.Resolved, resolvedAt, assignee?.DisplayName ?? op.DisplayName, $"签名：{signature}", unresolved, t.State));
                if (resolvedAt > t.ResolutionDueAt && t.NoteResolutionBreach(resolvedAt))
                {
                    ev.Add(New(t, TicketEventKind.ResolutionBreached, resolvedAt, "SLA", null, null, null));
                }
                var closedAt = resolvedAt.AddHours(rnd.Next(1, 30));
                if (closedAt < now)
                {
                    Step(t, ev, TicketAction.Close, closedAt, t.RequesterName is { Length: > 0 } n ? n : op.DisplayName);
                    // most requesters rate; late tickets are rated lower (≈ 90 % satisfied overall)
                    if (!qr && rnd.Next(10) < 8)
                    {
                        var late = t.ResponseBreachedAt is not null || t.ResolutionBreachedAt is not null;
                        var rating = late ? rnd.Next(2, 6) : rnd.Next(25) == 0 ? 3 : rnd.Next(4, 6);
                        t.Rate(rating, rating >= 4 ? "处理及时，谢谢。" : "响应偏慢。", closedAt.AddHours(2), byRequester: true, handledIt: false);
                        ev.Add(New(t, TicketEventKind.Rated, t.RatedAt!.Value, t.RequesterName, $"{t.Rating}/5 · {t.RatingComment}", null, null));
                    }
                }
            }
            t.UpdatedAt = ev.Max(x => x.At);
            // a photo on every tenth ticket, and on tenant2's first (so the scope tests have a foreign photo to try)
            var photo = i % 10 == 3 || (!tenant2Photo && requester?.UserName == "tenant2" && !qr);
            if (requester?.UserName == "tenant2" && !qr && photo) tenant2Photo = true;
            tickets.Add((t, ev, photo));
        }
        db.Tickets.AddRange(tickets.Select(x => x.T));
        await db.SaveChangesAsync(ct);
        foreach (var (t, events, photo) in tickets)
        {
            foreach (var e in events) { e.TicketId = t.Id; e.ParkId = t.ParkId; }
            db.TicketEvents.AddRange(events);
            if (photo)
                db.TicketPhotos.Add(new TicketPhoto { ParkId = t.ParkId, TicketId = t.Id, ContentType = "image/png", Size = Png.Length, FileName = "现场照片.png", Data = Png, UploadedAt = t.CreatedAt, UploadedBy = t.RequesterName });
        }
        await db.SaveChangesAsync(ct);
        // the inbox as the desk left it: the contractor told of its open assignments, and each demo tenant asked to rate
        // its latest resolved, unrated ticket
        notices.Send(tickets.Select(x => x.T).Where(t => t.AssigneeUserId == contractor.Id && t.State is not (TicketState.Resolved or TicketState.Closed))
            .Select(t => Notifications.Contracts.Notice.ToUser(t.ParkId, contractor.Id, "TicketAssigned", $"/tickets/{t.Id}", t.Title) with { At = t.UpdatedAt }));
        notices.Send(tickets.Select(x => x.T).Where(t => t.EnterpriseId is { } e && tenantUsers.ContainsKey(e) && t.ResolvedAt is not null && t.Rating is null)
            .GroupBy(t => t.EnterpriseId!.Value).Select(g => g.MaxBy(t => t.ResolvedAt)!)
            .Select(t => Notifications.Contracts.Notice.ToEnterprise(t.ParkId, t.EnterpriseId!.Value, "TicketPleaseRate", $"/tickets/{t.Id}", t.Title) with { At = t.ResolvedAt }));
        await db.SaveChangesAsync(ct);
    }

    private static void Step(Ticket t, List<TicketEvent> ev, TicketAction action, DateTime at, string actor)
    {
        var from = t.Move(action, at);
        ev.Add(New(t, TicketActionCatalog.EventOf(action), at, actor, null, from, t.State));
    }

    /// <summary>What the sweep would have recorded by <paramref name="at"/>: missed deadlines and the escalation they bring.</summary>
    private static void Breaches(Ticket t, List<TicketEvent> ev, DateTime at)
    {
        var responseMissed = SlaClock.ResponseBreached(t.ResponseDueAt, t.RespondedAt, at);
        if (responseMissed && t.NoteResponseBreach(t.RespondedAt is { } r && r < at ? r : t.ResponseDueAt.AddMinutes(1)))
        {
            ev.Add(New(t, TicketEventKind.ResponseBreached, t.ResponseBreachedAt!.Value, "SLA", null, null, null));
        }
        var resolutionMissed = SlaClock.ResolutionBreached(t.ResolutionDueAt, t.ResolvedAt, at);
        if (resolutionMissed && t.NoteResolutionBreach(t.ResolutionDueAt.AddMinutes(1)))
        {
            ev.Add(New(t, TicketEventKind.ResolutionBreached, t.ResolutionBreachedAt!.Value, "SLA", null, null, null));
        }
        if (t.EscalateForBreaches())
        {
            ev.Add(New(t, TicketEventKind.Escalated, (t.ResolutionBreachedAt ?? t.ResponseBreachedAt)!.Value, "SLA", $"第 {t.EscalationLevel} 级", null, null));
        }
    }

    private static TicketEvent New(Ticket t, TicketEventKind kind, DateTime at, string actor, string? body, TicketState? from, TicketState? to) =>
        new() { ParkId = t.ParkId, Kind = kind, At = at, ActorName = actor, Body = body, FromState = from, ToState = to };
}
