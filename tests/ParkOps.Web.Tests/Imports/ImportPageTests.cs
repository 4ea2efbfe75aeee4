using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Imports;

/// <summary>The console page: a plain multipart form with an antiforgery token, answered with the row report.</summary>
[Collection(DemoCollection.Name)]
public sealed partial class ImportPageTests(ParkOpsFactory app)
{

    private static MultipartFormDataContent PageForm(string token, string kind, string mode, byte[] file, string fileName)
    {
        var form = TestFiles.Form(file, fileName);
        form.Add(new StringContent("import"), "_handler");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(kind), "kind");
        form.Add(new StringContent(mode), "mode");
        return form;
    }

    [Fact]
    public async Task ImportPage_CheckWithBadRow_ShowsTheRowReportAndWritesNothing()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.CookieLoginAsync(ImportPark.Operator);
        var page = await client.GetStringAsync($"/parks/{parkId}/import");
        page.ShouldContain("data-testid=\"import-form\"");
        var good = Demo.NewCreditCode();
        var xlsx = TestFiles.Xlsx(TestFiles.EnterpriseHeader,
            TestFiles.EnterpriseRow(good, "东莞市页面导入电子有限公司"),
            TestFiles.EnterpriseRow("91441900BADCODE000", "东莞市页面坏行电子有限公司"));

        var res = await client.PostAsync($"/parks/{parkId}/import", PageForm(ConsoleForms.AntiforgeryToken(page), "enterprises", "import", xlsx, "页面.xlsx"));

        var html = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        html.ShouldContain("data-testid=\"import-problems\"");
        html.ShouldContain("91441900BADCODE000");
        Regex.IsMatch(html, @"<th scope=""row"">3</th>\s*<td>统一社会信用代码</td>").ShouldBeTrue();
        (await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.CreditCode == good))).ShouldBe(0);
    }

    [Fact]
    public async Task ImportPage_ImportCleanFile_CreatesTheRows()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.CookieLoginAsync(ImportPark.Operator);
        var page = await client.GetStringAsync($"/parks/{parkId}/import");
        var code = Demo.NewCreditCode();
        var csv = TestFiles.Csv("gbk", "统一社会信用代码,企业名称", $"{code},东莞市页面导入精密有限公司");

        var res = await client.PostAsync($"/parks/{parkId}/import", PageForm(ConsoleForms.AntiforgeryToken(page), "enterprises", "import", csv, "页面.csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"import-done\"");
        (await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().SingleAsync(e => e.CreditCode == code))).Name.ShouldBe("东莞市页面导入精密有限公司");
    }

    [Fact]
    public async Task ImportPage_PostWithoutAntiforgeryToken_IsRefused()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.CookieLoginAsync(ImportPark.Operator);
        var code = Demo.NewCreditCode();
        var csv = TestFiles.Csv("utf8", "统一社会信用代码,企业名称", $"{code},东莞市跨站伪造有限公司");
        var form = TestFiles.Form(csv, "x.csv");
        form.Add(new StringContent("import"), "_handler");
        form.Add(new StringContent("import"), "mode");

        var res = await client.PostAsync($"/parks/{parkId}/import", form);

        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.CreditCode == code))).ShouldBe(0);
    }

    [Fact]
    public async Task ImportPage_CookieCannotUseTheBearerOnlyUploadApi()
    {
        var parkId = await ImportPark.EnsureAsync(app);
        var client = await app.CookieLoginAsync(ImportPark.Operator);
        var csv = TestFiles.Csv("utf8", "统一社会信用代码,企业名称", $"{Demo.NewCreditCode()},东莞市饼干有限公司");

        var res = await client.PostAsync($"/api/v1/parks/{parkId}/enterprises:import?dryRun=true", TestFiles.Form(csv, "x.csv"));

        res.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ImportPage_GovernmentViewer_SeesNoForm()
    {
        var demoPark = await app.ParkIdAsync();
        var client = await app.CookieLoginAsync("gov");

        var res = await client.GetAsync($"/parks/{demoPark}/import");

        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await res.Content.ReadAsStringAsync();
        html.ShouldContain("data-testid=\"import-forbidden\"");
        html.ShouldNotContain("data-testid=\"import-form\"");
    }
}
