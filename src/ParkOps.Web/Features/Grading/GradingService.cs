using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Grading;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks.Contracts;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Grading;

public sealed record GradingEvidenceDto(long Id, long ItemId, string FileName, string ContentType, long Size, DateTime UploadedAt, string UploadedBy, string Url);

/// <summary>
/// One item of the assessment: the catalogue's facts, the operator's points/count/note, the rule's figure (null with
/// noData when the platform has none), the reviewer's points and reason, the points that count (<see cref="Points"/>:
/// the reviewer's, else the rule's or the operator's) and the evidence.
/// </summary>
public sealed record GradingItemDto(long ItemId, string Code, string Dimension, string DimensionName, string Kind, string Text, decimal MaxPoints, decimal PointsPerCount,
    string? RuleCode, decimal? Points, int? Count, decimal? SelfPoints, decimal? RulePoints, bool NoData, string? Basis, string? Note,
    decimal? ReviewedPoints, string? ReviewReason, IReadOnlyList<GradingEvidenceDto> Evidence);

public sealed record GradingDimensionDto(string Dimension, string Name, decimal Points, decimal MaxPoints);

public sealed record GradingLostDto(long ItemId, string Code, string Dimension, string Text, decimal Lost, string Reason);

public sealed record GradingStepDto(string Action, string From, string To, string By, DateTime At, string? Reason, string? ItemCode, decimal? FromPoints, decimal? ToPoints);

public sealed record GradingThresholdsDto(decimal A, decimal B, decimal C);

/// <summary>
/// A park's grading self-assessment of a year with its computed result: per dimension, base + adjustments = total, the
/// grade (a veto forces D), the items that cost points, and every step. id 0 and state draft while nothing is saved.
/// </summary>
public sealed record GradingDto(long Id, long ParkId, string ParkName, int Year, string State, DateTime? SubmittedAt, string? ReturnReason,
    string? ApprovedGrade, decimal? ApprovedTotal, string Grade, decimal Total, decimal Base, decimal Adjustments, bool ForcedD, GradingThresholdsDto Thresholds,
    IReadOnlyList<GradingDimensionDto> Dimensions, IReadOnlyList<GradingItemDto> Items, IReadOnlyList<GradingLostDto> Lost, IReadOnlyList<GradingStepDto> Steps,
    bool CanEdit, bool CanReview);

/// <summary>One item's answer: points (self-scored items), a count (a declared veto), a note.</summary>
public sealed record GradingEntryInput(long ItemId, decimal? Points, int? Count,
    [property: FreeText, StoredIn(typeof(GradingEntry), nameof(GradingEntry.Note))] string? Note);

/// <summary>The operator's answers to save (the items not named stay as they were).</summary>
public sealed record GradingSaveInput([MaxItems(100)] IReadOnlyList<GradingEntryInput>? Items);

/// <summary>
/// The reviewer's decision: <c>adjust</c> an item's points {itemId, points, reason}, <c>approve</c>, or <c>return</c> with a reason.
/// </summary>
public sealed record GradingReviewInput([property: Code(16)] string Decision, long? ItemId, decimal? Points,
    [property: FreeText, StoredIn(typeof(GradingStep), nameof(GradingStep.Reason))] string? Reason);

/// <summary>The admin's edit of an item: its texts, maximum, points per occurrence, whether it is used.</summary>
[StoredIn(typeof(GradingItem))]
public sealed record GradingItemInput([property: Line] string TextZh, [property: Line] string TextEn, decimal MaxPoints, decimal PointsPerCount, bool Active);

/// <summary>
/// A new item of the catalogue (the admin): its code (unique), dimension and kind as the catalogue spells them
/// (<c>digital</c>, <c>selfScored</c>), its texts and points. Computed items come with the platform facts that compute them,
/// so an item added here is self-scored (one of the nine dimensions) or a declared veto (<c>adjustment</c>).
/// </summary>
[StoredIn(typeof(GradingItem))]
public sealed record NewGradingItemInput([property: Code] string Code, [property: Code(32)] string Dimension, [property: Code(32)] string Kind,
    [property: Line] string TextZh, [property: Line] string TextEn, decimal MaxPoints, decimal PointsPerCount = 0);

public sealed record GradingCatalogueItemDto(long Id, string Code, string Dimension, string DimensionName, string Kind, int Position, string TextZh, string TextEn,
    decimal MaxPoints, decimal PointsPerCount, string? RuleCode, bool Active);

public sealed record GradingCatalogueDto(GradingThresholdsDto Thresholds, IReadOnlyList<GradingCatalogueItemDto> Items);

/// <summary>
/// Park grading (issue 14 §4; DOMAIN §10): the catalogue of items and thresholds (platform admin), the park's
/// self-assessment of a year (the park's operators fill it in with evidence and submit), the review by a government
/// viewer of the park's region (adjust items with a reason, approve or return). The result is computed by
/// <see cref="GradingRules"/> from the items, the operator's answers and the platform facts (<see cref="GradingFacts"/>).
/// </summary>
public sealed class GradingService(ParkOpsDb db, TimeProvider clock, GradingFacts facts, IParkProfiles parks, IStringLocalizer<Text> t, InputGuard guard) : Contracts.IParkGradingStates
{
    /// <summary>Evidence files: PDF, JPEG, PNG or WebP judged by their bytes, at most 5 MB each and 10 per item.</summary>
    public const int EvidenceMaxBytes = 5 * 1024 * 1024;
    public const int EvidencePerItem = 10;

    private ActorScope Actor => db.Actor;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;
    public DateOnly Today => DateOnly.FromDateTime(Time.ToShanghai(Now));

    private bool IsCounty(long parkId) => Actor.IsPlatformAdmin || Actor.GovernmentParkIds.Contains(parkId);

    /// <summary>The assessment's year: 2000 … next year (422 GradingYearOutOfRange); none → this year.</summary>
    public int YearOf(int? year)
    {
        var y = year ?? Today.Year;
        if (y < 2000 || y > Today.Year + 1) throw new DomainRuleException("GradingYearOutOfRange", "year", "年份超出范围") { Arguments = [y] };
        return y;
    }

    // ---- catalogue -------------------------------------------------------------------------------------------

    public async Task<GradingCatalogueDto> CatalogueAsync(CancellationToken ct)
    {
        var items = await db.Set<GradingItem>().AsNoTracking().OrderBy(i => i.Position).ToListAsync(ct);
        var s = await ScaleAsync(ct);
        return new GradingCatalogueDto(new GradingThresholdsDto(s.A, s.B, s.C), items.Select(CatalogueDto).ToList());
    }

    private GradingCatalogueItemDto CatalogueDto(GradingItem i) => new(i.Id, i.Code, Code(i.Dimension), DimensionName(i.Dimension), Code(i.Kind), i.Position,
        i.TextZh, i.TextEn, i.MaxPoints, i.PointsPerCount, i.RuleCode, i.Active);

    public async Task<GradingCatalogueItemDto> UpdateItemAsync(long id, GradingItemInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        if (!Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyAdminEditsGradingItems");
        var item = await db.Set<GradingItem>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("GradingItem", id);
        if (string.IsNullOrWhiteSpace(input.TextZh) || string.IsNullOrWhiteSpace(input.TextEn))
            throw new DomainRuleException("GradingItemTextRequired", string.IsNullOrWhiteSpace(input.TextZh) ? "textZh" : "textEn", "评分项须有中英文说明");
        var dimensionItem = item.Kind is GradingItemKind.SelfScored or GradingItemKind.Rule;
        if (dimensionItem ? input.MaxPoints is <= 0 or > 100 || input.PointsPerCount != 0 : input.MaxPoints != 0 || input.PointsPerCount is < -20 or > 20)
            throw new DomainRuleException("GradingItemPointsInvalid", dimensionItem ? "maxPoints" : "pointsPerCount", "分值不合理") { Arguments = [item.Code] };
        (item.TextZh, item.TextEn, item.MaxPoints, item.PointsPerCount, item.Active) = (input.TextZh.Trim(), input.TextEn.Trim(), input.MaxPoints, input.PointsPerCount, input.Active);
        (item.UpdatedAt, item.UpdatedBy) = (Now, Actor.UserName);
        await db.SaveChangesAsync(ct);
        return CatalogueDto(item);
    }

    /// <summary>
    /// Adds an item at the end of its dimension (the admin; others 403 OnlyAdminEditsGradingItems). 422 GradingItemCodeInvalid
    /// (1–16 letters, digits, '-' or '_'), 409 GradingItemCodeTaken, 422 GradingItemDimensionUnknown / GradingItemKindNotAddable
    /// (self-scored in a dimension, a veto under adjustments), GradingItemTextRequired, GradingItemPointsInvalid as on an edit.
    /// Parks' assessments of a year already submitted keep their answers; the item is scored from the next save on.
    /// </summary>
    public async Task<GradingCatalogueItemDto> CreateItemAsync(NewGradingItemInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        if (!Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyAdminEditsGradingItems");
        var code = (input.Code ?? "").Trim().ToUpperInvariant();
        if (code.Length is 0 or > 16 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new DomainRuleException("GradingItemCodeInvalid", "code", "编号须为 1–16 位字母、数字、- 或 _");
        if (!TryParseCode<GradingDimension>(input.Dimension, out var dimension))
            throw new DomainRuleException("GradingItemDimensionUnknown", "dimension", "未知的评分维度") { Arguments = [input.Dimension ?? ""] };
        var kind = TryParseCode<GradingItemKind>(input.Kind, out var k) ? k : (GradingItemKind?)null;
        var addable = dimension == GradingDimension.Adjustment ? kind == GradingItemKind.Veto : kind == GradingItemKind.SelfScored;
        if (!addable) throw new DomainRuleException("GradingItemKindNotAddable", "kind", "新增评分项只能是维度内的自评项或调整项下的否决项");
        if (string.IsNullOrWhiteSpace(input.TextZh) || string.IsNullOrWhiteSpace(input.TextEn))
            throw new DomainRuleException("GradingItemTextRequired", string.IsNullOrWhiteSpace(input.TextZh) ? "textZh" : "textEn", "评分项须有中英文说明");
        var selfScored = kind == GradingItemKind.SelfScored;
        if (selfScored ? input.MaxPoints is <= 0 or > 100 || input.MaxPoints != Math.Round(input.MaxPoints, 1) || input.PointsPerCount != 0 : input.MaxPoints != 0 || input.PointsPerCount != 0)
            throw new DomainRuleException("GradingItemPointsInvalid", selfScored || input.MaxPoints != 0 ? "maxPoints" : "pointsPerCount", "分值不合理") { Arguments = [code] };
        if (await db.Set<GradingItem>().AnyAsync(i => i.Code == code, ct))
            throw new DomainRuleException("GradingItemCodeTaken", "code", "编号已被使用", RuleKind.Conflict) { Arguments = [code] };
        // after the last item of its dimension (positions go up in tens; an added item takes the next free one)
        var items = await db.Set<GradingItem>().AsNoTracking().Select(i => new { i.Dimension, i.Position }).ToListAsync(ct);
        var after = items.Where(i => i.Dimension == dimension).Select(i => i.Position).DefaultIfEmpty(items.Select(i => i.Position).DefaultIfEmpty(0).Max()).Max();
        var item = new GradingItem
        {
            Code = code, Dimension = dimension, Kind = kind!.Value, Position = after + 1, TextZh = input.TextZh.Trim(), TextEn = input.TextEn.Trim(),
            MaxPoints = input.MaxPoints, PointsPerCount = 0, Active = true, UpdatedAt = Now, UpdatedBy = Actor.UserName,
        };
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return CatalogueDto(item);
    }

    /// <summary>A catalogue code ("digital", "selfScored") as its enum value; numbers are not codes.</summary>
    private static bool TryParseCode<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    public async Task<GradingThresholdsDto> UpdateThresholdsAsync(GradingThresholdsDto input, CancellationToken ct)
    {
        if (!Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyAdminEditsGradingItems");
        GradingRules.CheckThresholds(new GradeThresholds(input.A, input.B, input.C));
        var s = await db.Set<GradingScale>().FirstOrDefaultAsync(ct);
        if (s is null) db.Add(s = new GradingScale());
        (s.MinA, s.MinB, s.MinC, s.UpdatedAt, s.UpdatedBy) = (input.A, input.B, input.C, Now, Actor.UserName);
        await db.SaveChangesAsync(ct);
        return input;
    }

    private async Task<GradeThresholds> ScaleAsync(CancellationToken ct)
    {
        var s = await db.Set<GradingScale>().AsNoTracking().OrderBy(x => x.Id).FirstOrDefaultAsync(ct);
        return s is null ? GradeThresholds.Default : new GradeThresholds(s.MinA, s.MinB, s.MinC);
    }

    // ---- the assessment -------------------------------------------------------------------------------------

    /// <summary>The park's operators, its government viewers and the admin; an enterprise user who sees the park 403; a park out of sight 404.</summary>
    private async Task<ParkProfile> RequireSeesAsync(long parkId, CancellationToken ct)
    {
        if (!Actor.CanSeePark(parkId)) throw new NotFoundException("Park", parkId);
        var park = await parks.ParkAsync(parkId, ct) ?? throw new NotFoundException("Park", parkId);
        if (!Actor.CanOperatePark(parkId) && !IsCounty(parkId)) throw new ForbiddenException("GradingForOperatorsAndGovernment");
        return park;
    }

    private Task<GradingAssessment?> LoadAsync(long parkId, int year, CancellationToken ct) =>
        db.Set<GradingAssessment>().Include(a => a.Entries).Include(a => a.Steps).AsSplitQuery().FirstOrDefaultAsync(a => a.ParkId == parkId && a.Year == year, ct);

    public async Task<GradingDto> GetAsync(long parkId, int? year, CancellationToken ct)
    {
        var y = YearOf(year);
        var park = await RequireSeesAsync(parkId, ct);
        var a = await LoadAsync(parkId, y, ct);
        return await ComposeAsync(park, y, a, ct);
    }

    /// <summary>The operator's answers (the park's operators; a submitted or approved assessment 409 GradingStepRefused).</summary>
    public async Task<GradingDto> SaveAsync(long parkId, int? year, GradingSaveInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        var y = YearOf(year);
        var park = await RequireSeesAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsFillGrading");
        var a = await LoadAsync(parkId, y, ct) ?? NewAssessment(parkId, y);
        var items = await db.Set<GradingItem>().AsNoTracking().Where(i => i.Active).ToDictionaryAsync(i => i.Id, ct);
        a.Apply(GradingAction.Save, Actor.UserName, Now);
        foreach (var e in input.Items ?? [])
        {
            if (!items.TryGetValue(e.ItemId, out var item))
                throw new DomainRuleException("GradingItemUnknown", "items", "评分项不存在") { Arguments = [e.ItemId] };
            var entry = a.Entries.FirstOrDefault(x => x.ItemId == item.Id);
            if (entry is null) a.Entries.Add(entry = new GradingEntry { ParkId = parkId, ItemId = item.Id });
            switch (item.Kind)
            {
                case GradingItemKind.SelfScored:
                    if (e.Points is { } p) GradingRules.CheckPoints(item.Code, p, item.MaxPoints);
                    // an answer changed after a review (a returned assessment) is the operator's again: the county's
                    // adjustment stays in the history and the county reviews the new answer
                    if (entry.Points != e.Points) (entry.ReviewedPoints, entry.ReviewReason) = (null, null);
                    entry.Points = e.Points;
                    break;
                case GradingItemKind.Veto when item.RuleCode is null:
                    if (e.Count is { } c) GradingRules.CheckCount(item.Code, c);
                    entry.Count = e.Count;
                    break;
                default:
                    if (e.Points is not null || e.Count is not null)
                        throw new DomainRuleException("GradingItemIsComputed", "items", "该项由平台数据计算，不能自评") { Arguments = [item.Code] };
                    break;
            }
            entry.Note = string.IsNullOrWhiteSpace(e.Note) ? null : e.Note.Trim();
        }
        await db.SaveChangesAsync(ct);
        return await ComposeAsync(park, y, a, ct);
    }

    private GradingAssessment NewAssessment(long parkId, int year)
    {
        var a = new GradingAssessment { ParkId = parkId, Year = year, State = GradingState.Draft, UpdatedAt = Now, UpdatedBy = Actor.UserName };
        db.Add(a);
        return a;
    }

    /// <summary>Checked before an upload is read (scope first, then content): the park's operators; others 403, a park out of sight 404.</summary>
    public async Task RequireOperatorAsync(long parkId, CancellationToken ct)
    {
        await RequireSeesAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsFillGrading");
    }

    /// <summary>Stores an evidence file for an item (the park's operators, while the assessment may be edited).</summary>
    public async Task<GradingEvidenceDto> AddEvidenceAsync(long parkId, int? year, long itemId, string? fileName, byte[] bytes, CancellationToken ct)
    {
        var y = YearOf(year);
        await RequireSeesAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsFillGrading");
        var item = await db.Set<GradingItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.Active, ct)
            ?? throw new DomainRuleException("GradingItemUnknown", "itemId", "评分项不存在") { Arguments = [itemId] };
        if (item.Kind is not (GradingItemKind.SelfScored or GradingItemKind.Veto) || item.RuleCode is not null)
            throw new DomainRuleException("GradingItemIsComputed", "itemId", "该项由平台数据计算，不需佐证") { Arguments = [item.Code] };
        var type = EvidenceType(bytes);
        var a = await LoadAsync(parkId, y, ct) ?? NewAssessment(parkId, y);
        GradingRules.Next(a.State, GradingAction.Save);
        if (a.Id != 0 && await db.Set<GradingEvidence>().CountAsync(x => x.AssessmentId == a.Id && x.ItemId == itemId, ct) >= EvidencePerItem)
            throw new DomainRuleException("GradingEvidenceTooMany", "file", "该项佐证材料已达上限", RuleKind.Conflict) { Arguments = [EvidencePerItem] };
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length > 200) name = name[^200..];
        if (name.Length == 0) name = type == "application/pdf" ? "evidence.pdf" : "evidence";
        a.Apply(GradingAction.Save, Actor.UserName, Now);
        var ev = new GradingEvidence { ParkId = parkId, ItemId = itemId, FileName = name, ContentType = type, Size = bytes.Length, Data = bytes, UploadedAt = Now, UploadedBy = Actor.UserName };
        a.Evidence.Add(ev);
        await db.SaveChangesAsync(ct);
        return EvidenceDto(ev);
    }

    /// <summary>PDF (%PDF- … %%EOF) or a photo that decodes (JPEG, PNG, WebP); at most <see cref="EvidenceMaxBytes"/>.</summary>
    public static string EvidenceType(byte[] bytes)
    {
        if (bytes.Length == 0) throw new DomainRuleException("GradingEvidenceEmpty", "file", "文件为空");
        if (bytes.Length > EvidenceMaxBytes) throw new DomainRuleException("GradingEvidenceTooLarge", "file", "文件超过大小上限") { Arguments = [EvidenceMaxBytes / 1024 / 1024] };
        if (bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            var tail = bytes.AsSpan(Math.Max(0, bytes.Length - 1024));
            if (tail.IndexOf("%%EOF"u8) < 0) throw new DomainRuleException("GradingEvidenceType", "file", "须为 PDF、JPEG、PNG 或 WebP");
            return "application/pdf";
        }
        try { return ImageCheck.ContentType(bytes, "file"); }
        catch (DomainRuleException ex) when (ex.Rule == "PhotoMustBeJpegPngOrWebp") { throw new DomainRuleException("GradingEvidenceType", "file", "须为 PDF、JPEG、PNG 或 WebP"); }
    }

    public async Task<GradingEvidence> EvidenceFileAsync(long parkId, long evidenceId, CancellationToken ct)
    {
        await RequireSeesAsync(parkId, ct);
        return await db.Set<GradingEvidence>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.ParkId == parkId, ct)
            ?? throw new NotFoundException("GradingEvidence", evidenceId);
    }

    /// <summary>Removes an evidence file (the park's operators, while the assessment may be edited).</summary>
    public async Task DeleteEvidenceAsync(long parkId, long evidenceId, CancellationToken ct)
    {
        await RequireSeesAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsFillGrading");
        var ev = await db.Set<GradingEvidence>().FirstOrDefaultAsync(e => e.Id == evidenceId && e.ParkId == parkId, ct) ?? throw new NotFoundException("GradingEvidence", evidenceId);
        var a = await db.Set<GradingAssessment>().Include(x => x.Steps).FirstAsync(x => x.Id == ev.AssessmentId, ct);
        a.Apply(GradingAction.Save, Actor.UserName, Now);
        db.Remove(ev);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Submits (the park's operators): every scored item and every declared veto must have evidence (422 GradingEvidenceMissing naming the item).</summary>
    public async Task<GradingDto> SubmitAsync(long parkId, int? year, CancellationToken ct)
    {
        var y = YearOf(year);
        var park = await RequireSeesAsync(parkId, ct);
        if (!Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsFillGrading");
        var a = await LoadAsync(parkId, y, ct) ?? NewAssessment(parkId, y);
        GradingRules.Next(a.State, GradingAction.Submit);
        var (items, graded, _) = await GradeAsync(parkId, y, a, ct);
        var names = items.ToDictionary(i => i.Code, Text);
        GradingRules.CheckEvidence(graded, c => names[c]);
        a.Apply(GradingAction.Submit, Actor.UserName, Now);
        a.ReturnReason = null;
        await db.SaveChangesAsync(ct);
        return await ComposeAsync(park, y, a, ct);
    }

    /// <summary>The review (a government viewer of the park's region, or the admin): adjust an item, approve, or return with a reason.</summary>
    public async Task<GradingDto> ReviewAsync(long parkId, int? year, GradingReviewInput input, CancellationToken ct)
    {
        guard.Ensure(input);
        var y = YearOf(year);
        var park = await RequireSeesAsync(parkId, ct);
        if (!IsCounty(parkId)) throw new ForbiddenException("OnlyGovernmentReviewsGrading");
        // one person does not fill in and approve the same park's assessment (grants combine: an operator of the park who
        // is also a viewer of its region reviews nothing there); the platform admin may do both
        if (Actor.CanOperatePark(parkId) && !Actor.IsPlatformAdmin) throw new ForbiddenException("GradingReviewerFillsThisPark");
        var a = await LoadAsync(parkId, y, ct) ?? throw new NotFoundException("GradingAssessment", $"{parkId}/{y}");
        switch (input.Decision)
        {
            case "adjust":
                GradingRules.Next(a.State, GradingAction.Adjust);
                var item = await db.Set<GradingItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == input.ItemId && i.Active, ct)
                    ?? throw new DomainRuleException("GradingItemUnknown", "itemId", "评分项不存在") { Arguments = [input.ItemId ?? 0] };
                if (item.Kind is not (GradingItemKind.SelfScored or GradingItemKind.Rule))
                    throw new DomainRuleException("GradingAdjustDimensionItemsOnly", "itemId", "只能调整维度评分项的得分") { Arguments = [item.Code] };
                if (input.Points is not { } points) throw new DomainRuleException("GradingPointsOutOfRange", "points", "得分超出该项范围") { Arguments = [item.Code, item.MaxPoints] };
                GradingRules.CheckPoints(item.Code, points, item.MaxPoints);
                GradingRules.CheckReason(input.Reason);
                var (_, graded, _) = await GradeAsync(parkId, y, a, ct);
                var before = graded.First(g => g.Code == item.Code).Points;
                var entry = a.Entries.FirstOrDefault(x => x.ItemId == item.Id);
                if (entry is null) a.Entries.Add(entry = new GradingEntry { ParkId = parkId, ItemId = item.Id });
                (entry.ReviewedPoints, entry.ReviewReason) = (points, input.Reason!.Trim());
                a.Apply(GradingAction.Adjust, Actor.UserName, Now, input.Reason.Trim(), item.Id, before, points);
                break;
            case "approve":
                GradingRules.Next(a.State, GradingAction.Approve);
                var (_, all, thresholds) = await GradeAsync(parkId, y, a, ct);
                var result = GradingRules.Compute(all, thresholds);
                a.Apply(GradingAction.Approve, Actor.UserName, Now, string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim());
                (a.ApprovedGrade, a.ApprovedTotal) = (result.Grade, result.Total);
                break;
            case "return":
                GradingRules.Next(a.State, GradingAction.Return);
                GradingRules.CheckReason(input.Reason, "GradingReturnNeedsReason");
                a.Apply(GradingAction.Return, Actor.UserName, Now, input.Reason!.Trim());
                break;
            default:
                throw new DomainRuleException("GradingDecisionUnknown", "decision", "审核决定应为 adjust、approve 或 return") { Arguments = [input.Decision] };
        }
        await db.SaveChangesAsync(ct);
        return await ComposeAsync(park, y, a, ct);
    }

    /// <summary>
    /// The assessments of these parks for a year in brief (state, and the grade and total once approved), in one query
    /// within the caller's scope (caller: the region overview, which links each park to its assessment).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, Contracts.ParkGradingState>> StatesAsync(IReadOnlyCollection<long> parkIds, int year, CancellationToken ct)
    {
        var ids = parkIds.ToList();
        var rows = await db.Set<GradingAssessment>().AsNoTracking().Where(a => ids.Contains(a.ParkId) && a.Year == year)
            .Select(a => new { a.ParkId, a.State, a.ApprovedGrade, a.ApprovedTotal }).ToListAsync(ct);
        return rows.ToDictionary(r => r.ParkId, r => new Contracts.ParkGradingState(r.ParkId, Code(r.State), r.ApprovedGrade, r.ApprovedTotal));
    }

    // ---- computing ------------------------------------------------------------------------------------------

    private sealed record Graded(IReadOnlyList<GradingItem> Items, IReadOnlyList<GradedItem> Engine, IReadOnlyDictionary<string, RuleFigure> Figures, IReadOnlySet<long> WithEvidence);

    private async Task<(IReadOnlyList<GradingItem> Items, IReadOnlyList<GradedItem> Graded, GradeThresholds Thresholds)> GradeAsync(long parkId, int year, GradingAssessment? a, CancellationToken ct)
    {
        var g = await GatherAsync(parkId, year, a, ct);
        return (g.Items, g.Engine, await ScaleAsync(ct));
    }

    private async Task<Graded> GatherAsync(long parkId, int year, GradingAssessment? a, CancellationToken ct)
    {
        var items = await db.Set<GradingItem>().AsNoTracking().Where(i => i.Active).OrderBy(i => i.Position).ToListAsync(ct);
        var figures = await facts.ReadAsync(parkId, year, Today, items, ct);
        var withEvidence = a is null || a.Id == 0 ? new HashSet<long>()
            : (await db.Set<GradingEvidence>().AsNoTracking().Where(e => e.AssessmentId == a.Id).Select(e => e.ItemId).Distinct().ToListAsync(ct)).ToHashSet();
        var entries = a?.Entries.ToDictionary(e => e.ItemId) ?? [];
        var engine = items.Select(i =>
        {
            var e = entries.GetValueOrDefault(i.Id);
            var f = figures.GetValueOrDefault(i.Code);
            return i.Kind switch
            {
                GradingItemKind.SelfScored => new GradedItem(i.Code, i.Dimension, i.Kind, i.MaxPoints, e?.ReviewedPoints ?? e?.Points, HasEvidence: withEvidence.Contains(i.Id)),
                GradingItemKind.Rule => new GradedItem(i.Code, i.Dimension, i.Kind, i.MaxPoints, e?.ReviewedPoints ?? f?.Points),
                GradingItemKind.Adjustment => new GradedItem(i.Code, i.Dimension, i.Kind, 0, null, f?.Count, i.PointsPerCount),
                _ => new GradedItem(i.Code, i.Dimension, i.Kind, 0, null, i.RuleCode is null ? e?.Count : f?.Count, HasEvidence: withEvidence.Contains(i.Id)),
            };
        }).ToList();
        return new Graded(items, engine, figures, withEvidence);
    }

    private async Task<GradingDto> ComposeAsync(ParkProfile park, int year, GradingAssessment? a, CancellationToken ct)
    {
        var g = await GatherAsync(park.Id, year, a, ct);
        var thresholds = await ScaleAsync(ct);
        var result = GradingRules.Compute(g.Engine, thresholds);
        var evidence = a is null || a.Id == 0 ? [] : await db.Set<GradingEvidence>().AsNoTracking().Where(e => e.AssessmentId == a.Id).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.ItemId, e.FileName, e.ContentType, e.Size, e.UploadedAt, e.UploadedBy }).ToListAsync(ct);
        var entries = a?.Entries.ToDictionary(e => e.ItemId) ?? [];
        var byCode = g.Items.ToDictionary(i => i.Code);
        var engine = g.Engine.ToDictionary(x => x.Code);
        var itemDtos = g.Items.Select(i =>
        {
            var e = entries.GetValueOrDefault(i.Id);
            var f = g.Figures.GetValueOrDefault(i.Code);
            var x = engine[i.Code];
            var noData = i.RuleCode is not null && (i.Kind == GradingItemKind.Rule ? f?.Points is null : f?.Count is null);
            return new GradingItemDto(i.Id, i.Code, Code(i.Dimension), DimensionName(i.Dimension), Code(i.Kind), Text(i), i.MaxPoints, i.PointsPerCount, i.RuleCode,
                i.Kind is GradingItemKind.SelfScored or GradingItemKind.Rule ? x.Points is { } p ? Math.Clamp(p, 0, i.MaxPoints) : null : x.Count is { } c ? c * i.PointsPerCount : null,
                x.Count, e?.Points, f?.Points, noData, f?.Basis, e?.Note, e?.ReviewedPoints, e?.ReviewReason,
                evidence.Where(v => v.ItemId == i.Id).Select(v => new GradingEvidenceDto(v.Id, v.ItemId, v.FileName, v.ContentType, v.Size, v.UploadedAt, v.UploadedBy,
                    $"/api/v1/parks/{park.Id}/grading/evidence/{v.Id}")).ToList());
        }).ToList();
        var state = a?.State ?? GradingState.Draft;
        var stepItems = g.Items.ToDictionary(i => i.Id, i => i.Code);
        return new GradingDto(a?.Id ?? 0, park.Id, park.Name, year, Code(state), a?.SubmittedAt, a?.ReturnReason, a?.ApprovedGrade, a?.ApprovedTotal,
            result.Grade, result.Total, result.Base, result.Adjustments, result.ForcedD, new GradingThresholdsDto(thresholds.A, thresholds.B, thresholds.C),
            result.Dimensions.Select(d => new GradingDimensionDto(Code(d.Dimension), DimensionName(d.Dimension), d.Points, d.MaxPoints)).ToList(),
            itemDtos,
            result.Lost.Select(l => new GradingLostDto(byCode[l.Code].Id, l.Code, Code(l.Dimension), Text(byCode[l.Code]), l.Lost, Code(l.Reason))).ToList(),
            (a?.Steps ?? []).OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new GradingStepDto(Code(s.Action), Code(s.FromState), Code(s.ToState), s.By, s.At, s.Reason,
                s.ItemId is { } id ? stepItems.GetValueOrDefault(id) : null, s.FromPoints, s.ToPoints)).ToList(),
            Actor.CanOperatePark(park.Id) && state is GradingState.Draft or GradingState.Returned,
            IsCounty(park.Id) && state == GradingState.Submitted);
    }

    private static GradingEvidenceDto EvidenceDto(GradingEvidence v) =>
        new(v.Id, v.ItemId, v.FileName, v.ContentType, v.Size, v.UploadedAt, v.UploadedBy, $"/api/v1/parks/{v.ParkId}/grading/evidence/{v.Id}");

    public static string Text(GradingItem i) => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? i.TextEn : i.TextZh;

    public string DimensionName(GradingDimension d) => t["Grading.Dim." + d];

    public static string Code<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
