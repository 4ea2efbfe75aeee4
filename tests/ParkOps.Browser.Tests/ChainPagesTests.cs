using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParkOps.Browser.Tests.Infrastructure;
using ParkOps.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ParkOps.Browser.Tests;

/// <summary>The industry-chain map and the 招商 board on the demo park (issue 14 §3): the API's figures in the page, the chart drawn, the board on a phone.</summary>
public sealed class ChainPagesTests(BrowserApp app, ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(app, chromium, output)
{
    [Fact]
    public async Task ChainMap_Operator_ShowsTheApisCompletenessAndStages_ChartDrawn_FromTheDashboardsKpi()
    {
        var park = await App.ParkIdAsync();
        var map = await ApiAsync("operator", $"/api/v1/parks/{park}/chain");
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/dashboard");
        await Page.GetByTestId("dash-chain-link").ClickAsync();
        await Page.WaitForPageAsync($"**/parks/{park}/chain");
        await Expect(Page.GetByTestId("chain-completeness")).ToHaveTextAsync(map.GetProperty("completeness").GetDecimal().ToString("0.0", CultureInfo.InvariantCulture) + "%");
        await Expect(Page.GetByTestId("chain-covered")).ToContainTextAsync($"{map.GetProperty("covered").GetInt32()} / {map.GetProperty("total").GetInt32()}");
        await Expect(Page.GetByTestId("chain-stage")).ToHaveCountAsync(map.GetProperty("stages").GetArrayLength());
        await Expect(Page.GetByTestId("chain-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("chain-chart-desc")).ToContainTextAsync($"共 {map.GetProperty("total").GetInt32()} 个环节");
        // each stage's firms, as the API names them
        var smt = map.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "SMT贴片");
        await Expect(Page.Locator("[data-testid=chain-stage]", new() { HasText = "SMT贴片" }))
            .ToContainTextAsync(smt.GetProperty("firms")[0].GetProperty("name").GetString()!);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }

    [Fact]
    public async Task ChainMap_Tenant_SeesTheMapWithoutTools()
    {
        var park = await App.ParkIdAsync();
        var map = await ApiAsync("tenant", $"/api/v1/parks/{park}/chain");
        await SignInAsync("tenant");
        await OpenOkAsync($"/parks/{park}/chain");
        await Expect(Page.GetByTestId("chain-completeness")).ToHaveTextAsync(map.GetProperty("completeness").GetDecimal().ToString("0.0", CultureInfo.InvariantCulture) + "%");
        await Expect(Page.GetByTestId("chain-chart").Locator("canvas")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("chain-apply")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("chain-candidates")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task InvestmentBoard_OnA375PxPhone_ColumnsAndCards_AndALeadMovedAndDroppedWithConfirmation()
    {
        var park = await App.ParkIdAsync();
        var leads = await ApiAsync("operator", $"/api/v1/parks/{park}/investment-leads");
        await SignInAsync("operator");
        await Page.SetViewportSizeAsync(375, 812);
        await OpenOkAsync($"/parks/{park}/investment");
        await Expect(Page.GetByTestId("invest-column")).ToHaveCountAsync(6);
        await Expect(Page.GetByTestId("invest-card")).ToHaveCountAsync(leads.GetArrayLength());
        (await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no horizontal scrolling on a phone");
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);

        // a new lead for a stage, then one step on, then dropped after the confirmation
        await Page.Locator("#lname").FillAsync("东莞市测试贴片有限公司");
        await Page.Locator("#lsource").FillAsync("产业沙龙");
        await Page.Locator("#lstage").SelectOptionAsync("SMT贴片");
        await Page.GetByTestId("invest-create").ClickAsync();
        await Page.WaitForPageAsync("**/investment?lead=*&done=created");
        await Expect(Page.GetByTestId("invest-done")).ToContainTextAsync("东莞市测试贴片有限公司");
        await Page.GetByTestId("lead-advance").ClickAsync();
        await Page.WaitForPageAsync("**done=moved");
        await Expect(Page.GetByTestId("invest-done")).ToContainTextAsync("接洽");
        await Page.Locator("#dropreason").FillAsync("企业暂缓扩产");
        await Page.GetByTestId("lead-drop").ClickAsync();
        // not confirmed: the browser holds the form (the box is required), nothing moved
        await Expect(Page.GetByTestId("invest-lead")).ToContainTextAsync("接洽");
        await Page.Locator("#dropconfirm").CheckAsync();
        await Page.GetByTestId("lead-drop").ClickAsync();
        await Expect(Page.GetByTestId("invest-done")).ToContainTextAsync("放弃");
        (await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no horizontal scrolling on a phone");
    }

    [Fact]
    public async Task Lead_Edited_ChangesItsStageContactAndPreLetUnits_AndABadCodeIsAnsweredInTheForm()
    {
        var park = await App.ParkIdAsync();
        var name = $"东莞市线索修改测试有限公司{Random.Shared.Next(100_000, 1_000_000)}";
        var stages = (await ApiAsync("operator", $"/api/v1/parks/{park}/chain")).GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
        var (first, second) = (stages[0], stages[1]);
        using var op = await ApiClientAsync("operator");
        var created = await op.PostAsJsonAsync($"/api/v1/parks/{park}/investment-leads",
            new { name, source = "商会推荐", targetStage = first, contactName = "陈先生", contactPhone = "0769-0000 0000" });
        created.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await ParkOps.Web.Tests.Infrastructure.Demo.JsonAsync(created)).GetProperty("id").GetInt64();
        await SignInAsync("operator");
        await OpenOkAsync($"/parks/{park}/investment?lead={id}");
        // the form starts from the lead as it is
        await Page.GetByTestId("lead-edit").Locator("summary").ClickAsync();
        await Expect(Page.Locator("#ename")).ToHaveValueAsync(name);
        await Expect(Page.Locator("#estage")).ToHaveValueAsync(first);
        await Expect(Page.Locator("#econtact")).ToHaveValueAsync("陈先生");

        // a credit code of the wrong shape: the form answers in words and keeps what was typed
        await Page.Locator("#econtact").FillAsync("林女士");
        await Page.Locator("#ecode").FillAsync("123");
        await Page.GetByTestId("lead-save").ClickAsync();
        await Expect(Page.GetByTestId("invest-error")).ToBeVisibleAsync();
        await Expect(Page.Locator("#econtact")).ToHaveValueAsync("林女士");
        (await App.WithDbAsync(db => db.Set<ParkOps.Web.Features.Chains.InvestmentLead>().Where(l => l.Id == id).Select(l => l.ContactName).SingleAsync())).ShouldBe("陈先生");

        await Page.Locator("#ecode").FillAsync("");
        var unit = await Page.Locator("#eunits option").First.GetAttributeAsync("value");
        await Page.Locator("#eunits").SelectOptionAsync(unit!);
        await Page.Locator("#estage").SelectOptionAsync(second);
        await Page.GetByTestId("lead-save").ClickAsync();
        await Page.WaitForPageAsync("**done=edited");
        await Expect(Page.GetByTestId("invest-done")).ToHaveTextAsync($"已保存线索「{name}」的修改");
        await Expect(Page.GetByTestId("invest-lead")).ToContainTextAsync("林女士");
        var lead = await ApiAsync("operator", $"/api/v1/parks/{park}/investment-leads/{id}");
        (lead.GetProperty("targetStage").GetString(), lead.GetProperty("contactName").GetString()).ShouldBe((second, "林女士"));
        lead.GetProperty("preLetUnits").EnumerateArray().Select(u => u.GetProperty("id").GetInt64().ToString()).ShouldBe([unit]);
        await Page.ShouldHaveNoSeriousViolationsAsync(Log);
    }
}
