using System.Text;
using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Grading.Contracts;

namespace ParkOps.Web.Features.Grading;

/// <summary>The demo park's partly filled assessment: five items scored with notes and a one-page PDF each; the rest open (a draft).</summary>
public sealed class GradingDemo(ParkOpsDb db, GradingService grading) : IGradingDemoData
{
    private static readonly (string Code, decimal Points, string Note)[] Answers =
    [
        ("M2", 8, "园区亩均税收 26.4 万元/亩，高于全县平均水平"),
        ("F1", 8, "电子元器件主导产业企业占比 78%"),
        ("F2", 6, "两家链主企业带动上下游协作配套"),
        ("O1", 6, "运营公司专职管理人员 9 人，管理制度汇编已印发"),
        ("P1", 5, "已与全部在租企业签订安全生产管理协议"),
    ];

    public async Task SeedAsync(long parkId, int year, CancellationToken ct)
    {
        var ids = await db.Set<GradingItem>().AsNoTracking().ToDictionaryAsync(i => i.Code, i => i.Id, ct);
        await grading.SaveAsync(parkId, year, new GradingSaveInput(Answers.Select(a => new GradingEntryInput(ids[a.Code], a.Points, null, a.Note)).ToList()), ct);
        foreach (var a in Answers) await grading.AddEvidenceAsync(parkId, year, ids[a.Code], $"{a.Code}佐证材料.pdf", Pdf(a.Note), ct);
    }

    /// <summary>A minimal one-page PDF (the note in its information dictionary): enough for the evidence check and a viewer.</summary>
    public static byte[] Pdf(string title)
    {
        var hex = Convert.ToHexString(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(title)).ToArray());
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            $"<< /Title <{hex}> /Producer (ParkOps) >>",
        };
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
