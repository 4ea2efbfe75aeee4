using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ParkOps.Web.Platform.Pdf;

/// <summary>A table's column: its header, its share of the width, and whether its cells are right-aligned (figures).</summary>
public sealed record PdfColumn(string Header, double Weight, bool Right = false);

/// <summary>One series of a bar chart: its name in the legend, a value per category (null: no bar), and its colour.</summary>
public sealed record PdfSeries(string Name, IReadOnlyList<decimal?> Values, XColor Colour);

/// <summary>
/// A4 documents in Chinese with PDFsharp and the CJK font (<see cref="CjkFontResolver"/>): a title, headings, wrapped
/// text, key figures, tables that continue on the next page with their header, and bar charts drawn as vectors with each
/// bar's value printed on it (the figures stay readable on paper). The writer keeps a cursor down the page and starts a
/// new page when the next block does not fit. Call <see cref="CjkFontResolver.EnsureConfigured"/> first.
/// </summary>
public sealed class PdfSheet : IDisposable
{
    public const double Margin = 42;

    public XFont TitleFont { get; } = new(CjkFontResolver.Face, 16, XFontStyleEx.Bold);
    public XFont HeadingFont { get; } = new(CjkFontResolver.Face, 12, XFontStyleEx.Bold);
    public XFont Body { get; } = new(CjkFontResolver.Face, 9.5);
    public XFont Bold { get; } = new(CjkFontResolver.Face, 9.5, XFontStyleEx.Bold);
    public XFont Small { get; } = new(CjkFontResolver.Face, 7.5);

    private static readonly XColor Rule = XColor.FromArgb(200, 205, 212);
    private static readonly XColor HeaderFill = XColor.FromArgb(235, 238, 242);

    private readonly PdfDocument _doc = new();
    private readonly string _footer;
    private PdfPage _page = null!;
    private XGraphics _g = null!;
    private double _y;

    public PdfSheet(string title, string footer)
    {
        _doc.Info.Title = title;
        _doc.Info.Creator = "ParkOps";
        _footer = footer;
        NewPage();
    }

    /// <summary>The width between the margins.</summary>
    public double Width => _page.Width.Point - 2 * Margin;

    /// <summary>Characters the CJK font lacks, written the way it can (gbsn00lp has no ㎡, m³, ¥, en dash or minus sign).</summary>
    public static string Glyphs(string s) => s.Replace("㎡", "平方米").Replace("m³", "立方米").Replace("³", "3").Replace("¥", "元").Replace("–", "-").Replace("−", "-");

    public void Title(string text, string? subtitle)
    {
        Draw(text, TitleFont, XBrushes.Black, Margin, _y + 18);
        _y += 28;
        if (subtitle is not null) { Draw(subtitle, Body, XBrushes.DimGray, Margin, _y + 6); _y += 16; }
        _g.DrawLine(new XPen(Rule, 0.8), Margin, _y, Margin + Width, _y);
        _y += 10;
    }

    public void Heading(string text)
    {
        Ensure(40);
        _y += 6;
        Draw(text, HeadingFont, XBrushes.Black, Margin, _y + 12);
        _y += 20;
    }

    public void Paragraph(string text, XFont? font = null)
    {
        var f = font ?? Body;
        foreach (var line in Wrap(text, f, Width))
        {
            Ensure(13);
            Draw(line, f, XBrushes.Black, Margin, _y + 10);
            _y += 13;
        }
        _y += 4;
    }

    /// <summary>Figures in boxes, <paramref name="perRow"/> to a row: a label above, the value large, a note below.</summary>
    public void KeyFigures(IReadOnlyList<(string Label, string Value, string? Note)> items, int perRow = 3)
    {
        const double height = 52, gap = 8;
        var w = (Width - gap * (perRow - 1)) / perRow;
        for (var i = 0; i < items.Count; i += perRow)
        {
            Ensure(height + gap);
            for (var j = 0; j < perRow && i + j < items.Count; j++)
            {
                var (label, value, note) = items[i + j];
                var x = Margin + j * (w + gap);
                _g.DrawRectangle(new XPen(Rule, 0.8), x, _y, w, height);
                Draw(Fit(label, Small, w - 12), Small, XBrushes.DimGray, x + 6, _y + 12);
                Draw(Fit(value, HeadingFont, w - 12), HeadingFont, XBrushes.Black, x + 6, _y + 30);
                if (note is not null) Draw(Fit(note, Small, w - 12), Small, XBrushes.DimGray, x + 6, _y + 44);
            }
            _y += height + gap;
        }
    }

    /// <summary>A table; cells wrap within their column; the header is repeated on each page the table reaches.</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => Width * c.Weight / total).ToArray();
        void Header()
        {
            _g.DrawRectangle(new XSolidBrush(HeaderFill), Margin, _y, Width, 16);
            var x = Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                var text = Fit(columns[i].Header, Bold, widths[i] - 6);
                if (columns[i].Right) Right(text, Bold, x + widths[i] - 3, _y + 11.5); else Draw(text, Bold, XBrushes.Black, x + 3, _y + 11.5);
                x += widths[i];
            }
            _y += 18;
        }
        Ensure(40);
        Header();
        foreach (var row in rows)
        {
            var cells = row.Select((c, i) => Wrap(c, Body, widths[i] - 6)).ToList();
            var height = Math.Max(1, cells.Max(c => c.Count)) * 12 + 3;
            if (Ensure(height)) Header();
            var x = Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                for (var k = 0; k < cells[i].Count; k++)
                    if (columns[i].Right) Right(cells[i][k], Body, x + widths[i] - 3, _y + 10 + k * 12);
                    else Draw(cells[i][k], Body, XBrushes.Black, x + 3, _y + 10 + k * 12);
                x += widths[i];
            }
            _y += height;
            _g.DrawLine(new XPen(Rule, 0.4), Margin, _y - 1, Margin + Width, _y - 1);
        }
        _y += 8;
    }

    /// <summary>
    /// Grouped bars, one group per category, a legend, a zero line and the axis' top value; each bar carries its value
    /// (<paramref name="format"/>) so the chart reads without the table. Negative values draw below the zero line.
    /// </summary>
    public void BarChart(string caption, IReadOnlyList<string> categories, IReadOnlyList<PdfSeries> series, string format, string unit, double height = 150)
    {
        Ensure(height + 50);
        Draw(caption, Bold, XBrushes.Black, Margin, _y + 10);
        // the legend at the right of the caption line
        var lx = Margin + Width;
        foreach (var s in series.Reverse())
        {
            var w = _g.MeasureString(Glyphs(s.Name), Small).Width;
            lx -= w;
            Draw(s.Name, Small, XBrushes.Black, lx, _y + 10);
            lx -= 12;
            _g.DrawRectangle(new XSolidBrush(s.Colour), lx, _y + 3, 9, 8);
            lx -= 10;
        }
        _y += 18;
        var values = series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => (double)v!.Value).ToList();
        var max = Math.Max(0, values.DefaultIfEmpty(0).Max());
        var min = Math.Min(0, values.DefaultIfEmpty(0).Min());
        if (max - min <= 0) max = 1;
        var plotTop = _y + 10;
        var plotHeight = height - 30;
        var zero = plotTop + plotHeight * max / (max - min);
        Draw(unit, Small, XBrushes.DimGray, Margin, _y + 6);
        _g.DrawLine(new XPen(Rule, 0.8), Margin, zero, Margin + Width, zero);
        var group = Width / Math.Max(1, categories.Count);
        var bar = Math.Min(22, (group - 6) / Math.Max(1, series.Count));
        for (var c = 0; c < categories.Count; c++)
        {
            var gx = Margin + c * group + (group - bar * series.Count) / 2;
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Values[c] is not { } v) continue;
                var h = plotHeight * Math.Abs((double)v) / (max - min);
                var top = v >= 0 ? zero - h : zero;
                _g.DrawRectangle(new XSolidBrush(series[s].Colour), gx + s * bar, top, bar - 1, Math.Max(0.5, h));
                var label = v.ToString(format, CultureInfo.InvariantCulture);
                var lw = _g.MeasureString(label, Small).Width;
                Draw(label, Small, XBrushes.Black, gx + s * bar + (bar - 1 - lw) / 2, v >= 0 ? top - 2 : top + h + 8);
            }
            var name = Fit(categories[c], Small, group - 2);
            var nw = _g.MeasureString(Glyphs(name), Small).Width;
            Draw(name, Small, XBrushes.Black, Margin + c * group + (group - nw) / 2, plotTop + plotHeight + 14);
        }
        _y = plotTop + plotHeight + 24;
    }

    public byte[] ToBytes()
    {
        _g.Dispose();
        // page numbers once the page count is known
        for (var i = 0; i < _doc.PageCount; i++)
        {
            using var g = XGraphics.FromPdfPage(_doc.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = Glyphs($"{_footer} · 第 {i + 1} 页 / 共 {_doc.PageCount} 页");
            g.DrawString(text, Small, XBrushes.DimGray, Margin, _doc.Pages[i].Height.Point - Margin / 2);
        }
        using var ms = new MemoryStream();
        _doc.Save(ms, false);
        return ms.ToArray();
    }

    public void Dispose()
    {
        _doc.Dispose();
    }

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
        if (_y + height <= _page.Height.Point - Margin) return false;
        NewPage();
        return true;
    }

    private void Right(string s, XFont font, double right, double baseline) =>
        Draw(s, font, XBrushes.Black, right - _g.MeasureString(Glyphs(s), font).Width, baseline);

    private void Draw(string s, XFont font, XBrush brush, double x, double baseline) => _g.DrawString(Glyphs(s), font, brush, x, baseline);

    /// <summary>The text cut with "…" to fit one line of <paramref name="width"/>.</summary>
    private string Fit(string text, XFont font, double width)
    {
        var s = Glyphs(text);
        if (_g.MeasureString(s, font).Width <= width) return s;
        // whole characters off the end (a character beyond the BMP is two chars: never cut between them)
        var cuts = System.Globalization.StringInfo.ParseCombiningCharacters(s);
        var n = cuts.Length;
        while (n > 1 && _g.MeasureString(s[..cuts[n - 1]] + "…", font).Width > width) n--;
        return s[..cuts[n - 1]] + "…";
    }

    private List<string> Wrap(string text, XFont font, double width) => string.IsNullOrEmpty(text) ? [""] : Wrap(_g, text, font, width);

    /// <summary>
    /// Breaks text into lines that fit <paramref name="width"/> (Chinese has no spaces: break at any character, preferring a
    /// space in the line's second half); none for empty text. Shared by every PDF the platform writes.
    /// </summary>
    public static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        if (string.IsNullOrEmpty(text)) return lines;
        text = Glyphs(text);
        var current = new System.Text.StringBuilder();
        // by whole characters (text elements): a character beyond the BMP (a rare name's 𬭚) is two chars, never split
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var ch = elements.GetTextElement();
            current.Append(ch);
            if (g.MeasureString(current.ToString(), font).Width <= width) continue;
            current.Length -= ch.Length;
            var s = current.ToString();
            var cut = s.LastIndexOf(' ');
            if (cut > s.Length / 2) { lines.Add(s[..cut]); current.Clear().Append(s[(cut + 1)..]); }
            else { lines.Add(s); current.Clear(); }
            current.Append(ch);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        return lines;
    }
}
