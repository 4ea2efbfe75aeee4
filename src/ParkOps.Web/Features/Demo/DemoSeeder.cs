using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Enterprises;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Leasing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Features.Leasing.Contracts;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The demo park: seed 000's Dongguan electronics-components park (原材料 → SMT → 插件焊接 → 组装 → 检测, with
/// services), 38 enterprises, 2 chain leaders, six buildings; plus a smaller garment park in the same city so
/// the government view and the scope rules have something to separate. Deterministic: the same data every run.
/// Runs only on an empty database and only when asked (--demo, seed --demo).
/// </summary>
public sealed class DemoSeeder(ParkOpsDb db, IPasswordHasher<User> hasher, TimeProvider clock, ILogger<DemoSeeder> log, Billing.BillingService billing, Billing.PaymentService payments,
    Leasing.Contracts.ILeaseLedger ledger, Evaluation.Contracts.IMujunEvaluation mujun, Risk.Contracts.IRiskAlerts risk,
    ReserveFund.FundService fund, ReserveFund.CrisisService crises, Contribution.Contracts.IContributionBenefits contribution,
    ParkServices.Contracts.IServiceDemoData services, Orders.Contracts.IUnifiedOrderDemoData unifiedOrders, Chains.Contracts.IChainDemoData chainDemo,
    Notifications.Contracts.INotices notices, Grading.Contracts.IGradingDemoData grading)
{
    public const string Password = "ParkOps@2026";

    private static readonly string[] Chain = ["原材料供应", "SMT贴片", "插件焊接", "成品组装", "质量检测", "物流仓储", "设备租赁"];

    // name, industry (GB/T 4754), stages, size class, established, employees, tags, chain leader
    private static readonly (string Name, string Industry, string Stages, bool Above, string Est, int Staff, string Tags, bool Leader)[] Park1 =
    [
        ("东莞市长安华锐电子材料有限公司", "C3985", "原材料供应", true, "2012-03-15", 120, "高新技术企业", false),
        ("东莞市鑫达铜箔科技有限公司", "C3985", "原材料供应", true, "2015-06-01", 86, "高新技术企业|专精特新", false),
        ("东莞市恒通锡业有限公司", "C3399", "原材料供应", false, "2019-09-20", 35, "", false),
        ("东莞市瑞丰电子元件有限公司", "C3981", "原材料供应", false, "2021-04-12", 42, "", false),
        ("东莞市精诚线材有限公司", "C3831", "原材料供应", false, "2024-08-08", 18, "", false),
        ("东莞市长安捷讯电子有限公司", "C3982", "SMT贴片", true, "2010-05-18", 260, "高新技术企业|专精特新", false),
        ("东莞市华贴智能科技有限公司", "C3982", "SMT贴片", true, "2014-11-03", 180, "高新技术企业", false),
        ("东莞市众联贴片加工有限公司", "C3982", "SMT贴片", false, "2018-02-27", 64, "", false),
        ("东莞市新锐表面贴装有限公司", "C3982", "SMT贴片", false, "2020-07-15", 48, "", false),
        ("东莞市微联电子科技有限公司", "C3982", "SMT贴片|插件焊接", false, "2025-03-01", 22, "", false),
        ("东莞市宏达电子加工厂", "C3982", "SMT贴片", false, "2016-10-10", 55, "", false),
        ("东莞市德胜插件焊接有限公司", "C3982", "插件焊接", false, "2013-08-22", 90, "", false),
        ("东莞市力拓波峰焊科技有限公司", "C3982", "插件焊接", true, "2011-12-05", 140, "专精特新", false),
        ("东莞市兴业电子装配有限公司", "C3982", "插件焊接", false, "2017-05-19", 70, "", false),
        ("东莞市巧匠电子有限公司", "C3982", "插件焊接", false, "2025-09-09", 15, "", false),
        ("东莞市长安智联电子有限公司", "C3971", "插件焊接|成品组装", false, "2019-01-14", 58, "", false),
        ("东莞市星辰智能终端有限公司", "C3921", "成品组装", true, "2008-06-30", 860, "高新技术企业|小巨人", true),
        ("东莞市创维达电器有限公司", "C3856", "成品组装", true, "2009-09-09", 520, "高新技术企业", true),
        ("东莞市易家智能家居有限公司", "C3856", "成品组装", true, "2015-03-28", 210, "高新技术企业", false),
        ("东莞市蓝海电源科技有限公司", "C3824", "成品组装", true, "2012-10-18", 175, "高新技术企业|专精特新", false),
        ("东莞市聚能储能科技有限公司", "C3841", "成品组装", false, "2023-05-06", 40, "高新技术企业", false),
        ("东莞市拓普音频科技有限公司", "C3952", "成品组装", false, "2016-04-21", 66, "", false),
        ("东莞市万象显示技术有限公司", "C3974", "成品组装", false, "2020-11-11", 52, "", false),
        ("东莞市优品电子配件有限公司", "C3989", "成品组装", false, "2018-08-08", 38, "", false),
        ("东莞市中检电子检测技术有限公司", "M7452", "质量检测", false, "2014-02-14", 45, "CNAS认可实验室", false),
        ("东莞市华测可靠性实验室有限公司", "M7452", "质量检测", false, "2017-07-07", 32, "CNAS认可实验室|高新技术企业", false),
        ("东莞市精测仪器科技有限公司", "C4014", "质量检测", false, "2022-01-20", 20, "", false),
        ("东莞市速达供应链管理有限公司", "G5990", "物流仓储", false, "2013-06-06", 80, "", false),
        ("东莞市长安通运物流有限公司", "G5430", "物流仓储", false, "2016-09-01", 60, "", false),
        ("东莞市云仓科技有限公司", "G5990", "物流仓储", false, "2024-04-18", 16, "", false),
        ("东莞市联创设备租赁有限公司", "L7114", "设备租赁", false, "2015-12-12", 25, "", false),
        ("东莞市智造设备服务有限公司", "L7114", "设备租赁", false, "2019-03-03", 30, "", false),
        ("东莞市恒信模具有限公司", "C3525", "原材料供应|成品组装", false, "2011-05-05", 75, "", false),
        ("东莞市富强塑胶五金制品有限公司", "C2929", "原材料供应", false, "2010-10-01", 95, "", false),
        ("东莞市光启光电科技有限公司", "C3976", "SMT贴片|成品组装", false, "2021-08-16", 44, "高新技术企业", false),
        ("东莞市芯源半导体有限公司", "C3973", "原材料供应", false, "2025-06-20", 12, "高新技术企业", false),
        ("东莞市安捷电路板有限公司", "C3982", "原材料供应", true, "2009-04-04", 300, "高新技术企业", false),
        ("东莞市永盛纸品包装有限公司", "C2231", "物流仓储", false, "2014-07-23", 50, "", false),
    ];

    private static readonly (string Name, string Industry, string Stages, string Est, int Staff)[] Park2 =
    [
        ("东莞市虎门雅姿服饰有限公司", "C1810", "成衣制造", "2012-05-01", 150),
        ("东莞市虎门锦绣面料有限公司", "C1713", "面料供应", "2010-03-12", 90),
        ("东莞市虎门美衣设计有限公司", "M7491", "服装设计", "2022-06-18", 18),
        ("东莞市虎门尚品制衣厂", "C1810", "成衣制造", "2016-09-09", 75),
        ("东莞市虎门辅料配套有限公司", "C1830", "面料供应", "2018-11-30", 40),
        ("东莞市虎门速印数码印花有限公司", "C1713", "印染整理", "2020-02-20", 35),
    ];

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Parks.IgnoreQueryFilters().AnyAsync(ct))
        {
            log.LogInformation("Database already has parks: demo data not seeded");
            return false;
        }
        // after each part the change tracker is emptied: the parts share one context, and tens of thousands of tracked rows
        // made every later save scan them all (the demo took 50 s of CPU, most of it in change detection). The parts read
        // what they need again; what crosses parts below is ids and the enterprises' fields as seeded. Each part's time is
        // logged at Debug (category ParkOps.Web.Features.Demo): every test host and the checks seed the demo.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string part)
        {
            db.ChangeTracker.Clear();
            log.LogDebug("Demo: {Part} seeded in {Ms} ms", part, watch.ElapsedMilliseconds);
            watch.Restart();
        }
        var rnd = new Random(2026);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        var gd = new Region { Name = "广东省", Code = "440000", Level = RegionLevel.Province };
        db.Regions.Add(gd);
        await db.SaveChangesAsync(ct);
        var dg = new Region { Name = "东莞市", Code = "441900", Level = RegionLevel.City, ParentId = gd.Id };
        db.Regions.Add(dg);
        await db.SaveChangesAsync(ct);
        var changan = new Region { Name = "长安镇", Code = "441900118", Level = RegionLevel.County, ParentId = dg.Id };
        var humen = new Region { Name = "虎门镇", Code = "441900121", Level = RegionLevel.County, ParentId = dg.Id };
        db.Regions.AddRange(changan, humen);
        await db.SaveChangesAsync(ct);


        var p1 = new Park
        {
            RegionId = changan.Id, Name = "东莞长安电子元器件小微企业园", Code = "DG-CA-01", Address = "广东省东莞市长安镇振安中路 88 号", LandMu = 126.5m,
            LeadingIndustry = "电子元器件", LeadingIndustryPrefixes = "C38|C39|M745", ChainStages = string.Join('|', Chain),
            // tags as before, and rules over what applicants declare (issue 15 §6): 化学原料 industries, plating, 重点管理 permits, class D in the last 3 years
            NegativeList = "安全隐患多|污染大|效益差|高耗能|列入失信名单|industry:C26|process:电镀|emission:重点管理|class-d:3", CrowdedStageCount = 8, CreatedAt = now,
            PayeeName = "东莞长安电子元器件园区运营管理有限公司", PayeeBank = "中国工商银行东莞长安支行", PayeeAccount = "2010027309200088126",
            PaymentReference = ParkOps.Domain.Billing.PaymentReferenceRule.BillNumber,
        };
        var p2 = new Park
        {
            RegionId = humen.Id, Name = "东莞虎门服装小微企业园", Code = "DG-HM-01", Address = "广东省东莞市虎门镇银龙路 16 号", LandMu = 58m,
            LeadingIndustry = "服装服饰", LeadingIndustryPrefixes = "C17|C18", ChainStages = "面料供应|印染整理|服装设计|成衣制造|品牌销售",
            NegativeList = "安全隐患多|污染大|效益差", CrowdedStageCount = 6, CreatedAt = now,
            PayeeName = "东莞虎门服装产业园运营有限公司", PayeeBank = "中国建设银行东莞虎门支行", PayeeAccount = "44050177700800001216",
            PaymentReference = ParkOps.Domain.Billing.PaymentReferenceRule.BillNumberAndEnterprise,
        };
        db.Parks.AddRange(p1, p2);
        await db.SaveChangesAsync(ct);

        var ents1 = Park1.Select((x, i) => NewEnterprise(p1.Id, rnd, x.Name, x.Industry, x.Stages, x.Above, DateOnly.Parse(x.Est), x.Staff, x.Tags, x.Leader, now)).ToList();
        // four that are not (yet) in: two applicants awaiting review, one exiting, one rejected
        ents1[4].Status = EnterpriseStatus.Applicant;
        ents1[35].Status = EnterpriseStatus.Applicant;
        // an applicant whose declarations the negative list reads: it plates its own wire and was graded D where it was before
        ents1[35].Processes = "拉丝|电镀";
        ents1[35].EmissionCategory = "简化管理";
        (ents1[35].EarlierClass, ents1[35].EarlierClassYear, ents1[35].EarlierClassPlace) = ("D", today.Year - 1, "惠州市惠阳区");
        ents1[14].Status = EnterpriseStatus.Conditional;
        ents1[10].Status = EnterpriseStatus.Exiting;
        var rejected = NewEnterprise(p1.Id, rnd, "东莞市旺财化工贸易有限公司", "F5162", "原材料供应", false, new DateOnly(2023, 2, 1), 8, "污染大", false, now);
        rejected.Status = EnterpriseStatus.Rejected;
        ents1.Add(rejected);
        var ents2 = Park2.Select(x => NewEnterprise(p2.Id, rnd, x.Name, x.Industry, x.Stages, x.Staff >= 80, DateOnly.Parse(x.Est), x.Staff, "", false, now)).ToList();
        db.Enterprises.AddRange(ents1);
        db.Enterprises.AddRange(ents2);
        await db.SaveChangesAsync(ct);

        // admission decisions for everyone already decided, with the reasons of the day
        foreach (var e in ents1.Concat(ents2).Where(e => e.Status is not EnterpriseStatus.Applicant))
        {
            var outcome = e.Status switch { EnterpriseStatus.Rejected => AdmissionOutcome.Reject, EnterpriseStatus.Conditional => AdmissionOutcome.Conditional, _ => AdmissionOutcome.Approve };
            db.AdmissionDecisions.Add(new AdmissionDecision
            {
                ParkId = e.ParkId, EnterpriseId = e.Id, Suggested = outcome, Outcome = outcome,
                ReasonsJson = outcome == AdmissionOutcome.Reject ? """[{"Code":"NegativeList","Effect":"Blocks","Detail":"污染大"}]""" : """[{"Code":"LeadingIndustryFit","Effect":"Supports","Detail":""}]""",
                Comment = outcome switch { AdmissionOutcome.Reject => "危化品贸易，不符合园区准入负面清单", AdmissionOutcome.Conditional => "试用期一年，需补齐环评批复", _ => "符合园区主导产业" },
                DecidedBy = "operator", DecidedAt = e.EstablishedOn is { } est && est.ToDateTime(TimeOnly.MinValue) > now.AddYears(-3) ? est.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc).AddDays(30) : now.AddYears(-3),
            });
        }
        // documents with expiry: business licence (no expiry), EIA approval, fire inspection; a few expire soon or have expired
        foreach (var (e, i) in ents1.Select((e, i) => (e, i)))
        {
            db.EnterpriseDocuments.Add(new EnterpriseDocument { ParkId = e.ParkId, EnterpriseId = e.Id, Kind = "营业执照", Number = e.CreditCode, AddedAt = now });
            db.EnterpriseDocuments.Add(new EnterpriseDocument { ParkId = e.ParkId, EnterpriseId = e.Id, Kind = "消防安全检查合格证", Number = $"东公消检字〔2025〕第{1000 + i}号", ExpiresOn = today.AddDays(-20 + i * 23 % 400), AddedAt = now });
            if (i % 3 == 0)
                db.EnterpriseDocuments.Add(new EnterpriseDocument { ParkId = e.ParkId, EnterpriseId = e.Id, Kind = "环评批复", Number = $"东环建〔2024〕{200 + i}号", ExpiresOn = today.AddYears(3), AddedAt = now });
        }
        db.ExitCases.Add(new ExitCase { ParkId = p1.Id, EnterpriseId = ents1[10].Id, Reason = ExitReason.LeaseEnd, State = ExitState.Open, Notes = "租约到期不再续租，待结算押金与水电费", OpenedAt = now.AddDays(-12) });
        await db.SaveChangesAsync(ct);
        Lap("enterprises");

        await SeedSpacesAsync(p1, ents1.Where(e => e.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting).ToList(), rnd,
            [("1号厂房", 18m, 4, 4), ("2号厂房", 18m, 4, 4), ("3号厂房", 20m, 5, 4), ("4号厂房", 20m, 5, 4), ("5号研发楼", 8m, 6, 3), ("6号仓储楼", 10m, 3, 3)], ct);
        await SeedSpacesAsync(p2, ents2, rnd, [("A栋", 12m, 5, 3), ("B栋", 12m, 5, 3)], ct);
        Lap("spaces");
        await SeedLeasesAsync(p1, new RentPolicyVersion { FactoryPrice = 28m, LabPrice = 45m, OfficePrice = 40m, WarehousePrice = 18m, DormitoryPrice = 15m, PropertyFeePerSqm = 3.5m }, rnd, today, now, ct);
        await SeedLeasesAsync(p2, new RentPolicyVersion { FactoryPrice = 24m, LabPrice = 38m, OfficePrice = 35m, WarehousePrice = 15m, DormitoryPrice = 12m, PropertyFeePerSqm = 3m }, rnd, today, now, ct);
        Lap("leases");

        // people: one of every role; tenant and tenant2 belong to two different enterprises of the demo park
        AddUser("admin", "平台管理员", new RoleGrant { Role = Role.PlatformAdmin }, now);
        AddUser("operator", "园区运营 王晓东", new RoleGrant { Role = Role.ParkOperator, ParkId = p1.Id }, now);
        AddUser("operator2", "虎门园区运营 李娜", new RoleGrant { Role = Role.ParkOperator, ParkId = p2.Id }, now);
        AddUser("gov", "东莞市经信局 陈科长", new RoleGrant { Role = Role.GovernmentViewer, RegionId = dg.Id }, now);
        AddUser("tenant", "捷讯电子 张伟", new RoleGrant { Role = Role.EnterpriseUser, EnterpriseId = ents1[5].Id }, now);
        AddUser("tenant2", "星辰智能 刘芳", new RoleGrant { Role = Role.EnterpriseUser, EnterpriseId = ents1[16].Id }, now);
        AddUser("partner", "东莞农商银行长安支行 赵经理", new RoleGrant { Role = Role.ServicePartner }, now);
        await db.SaveChangesAsync(ct);
        await new BookingDemo(db).SeedAsync(p1, p2, now, ct);
        Lap("BookingDemo");

        await new MeteringDemo(db, ledger).SeedAsync([p1, p2], today, now, ct);
        Lap("MeteringDemo");
        // reports first, then the reserve fund's contributions, whose charges the bill runs below put on their months' bills
        await new ReportingDemo(db).SeedAsync(ents1, ents2, today, now, ct);
        Lap("ReportingDemo");
        await new ReserveFundDemo(fund, crises).SeedAsync(ents1, today, ct);
        Lap("ReserveFundDemo");
        // the published 亩均 year sets the classes before the bills are made, so their class surcharges are the published ones
        await new EvaluationDemo(mujun).SeedAsync([p1.Id, p2.Id], today, ct);
        Lap("EvaluationDemo");
        // the demo park's grading self-assessment of the year, partly filled (a draft)
        await grading.SeedAsync(p1.Id, today.Year, ct);
        Lap("GradingDemo");
        // the park's paid services and a year of orders; the fulfilled ones' charges go on the bills the runs below make
        await services.SeedAsync(p1.Id, ents1.Where(e => e.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional).Select(e => e.Id).ToList(), today, now, ct);
        Lap("ParkServicesDemo");
        // twelve months of bills for both parks, made by the real bill run
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        foreach (var park in new[] { p1, p2 })
            for (var m = 12; m >= 1; m--)
                await billing.RunAsync(park.Id, new Billing.BillRunRequest(thisMonth.AddMonths(-m).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)), ct);
        Lap("bill runs");
        // payments: most tenants pay by the due date; every ninth has paid nothing for its last three months,
        // every seventh paid half of last month, and every eleventh paid last month twice over (credit)
        var bills = await db.Bills.OrderBy(b => b.Month).ThenBy(b => b.Id).ToListAsync(ct);
        var lastMonth = thisMonth.AddMonths(-1);
        var special = new List<(long Id, decimal Amount)>();
        foreach (var b in bills)
        {
            if (b.EnterpriseId % 9 == 0 && b.Month >= thisMonth.AddMonths(-3) || b.Total <= 0) continue;
            // the demo tenant has not paid last month's bill yet: its home's to-do says what it owes and by when
            if (b.Month == lastMonth && b.EnterpriseId == ents1[5].Id) continue;
            if (b.Month == lastMonth && (b.EnterpriseId % 7 == 0 || b.EnterpriseId % 11 == 0))
            {
                special.Add((b.Id, b.EnterpriseId % 7 == 0 ? Math.Round(b.Total / 2, 2) : b.Total * 2));
                continue;
            }
            // the ordinary full payments of the past year, written in one go
            b.Paid = b.Total;
            b.State = Billing.BillState.Paid;
            db.Payments.Add(new Billing.Payment
            {
                ParkId = b.ParkId, EnterpriseId = b.EnterpriseId, BillId = b.Id, Amount = b.Total, Applied = b.Total,
                Method = b.EnterpriseId % 3 == 0 ? Billing.PaymentMethod.WeChat : Billing.PaymentMethod.BankTransfer,
                PaidOn = b.DueDate.AddDays(-(int)(b.EnterpriseId % 10)), Reference = $"DEMO-{b.Id}", RecordedBy = "operator", RecordedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        // the bill runs told every enterprise of every month's bill; the demo's past months are paid, so only the
        // latest month's notice stays (plain SQL: the demo reaches the Notifications area through its contract only)
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"NotificationDeliveries\" WHERE \"NotificationId\" IN (SELECT n.\"Id\" FROM \"Notifications\" n JOIN \"Bills\" b ON n.\"DedupeKey\" = 'bill-issued:' || b.\"Id\" WHERE b.\"Month\" < {lastMonth})", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"Notifications\" WHERE \"DedupeKey\" IN (SELECT 'bill-issued:' || \"Id\" FROM \"Bills\" WHERE \"Month\" < {lastMonth})", ct);
        // a partial payment and an over-payment (which becomes credit) go through the payment service itself
        foreach (var (id, amount) in special)
            await payments.PayAsync(id, new Billing.PaymentInput(amount, Billing.PaymentMethod.BankTransfer, null, $"DEMO-{id}"), ct);
        Lap("payments");
        await new ServiceDesk.ServiceDeskDemo(db, hasher, notices).SeedAsync(p1, ents1, now, ct);
        Lap("ServiceDeskDemo");
        await MarketplaceDemo.SeedAsync(db, notices, today, now, ct);
        Lap("MarketplaceDemo");
        // after the collaborations: the contribution year's records, retained tax, published scores and rebate
        await new ContributionDemo(contribution).SeedAsync(p1.Id, ents1.Where(e => e.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting)
            .Select(e => e.Id).Order().ToList(), today, ct);
        Lap("ContributionDemo");
        // after the contribution year's published scores: unified orders (one settled, one waiting for answers)
        await unifiedOrders.SeedAsync(p1.Id, [ents1[5].Id, ents1[12].Id, ents1[24].Id, ents1[6].Id], today, now, ct);
        Lap("unifiedOrders");
        // the demo park's chain from the shipped 电子元器件 template (the same stages, services marked) and a 招商 pipeline
        await chainDemo.SeedAsync(p1.Id, "电子元器件", today, now, ct);
        Lap("ChainDemo");
        // last: the risk rules run over everything seeded above
        await new RiskDemo(risk).SeedAsync(p1.Id, p2.Id, ents1[ReportingDemo.Zombie].Id, ents1[ReportingDemo.LateFiler].Id, ct);
        Lap("RiskDemo");
        // after the risk run, which reads leases in force: an exit whose settlement is being drafted
        await new LeasingDemo(db).SeedAsync(p1.Id, [ents1[ReportingDemo.Zombie].Id, ents1[ReportingDemo.LateFiler].Id, ents1[ReportingDemo.ChainLeader].Id], today, now, ct);
        Lap("LeasingDemo");
        log.LogInformation("Demo park seeded: {Parks} parks, {Enterprises} enterprises", 2, ents1.Count + ents2.Count);
        return true;
    }

    /// <summary>
    /// The park's rent policy (seed 004's rules with DOMAIN §3 defaults, in force since 2020) and one signed,
    /// active lease per occupying enterprise over the units it occupies: starts on the 1st of a month in the last
    /// four years, 3- or 5-year terms, a few ending within the next 90 days so the expiry reminders have work.
    /// </summary>
    private async Task SeedLeasesAsync(Park park, RentPolicyVersion policy, Random rnd, DateOnly today, DateTime now, CancellationToken ct)
    {
        policy.ParkId = park.Id;
        policy.EffectiveFrom = new DateOnly(2020, 1, 1);
        policy.CreatedAt = now;
        policy.CreatedBy = "operator";
        db.RentPolicyVersions.Add(policy);
        var units = await db.Units.Where(u => u.ParkId == park.Id && u.OccupantEnterpriseId != null).OrderBy(u => u.Id).ToListAsync(ct);
        var n = 0;
        foreach (var group in units.GroupBy(u => u.OccupantEnterpriseId!.Value))
        {
            n++;
            var term = n % 3 == 0 ? 36 : 60;
            // every seventh lease ends within 90 days; the others started 3–40 months ago
            var monthsAgo = n % 7 == 0 ? term - 1 - n % 3 : 3 + rnd.Next(0, Math.Min(38, term - 4));
            var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-monthsAgo);
            var lease = new Lease
            {
                ParkId = park.Id, EnterpriseId = group.Key, Code = $"{park.Code}-{start.Year}-{n:D4}", State = LeaseState.Active, StartDate = start,
                TermMonths = term, EndDate = start.AddMonths(term).AddDays(-1), CreatedAt = now, UpdatedAt = now,
                Units = group.Select(u => new LeaseUnit { ParkId = park.Id, EnterpriseId = group.Key, UnitId = u.Id, AreaSqm = u.AreaSqm, Use = u.Use, Holds = true }).ToList(),
            };
            var monthly = group.Sum(u => u.AreaSqm * (u.Use switch { SpaceUse.Lab => policy.LabPrice, SpaceUse.Office => policy.OfficePrice, SpaceUse.Warehouse => policy.WarehousePrice, SpaceUse.Dormitory => policy.DormitoryPrice, _ => policy.FactoryPrice }));
            lease.Deposit = Math.Round(monthly * policy.DepositMonths, 2, MidpointRounding.AwayFromZero);
            db.Leases.Add(lease);
        }
        await db.SaveChangesAsync(ct);
    }

    private void AddUser(string name, string display, RoleGrant grant, DateTime now)
    {
        var u = new User { UserName = name, DisplayName = display, CreatedAt = now };
        u.PasswordHash = hasher.HashPassword(u, Password);
        u.Grants.Add(grant);
        db.Users.Add(u);
    }

    private async Task SeedSpacesAsync(Park park, List<Enterprise> tenants, Random rnd, (string Name, decimal Land, int Floors, int UnitsPerFloor)[] buildings, CancellationToken ct)
    {
        var units = new List<Unit>();
        foreach (var (name, land, floors, perFloor) in buildings)
        {
            var use = name.Contains("研发") ? SpaceUse.Lab : name.Contains("仓储") ? SpaceUse.Warehouse : SpaceUse.Factory;
            var unitArea = use == SpaceUse.Lab ? 300m : use == SpaceUse.Warehouse ? 800m : 600m;
            var b = new Building { ParkId = park.Id, Name = name, LandMu = land, FloorCount = floors, FloorAreaSqm = unitArea * perFloor * floors * 1.12m, Structure = "钢筋混凝土框架" };
            db.Buildings.Add(b);
            await db.SaveChangesAsync(ct);
            for (var f = 1; f <= floors; f++)
            {
                var floor = new Floor { ParkId = park.Id, BuildingId = b.Id, Number = f, AreaSqm = unitArea * perFloor * 1.12m, LoadTonsPerSqm = f == 1 ? 3m : use == SpaceUse.Lab ? 0.5m : 0.8m };
                db.Floors.Add(floor);
                await db.SaveChangesAsync(ct);
                for (var k = 1; k <= perFloor; k++)
                {
                    var areaJitter = (rnd.Next(-40, 41) / 100m) * 100m;
                    units.Add(new Unit
                    {
                        ParkId = park.Id, BuildingId = b.Id, FloorId = floor.Id, Code = $"{name.Split('号', '栋')[0]}-{f}{k:00}",
                        AreaSqm = unitArea + areaJitter, Use = f == floors && use == SpaceUse.Factory && k == perFloor ? SpaceUse.Office : use,
                        LoadTonsPerSqm = floor.LoadTonsPerSqm, Status = UnitStatus.Vacant,
                    });
                }
            }
        }
        // tenants take units in order; bigger firms take more; ~12 % stays vacant, one is under repair, one reserved
        var queue = new Queue<Unit>(units);
        foreach (var e in tenants)
        {
            var n = e.Employees >= 500 ? 4 : e.Employees >= 150 ? 2 : 1;
            for (var i = 0; i < n && queue.Count > 0; i++)
            {
                var u = queue.Dequeue();
                u.Status = UnitStatus.Leased;
                u.OccupantEnterpriseId = e.Id;
            }
        }
        // the seed's parks run at 85–90 % occupancy: larger firms take a further unit until the park is there
        var leased = units.Count(u => u.Status == UnitStatus.Leased);
        foreach (var e in tenants.OrderByDescending(t => t.Employees).ThenBy(t => t.Id).ToList())
        {
            if (queue.Count == 0 || leased >= units.Count * 0.9) break;
            var u = queue.Dequeue();
            u.Status = UnitStatus.Leased;
            u.OccupantEnterpriseId = e.Id;
            leased++;
        }
        var rest = queue.ToList();
        if (rest.Count > 2) { rest[0].Status = UnitStatus.NotLeasable; rest[1].Status = UnitStatus.Reserved; }
        db.Units.AddRange(units);
        await db.SaveChangesAsync(ct);
    }

    private static Enterprise NewEnterprise(long parkId, Random rnd, string name, string industry, string stages, bool above, DateOnly est, int staff, string tags, bool leader, DateTime now)
    {
        var first17 = "914419" + "00" + new string(Enumerable.Range(0, 9).Select(_ => CreditCode.Charset[rnd.Next(CreditCode.Charset.Length)]).ToArray());
        var legal = new[] { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴" }[rnd.Next(10)] + new[] { "志强", "建国", "海燕", "晓明", "丽华", "伟", "敏", "军", "静", "磊" }[rnd.Next(10)];
        return new Enterprise
        {
            ParkId = parkId, CreditCode = first17 + CreditCode.CheckCharacter(first17), Name = name, LegalPerson = legal, IndustryCode = industry,
            ChainStages = stages, SizeClass = above ? SizeClass.AboveScale : SizeClass.BelowScale, EstablishedOn = est, Employees = staff, Tags = tags,
            IsChainLeader = leader, ContactName = legal, ContactPhone = $"0769-8{rnd.Next(1000000, 9999999)}", Status = EnterpriseStatus.Admitted,
            Description = $"{name[3..]}，主营{stages.Replace("|", "、")}。", CreatedAt = now, UpdatedAt = now,
        };
    }
}

public sealed class DemoModule : Platform.IAreaModule
{
    public void AddServices(IServiceCollection services, IConfiguration config) => services.AddScoped<DemoSeeder>();

    /// <summary>No routes: the demo is seeded by the CLI (<c>seed --demo</c>) and the server's <c>--demo</c>.</summary>
    public void MapEndpoints(IEndpointRouteBuilder areas) { }
}
