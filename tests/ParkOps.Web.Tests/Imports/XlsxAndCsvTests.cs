using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ParkOps.Web.Features.Imports;
using Text = ParkOps.Web.Resources.Text;

namespace ParkOps.Web.Tests.Imports;

/// <summary>The xlsx writer and the xlsx/CSV reader on their own, without a host.</summary>
public sealed class XlsxAndCsvTests
{
    private static readonly IStringLocalizer<Text> T = new StringLocalizer<Text>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private sealed record Item(string Name, int Count, decimal Area, DateOnly? On, DateTime At, bool Flag, string? Note);

    [Fact]
    public void XlsxWriter_ReadBackByTableReader_KeepsTextNumbersDatesAndBooleans()
    {
        var items = new[]
        {
            new Item("东莞市长安电子有限公司", 12, 612.5m, new DateOnly(2019, 3, 15), new DateTime(2026, 11, 21, 9, 30, 0), true, "含\u0001控制字符"),
            new Item("  leading spaces", 0, 0.8m, null, new DateTime(2026, 1, 1), false, null),
        };
        IReadOnlyList<XlsxColumn<Item>> columns =
        [
            new("名称", i => i.Name), new("数量", i => i.Count, XlsxFormat.Integer), new("面积", i => i.Area, XlsxFormat.Decimal),
            new("日期", i => i.On), new("时间", i => i.At), new("标志", i => i.Flag), new("备注", i => i.Note),
        ];

        var table = TableReader.Read("x.xlsx", XlsxWriter.Write("清单", columns, items), T);

        table.Headers.ShouldBe(["名称", "数量", "面积", "日期", "时间", "标志", "备注"]);
        table.Sheet.ShouldBe("清单");
        table.Rows.Select(r => r.Number).ShouldBe([2, 3]);
        table.Rows[0].Cells.ShouldBe(["东莞市长安电子有限公司", "12", "612.5", "2019-03-15", "2026-11-21 09:30:00", "TRUE", "含控制字符"]);
        table.Rows[1].Cells.ShouldBe(["leading spaces", "0", "0.8", null, "2026-01-01", "FALSE"]);
    }

    [Fact]
    public void XlsxWriter_HeaderRow_IsBoldFrozenAndFiltered()
    {
        var bytes = XlsxWriter.Write<int>("数字", [new("值", i => i)], [1, 2, 3]);

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        sheet.Descendants<Pane>().Single().State!.Value.ShouldBe(PaneStateValues.Frozen);
        sheet.Descendants<AutoFilter>().Single().Reference!.Value.ShouldBe("A1:A4");
        var headerStyle = sheet.Descendants<Cell>().First().StyleIndex!.Value;
        var format = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)headerStyle);
        doc.WorkbookPart.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)format.FontId!.Value).Bold.ShouldNotBeNull();
        sheet.Descendants<Cell>().Skip(1).ShouldAllBe(c => c.DataType == null); // numbers stay numbers
    }

    [Fact]
    public void XlsxWriter_Workbook_PassesTheOpenXmlSchemaValidator()
    {
        var bytes = XlsxWriter.Write(
            XlsxSheet.Of<int>("一", [new("值", i => i), new("日期", i => new DateOnly(2026, 1, i)), new("文字", i => $"第{i}行")], [1, 2, 3]),
            XlsxSheet.Of<int>("二/[特殊]:名称超过三十一个字符的工作表名称会被截断", [new("值", i => i)], []));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"", true)]
    [InlineData("[$-F800]dddd, mmmm dd, yyyy", true)]
    [InlineData("m/d/yy h:mm", true)]
    [InlineData("General", false)]
    [InlineData("0.00", false)]
    [InlineData("#,##0.00\"元\"", false)]
    [InlineData("0.00E+00", false)]
    [InlineData("@", false)]
    public void IsDateFormat_FormatCode_TellsDatesFromNumbers(string code, bool isDate) =>
        TableReader.IsDateFormat(code).ShouldBe(isDate);

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3F", 3)]
    [InlineData("12层", 12)]
    [InlineData("B1", -1)]
    [InlineData("地下2层", -2)]
    [InlineData("-1", -1)]
    [InlineData("2.0", 2)]
    [InlineData("二楼", null)]
    [InlineData("2.5", null)]
    public void ParseFloor_AsWrittenOnPlans_GivesTheFloorNumber(string text, int? floor) =>
        ImportSchema.ParseFloor(text).ShouldBe(floor);

    [Theory]
    [InlineData("2019-03-15", "2019-03-15")]
    [InlineData("2019/3/5", "2019-03-05")]
    [InlineData("2019.3.5", "2019-03-05")]
    [InlineData("2019年3月5日", "2019-03-05")]
    [InlineData("20190305", "2019-03-05")]
    [InlineData("43529", "2019-03-05")]
    [InlineData("2019-02-30", null)]
    [InlineData("去年", null)]
    public void ParseDate_AsOfficesTypeIt_GivesTheDate(string text, string? expected) =>
        (ImportSchema.ParseDate(text)?.ToString("yyyy-MM-dd")).ShouldBe(expected);

    [Theory]
    [InlineData("*企业名称", "name")]
    [InlineData("面积（㎡）", "areaSqm")]
    [InlineData("Credit_Code", "creditCode")]
    [InlineData("统一社会信用代码 ", "creditCode")]
    [InlineData("是否链主", "isChainLeader")]
    public void Match_HeaderAsWritten_FindsTheField(string header, string key) =>
        (ImportSchema.Match(ImportKind.Enterprises, header) ?? ImportSchema.Match(ImportKind.Units, header))!.Key.ShouldBe(key);

    [Fact]
    public void Decode_GbkBytes_AreReadAsGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (text, encoding) = TableReader.Decode(Encoding.GetEncoding(936).GetBytes("企业名称,东莞市锦厦五金"));
        (text, encoding).ShouldBe(("企业名称,东莞市锦厦五金", "GB18030"));
    }

    [Fact]
    public void Decode_Utf8WithoutBom_IsReadAsUtf8()
    {
        var (text, encoding) = TableReader.Decode(Encoding.UTF8.GetBytes("企业名称"));
        (text, encoding).ShouldBe(("企业名称", "UTF-8"));
    }

    [Fact]
    public void Read_SemicolonCsv_SplitsOnSemicolons()
    {
        var table = TableReader.Read("x.csv", Encoding.UTF8.GetBytes("统一社会信用代码;企业名称\n91441900MA4UJ8XK2Y;\"东莞;公司\"\n"), T);
        table.Rows.Single().Cells.ShouldBe(["91441900MA4UJ8XK2Y", "东莞;公司"]);
    }
}
