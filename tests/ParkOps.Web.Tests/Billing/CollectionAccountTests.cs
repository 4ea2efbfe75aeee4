using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Billing;

/// <summary>
/// A bill people can pay (issue 13 item 10): the park's collection account and memo rule in its settings, checked on
/// the way in, and printed on the bill page.
/// </summary>
public sealed class CollectionAccountTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    [Fact]
    public async Task CollectionAccount_DemoPark_IsSetAndReadByItsTenants()
    {
        var park = await app.ParkIdAsync();
        var stored = await app.WithDbAsync(db => db.Parks.AsNoTracking().FirstAsync(p => p.Id == park));
        stored.PayeeName.ShouldNotBeNullOrEmpty();
        var body = await (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/collection-account")).JsonAsync();
        body.GetProperty("payeeName").GetString().ShouldBe(stored.PayeeName);
        body.GetProperty("payeeBank").GetString().ShouldBe(stored.PayeeBank);
        body.GetProperty("payeeAccount").GetString().ShouldBe(stored.PayeeAccount);
        body.GetProperty("paymentReference").GetString().ShouldBe("BillNumber");
    }

    [Fact]
    public async Task UpdateCollectionAccount_SpacedAccount_StoresTheDigitsAndTheRule()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var op = await app.LoginAsync("operator2");
        var res = await op.PutAsJsonAsync($"/api/v1/parks/{park}/collection-account",
            new { payeeName = " 虎门园区运营公司 ", payeeBank = "中国银行东莞虎门支行", payeeAccount = "6217 0000 1234-5678 901", paymentReference = "EnterpriseAndMonth" });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.Parks.AsNoTracking().FirstAsync(p => p.Id == park));
        stored.PayeeName.ShouldBe("虎门园区运营公司");
        stored.PayeeAccount.ShouldBe("6217000012345678901");
        stored.PaymentReference.ShouldBe(PaymentReferenceRule.EnterpriseAndMonth);
    }

    [Fact]
    public async Task UpdateCollectionAccount_BankMissing_422PayeeMustBeCompleteNamingTheField()
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var before = await app.WithDbAsync(db => db.Parks.AsNoTracking().Where(p => p.Id == park).Select(p => p.PayeeName).FirstAsync());
        var res = await (await app.LoginAsync("operator2")).PutAsJsonAsync($"/api/v1/parks/{park}/collection-account",
            new { payeeName = "只填了收款单位", payeeBank = " ", payeeAccount = "44050177700800001216" });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "PayeeMustBeComplete", "payeeBank");
        (await app.WithDbAsync(db => db.Parks.AsNoTracking().Where(p => p.Id == park).Select(p => p.PayeeName).FirstAsync())).ShouldBe(before);
    }

    [Theory]
    [InlineData("6217-ABCD-0000-1234")]
    [InlineData("1234567")]
    [InlineData("1234567890123456789012345678901")]
    public async Task UpdateCollectionAccount_AccountNotDigits_422BankAccountMustBeDigits(string account)
    {
        var park = await app.ParkIdAsync("DG-HM-01");
        var res = await (await app.LoginAsync("operator2")).PutAsJsonAsync($"/api/v1/parks/{park}/collection-account",
            new { payeeName = "虎门园区运营公司", payeeBank = "中国银行东莞虎门支行", payeeAccount = account });
        await res.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "BankAccountMustBeDigits", "payeeAccount");
    }

    [Fact]
    public async Task UpdateCollectionAccount_GovernmentViewer_403()
    {
        var park = await app.ParkIdAsync();
        var res = await (await app.LoginAsync("gov")).PutAsJsonAsync($"/api/v1/parks/{park}/collection-account",
            new { payeeName = "政府", payeeBank = "某银行", payeeAccount = "12345678" });
        await res.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "OnlyOperatorsMayWrite");
    }

    [Fact]
    public async Task BillPage_Tenant_ShowsWhomToPayAndTheMemo()
    {
        var park = await app.ParkIdAsync();
        var stored = await app.WithDbAsync(db => db.Parks.AsNoTracking().FirstAsync(p => p.Id == park));
        var own = await app.EnterpriseOfAsync("tenant");
        var bill = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == own && b.State != BillState.Cancelled).OrderByDescending(b => b.Id).FirstAsync());
        var res = await (await app.CookieLoginAsync("tenant")).GetAsync($"/bills/{bill.Id}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        html.ShouldContain("data-testid=\"payee-block\"");
        html.ShouldContain(stored.PayeeName!);
        html.ShouldContain(stored.PayeeBank!);
        html.ShouldContain(stored.PayeeAccount!);
        // the demo park's rule is the bill number
        html.ShouldContain($"data-testid=\"payee-reference\">{bill.Number}<");
    }

    [Theory]
    [InlineData(PaymentReferenceRule.BillNumber, "DG-CA-01-202611-0001")]
    [InlineData(PaymentReferenceRule.BillNumberAndEnterprise, "DG-CA-01-202611-0001 东莞市长安捷讯电子有限公司")]
    [InlineData(PaymentReferenceRule.EnterpriseAndMonth, "东莞市长安捷讯电子有限公司 2026年11月")]
    public void PaymentReference_Rule_ComposesTheMemo(PaymentReferenceRule rule, string expected) =>
        PaymentReferences.Compose(rule, "DG-CA-01-202611-0001", "东莞市长安捷讯电子有限公司", "2026-11").ShouldBe(expected);
}
