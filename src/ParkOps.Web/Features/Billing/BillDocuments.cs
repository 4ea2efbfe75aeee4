using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Imports;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Platform.Pdf;

namespace ParkOps.Web.Features.Billing;

/// <summary>A bill as PDF (for printing and sending to the tenant) and bill lists as .xlsx.</summary>
public sealed class BillDocuments(ParkOpsDb db, BillingService billing, PaymentService payments, BillReissueService reissue, EnterpriseService enterprises,
    ICollectionAccounts accounts, IConfiguration config, IStringLocalizer<Text> t)
{
    public const string PdfContentType = "application/pdf";

    public async Task<(byte[] Bytes, string FileName)> PdfAsync(long billId, CancellationToken ct)
    {
        var bill = await billing.BillAsync(billId, ct);
        var park = await enterprises.ParkForReadAsync(bill.ParkId, ct);
        var paid = await payments.PaymentsAsync(billId, ct);
        var notes = await reissue.CreditNotesAsync(billId, ct);
        var account = await accounts.OfAsync(bill.ParkId, ct);
        CjkFontResolver.EnsureConfigured(config["ParkOps:Pdf:FontPath"]);
        return (new BillPdf(t).Render(park.Name, bill, paid, notes, account), $"{bill.Number}.pdf");
    }

    public async Task<(byte[] Bytes, string FileName)> ExportAsync(long parkId, string? month, BillState? state, CancellationToken ct)
    {
        var park = await enterprises.ParkForReadAsync(parkId, ct);
        var bills = new List<BillDto>();
        for (var page = 1; ; page++)
        {
            var p = await billing.BillsAsync(parkId, month, null, state, page, PagingExtensions.MaxPageSize, ct);
            bills.AddRange(p.Items);
            if (page >= p.PageCount || bills.Count >= ImportService.MaxExportRows) break;
        }
        var ids = bills.Select(b => b.Id).ToList();
        var lines = new List<BillLine>();
        foreach (var chunk in ids.Chunk(500))
            lines.AddRange(await db.BillLines.AsNoTracking().Where(l => chunk.Contains(l.BillId)).OrderBy(l => l.BillId).ThenBy(l => l.Kind).ThenBy(l => l.Id).ToListAsync(ct));
        var byId = bills.ToDictionary(b => b.Id);
        var rows = lines.Select(l => (Bill: byId[l.BillId], Line: l)).OrderBy(x => x.Bill.Number, StringComparer.Ordinal).ToList();
        XlsxColumn<BillDto>[] billColumns =
        [
            new(t["Bill.Number"], b => b.Number, XlsxFormat.Text),
            new(t["Ent.Name"], b => b.EnterpriseName),
            new(t["Bill.Month"], b => b.Month, XlsxFormat.Text),
            new(t["Bill.Total"], b => b.Total, XlsxFormat.Money),
            new(t["Bill.Paid"], b => b.Paid, XlsxFormat.Money),
            new(t["Bill.Outstanding"], b => b.Outstanding, XlsxFormat.Money),
            new(t["Bill.Due"], b => b.DueDate, XlsxFormat.Date),
            new(t["Bill.State"], b => t["BillState." + b.State].Value),
        ];
        XlsxColumn<(BillDto Bill, BillLine Line)>[] lineColumns =
        [
            new(t["Bill.Number"], x => x.Bill.Number, XlsxFormat.Text),
            new(t["Ent.Name"], x => x.Bill.EnterpriseName),
            new(t["Bill.Kind"], x => t["BillKind." + x.Line.Kind].Value),
            new(t["Bill.Description"], x => x.Line.Description),
            new(t["Bill.Quantity"], x => x.Line.Quantity, XlsxFormat.Decimal),
            new(t["Bill.Unit"], x => x.Line.Unit),
            new(t["Bill.UnitPrice"], x => x.Line.UnitPrice, XlsxFormat.Decimal),
            new(t["Bill.Amount"], x => x.Line.Amount, XlsxFormat.Money),
            new(t["Bill.Explanation"], x => BillPdf.Explain(t, x.Line.RulesJson), XlsxFormat.Text, 60),
        ];
        var bytes = XlsxWriter.Write(XlsxSheet.Of(t["Bill.SheetBills"], billColumns, bills), XlsxSheet.Of(t["Bill.SheetLines"], lineColumns, rows));
        return (bytes, ImportService.FileName("bills" + (string.IsNullOrEmpty(month) ? "" : "-" + month), park.Code, enterprises.Today));
    }
}

/// <summary>Lays a bill out on A4 pages: header, lines with their explanation, totals, payments, credit notes.</summary>
public sealed class BillPdf(IStringLocalizer<Text> t)
{
    private const double Margin = 42;
    // fonts are made per document: the resolver must be configured first (CjkFontResolver.EnsureConfigured)
    private readonly XFont Title = new(CjkFontResolver.Face, 16, XFontStyleEx.Bold);
    private readonly XFont Body = new(CjkFontResolver.Face, 9.5);
    private readonly XFont Bold = new(CjkFontResolver.Face, 9.5, XFontStyleEx.Bold);
    private readonly XFont Small = new(CjkFontResolver.Face, 7.5);

    private PdfDocument _doc = null!;
    private XGraphics _g = null!;
    private double _y;
    private double Width => _page!.Width.Point - 2 * Margin;
    private PdfPage? _page;

    public static string Explain(IStringLocalizer<Text> t, string rulesJson)
    {
        var rules = BillRules.Deserialize(rulesJson);
        return string.Join("；", rules.Select(r => $"{(t["Pricing.Rule." + r.Name] is { ResourceNotFound: false } n ? n.Value : r.Name)}: {r.Parameter} → {r.Effect}"));
    }

    public byte[] Render(string parkName, BillDto bill, IReadOnlyList<Payment> paid, IReadOnlyList<CreditNoteDto> notes, CollectionAccount? account = null)
    {
        _doc = new PdfDocument();
        _doc.Info.Title = $"{bill.Number} {bill.EnterpriseName}";
        _doc.Info.Creator = "ParkOps";
        NewPage();
        Draw($"{parkName} · {t["Bill.PdfTitle"]}", Title, XBrushes.Black, Margin, _y + 18);
        _y += 30;
        string[][] head =
        [
            [t["Bill.Number"], bill.Number, t["Bill.State"], t["BillState." + bill.State]],
            [t["Ent.Name"], bill.EnterpriseName, t["Bill.Month"], bill.Month],
            [t["Bill.Issued"], Time.ToShanghai(bill.IssuedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t["Bill.Due"], bill.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
        ];
        foreach (var row in head)
        {
            // a long name wraps inside its half of the line instead of running under the other half's label
            var left = Wrap(row[1], Body, Width / 2 + 20 - 70 - 8);
            var right = Wrap(row[3], Body, Width / 2 - 90);
            Draw(row[0], Bold, XBrushes.Black, Margin, _y + 10);
            for (var i = 0; i < left.Count; i++) Draw(left[i], Body, XBrushes.Black, Margin + 70, _y + 10 + i * 12);
            Draw(row[2], Bold, XBrushes.Black, Margin + Width / 2 + 20, _y + 10);
            for (var i = 0; i < right.Count; i++) Draw(right[i], Body, XBrushes.Black, Margin + Width / 2 + 90, _y + 10 + i * 12);
            _y += 15 + (Math.Max(1, Math.Max(left.Count, right.Count)) - 1) * 12;
        }
        _y += 8;
        // columns: kind, description, quantity, unit price, amount
        double[] x = [Margin, Margin + 62, Margin + Width - 230, Margin + Width - 165, Margin + Width];
        void HeaderRow()
        {
            _g.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Margin, _y, Width, 16);
            Draw(t["Bill.Kind"], Bold, XBrushes.Black, x[0] + 3, _y + 11.5);
            Draw(t["Bill.Description"], Bold, XBrushes.Black, x[1] + 3, _y + 11.5);
            Right(t["Bill.Quantity"], Bold, x[3] - 6, _y + 11.5);
            Right(t["Bill.UnitPrice"], Bold, x[3] + 80, _y + 11.5);
            Right(t["Bill.Amount"], Bold, x[4] - 3, _y + 11.5);
            _y += 19;
        }
        HeaderRow();
        foreach (var l in bill.Lines ?? [])
        {
            // the kind wraps inside its own column (共享设施使用费 is wider than it) instead of running into the description
            var kind = Wrap(t["BillKind." + l.Kind], Body, x[1] - x[0] - 6);
            var desc = Wrap(l.Description, Body, x[2] - x[1] - 10);
            var explain = Wrap(string.Join("；", l.Rules.Select(r => $"{(t["Pricing.Rule." + r.Name] is { ResourceNotFound: false } n ? n.Value : r.Name)}: {r.Parameter} → {r.Effect}")), Small, x[4] - x[1] - 6);
            var height = Math.Max(kind.Count, desc.Count) * 12 + explain.Count * 9.5 + 5;
            if (Ensure(height)) HeaderRow();
            for (var i = 0; i < kind.Count; i++) Draw(kind[i], Body, XBrushes.Black, x[0] + 3, _y + 9 + i * 12);
            for (var i = 0; i < desc.Count; i++) Draw(desc[i], Body, XBrushes.Black, x[1] + 3, _y + 9 + i * 12);
            Right($"{l.Quantity.ToString("0.##", CultureInfo.InvariantCulture)} {l.Unit}", Body, x[3] - 6, _y + 9);
            if (l.UnitPrice != 0) Right(l.UnitPrice.ToString("0.00##", CultureInfo.InvariantCulture), Body, x[3] + 80, _y + 9);
            Right(Money(l.Amount), Bold, x[4] - 3, _y + 9);
            var ey = _y + Math.Max(kind.Count, desc.Count) * 12 + 6;
            foreach (var e in explain) { Draw(e, Small, XBrushes.DimGray, x[1] + 3, ey); ey += 9.5; }
            _y += height;
            _g.DrawLine(new XPen(XColor.FromArgb(210, 214, 220), 0.5), Margin, _y - 2, Margin + Width, _y - 2);
        }
        Ensure(60);
        _y += 6;
        foreach (var (label, amount, font) in new[] { (t["Bill.Total"].Value, bill.Total, Bold), (t["Bill.Paid"].Value, bill.Paid, Body), (t["Bill.Outstanding"].Value, bill.Outstanding, Bold) })
        {
            Right(label, font, x[3] + 80, _y + 10);
            Right(Money(amount) + " 元", font, x[4] - 3, _y + 10);
            _y += 15;
        }
        // a cancelled bill is not paid: its replacement carries the block
        if (account is not null && bill.State != BillState.Cancelled) PayeeBlock(account, bill);
        if (paid.Count > 0)
        {
            Ensure(30 + 13 * paid.Count);
            _y += 10;
            Draw(t["Pay.Title"], Bold, XBrushes.Black, Margin, _y + 10);
            _y += 16;
            foreach (var p in paid)
            {
                Ensure(13);
                Draw($"{p.PaidOn:yyyy-MM-dd}  {t["PayMethod." + p.Method]}  {p.Reference}", Body, XBrushes.Black, Margin, _y + 9);
                Right(Money(p.Applied) + " 元", Body, x[4] - 3, _y + 9);
                _y += 13;
            }
        }
        foreach (var n in notes)
        {
            Ensure(30);
            _y += 8;
            var text = n.BillId == bill.Id ? t["Bill.CancelledBy", n.Number, n.ReplacementBillNumber, n.Reason] : t["Bill.ReplacesNote", n.BillNumber, n.Number, n.Reason];
            foreach (var line in Wrap(text, Body, Width)) { Draw(line, Body, XBrushes.DarkRed, Margin, _y + 9); _y += 12; }
        }
        Ensure(30);
        _y += 14;
        foreach (var line in Wrap(t["Bill.PdfFooter"], Small, Width)) { Draw(line, Small, XBrushes.DimGray, Margin, _y); _y += 9.5; }
        _g.Dispose();
        using var ms = new MemoryStream();
        _doc.Save(ms, false);
        return ms.ToArray();
    }

    /// <summary>
    /// Whom to pay and what to write in the memo (a 缴费通知单 must say both), in a framed block that stays on one page;
    /// each value wraps inside its column.
    /// </summary>
    private void PayeeBlock(CollectionAccount account, BillDto bill)
    {
        const double labelWidth = 96, pad = 6, lineHeight = 13;
        var valueWidth = Width - labelWidth - 2 * pad;
        (string Label, List<string> Lines)[] rows = account.IsSet
            ?
            [
                (t["Payee.Name"], Wrap(account.PayeeName!, Body, valueWidth)),
                (t["Payee.Bank"], Wrap(account.PayeeBank!, Body, valueWidth)),
                (t["Payee.Account"], Wrap(account.PayeeAccount!, Body, valueWidth)),
                (t["Payee.Reference"], Wrap(account.ReferenceFor(bill.Number, bill.EnterpriseName, bill.Month), Body, valueWidth)),
            ]
            : [("", Wrap(t["Payee.NotSet"], Body, valueWidth))];
        var height = 18 + rows.Sum(r => Math.Max(1, r.Lines.Count) * lineHeight) + pad;
        Ensure(height + 12);
        _y += 12;
        var top = _y;
        _g.DrawRectangle(new XPen(XColor.FromArgb(160, 168, 180), 0.6), Margin, top, Width, height);
        Draw(t["Payee.Title"], Bold, XBrushes.Black, Margin + pad, top + 12);
        _y = top + 18;
        foreach (var (label, lines) in rows)
        {
            if (label.Length > 0) Draw(label, Bold, XBrushes.Black, Margin + pad, _y + 10);
            for (var i = 0; i < lines.Count; i++) Draw(lines[i], Body, XBrushes.Black, Margin + pad + labelWidth, _y + 10 + i * lineHeight);
            _y += Math.Max(1, lines.Count) * lineHeight;
        }
        _y = top + height;
    }

    private static string Money(decimal v) => v.ToString("#,0.00", CultureInfo.InvariantCulture);

    private void Right(string s, XFont font, double right, double baseline) =>
        Draw(s, font, XBrushes.Black, right - _g.MeasureString(Glyphs(s), font).Width, baseline);

    private void Draw(string s, XFont font, XBrush brush, double x, double baseline) => _g.DrawString(Glyphs(s), font, brush, x, baseline);

    /// <summary>Characters the CJK font lacks, written the way it can (gbsn00lp has no ㎡, m³, ¥, en dash or minus sign).</summary>
    public static string Glyphs(string s) => PdfSheet.Glyphs(s);

    private void NewPage()
    {
        _g?.Dispose();
        _page = _doc.AddPage();
        _page.Size = PageSize.A4;
        _g = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    /// <summary>Starts a new page when <paramref name="height"/> does not fit; true when it did.</summary>
    private bool Ensure(double height)
    {
        if (_y + height <= _page!.Height.Point - Margin) return false;
        NewPage();
        return true;
    }

    private List<string> Wrap(string text, XFont font, double width) => PdfSheet.Wrap(_g, text, font, width);
}
