using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Features.Enterprises.Contracts;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Contribution;

/// <summary>
/// The year's local retained tax (地方留存税收) from the tax office's file (.xlsx/.csv, issue 14 §2): firms named by their
/// unified social credit code, amounts in 元 to the 分. All or nothing: every bad cell is reported with its row and column
/// (a code that is not one of the park's firms, a firm twice, an amount missing, unreadable, negative or finer than the
/// 分) and nothing is written; a clean file replaces the listed firms' figures of that year.
/// </summary>
public sealed class RetainedTaxFile(ITableFiles files, IParkRoster roster, ContributionService scores, RebateService rebates, IStringLocalizer<Text> t)
{
    /// <summary>A column: key, the header the page names, whether the file needs it, and other names tax offices use.</summary>
    public sealed record Column(string Key, string Header, bool Required, params string[] Aliases);

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("creditCode", "统一社会信用代码", true, "信用代码", "社会信用代码", "纳税人识别号", "credit code", "creditcode"),
        new("name", "企业名称", false, "名称", "纳税人名称", "企业", "name"),
        new("amount", "地方留存税收（元）", true, "地方留存税收", "地方留存", "留存税收", "留存税额", "地方留存税额", "retained tax", "retainedtax", "amount"),
    ];

    public async Task<List<RetainedTaxDto>> ImportAsync(long parkId, int? year, string fileName, byte[] bytes, CancellationToken ct)
    {
        await scores.CheckOperatorAsync(parkId, ct);
        scores.CheckYear(year);
        var entries = await roster.ParkRosterAsync(parkId, ct);
        var table = files.Read(fileName, bytes);

        var map = new Dictionary<string, (int Index, string Header)>();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var n = files.NormaliseHeader(table.Headers[i]);
            if (n.Length == 0) continue;
            var c = Columns.FirstOrDefault(c => c.Aliases.Append(c.Header).Append(c.Key).Any(a => files.NormaliseHeader(a) == n));
            if (c is not null && !map.ContainsKey(c.Key)) map[c.Key] = (i, table.Headers[i]);
        }
        var missing = Columns.Where(c => c.Required && !map.ContainsKey(c.Key)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
            throw new DomainRuleException("RetainedTaxColumnsMissing", "file", $"缺少列：{string.Join("、", missing)}") { Arguments = [string.Join("、", missing)] };

        var byCode = entries.GroupBy(e => e.CreditCode.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First());
        var problems = new List<ValidationFailure>();
        var rows = new List<RetainedTaxRowInput>();
        var seen = new HashSet<long>();
        foreach (var r in table.Rows)
        {
            string? Cell(string key) => map.TryGetValue(key, out var c) && c.Index < r.Cells.Length && !string.IsNullOrWhiteSpace(r.Cells[c.Index]) ? r.Cells[c.Index]!.Trim() : null;
            void Problem(string key, string reason, string rule) =>
                problems.Add(new ValidationFailure("file", t["Contribution.File.Problem", r.Number, map[key].Header, reason]) { ErrorCode = rule });

            RosterEntry? firm = null;
            var code = Cell("creditCode") is { } raw ? new string(raw.Where(ch => !char.IsWhiteSpace(ch)).ToArray()).ToUpperInvariant() : null;
            if (code is null) Problem("creditCode", t["Val.Required"], "ValueMustBePresent");
            else if (!byCode.TryGetValue(code, out firm)) Problem("creditCode", t["Contribution.File.NotInPark", code], "RetainedTaxEnterpriseUnknown");
            else if (!seen.Add(firm.Id)) Problem("creditCode", t["Contribution.File.Twice", code], "RetainedTaxEnterpriseRepeated");

            decimal? amount = null;
            var text = Cell("amount");
            if (text is null) Problem("amount", t["Val.Required"], "RetainedTaxRequired");
            else if (!decimal.TryParse(text.Replace(",", "").Replace("，", "").Replace("元", "").Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a))
                Problem("amount", t["Contribution.File.NotANumber", text], "ValueMustBeReadable");
            else if (a < 0) Problem("amount", t["Contribution.File.Negative", text], "RebateTaxMustNotBeNegative");
            else if (decimal.Round(a, 2) != a) Problem("amount", t["Contribution.File.Fen", text], "RetainedTaxToTheFen");
            else amount = a;

            if (firm is not null && amount is not null) rows.Add(new RetainedTaxRowInput(firm.Id, amount));
        }
        if (table.Rows.Count == 0) problems.Add(new ValidationFailure("file", t["Contribution.File.Empty"]) { ErrorCode = "RowsRequired" });
        if (problems.Count > 0) throw new ValidationException(problems);
        return await rebates.ImportTaxAsync(parkId, new RetainedTaxImport(year, rows), ct);
    }
}
