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
        // the shell's pieces under Components/, the areas' pages under Features/<Area>/Pages/
        var missing = new[] { "src/ParkOps.Web/Components", "src/ParkOps.Web/Features" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.razor", SearchOption.AllDirectories))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Where(x => !keys.Contains(x.Key)).Select(x => $"{x.File}: {x.Key}").Distinct().ToList();
        missing.ShouldBeEmpty();
    }

    [GeneratedRegex("""new DomainRuleException\(\s*"([A-Za-z0-9]+)"\s*,""")]
    private static partial Regex RuleThrown();

    /// <summary>
    /// A rule whose text takes figures ("统一社会信用代码无效：{0}") is thrown with them: without its Arguments the text cannot
    /// be formatted, and a console form that shows it answered 500 (a 招商 lead's credit code did, stop 27).
    /// </summary>
    [Fact]
    public void RuleTextsWithPlaceholders_AreThrownWithTheirArguments()
    {
        var texts = Entries("Text.resx").Where(e => e.Name.StartsWith("Rule.", StringComparison.Ordinal)).ToDictionary(e => e.Name[5..], e => e.Value);
        var missing = new List<string>();
        foreach (var file in new[] { "src/ParkOps.Domain", "src/ParkOps.Web" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            var code = File.ReadAllText(file);
            foreach (Match m in RuleThrown().Matches(code))
            {
                if (!texts.TryGetValue(m.Groups[1].Value, out var text) || !text.Contains("{0", StringComparison.Ordinal)) continue;
                var close = ClosingParen(code, m.Index + m.Value.IndexOf('(', StringComparison.Ordinal));
                var rest = code.AsSpan(close + 1).TrimStart();
                var initialiser = rest.StartsWith("{") ? rest[..(rest.IndexOf('}') + 1)].ToString() : "";
                if (!initialiser.Contains("Arguments", StringComparison.Ordinal))
                    missing.Add($"{Path.GetRelativePath(Root, file)}:{code[..m.Index].Count(c => c == '\n') + 1} {m.Groups[1].Value}");
            }
        }
        missing.ShouldBeEmpty();
    }

    /// <summary>The index of the parenthesis closing the one at <paramref name="open"/>, string literals skipped.</summary>
    private static int ClosingParen(string code, int open)
    {
        var depth = 0;
        for (var i = open; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                // to the literal's end (escaped quotes skipped; the rules' messages are plain or interpolated one-liners)
                for (i++; i < code.Length && code[i] != '"'; i++) if (code[i] == '\\') i++;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new InvalidOperationException("unbalanced parentheses after " + open);
    }
}
