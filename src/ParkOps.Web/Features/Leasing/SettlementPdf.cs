using System.Globalization;
using Microsoft.Extensions.Localization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ParkOps.Web.Features.Billing;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Platform.Pdf;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Leasing;

/// <summary>The exit settlement as a PDF, with the bill PDF's machinery (PDFsharp and the CJK font of <see cref="CjkFontResolver"/>).</summary>
public sealed class SettlementPdfDocument(SettlementService settlements, EnterpriseService enterprises, LeaseService leases, IConfiguration config, IStringLocalizer<Text> t)
{
    public async Task<(byte[] Bytes, string FileName)> PdfAsync(long leaseId, CancellationToken ct)
    {
        var s = await settlements.GetAsync(leaseId, ct);
        var lease = await leases.GetAsync(leaseId, ct);
        var park = await enterprises.ParkForReadAsync(lease.ParkId, ct);
        CjkFontResolver.EnsureConfigured(config["ParkOps:Pdf:FontPath"]);
        return (new SettlementPdf(t).Render(park.Name, s), $"{s.LeaseCode}-settlement.pdf");
    }
}

/// <summary>Lays a settlement statement out on A4: header, lines with where each figure came from, totals, the approval trail.</summary>
public sealed class SettlementPdf(IStringLocalizer<Text> t)
{
    private const double Margin = 42;
    private readonly XFont _title = new(CjkFontResolver.Face, 16, XFontStyleEx.Bold);
    private readonly XFont _body = new(CjkFontResolver.Face, 9.5);
    private readonly XFont _bold = new(CjkFontResolver.Face, 9.5, XFontStyleEx.Bold);
    private readonly XFont _small = new(CjkFontResolver.Face, 7.5);
    private PdfDocument _doc = null!;
    private XGraphics _g = null!;
    private PdfPage _page = null!;
    private double _y;
    private double Width => _page.Width.Point - 2 * Margin;

    public byte[] Render(string parkName, SettlementDto s)
    {
        _doc = new PdfDocument();
        _doc.Info.Title = $"{s.LeaseCode} {s.EnterpriseName}";
        _doc.Info.Creator = "ParkOps";
        NewPage();
        Draw($"{parkName} · {t["Settle.PdfTitle"]}", _title, XBrushes.Black, Margin, _y + 18);
        _y += 32;
        foreach (var (label, value) in new[]
                 {
                     (t["Settle.Lease"].Value, s.LeaseCode), (t["Ent.Name"].Value, s.EnterpriseName),
                     (t["Settle.EndedOn"].Value, s.TerminatedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"),
                     (t["Settle.State"].Value, t["SettleState." + s.State].Value),
                 })
        {
            Draw(label, _bold, XBrushes.Black, Margin, _y + 10);
            Draw(value, _body, XBrushes.Black, Margin + 80, _y + 10);
            _y += 15;
        }
        _y += 8;
        double[] x = [Margin, Margin + 70, Margin + Width - 90, Margin + Width];
        void Header()
        {
            _g.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Margin, _y, Width, 16);
            Draw(t["Settle.Kind"], _bold, XBrushes.Black, x[0] + 3, _y + 11.5);
            Draw(t["Settle.Item"], _bold, XBrushes.Black, x[1] + 3, _y + 11.5);
            Right(t["Settle.Amount"], _bold, x[3] - 3, _y + 11.5);
            _y += 19;
        }
        Header();
        foreach (var l in s.Lines)
        {
            var kind = Wrap(t["SettleKind." + l.Kind], _body, x[1] - x[0] - 6);
            var desc = Wrap(l.Description, _body, x[2] - x[1] - 10);
            var explain = Wrap(l.Explanation, _small, x[3] - x[1] - 6);
            var height = Math.Max(kind.Count, desc.Count) * 12 + explain.Count * 9.5 + 5;
            if (Ensure(height)) Header();
            for (var i = 0; i < kind.Count; i++) Draw(kind[i], _body, XBrushes.Black, x[0] + 3, _y + 9 + i * 12);
            for (var i = 0; i < desc.Count; i++) Draw(desc[i], _body, XBrushes.Black, x[1] + 3, _y + 9 + i * 12);
            Right((l.IsCredit ? "" : "-") + Money(l.Amount), _bold, x[3] - 3, _y + 9);
            var ey = _y + Math.Max(kind.Count, desc.Count) * 12 + 6;
            foreach (var e in explain) { Draw(e, _small, XBrushes.DimGray, x[1] + 3, ey); ey += 9.5; }
            _y += height;
            _g.DrawLine(new XPen(XColor.FromArgb(210, 214, 220), 0.5), Margin, _y - 2, Margin + Width, _y - 2);
        }
        Ensure(80);
        _y += 6;
        foreach (var (label, amount) in new[]
                 {
                     (t["Settle.Deposit"].Value, s.Deposit), (t["Settle.BilledBeyond"].Value, s.BilledBeyondEnd), (t["Settle.Deductions"].Value, s.TotalDeductions),
                     (t["Settle.Refund"].Value, s.Refund), (t["Settle.Owed"].Value, s.Owed),
                 })
        {
            // the credit for days billed beyond the end shows only where there is one
            if (amount == 0 && label == t["Settle.BilledBeyond"].Value) continue;
            Right(label, _bold, x[2] - 6, _y + 10);
            Right(Money(amount) + " 元", _bold, x[3] - 3, _y + 10);
            _y += 15;
        }
        // the order of setting off, as the page says it: credits for days billed beyond the end, then the deposit
        foreach (var text in new[]
                 {
                     s.CreditToBills > 0 ? t["Settle.CreditToBillsText", Money(s.CreditToBills)].Value : null,
                     s.BilledBeyondEnd > s.CreditToBills ? t["Settle.CreditRefundText", Money(s.BilledBeyondEnd - s.CreditToBills)].Value : null,
                     s.DepositToBills > 0 ? t["Settle.DepositToBillsText", Money(s.DepositToBills)].Value : null,
                 })
        {
            if (text is null) continue;
            foreach (var line in Wrap(text, _small, Width)) { Ensure(10); Draw(line, _small, XBrushes.DimGray, Margin, _y + 8); _y += 9.5; }
        }
        _y += 8;
        foreach (var (label, who, when) in new[]
                 {
                     (t["Settle.DraftedBy"].Value, s.DraftedBy, s.DraftedAt), (t["Settle.SubmittedBy"].Value, s.SubmittedBy, s.SubmittedAt),
                     (t["Settle.ApprovedBy"].Value, s.ApprovedBy, s.ApprovedAt), (t["Settle.SettledBy"].Value, s.SettledBy, s.SettledAt),
                 })
        {
            if (who is null) continue;
            Ensure(13);
            Draw($"{label}：{who}  {(when is { } w ? Time.ToShanghai(w).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "")}", _body, XBrushes.Black, Margin, _y + 9);
            _y += 13;
        }
        Ensure(30);
        _y += 12;
        foreach (var line in Wrap(t["Settle.PdfFooter"], _small, Width)) { Draw(line, _small, XBrushes.DimGray, Margin, _y); _y += 9.5; }
        _g.Dispose();
        using var ms = new MemoryStream();
        _doc.Save(ms, false);
        return ms.ToArray();
    }

    private static string Money(decimal v) => v.ToString("#,0.00", CultureInfo.InvariantCulture);

    private void Right(string s, XFont font, double right, double baseline) =>
        Draw(s, font, XBrushes.Black, right - _g.MeasureString(PdfSheet.Glyphs(s), font).Width, baseline);

    private void Draw(string s, XFont font, XBrush brush, double x, double baseline) => _g.DrawString(PdfSheet.Glyphs(s), font, brush, x, baseline);

    private void NewPage()
    {
        _g?.Dispose();
        _page = _doc.AddPage();
        _page.Size = PageSize.A4;
        _g = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private bool Ensure(double height)
    {
        if (_y + height <= _page.Height.Point - Margin) return false;
        NewPage();
        return true;
    }

    private List<string> Wrap(string text, XFont font, double width) => PdfSheet.Wrap(_g, text, font, width);
}
