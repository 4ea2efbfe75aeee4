using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Pdf.IO;
using ParkOps.Domain.Billing;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Billing;

/// <summary>Credit notes and reissue, the bill PDF, the bill list as .xlsx, the lease board and the arrears page.</summary>
public sealed class ReissueAndDocumentTests(ParkOpsFactory app) : IClassFixture<ParkOpsFactory>
{
    private Task<Bill> BillAsync(BillState state) => app.ParkIdAsync().ContinueWith(p => app.WithDbAsync(db =>
        db.Bills.Where(b => b.ParkId == p.Result && b.State == state && b.Total > 1000 && b.ReplacesBillId == null).OrderBy(b => b.Id).FirstAsync())).Unwrap();

    [Fact]
    public async Task Reissue_PaidBillWithNegativeAdjustment_CancelsItCarriesThePaymentAndCreditsTheExcess()
    {
        var op = await app.LoginAsync("operator");
        var old = await BillAsync(BillState.Paid);
        var creditBefore = await app.WithDbAsync(db => db.CreditBalances.Where(c => c.EnterpriseId == old.EnterpriseId).Select(c => (decimal?)c.Amount).FirstOrDefaultAsync()) ?? 0;
        var res = await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/reissue", new { reason = "面积核对有误", adjustments = new[] { new { description = "物业费面积更正", amount = -120.50m } } });
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var body = await res.JsonAsync();
        var note = body.GetProperty("creditNote");
        note.GetProperty("amount").GetDecimal().ShouldBe(old.Total);
        note.GetProperty("paidCarried").GetDecimal().ShouldBe(old.Paid);
        note.GetProperty("toCredit").GetDecimal().ShouldBe(120.50m);
        var bill = body.GetProperty("bill");
        bill.GetProperty("number").GetString().ShouldBe(old.Number + "-R1");
        bill.GetProperty("total").GetDecimal().ShouldBe(old.Total - 120.50m);
        bill.GetProperty("state").GetString().ShouldBe("Paid");
        var lines = bill.GetProperty("lines").EnumerateArray().ToList();
        lines.Count(l => l.GetProperty("kind").GetString() == "Adjustment").ShouldBe(1);
        lines.Sum(l => l.GetProperty("amount").GetDecimal()).ShouldBe(bill.GetProperty("total").GetDecimal());

        var stored = await app.WithDbAsync(db => db.Bills.AsNoTracking().FirstAsync(b => b.Id == old.Id));
        stored.State.ShouldBe(BillState.Cancelled);
        stored.Total.ShouldBe(old.Total, "the cancelled bill itself is never edited");
        (await app.WithDbAsync(db => db.CreditBalances.Where(c => c.EnterpriseId == old.EnterpriseId).Select(c => c.Amount).FirstAsync())).ShouldBe(creditBefore + 120.50m);
        var notes = await (await op.GetAsync($"/api/v1/bills/{old.Id}/credit-notes")).JsonAsync();
        notes.GetArrayLength().ShouldBe(1);

        // a cancelled bill can neither be reissued again nor take money
        await (await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/reissue", new { reason = "再次" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ReissueNeedsLiveBill");
        await (await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/payments", new { amount = 10m })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "PaymentNeedsLiveBill");

        // the replacement can itself be reissued: numbering continues from the first bill
        var again = await (await op.PostAsJsonAsync($"/api/v1/bills/{bill.GetProperty("id").GetInt64()}/reissue", new { reason = "撤销更正" })).JsonAsync();
        again.GetProperty("bill").GetProperty("number").GetString().ShouldBe(old.Number + "-R2");
    }

    [Fact]
    public async Task Reissue_UnpaidBill_NewBillOwesTheNewTotalAndOnlyOneLiveBillRemains()
    {
        var op = await app.LoginAsync("operator");
        var old = await BillAsync(BillState.Issued);
        var r = await (await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/reissue", new { reason = "补收维修费", adjustments = new[] { new { description = "空调维修", amount = 300m } } })).JsonAsync();
        var bill = r.GetProperty("bill");
        bill.GetProperty("state").GetString().ShouldBe("Issued");
        bill.GetProperty("outstanding").GetDecimal().ShouldBe(old.Total + 300m);
        (await app.WithDbAsync(db => db.Bills.CountAsync(b => b.EnterpriseId == old.EnterpriseId && b.Month == old.Month && b.State != BillState.Cancelled))).ShouldBe(1);
    }

    [Fact]
    public async Task Reissue_BadInput_IsRefusedNamingTheFieldAndChangesNothing()
    {
        var op = await app.LoginAsync("operator");
        var old = await BillAsync(BillState.Issued);
        var noReason = await (await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/reissue", new { reason = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        noReason.GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        var zero = await (await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/reissue", new { reason = "x", adjustments = new[] { new { description = "零", amount = 0m } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        zero.GetProperty("errors").TryGetProperty("adjustments[0].amount", out _).ShouldBeTrue();
        await (await op.PostAsJsonAsync($"/api/v1/bills/{old.Id}/reissue", new { reason = "全免", adjustments = new[] { new { description = "减免", amount = -(old.Total + 1) } } }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ReissuedBillMustNotBeNegative", "adjustments");
        var stored = await app.WithDbAsync(db => db.Bills.AsNoTracking().FirstAsync(b => b.Id == old.Id));
        stored.State.ShouldBe(BillState.Issued);
        (await app.WithDbAsync(db => db.CreditNotes.CountAsync(n => n.BillId == old.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task Reissue_ByTenantOrOtherTenant_IsRefused()
    {
        var tenantEnterprise = await app.EnterpriseOfAsync("tenant");
        var own = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == tenantEnterprise && b.State != BillState.Cancelled).OrderBy(b => b.Id).FirstAsync());
        var tenant = await app.LoginAsync("tenant");
        (await tenant.PostAsJsonAsync($"/api/v1/bills/{own.Id}/reissue", new { reason = "想少交" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var tenant2 = await app.LoginAsync("tenant2");
        (await tenant2.PostAsJsonAsync($"/api/v1/bills/{own.Id}/reissue", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tenant2.GetAsync($"/api/v1/bills/{own.Id}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BillPdf_OwnBill_IsAPdfWithThePagesAndTheBillNumberInItsTitle()
    {
        var tenantEnterprise = await app.EnterpriseOfAsync("tenant");
        var bill = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == tenantEnterprise && b.State != BillState.Cancelled).OrderBy(b => b.Id).FirstAsync());
        var tenant = await app.LoginAsync("tenant");
        var res = await tenant.GetAsync($"/api/v1/bills/{bill.Id}/pdf");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        res.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe(bill.Number + ".pdf");
        var bytes = await res.Content.ReadAsByteArrayAsync();
        using var doc = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        doc.PageCount.ShouldBeGreaterThanOrEqualTo(1);
        doc.Info.Title.ShouldStartWith(bill.Number);
    }

    /// <summary>
    /// The PDF's own text, read back: the bill in Chinese (kinds, rule names and texts, units) with no English word but the
    /// unit kWh and the product's name (capital codes from the data aside), no resource key, and the water line's cubic
    /// metres written out.
    /// </summary>
    [Fact]
    public async Task BillPdf_Text_IsChineseWithUnitsIntact()
    {
        var tenantEnterprise = await app.EnterpriseOfAsync("tenant");
        var bill = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == tenantEnterprise && b.State != BillState.Cancelled
            && db.Set<BillLine>().Any(l => l.BillId == b.Id && l.Kind == BillLineKind.Water) && db.Set<BillLine>().Any(l => l.BillId == b.Id && l.Kind == BillLineKind.Rent))
            .OrderByDescending(b => b.Id).FirstAsync());
        var tenant = await app.LoginAsync("tenant");
        var bytes = await (await tenant.GetAsync($"/api/v1/bills/{bill.Id}/pdf")).Content.ReadAsByteArrayAsync();
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        text.ShouldContain(bill.Number);
        text.ShouldContain("租金");
        text.ShouldContain("水费");
        text.ShouldContain("立方米");
        text.ShouldContain("基础租金");
        text.ShouldNotContain("Pricing.Rule.");
        text.ShouldNotContain("BillKind.");
        // words with a lower-case letter are prose (policy, lease, HourlyRate); all-capital ones are the data's codes (SMT, EMC)
        var english = System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z]{3,}").Select(m => m.Value).Distinct()
            .Where(w => w.Any(char.IsLower) && w is not ("kWh" or "ParkOps")).ToList();
        english.ShouldBeEmpty("English words in the bill's PDF");
    }

    /// <summary>The PDF says whom to pay and what to write in the memo: the park's collection account, as stored, and the bill's number (the demo park's rule).</summary>
    [Fact]
    public async Task BillPdf_Text_CarriesThePayeeBlock()
    {
        var tenantEnterprise = await app.EnterpriseOfAsync("tenant");
        var bill = await app.WithDbAsync(db => db.Bills.Where(b => b.EnterpriseId == tenantEnterprise && b.State != BillState.Cancelled).OrderByDescending(b => b.Id).FirstAsync());
        var park = await app.WithDbAsync(db => db.Parks.AsNoTracking().FirstAsync(p => p.Id == bill.ParkId));
        var tenant = await app.LoginAsync("tenant");
        var bytes = await (await tenant.GetAsync($"/api/v1/bills/{bill.Id}/pdf")).Content.ReadAsByteArrayAsync();
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        foreach (var label in new[] { "付款信息", "收款单位", "开户行", "账号", "付款附言/缴费参考号" }) text.ShouldContain(label);
        text.ShouldContain(park.PayeeName!);
        text.ShouldContain(park.PayeeBank!);
        text.ShouldContain(park.PayeeAccount!);
        text.Split(bill.Number).Length.ShouldBeGreaterThanOrEqualTo(3, "the number heads the bill and is the memo");
    }

    [Fact]
    public void BillPdf_GlyphsTheFontLacks_AreWrittenOut()
    {
        BillPdf.Glyphs("627㎡ × 28 元/㎡·月 – ¥5").ShouldBe("627平方米 × 28 元/平方米·月 - 元5");
        BillPdf.Glyphs("53.3 m³ × 4 元/m³，−0 小时").ShouldBe("53.3 立方米 × 4 元/立方米，-0 小时");
    }

    [Fact]
    public async Task BillExport_Month_HasASheetOfBillsAndASheetOfTheirLines()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var month = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park).MaxAsync(b => b.Month));
        var res = await op.GetAsync($"/api/v1/parks/{park}/bills/export?month={month:yyyy-MM}");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bills = await app.WithDbAsync(db => db.Bills.Where(b => b.ParkId == park && b.Month == month).Select(b => b.Id).ToListAsync());
        var lines = await app.WithDbAsync(db => db.BillLines.CountAsync(l => bills.Contains(l.BillId)));
        using var xlsx = SpreadsheetDocument.Open(new MemoryStream(await res.Content.ReadAsByteArrayAsync()), false);
        var wb = xlsx.WorkbookPart!;
        var sheets = wb.Workbook.Sheets!.Elements<Sheet>().ToList();
        sheets.Select(s => s.Name!.Value).ShouldBe(["账单", "账单明细"]);
        int Rows(Sheet s) => ((WorksheetPart)wb.GetPartById(s.Id!)).Worksheet.Descendants<Row>().Count() - 1;
        Rows(sheets[0]).ShouldBe(bills.Count);
        Rows(sheets[1]).ShouldBe(lines);

        // a tenant's export holds its own bills only
        var tenant = await app.LoginAsync("tenant");
        using var own = SpreadsheetDocument.Open(new MemoryStream(await (await tenant.GetAsync($"/api/v1/parks/{park}/bills/export?month={month:yyyy-MM}")).Content.ReadAsByteArrayAsync()), false);
        var ownSheet = own.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First();
        (((WorksheetPart)own.WorkbookPart.GetPartById(ownSheet.Id!)).Worksheet.Descendants<Row>().Count() - 1).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public async Task LeaseBoard_Park_ShowsEveryUnitOnceWithCountsAndOccupancy()
    {
        var op = await app.LoginAsync("operator");
        var park = await app.ParkIdAsync();
        var board = await (await op.GetAsync($"/api/v1/parks/{park}/lease-board")).JsonAsync();
        var units = board.GetProperty("buildings").EnumerateArray().SelectMany(b => b.GetProperty("floors").EnumerateArray()).SelectMany(f => f.GetProperty("units").EnumerateArray()).ToList();
        units.Count.ShouldBe(await app.WithDbAsync(db => db.Units.CountAsync(u => u.ParkId == park)));
        units.Select(u => u.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(units.Count);
        var counts = board.GetProperty("counts");
        counts.EnumerateObject().Sum(c => c.Value.GetInt32()).ShouldBe(units.Count);
        foreach (var u in units.Where(u => u.GetProperty("status").GetString() == "Expiring"))
            u.GetProperty("daysToExpiry").GetInt32().ShouldBeLessThanOrEqualTo(90);
        var leased = units.Where(u => u.GetProperty("status").GetString() is "Leased" or "Expiring").Sum(u => u.GetProperty("areaSqm").GetDecimal());
        board.GetProperty("leasedSqm").GetDecimal().ShouldBe(leased);
        (await (await app.LoginAsync("tenant")).GetAsync($"/api/v1/parks/{park}/lease-board")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ConsolePages_BoardArrearsAndBill_RenderForTheOperator()
    {
        var browser = await app.CookieLoginAsync("operator");
        var park = await app.ParkIdAsync();
        var board = await browser.GetStringAsync($"/parks/{park}/lease-board");
        board.ShouldContain("data-testid=\"board-summary\"");
        board.ShouldContain("data-status=\"Leased\"");
        var arrears = WebUtility.HtmlDecode(await browser.GetStringAsync($"/parks/{park}/arrears"));
        arrears.ShouldContain("data-testid=\"arrears-table\"");
        var weekAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7);
        var owing = await app.WithDbAsync(db => db.Enterprises.Where(e => db.Set<Bill>().Any(b => b.EnterpriseId == e.Id && b.ParkId == park && b.State == BillState.Issued && b.DueDate < weekAgo)).Select(e => e.Name).FirstAsync());
        arrears.ShouldContain(owing);
        var bill = await BillAsync(BillState.Issued);
        var page = await browser.GetStringAsync($"/bills/{bill.Id}");
        page.ShouldContain($"/api/v1/bills/{bill.Id}/pdf");
        page.ShouldContain("data-testid=\"reissue\"");
    }
}
