using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Tests.Foundation;

/// <summary>
/// The console's texts: Text.resx (Chinese, the neutral culture) and Text.en.resx hold the same keys once each, and
/// every literal key a page asks for exists (a missing key would show the key itself to the user).
/// </summary>
public sealed partial class ResourceFileTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ParkOps.slnx"))) return d.FullName;
        throw new InvalidOperationException("ParkOps.slnx not found above " + AppContext.BaseDirectory);
    }

    private static List<(string Name, string Value)> Entries(string file) =>
        XDocument.Load(Path.Combine(Root, "src/ParkOps.Web/Resources", file)).Root!.Elements("data")
            .Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? "")).ToList();

    [Theory]
    [InlineData("Text.resx")]
    [InlineData("Text.en.resx")]
    public void ResourceFile_Keys_AreUniqueAndHaveText(string file)
    {
        var entries = Entries(file);
        entries.GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty($"keys defined twice in {file}");
        // CreditCode.None is the validator's "no problem" outcome: empty on purpose
        entries.Where(e => string.IsNullOrWhiteSpace(e.Value) && e.Name != "CreditCode.None").Select(e => e.Name).ShouldBeEmpty($"keys without text in {file}");
    }

    /// <summary>
    /// The audit log names each changed row by its entity (Entity.&lt;type&gt;): every entity of the model has its name, so
    /// the log never shows a raw key such as "Entity.PurchaseAllocation". Not audited: the log itself and the plumbing.
    /// </summary>
    [Fact]
    public void AuditLog_EveryEntityOfTheModel_HasAChineseName()
    {
        string[] plumbing = ["AuditEntry", "IdempotencyRecord", "SignInThrottle"];
        var zh = Entries("Text.resx").ToDictionary(e => e.Name, e => e.Value);
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ParkOps.Web.Data.ParkOpsDb>().UseSqlite("Data Source=:memory:").Options;
        using var db = ParkOps.Web.Data.ParkOpsDb.Create(options, new ParkOps.Web.Infrastructure.CurrentActor());
        var missing = db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType).Select(t => t.ClrType.Name)
            .Where(n => !plumbing.Contains(n) && !zh.ContainsKey("Entity." + n)).Order().ToList();
        missing.ShouldBeEmpty("entities without an Entity.<name> text");
    }

    [Fact]
    public void ResourceFiles_ChineseAndEnglish_HaveTheSameKeys()
    {
        var zh = Entries("Text.resx").Select(e => e.Name).ToHashSet();
        var en = Entries("Text.en.resx").Select(e => e.Name).ToHashSet();
        zh.Except(en).ShouldBeEmpty("keys with no English text");
        en.Except(zh).ShouldBeEmpty("keys with no Chinese text");
    }

    [GeneratedRegex("""L\["([A-Za-z0-9_.]+)"[\],]""")]
    private static partial Regex LiteralKey();

    [Fact]
    public void Pages_LiteralTextKeys_AllExist()
    {
        var keys = Entries("Text.resx").Select(e => e.Name).ToHashSet();
        var missing = Directory.EnumerateFiles(Path.Combine(Root, "src/ParkOps.Web/Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Where(x => !keys.Contains(x.Key)).Select(x => $"{x.File}: {x.Key}").Distinct().ToList();
        missing.ShouldBeEmpty();
    }
}
