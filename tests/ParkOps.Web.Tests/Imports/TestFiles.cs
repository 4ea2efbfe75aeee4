using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParkOps.Web.Features.Demo;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Features.Users;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Imports;

/// <summary>Real spreadsheet and CSV bytes, built the way Excel writes them (shared strings, date-formatted serials).</summary>
public static class TestFiles
{
    static TestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An .xlsx whose first sheet holds the header and rows. Strings go to the shared-string table, numbers are
    /// numbers, DateOnly values are OADate serials in a cell formatted yyyy"年"m"月"d"日" (a custom date format).</summary>
    public static byte[] Xlsx(string[] header, params object?[][] rows)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 176U, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }) { Count = 1U },
                new Fonts(new Font()) { Count = 1U },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
                new Borders(new Border()) { Count = 1U },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 176U, ApplyNumberFormat = true }) { Count = 2U });
            var sst = book.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable();
            var strings = new Dictionary<string, int>();
            var sheetPart = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var all = new[] { header.Cast<object?>().ToArray() }.Concat(rows).ToArray();
            for (var r = 0; r < all.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < all[r].Length; c++)
                {
                    var reference = (c < 26 ? $"{(char)('A' + c)}" : $"A{(char)('A' + c - 26)}") + (r + 1);
                    var v = all[r][c];
                    Cell? cell = v switch
                    {
                        null => null,
                        string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(s).ToString(CultureInfo.InvariantCulture)) },
                        DateOnly d => new Cell { CellReference = reference, StyleIndex = 1U, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) },
                        _ => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(v, CultureInfo.InvariantCulture)!) },
                    };
                    if (cell is not null) row.AppendChild(cell);
                }
                data.AppendChild(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            book.Workbook.AppendChild(new Sheets(new Sheet { Id = book.GetIdOfPart(sheetPart), SheetId = 1U, Name = "企业名录" }));
            sst.SharedStringTable.Count = (uint)strings.Count;
            sst.SharedStringTable.UniqueCount = (uint)strings.Count;
            book.Workbook.Save();

            int Shared(string s)
            {
                if (strings.TryGetValue(s, out var i)) return i;
                sst.SharedStringTable.AppendChild(new SharedStringItem(new Text(s)));
                return strings[s] = strings.Count;
            }
        }
        return ms.ToArray();
    }

    /// <summary>CSV text in an encoding: "gbk" (what Excel on a Chinese Windows saves), "utf8bom", "utf8".</summary>
    public static byte[] Csv(string encoding, params string[] lines)
    {
        var text = string.Join("\r\n", lines) + "\r\n";
        return encoding switch
        {
            "gbk" => Encoding.GetEncoding(936).GetBytes(text),
            "utf8bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType = "application/octet-stream")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public static readonly string[] EnterpriseHeader =
        ["统一社会信用代码", "企业名称", "法定代表人", "行业代码", "产业链环节", "成立日期", "规模", "标签", "链主", "员工人数", "联系人", "联系电话", "邮箱", "简介"];

    public static object?[] EnterpriseRow(string code, string name, DateOnly? established = null, int? employees = 25) =>
        [code, name, "王志强", "C3982", "电子元器件制造、检测认证", established ?? new DateOnly(2019, 3, 15), "规下", "专精特新", "否", employees,
         "王志强", "0769-85551234", "wang@example.cn", "主营片式电阻"];
}

/// <summary>The app's own texts in zh-CN (the culture of a request without Accept-Language), to compare messages with.</summary>
public static class Texts
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Localizer = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
        Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
        .Create(typeof(ParkOps.Web.Resources.Text));

    public static string Zh(string key, params object[] args)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try { return Localizer[key, args].Value; }
        finally { CultureInfo.CurrentUICulture = saved; }
    }
}

/// <summary>
/// Two parks of the import tests' own (IMP-01 with one building 1号楼 of 5 floors, and IMP-02) in a region of their own,
/// run by their operator "importer", so imports do not change what other test classes read from the demo parks.
/// </summary>
public static class ImportPark
{
    public const string Code = "IMP-01";
    public const string SecondCode = "IMP-02";
    public const string Operator = "importer";
    public const string Building = "1号楼";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<long> EnsureAsync(ParkOpsFactory app) => (await BothAsync(app)).First;

    public static async Task<long> SecondAsync(ParkOpsFactory app) => (await BothAsync(app)).Second;

    private static async Task<(long First, long Second)> BothAsync(ParkOpsFactory app)
    {
        await Gate.WaitAsync();
        try
        {
            var ids = await app.WithDbAsync(db => db.Parks.IgnoreQueryFilters().Where(p => p.Code == Code || p.Code == SecondCode).ToDictionaryAsync(p => p.Code, p => p.Id));
            if (ids.Count == 2) return (ids[Code], ids[SecondCode]);
            return await app.WithDbAsync(async db =>
            {
                // a region of their own, outside 东莞: the demo government viewer must not start seeing these parks
                var region = new Region { Name = "导入测试区", Code = "990000", Level = RegionLevel.Province };
                db.Regions.Add(region);
                await db.SaveChangesAsync();
                var first = new Park { RegionId = region.Id, Name = "导入测试园", Code = Code, ChainStages = "电子元器件制造|检测认证", CreatedAt = DateTime.UtcNow };
                var second = new Park { RegionId = region.Id, Name = "导入测试二园", Code = SecondCode, CreatedAt = DateTime.UtcNow };
                db.Parks.AddRange(first, second);
                await db.SaveChangesAsync();
                db.Buildings.Add(new Building { ParkId = first.Id, Name = Building, LandMu = 5, FloorAreaSqm = 6000, FloorCount = 5 });
                var user = new User { UserName = Operator, DisplayName = "导入测试运营", CreatedAt = DateTime.UtcNow };
                using var scope = app.Services.CreateScope();
                user.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, DemoSeeder.Password);
                user.Grants.Add(new RoleGrant { Role = Role.ParkOperator, ParkId = first.Id });
                user.Grants.Add(new RoleGrant { Role = Role.ParkOperator, ParkId = second.Id });
                db.Users.Add(user);
                await db.SaveChangesAsync();
                return (first.Id, second.Id);
            });
        }
        finally { Gate.Release(); }
    }
}
