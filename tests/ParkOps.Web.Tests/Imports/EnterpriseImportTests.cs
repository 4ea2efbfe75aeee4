using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Imports;

[Collection(DemoCollection.Name)]
public sealed class EnterpriseImportTests(ParkOpsFactory app)
{
    private static string Url(long parkId, bool dryRun) => $"/api/v1/parks/{parkId}/enterprises:import?dryRun={(dryRun ? "true" : "false")}";

    private Task<int> CountAsync(long parkId, params string[] codes) =>
        app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.ParkId == parkId && codes.Contains(e.CreditCode)));

    private static IEnumerable<JsonElement> Problems(JsonElement report) => report.GetProperty("problems").EnumerateArray();

    [Fact]
    public async Task Import_CleanXlsx_CreatesEveryRowAsApplicantWithItsValues()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var (a, b) = (Demo.NewCreditCode(), Demo.NewCreditCode());
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader,
            TestFiles.EnterpriseRow(a, "东莞市导入一号电子有限公司", new DateOnly(2019, 3, 15), 25),
            [b, "东莞市导入二号科技有限公司", null, "c3985", "检测认证|电子元器件制造", new DateOnly(2012, 8, 1), "规上", "高新技术企业;专精特新", "是", 230, null, 13800138000L, null, null]);
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(xlsx, "名录.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var report = await res.JsonAsync();
        report.GetProperty("created").GetInt32().ShouldBe(2);
        report.GetProperty("imported").GetBoolean().ShouldBeTrue();
        var rows = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.CreditCode == a || e.CreditCode == b).OrderBy(e => e.Name).ToListAsync());
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(e => e.Status == EnterpriseStatus.Applicant && e.ParkId == parkId);
        var first = rows.Single(e => e.CreditCode == a);
        first.Name.ShouldBe("东莞市导入一号电子有限公司");
        first.EstablishedOn.ShouldBe(new DateOnly(2019, 3, 15));
        first.ChainStages.ShouldBe("电子元器件制造|检测认证");
        first.Employees.ShouldBe(25);
        var second = rows.Single(e => e.CreditCode == b);
        second.IndustryCode.ShouldBe("C3985");
        second.SizeClass.ShouldBe(SizeClass.AboveScale);
        second.IsChainLeader.ShouldBeTrue();
        second.Tags.ShouldBe("高新技术企业|专精特新");
        second.ContactPhone.ShouldBe("13800138000");
        second.EstablishedOn.ShouldBe(new DateOnly(2012, 8, 1));
    }

    [Fact]
    public async Task Import_DryRunOfCleanFile_ReportsValidAndWritesNothing()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var code = Demo.NewCreditCode();
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader, TestFiles.EnterpriseRow(code, "东莞市试运行电子有限公司"));
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, true), TestFiles.Form(xlsx, "dry.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await res.JsonAsync();
        report.GetProperty("valid").GetBoolean().ShouldBeTrue();
        report.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        report.GetProperty("rows").GetInt32().ShouldBe(1);
        report.GetProperty("created").GetInt32().ShouldBe(0);
        (await CountAsync(parkId, code)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_OneInvalidCreditCode_Gives422NamingRowAndColumnAndWritesNothing()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var good = Demo.NewCreditCode();
        var bad = good[..17] + (good[17] == '0' ? '1' : '0'); // wrong check character
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader,
            TestFiles.EnterpriseRow(good, "东莞市好行电子有限公司"),
            TestFiles.EnterpriseRow(bad, "东莞市坏行电子有限公司"));
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(xlsx, "bad.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await res.JsonAsync();
        body.GetProperty("rule").GetString().ShouldBe("ImportRowsMustBeValid");
        var problem = Problems(body.GetProperty("report")).ShouldHaveSingleItem();
        problem.GetProperty("row").GetInt32().ShouldBe(3);
        problem.GetProperty("column").GetString().ShouldBe("统一社会信用代码");
        problem.GetProperty("value").GetString().ShouldBe(bad);
        problem.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        (await CountAsync(parkId, good, bad)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_SameCreditCodeTwiceInFile_ReportsTheSecondRowAsDuplicate()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var code = Demo.NewCreditCode();
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader,
            TestFiles.EnterpriseRow(code, "东莞市重复一电子有限公司"),
            TestFiles.EnterpriseRow(Demo.NewCreditCode(), "东莞市不重复电子有限公司"),
            TestFiles.EnterpriseRow(code.ToLowerInvariant(), "东莞市重复二电子有限公司"));
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, true), TestFiles.Form(xlsx, "dup.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await res.JsonAsync();
        report.GetProperty("valid").GetBoolean().ShouldBeFalse();
        var problem = Problems(report).ShouldHaveSingleItem();
        problem.GetProperty("row").GetInt32().ShouldBe(4);
        problem.GetProperty("rule").GetString().ShouldBe("CreditCodeMustBeUniqueInFile");
        problem.GetProperty("reason").GetString().ShouldBe(Texts.Zh("Import.DuplicateInFile", 2));
    }

    [Fact]
    public async Task Import_WrongTypesAndOverlongText_ReportsEachCellAndImportsNothing()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var code = Demo.NewCreditCode();
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader,
            [code, new string('长', 101), null, "X99999", null, "去年春天", "中等", null, "也许", "二十", null, "call me", "not-an-email", null]);
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(xlsx, "types.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var columns = Problems((await res.JsonAsync()).GetProperty("report")).Select(p => p.GetProperty("column").GetString()).ToList();
        columns.ShouldBe(["企业名称", "行业代码", "成立日期", "规模", "链主", "员工人数", "联系电话", "邮箱"], ignoreOrder: true);
        (await CountAsync(parkId, code)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_CreditCodeAlreadyInPark_IsReported()
    {
        var demoPark = await app.ParkIdAsync();
        var existing = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == demoPark).OrderBy(e => e.Id).Select(e => e.CreditCode).FirstAsync());
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader, TestFiles.EnterpriseRow(existing, "东莞市已登记电子有限公司"));
        var client = await app.LoginAsync("operator");

        var res = await client.PostAsync(Url(demoPark, true), TestFiles.Form(xlsx, "existing.xlsx"));

        var problem = Problems(await res.JsonAsync()).ShouldHaveSingleItem();
        problem.GetProperty("rule").GetString().ShouldBe("CreditCodeMustBeUniqueInPark");
        problem.GetProperty("row").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task ExportThenImport_IntoAnotherPark_RoundTripsEveryValue()
    {
        var (source, target) = (await ImportPark.EnsureAsync(app), await ImportPark.SecondAsync(app));
        var token = "往返" + Guid.NewGuid().ToString("N")[..6];
        var codes = Enumerable.Range(0, 4).Select(_ => Demo.NewCreditCode()).ToArray();
        var importer = await app.LoginAsync(ImportPark.Operator);
        var seed = TestFiles.Xlsx(TestFiles.EnterpriseHeader,
            TestFiles.EnterpriseRow(codes[0], $"东莞市{token}一电子有限公司", new DateOnly(2008, 2, 29), 1200),
            [codes[1], $"东莞市{token}二科技有限公司", null, "M7452", "检测认证", new DateOnly(2023, 12, 31), "规上", "高新技术企业、专精特新、链主培育", "是", 0, "李娜", "13800138000", "li@example.cn", "多行\n简介，含逗号, 和 \"引号\""],
            [codes[2], $"东莞市{token}三有限公司", null, null, null, null, null, null, null, null, null, null, null, null],
            TestFiles.EnterpriseRow(codes[3], $"东莞市{token}四五金有限公司", new DateOnly(1949, 10, 1), null));
        (await importer.PostAsync($"/api/v1/parks/{source}/enterprises:import?dryRun=false", TestFiles.Form(seed, "seed.xlsx"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var export = await importer.GetAsync($"/api/v1/parks/{source}/enterprises/export?search={Uri.EscapeDataString(token)}");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        export.Content.Headers.ContentDisposition!.FileNameStar!.ShouldMatch(@"^enterprises-IMP-01-\d{8}\.xlsx$");
        var res = await importer.PostAsync($"/api/v1/parks/{target}/enterprises:import?dryRun=false", TestFiles.Form(await export.Content.ReadAsByteArrayAsync(), "export.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var report = await res.JsonAsync();
        report.GetProperty("created").GetInt32().ShouldBe(4);
        report.GetProperty("ignoredColumns").EnumerateArray().Select(c => c.GetProperty("column").GetString()).ShouldBe(["状态", "生命周期阶段"], ignoreOrder: true);
        var all = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => codes.Contains(e.CreditCode)).ToListAsync());
        foreach (var code in codes)
        {
            var (s, c) = (all.Single(x => x.CreditCode == code && x.ParkId == source), all.Single(x => x.CreditCode == code && x.ParkId == target));
            (c.Name, c.LegalPerson, c.IndustryCode, c.ChainStages, c.EstablishedOn, c.SizeClass, c.Tags, c.IsChainLeader, c.Employees)
                .ShouldBe((s.Name, s.LegalPerson, s.IndustryCode, s.ChainStages, s.EstablishedOn, s.SizeClass, s.Tags, s.IsChainLeader, s.Employees));
            (c.ContactName, c.ContactPhone, c.ContactEmail, c.Description, c.Status).ShouldBe((s.ContactName, s.ContactPhone, s.ContactEmail, s.Description, EnterpriseStatus.Applicant));
        }
        all.Single(x => x.CreditCode == codes[1] && x.ParkId == target).Description.ShouldBe("多行\n简介，含逗号, 和 \"引号\"");
    }

    [Fact]
    public async Task Export_DemoPark_EveryColumnIsRecognisedOnTheWayBack()
    {
        var demoPark = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var total = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.ParkId == demoPark));

        var export = await op.GetAsync($"/api/v1/parks/{demoPark}/enterprises/export");

        export.Content.Headers.ContentDisposition!.FileNameStar!.ShouldMatch(@"^enterprises-DG-CA-01-\d{8}\.xlsx$");
        var dry = await op.PostAsync(Url(demoPark, true), TestFiles.Form(await export.Content.ReadAsByteArrayAsync(), "all.xlsx"));
        dry.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await dry.JsonAsync();
        report.GetProperty("rows").GetInt32().ShouldBe(total);
        report.GetProperty("columns").GetArrayLength().ShouldBe(TestFiles.EnterpriseHeader.Length);
        // every exported enterprise is already registered in the park it came from
        Problems(report).Count(p => p.GetProperty("rule").GetString() == "CreditCodeMustBeUniqueInPark").ShouldBe(total);
    }

    [Fact]
    public async Task Export_StatusFilter_OnlyExportsMatchingRows()
    {
        var demoPark = await app.ParkIdAsync();
        var op = await app.LoginAsync("operator");
        var expected = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.ParkId == demoPark && e.Status == EnterpriseStatus.Rejected));

        var res = await op.GetAsync($"/api/v1/parks/{demoPark}/enterprises/export?status=Rejected");

        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        // the export reads back through the importer's own reader: header + one row per rejected enterprise
        var dry = await (await app.LoginAsync("admin")).PostAsync($"/api/v1/parks/{demoPark}/enterprises:import?dryRun=true",
            TestFiles.Form(await res.Content.ReadAsByteArrayAsync(), "rejected.xlsx"));
        (await dry.JsonAsync()).GetProperty("rows").GetInt32().ShouldBe(expected);
    }

    [Fact]
    public async Task Import_GbkCsvFromExcel_ImportsChineseNamesIntact()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var (a, b) = (Demo.NewCreditCode(), Demo.NewCreditCode());
        var csv = TestFiles.Csv("gbk",
            "统一社会信用代码,企业名称,法定代表人,产业链环节,成立日期,规模,链主,员工人数",
            $"{a},东莞市长安镇锦厦精密五金有限公司,陈建国,电子元器件制造、检测认证,2016/5/20,规上,是,88",
            $"{b},\"东莞市霄边电子科技有限公司, 第二分厂\",黄丽华,检测认证,2021年7月1日,规下,否,12");
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(csv, "企业名录.csv", "text/csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        (await res.JsonAsync()).GetProperty("encoding").GetString().ShouldBe("GB18030");
        var rows = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().Where(e => e.CreditCode == a || e.CreditCode == b).ToListAsync());
        rows.Single(e => e.CreditCode == a).Name.ShouldBe("东莞市长安镇锦厦精密五金有限公司");
        rows.Single(e => e.CreditCode == a).LegalPerson.ShouldBe("陈建国");
        rows.Single(e => e.CreditCode == a).EstablishedOn.ShouldBe(new DateOnly(2016, 5, 20));
        rows.Single(e => e.CreditCode == b).Name.ShouldBe("东莞市霄边电子科技有限公司, 第二分厂");
        rows.Single(e => e.CreditCode == b).EstablishedOn.ShouldBe(new DateOnly(2021, 7, 1));
    }

    [Fact]
    public async Task Import_Utf8BomCsvWithEnglishHeaders_ImportsSaysUtf8BomAndReportsTheUnknownColumn()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var code = Demo.NewCreditCode();
        var csv = TestFiles.Csv("utf8bom", "creditCode,name,sizeClass,isChainLeader,employees,备注", $"{code},东莞市英文表头电子有限公司,AboveScale,true,40,老客户");
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(csv, "english.csv", "text/csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var report = await res.JsonAsync();
        report.GetProperty("encoding").GetString().ShouldBe("UTF-8 (BOM)");
        report.GetProperty("ignoredColumns").EnumerateArray().Single().GetProperty("column").GetString().ShouldBe("备注");
        var e = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().SingleAsync(x => x.CreditCode == code));
        (e.Name, e.SizeClass, e.IsChainLeader, e.Employees).ShouldBe(("东莞市英文表头电子有限公司", SizeClass.AboveScale, true, (int?)40));
    }

    [Fact]
    public async Task Import_CsvRowNumbers_CountBlankLinesAsExcelShowsThem()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var csv = TestFiles.Csv("utf8", "统一社会信用代码,企业名称", $"{Demo.NewCreditCode()},东莞市甲电子有限公司", "", "BAD,东莞市乙电子有限公司");
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, true), TestFiles.Form(csv, "blank.csv"));

        Problems(await res.JsonAsync()).ShouldHaveSingleItem().GetProperty("row").GetInt32().ShouldBe(4);
    }

    public static TheoryData<string, byte[]> UnreadableFiles => new()
    {
        { "corrupt.xlsx", "PK\u0003\u0004 this is not really a zip archive at all"u8.ToArray() },
        { "text.xlsx", "统一社会信用代码,企业名称\n"u8.ToArray() },
        { "empty.xlsx", [] },
        { "empty.csv", [] },
        { "blank.csv", "\r\n \r\n"u8.ToArray() },
        { "header-only.csv", "统一社会信用代码,企业名称\r\n"u8.ToArray() },
        { "old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] },
        { "notes.docx", "hello"u8.ToArray() },
        { "binary.csv", [0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE, 0x00] },
        { "missing-name.csv", "统一社会信用代码,法定代表人\r\n91441900MA4UJ8XK2P,王伟\r\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task Import_UnreadableFile_Gives400OnFileAndWritesNothing(string name, byte[] bytes)
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var before = await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.ParkId == parkId));
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, false), TestFiles.Form(bytes, name));

        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await res.Content.ReadAsStringAsync());
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await res.JsonAsync();
        body.GetProperty("field").GetString().ShouldBe("file");
        body.GetProperty("errors").GetProperty("file")[0].GetString().ShouldNotBeNullOrWhiteSpace();
        (await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.ParkId == parkId))).ShouldBe(before);
    }

    [Fact]
    public async Task Import_FileOverTenMegabytes_Gives400()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.LoginAsync(ImportPark.Operator);
        var big = new byte[10 * 1024 * 1024 + 1];
        "统一社会信用代码,企业名称\r\n"u8.CopyTo(big);

        var res = await client.PostAsync(Url(parkId, true), TestFiles.Form(big, "big.csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("field").GetString().ShouldBe("file");
    }

    [Fact]
    public async Task Import_WithoutFileField_Gives400()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.LoginAsync(ImportPark.Operator);

        var res = await client.PostAsync(Url(parkId, true), new MultipartFormDataContent { { new StringContent("x"), "note" } });

        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("field").GetString().ShouldBe("file");
    }

    [Theory]
    [InlineData("tenant", HttpStatusCode.Forbidden)]
    [InlineData("gov", HttpStatusCode.Forbidden)]
    [InlineData("operator2", HttpStatusCode.NotFound)]
    [InlineData("partner", HttpStatusCode.NotFound)]
    public async Task Import_CallerWhoDoesNotOperateThePark_IsRefused(string user, HttpStatusCode expected)
    {
        var demoPark = await app.ParkIdAsync();
        var code = Demo.NewCreditCode();
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader, TestFiles.EnterpriseRow(code, "东莞市越权电子有限公司"));
        var client = await app.LoginAsync(user);

        var res = await client.PostAsync(Url(demoPark, false), TestFiles.Form(xlsx, "x.xlsx"));

        res.StatusCode.ShouldBe(expected);
        (await CountAsync(demoPark, code)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_WithoutBearerToken_Gives401()
    {
        var demoPark = await app.ParkIdAsync();
        var res = await app.Anonymous().PostAsync(Url(demoPark, true), TestFiles.Form(TestFiles.Xlsx(TestFiles.EnterpriseHeader), "x.xlsx"));
        res.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Template_Enterprises_IsAnXlsxWhoseHeadersTheImporterRecognises()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.LoginAsync(ImportPark.Operator);
        var template = await client.GetAsync("/api/v1/imports/templates/enterprises.xlsx");
        template.StatusCode.ShouldBe(HttpStatusCode.OK);
        template.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        // an empty template is refused for having no rows, not for its columns
        var res = await client.PostAsync(Url(parkId, true), TestFiles.Form(await template.Content.ReadAsByteArrayAsync(), "template.xlsx"));

        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString().ShouldBe(Texts.Zh("Import.FileNoRows"));
    }
}
