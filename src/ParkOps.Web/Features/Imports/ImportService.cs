using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Imports.Contracts;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Features.Spaces;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Imports;

/// <summary>A column of the file the importer did not use, and why.</summary>
public sealed record IgnoredColumn(string Column, string Reason);

/// <summary>A recognised column: the header as written and the field it fills.</summary>
public sealed record MappedColumn(string Column, string Field);

/// <summary>What a dry run or an import found and did. <see cref="Valid"/> is true when no row has a problem.</summary>
public sealed record ImportReport(
    ImportKind Kind, string FileName, string Format, string? Encoding, string? Sheet, bool DryRun, bool Valid, bool Imported,
    int Rows, int ValidRows, int BadRows, int Created,
    IReadOnlyList<MappedColumn> Columns, IReadOnlyList<IgnoredColumn> IgnoredColumns, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Imports enterprises and units from a park office's spreadsheet, all or nothing: every row is checked with the
/// API's own validators and rules (unique credit code and unit code per park, building of the park, floor within
/// the building) and, only when no row has a problem, created through the API's own use cases in one transaction.
/// </summary>
public sealed class ImportService(
    ParkOpsDb db, EnterpriseService enterprises, SpaceService spaces,
    IValidator<EnterpriseInput> enterpriseValidator, IValidator<UnitInput> unitValidator, IStringLocalizer<Text> t, Platform.Jobs jobs, IServiceScopeFactory scopes)
{
    /// <summary>
    /// The name of the park the import page imports into, or null when the caller cannot see it. A context of its own:
    /// the layout's NavMenu queries the request's ParkOpsDb at the same time, and one DbContext must not run two queries
    /// at once (PostgreSQL is truly asynchronous). Same caller, same scope.
    /// </summary>
    public async Task<string?> ParkNameAsync(long parkId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(db.Actor);
        return await scope.ServiceProvider.GetRequiredService<Parks.Contracts.IParkNames>().VisibleNameAsync(parkId, ct);
    }

    private sealed record Parsed<T>(TableRow Row, T Input);

    /// <summary>Only the park's operators and the platform admin import: 404 outside the caller's scope, 403 for a viewer.</summary>
    public Task CheckParkAsync(long parkId, CancellationToken ct) => enterprises.ParkForWriteAsync(parkId, ct);

    /// <summary>Reads, checks and (unless a dry run, and only when clean) imports. Refuses unreadable files with a 400.</summary>
    public async Task<ImportReport> ImportAsync(long parkId, ImportKind kind, string fileName, byte[] bytes, bool dryRun, CancellationToken ct)
    {
        await enterprises.ParkForWriteAsync(parkId, ct);
        if (dryRun) return await ReadAndImportAsync(parkId, kind, fileName, bytes, dryRun, ct);
        // an import (not a dry run) is recorded in the park's job history, however it ends
        var key = $"{kind} · {Path.GetFileName(fileName)}";
        var job = await jobs.StartAsync(Platform.JobKinds.Import, parkId, key.Length > 100 ? key[..100] : key, db.Actor.UserName, ct);
        ImportReport? report = null;
        Exception? failure = null;
        try { return report = await ReadAndImportAsync(parkId, kind, fileName, bytes, dryRun, ct); }
        catch (Exception e) { failure = e; throw; }
        finally
        {
            if (report is not null) await jobs.ReportAsync(job, report.Created, report.Rows, CancellationToken.None);
            var ok = report is { Valid: true };
            await jobs.FinishAsync(job, ok, report is null ? null : new { report.Rows, report.Created, report.BadRows },
                failure switch { DomainRuleException d => d.Rule, FluentValidation.ValidationException => "ImportFileMustBeReadable", null => ok ? null : "ImportRowsMustBeValid", _ => "ImportFailed" },
                failure?.Message);
        }
    }

    private async Task<ImportReport> ReadAndImportAsync(long parkId, ImportKind kind, string fileName, byte[] bytes, bool dryRun, CancellationToken ct)
    {
        var table = TableReader.Read(fileName, bytes, t);
        var (columns, ignored, map) = MapColumns(kind, table);
        var problems = new List<ImportProblem>();
        int created;
        if (kind == ImportKind.Enterprises)
        {
            var rows = await CheckEnterprisesAsync(parkId, table, map, problems, ct);
            created = await CreateAsync(dryRun, problems, rows, r => enterprises.CreateAsync(parkId, r.Input, ct), ct);
        }
        else
        {
            var rows = await CheckUnitsAsync(parkId, table, map, problems, ct);
            created = await CreateAsync(dryRun, problems, rows, r => spaces.CreateUnitAsync(parkId, r.Input, ct), ct);
        }
        var badRows = problems.Select(p => p.Row).Distinct().Count();
        return new ImportReport(kind, Path.GetFileName(fileName), table.Format, table.Encoding, table.Sheet, dryRun, problems.Count == 0, created > 0,
            table.Rows.Count, table.Rows.Count - badRows, badRows, created, columns, ignored,
            problems.OrderBy(p => p.Row).ThenBy(p => columns.FindIndex(c => c.Column == p.Column) is var i && i < 0 ? int.MaxValue : i).ToList());
    }

    /// <summary>All rows in one transaction: a row that still fails (a concurrent change) rolls every row back.</summary>
    private async Task<int> CreateAsync<T>(bool dryRun, List<ImportProblem> problems, List<Parsed<T>> rows, Func<Parsed<T>, Task> create, CancellationToken ct)
    {
        if (dryRun || problems.Count > 0 || rows.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var r in rows)
            {
                await create(r);
                // each row is saved (uncommitted) already; forgetting it keeps change detection, and so the import, linear
                db.ChangeTracker.Clear();
            }
        }
        catch (DbUpdateException)
        {
            throw new DomainRuleException("ImportMustNotConflict", "file", "导入期间数据已被修改，未导入任何行，请重新检查后再导入", RuleKind.Conflict);
        }
        await tx.CommitAsync(ct);
        return rows.Count;
    }

    // ------------------------------------------------------------------ columns

    private (List<MappedColumn>, List<IgnoredColumn>, Dictionary<string, (int Index, string Header)>) MapColumns(ImportKind kind, Table table)
    {
        var columns = new List<MappedColumn>();
        var ignored = new List<IgnoredColumn>();
        var map = new Dictionary<string, (int, string)>();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var header = table.Headers[i];
            if (header.Length == 0)
            {
                if (table.Rows.Any(r => i < r.Cells.Length && r.Cells[i] is not null))
                    ignored.Add(new IgnoredColumn(XlsxWriter.ColumnName(i), t["Import.ColumnNoHeader"]));
                continue;
            }
            var field = ImportSchema.Match(kind, header);
            if (field is null) { ignored.Add(new IgnoredColumn(header, t["Import.ColumnUnknown"])); continue; }
            if (field.ExportOnly) { ignored.Add(new IgnoredColumn(header, t["Import.ColumnExportOnly." + kind])); continue; }
            if (map.TryGetValue(field.Key, out var first))
                throw TableReader.Refuse(t["Import.ColumnRepeated", first.Item2, header]);
            map[field.Key] = (i, header);
            columns.Add(new MappedColumn(header, field.Key));
        }
        var missing = ImportSchema.For(kind).Where(f => f.Required && !map.ContainsKey(f.Key)).Select(f => f.Header).ToList();
        if (missing.Count > 0) throw TableReader.Refuse(t["Import.ColumnsMissing", string.Join("、", missing)]);
        return (columns, ignored, map);
    }

    /// <summary>Reads the cells of a row by field key and collects problems against the file's own header names.</summary>
    private sealed class RowReader(TableRow row, Dictionary<string, (int Index, string Header)> map, IReadOnlyList<ImportField> fields, List<ImportProblem> problems)
    {
        private readonly HashSet<string> _reported = [];
        public int Errors { get; private set; }
        public bool Reported(string key) => _reported.Contains(key);

        public string? Text(string key) => map.TryGetValue(key, out var c) && c.Index < row.Cells.Length ? row.Cells[c.Index] : null;

        public string Column(string key) => map.TryGetValue(key, out var c) ? c.Header : fields.First(f => f.Key == key).Header;

        public void Problem(string key, string reason, string rule)
        {
            Errors++;
            _reported.Add(key);
            problems.Add(new ImportProblem(row.Number, Column(key), Text(key), reason, rule));
        }

        public T? Parse<T>(string key, Func<string, T?> parse, string reason) where T : struct
        {
            var s = Text(key);
            if (s is null) return null;
            var v = parse(s);
            if (v is null) Problem(key, reason, "ValueMustBeReadable");
            return v;
        }

        public T? Lookup<T>(string key, IReadOnlyDictionary<string, T> names, string reason) where T : struct =>
            Parse(key, s => names.TryGetValue(s.Replace(" ", ""), out var v) || names.TryGetValue(s, out v) ? v : (T?)null, reason);
    }

    /// <summary>The validator's failures on the row's columns; a value that could not be read is reported once, not again as invalid.</summary>
    private static void AddValidation(RowReader r, ValidationResult result, Func<string, string>? key = null)
    {
        foreach (var e in result.Errors)
        {
            var property = e.PropertyName.Split('[', '.')[0];
            var k = key?.Invoke(property) ?? ProblemExceptionHandler.Camel(property);
            if (!r.Reported(k)) r.Problem(k, e.ErrorMessage, "Validation");
        }
    }

    // ------------------------------------------------------------------ enterprises

    private async Task<List<Parsed<EnterpriseInput>>> CheckEnterprisesAsync(long parkId, Table table, Dictionary<string, (int, string)> map, List<ImportProblem> problems, CancellationToken ct)
    {
        var existing = (await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId).Select(e => e.CreditCode).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = new List<Parsed<EnterpriseInput>>();
        foreach (var row in table.Rows)
        {
            var r = new RowReader(row, map, ImportSchema.Enterprises, problems);
            var input = new EnterpriseInput
            {
                CreditCode = CreditCode.Normalise(r.Text("creditCode")),
                Name = r.Text("name") ?? "",
                LegalPerson = r.Text("legalPerson"),
                IndustryCode = r.Text("industryCode")?.Replace(" ", "").ToUpperInvariant(),
                ChainStages = r.Text("chainStages") is { } cs ? ImportSchema.SplitList(cs).Distinct().ToArray() : null,
                EstablishedOn = r.Parse("establishedOn", ImportSchema.ParseDate, t["Import.NotADate"]),
                SizeClass = r.Lookup("sizeClass", ImportSchema.SizeNames, t["Import.NotOneOf", "规上、规下 (AboveScale, BelowScale)"]) ?? SizeClass.BelowScale,
                Tags = r.Text("tags") is { } tg ? ImportSchema.SplitList(tg).Distinct().ToArray() : null,
                IsChainLeader = r.Parse("isChainLeader", ImportSchema.ParseBool, t["Import.NotYesNo"]) ?? false,
                Employees = r.Parse("employees", ImportSchema.ParseInt, t["Import.NotAWholeNumber"]),
                ContactName = r.Text("contactName"),
                ContactPhone = r.Text("contactPhone"),
                ContactEmail = r.Text("contactEmail"),
                Description = r.Text("description"),
            };
            AddValidation(r, await enterpriseValidator.ValidateAsync(input, ct));
            // stored joined by '|' in a column of 400 characters
            if (input.Tags is { } tags && string.Join('|', tags).Length > 400) r.Problem("tags", t["Import.ListTooLong", 400], "Validation");
            if (input.ChainStages is { } stages && string.Join('|', stages).Length > 400) r.Problem("chainStages", t["Import.ListTooLong", 400], "Validation");
            if (CreditCode.IsValid(input.CreditCode))
            {
                if (seen.TryGetValue(input.CreditCode, out var firstRow))
                    r.Problem("creditCode", t["Import.DuplicateInFile", firstRow], "CreditCodeMustBeUniqueInFile");
                else
                {
                    seen[input.CreditCode] = row.Number;
                    if (existing.Contains(input.CreditCode))
                        r.Problem("creditCode", RuleText("CreditCodeMustBeUniqueInPark", "该统一社会信用代码已在本园区登记", input.CreditCode), "CreditCodeMustBeUniqueInPark");
                }
            }
            if (r.Errors == 0) ok.Add(new(row, input));
        }
        return ok;
    }

    // ------------------------------------------------------------------ units

    private async Task<List<Parsed<UnitInput>>> CheckUnitsAsync(long parkId, Table table, Dictionary<string, (int, string)> map, List<ImportProblem> problems, CancellationToken ct)
    {
        var buildings = await db.Buildings.IgnoreQueryFilters().Where(b => b.ParkId == parkId).ToListAsync(ct);
        var existing = (await db.Units.IgnoreQueryFilters().Where(u => u.ParkId == parkId).Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = new List<Parsed<UnitInput>>();
        var useChoices = "厂房、研发、办公、仓储、宿舍 (Factory, Lab, Office, Warehouse, Dormitory)";
        var statusChoices = "空置、预留、不可租 (Vacant, Reserved, NotLeasable)";
        foreach (var row in table.Rows)
        {
            var r = new RowReader(row, map, ImportSchema.Units, problems);
            var buildingName = r.Text("building");
            var building = buildingName is null ? null
                : buildings.FirstOrDefault(b => b.Name == buildingName) ?? buildings.FirstOrDefault(b => ImportSchema.Normalise(b.Name) == ImportSchema.Normalise(buildingName));
            if (buildingName is null) r.Problem("building", t["Val.Required"], "Validation");
            else if (building is null) r.Problem("building", t["Import.BuildingNotFound", buildingName, string.Join("、", buildings.Select(b => b.Name).Take(20))], "BuildingMustBelongToPark");

            var floor = r.Parse("floor", ImportSchema.ParseFloor, t["Import.NotAWholeNumber"]);
            if (floor is null && r.Text("floor") is null) r.Problem("floor", t["Val.Required"], "Validation");
            var area = r.Parse("areaSqm", ImportSchema.ParseDecimal, t["Import.NotANumber"]);
            if (area is null && r.Text("areaSqm") is null) r.Problem("areaSqm", t["Val.Required"], "Validation");
            var use = r.Lookup("use", ImportSchema.UseNames, t["Import.NotOneOf", useChoices]);
            if (use is null && r.Text("use") is null) r.Problem("use", t["Val.Required"], "Validation");
            var load = r.Parse("loadTonsPerSqm", ImportSchema.ParseDecimal, t["Import.NotANumber"]);
            var status = r.Lookup("status", ImportSchema.StatusNames, t["Import.NotOneOf", statusChoices]);
            if (status == UnitStatus.Leased)
                r.Problem("status", RuleText("LeasedStatusComesFromLease", "单元的已租状态由租约产生"), "LeasedStatusComesFromLease");

            var input = new UnitInput(building?.Id ?? 0, floor ?? 1, (r.Text("code") ?? "").Trim(), area ?? 0, use ?? SpaceUse.Factory,
                // a unit without a stated load takes the building default: 3 t/㎡ on the ground floor, 0.8 above
                load ?? ((floor ?? 1) <= 1 ? 3m : 0.8m), status ?? UnitStatus.Vacant);
            AddValidation(r, await unitValidator.ValidateAsync(input, ct), UnitKey);

            if (building is not null && floor is { } f && f > building.FloorCount)
                r.Problem("floor", RuleText("FloorMustExistInBuilding", "楼层超出楼栋层数", building.FloorCount), "FloorMustExistInBuilding");
            if (input.Code.Length > 0)
            {
                if (seen.TryGetValue(input.Code, out var firstRow))
                    r.Problem("code", t["Import.DuplicateInFile", firstRow], "UnitCodeMustBeUniqueInFile");
                else
                {
                    seen[input.Code] = row.Number;
                    if (existing.Contains(input.Code))
                        r.Problem("code", RuleText("UnitCodeMustBeUnique", "单元编号已存在", input.Code), "UnitCodeMustBeUnique");
                }
            }
            if (r.Errors == 0) ok.Add(new(row, input));
        }
        return ok;
    }

    private static string UnitKey(string property) => property switch
    {
        nameof(UnitInput.FloorNumber) => "floor",
        nameof(UnitInput.BuildingId) => "building",
        nameof(UnitInput.Use) => "use",
        nameof(UnitInput.Status) => "status",
        _ => ProblemExceptionHandler.Camel(property),
    };

    /// <summary>The API's wording of a rule (the same resource the ProblemDetails use), else its Chinese default.</summary>
    private string RuleText(string rule, string fallback, params object[] args)
    {
        var s = t["Rule." + rule, args];
        return s.ResourceNotFound ? fallback : s.Value;
    }

    // ------------------------------------------------------------------ export

    private const int ExportPage = PagingExtensions.MaxPageSize;
    /// <summary>An export larger than this is cut (a filter narrows it); Excel itself stops at 1,048,576 rows.</summary>
    public const int MaxExportRows = 100_000;

    public static string FileName(string what, string? parkCode, DateOnly today) =>
        $"{what}{(parkCode is null ? "" : "-" + parkCode)}-{today:yyyyMMdd}.xlsx";

    public async Task<(byte[] Bytes, string FileName)> ExportEnterprisesAsync(long parkId, EnterpriseQuery q, CancellationToken ct)
    {
        var park = await enterprises.ParkForReadAsync(parkId, ct);
        var items = new List<Enterprise>();
        for (var page = 1; ; page++)
        {
            var p = await enterprises.ListAsync(parkId, q with { Page = page, PageSize = ExportPage }, ct);
            items.AddRange(p.Items);
            if (page >= p.PageCount || items.Count >= MaxExportRows) break;
        }
        var today = enterprises.Today;
        var columns = EnterpriseColumns(today);
        return (XlsxWriter.Write(XlsxSheet.Of(t["Import.SheetEnterprises"], columns, items)), FileName("enterprises", park.Code, today));
    }

    /// <summary>The export's columns carry the importer's Chinese headers, so an exported file imports back as it is.</summary>
    public IReadOnlyList<XlsxColumn<Enterprise>> EnterpriseColumns(DateOnly today) =>
    [
        new("统一社会信用代码", e => e.CreditCode, XlsxFormat.Text),
        new("企业名称", e => e.Name),
        new("法定代表人", e => e.LegalPerson),
        new("行业代码", e => e.IndustryCode, XlsxFormat.Text),
        new("产业链环节", e => string.Join("、", Park.Split(e.ChainStages))),
        new("成立日期", e => e.EstablishedOn, XlsxFormat.Date),
        new("规模", e => ImportSchema.Zh(e.SizeClass)),
        new("标签", e => string.Join("、", Park.Split(e.Tags))),
        new("链主", e => ImportSchema.Zh(e.IsChainLeader)),
        new("员工人数", e => e.Employees, XlsxFormat.Integer),
        new("联系人", e => e.ContactName),
        new("联系电话", e => e.ContactPhone, XlsxFormat.Text),
        new("邮箱", e => e.ContactEmail),
        new("简介", e => e.Description, Width: 40),
        new("状态", e => t["EntStatus." + e.Status].Value),
        new("生命周期阶段", e => e.StageOn(today) is { } s ? t["Stage." + s].Value : null),
    ];

    public async Task<(byte[] Bytes, string FileName)> ExportUnitsAsync(long parkId, long? buildingId, UnitStatus? status, SpaceUse? use, string? search, CancellationToken ct)
    {
        var park = await enterprises.ParkForReadAsync(parkId, ct);
        var items = new List<UnitDto>();
        for (var page = 1; ; page++)
        {
            // The list's filters are applied here, in memory, with the list's meaning: SpaceService.UnitsAsync filters
            // after projecting to UnitDto, which EF Core cannot translate (500). A park has hundreds of units, not millions.
            var p = await spaces.UnitsAsync(parkId, null, null, null, null, page, ExportPage, ct);
            items.AddRange(p.Items.Where(u => (buildingId is null || u.BuildingId == buildingId) && (status is null || u.Status == status) && (use is null || u.Use == use)
                && (string.IsNullOrWhiteSpace(search) || u.Code.Contains(search, StringComparison.Ordinal) || u.BuildingName.Contains(search, StringComparison.Ordinal)
                    || (u.OccupantName ?? "").Contains(search, StringComparison.Ordinal))));
            if (page >= p.PageCount || items.Count >= MaxExportRows) break;
        }
        return (XlsxWriter.Write(XlsxSheet.Of(t["Import.SheetUnits"], UnitColumns, items)), FileName("units", park.Code, enterprises.Today));
    }

    public static readonly IReadOnlyList<XlsxColumn<UnitDto>> UnitColumns =
    [
        new("楼栋", u => u.BuildingName),
        new("楼层", u => u.FloorNumber, XlsxFormat.Integer),
        new("单元编号", u => u.Code, XlsxFormat.Text),
        new("面积", u => u.AreaSqm, XlsxFormat.Decimal),
        new("用途", u => ImportSchema.Zh(u.Use)),
        new("承重", u => u.LoadTonsPerSqm, XlsxFormat.Decimal),
        new("状态", u => ImportSchema.Zh(u.Status)),
        new("承租企业", u => u.OccupantName),
    ];

    public async Task<(byte[] Bytes, string FileName)> ExportAuditAsync(Audit.AuditQuery q, CancellationToken ct)
    {
        var items = new List<Audit.AuditEntry>();
        for (var page = 1; ; page++)
        {
            var p = await Audit.AuditLog.SearchAsync(db, q with { Page = page, PageSize = ExportPage }, ct);
            items.AddRange(p.Items);
            if (page >= p.PageCount || items.Count >= MaxExportRows) break;
        }
        IReadOnlyList<XlsxColumn<Audit.AuditEntry>> columns =
        [
            new(t["Import.Audit.At"], a => Time.ToShanghai(a.At), XlsxFormat.DateTime),
            new(t["Import.Audit.Actor"], a => a.ActorName),
            new(t["Import.Audit.Action"], a => a.Action),
            new(t["Import.Audit.Entity"], a => a.Entity),
            new(t["Import.Audit.Key"], a => a.EntityKey, XlsxFormat.Text),
            new(t["Import.Audit.Park"], a => a.ParkId, XlsxFormat.Integer),
            new(t["Import.Audit.Source"], a => a.Source),
            new(t["Import.Audit.Before"], a => a.Before, Width: 60),
            new(t["Import.Audit.After"], a => a.After, Width: 60),
        ];
        return (XlsxWriter.Write(XlsxSheet.Of(t["Import.SheetAudit"], columns, items)), FileName("audit", null, enterprises.Today));
    }

    // ------------------------------------------------------------------ templates

    /// <summary>An empty first sheet with the headers (what the importer reads), and a second sheet explaining each column.</summary>
    public (byte[] Bytes, string FileName) Template(ImportKind kind)
    {
        var fields = ImportSchema.For(kind).Where(f => !f.ExportOnly).ToList();
        var data = new XlsxSheet
        {
            Name = t["Import.Sheet" + kind],
            Headers = fields.Select(f => f.Header).ToList(),
            Formats = fields.Select(f => f.Key is "creditCode" or "industryCode" or "contactPhone" or "code" ? XlsxFormat.Text : f.Key == "establishedOn" ? XlsxFormat.Date : XlsxFormat.Auto).ToList(),
            Widths = fields.Select(_ => (double?)null).ToList(),
            Rows = [],
        };
        var help = XlsxSheet.Of<ImportField>(t["Import.SheetHelp"],
        [
            new(t["Import.Help.Column"], f => f.Header),
            new(t["Import.Help.Field"], f => f.Key),
            new(t["Import.Help.Required"], f => f.Required ? t["Import.Help.Yes"].Value : t["Import.Help.No"].Value),
            new(t["Import.Help.Rule"], f => t[$"Import.Help.{kind}.{f.Key}"].Value, Width: 70),
            new(t["Import.Help.OtherNames"], f => string.Join("、", f.Aliases), Width: 50),
        ], fields);
        return (XlsxWriter.Write(data, help), $"{kind.ToString().ToLowerInvariant()}-template.xlsx");
    }
}
