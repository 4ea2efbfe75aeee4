using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Enterprises;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;
using ParkOps.Web.Features.Spaces.Contracts;

namespace ParkOps.Web.Features.Enterprises;

/// <summary>An operator's entry of an enterprise's collaboration contribution score (0–100) for a year, with where it comes from.</summary>
public sealed record ContributionScoreInput(decimal? Score, int Year, [FreeText, StoredIn(typeof(Enterprise), nameof(Enterprise.ContributionScoreNote))] string? Note);

[StoredIn(typeof(Enterprise))]
public sealed record EnterpriseInput
{
    /// <summary>Typed with spaces as often as not (18 characters once normalised: the validator's rule).</summary>
    [Code(40, Normalised = true)] public string CreditCode { get; init; } = "";
    [Line] public string Name { get; init; } = "";
    [Line] public string? LegalPerson { get; init; }
    [Code] public string? IndustryCode { get; init; }
    [Line(30), MaxItems(10)] public string[]? ChainStages { get; init; }
    [Years(1949, InputGuard.MaxYear)] public DateOnly? EstablishedOn { get; init; }
    public SizeClass SizeClass { get; init; }
    [Line(30), MaxItems(20)] public string[]? Tags { get; init; }
    public bool IsChainLeader { get; init; }
    public int? Employees { get; init; }
    [Line(50)] public string? ContactName { get; init; }
    [Code] public string? ContactPhone { get; init; }
    [Code] public string? ContactEmail { get; init; }
    [FreeText] public string? Description { get; init; }
    /// <summary>Processes it runs that a negative list may name (电镀, 喷涂, 危化品储存 …).</summary>
    [Line(30), MaxItems(10)] public string[]? Processes { get; init; }
    /// <summary>排污许可 category: 重点管理, 简化管理 or 登记管理.</summary>
    [Line(10)] public string? EmissionCategory { get; init; }
    /// <summary>An earlier 亩均 grade elsewhere: class A–D, its year and where (all three or none).</summary>
    [Code(1)] public string? EarlierClass { get; init; }
    public int? EarlierClassYear { get; init; }
    [Line(50)] public string? EarlierClassPlace { get; init; }
}

/// <summary>
/// An enterprise as the caller may see it. <see cref="DetailHidden"/>: the caller (a government viewer whose region's
/// settings do not allow more) gets the archive without the confidential fields — legal person, headcount and contacts
/// are null, whatever is stored.
/// </summary>
public sealed record EnterpriseDto(
    long Id, long ParkId, string CreditCode, string Name, string? LegalPerson, string IndustryCode, string[] ChainStages,
    DateOnly? EstablishedOn, LifecycleStage? LifecycleStage, SizeClass SizeClass, string[] Tags, bool IsChainLeader, int? Employees,
    string? ContactName, string? ContactPhone, string? ContactEmail, string? Description, EnterpriseStatus Status,
    DateTime CreatedAt, DateTime UpdatedAt, bool DetailHidden = false)
{
    public string[] Processes { get; init; } = [];
    public string? EmissionCategory { get; init; }
    public string? EarlierClass { get; init; }
    public int? EarlierClassYear { get; init; }
    public string? EarlierClassPlace { get; init; }
    /// <summary>The 亩均 class with its year and where it comes from (a published evaluation's version, or an operator's source).</summary>
    public string? MuClass { get; init; }
    public int? MuClassYear { get; init; }
    public int? MuClassVersion { get; init; }
    public string? MuClassSource { get; init; }

    public static EnterpriseDto From(Enterprise e, DateOnly today, bool detailHidden = false) => new(e.Id, e.ParkId, e.CreditCode, e.Name,
        detailHidden ? null : e.LegalPerson, e.IndustryCode, [.. Park.Split(e.ChainStages)], e.EstablishedOn, e.StageOn(today), e.SizeClass,
        [.. Park.Split(e.Tags)], e.IsChainLeader, detailHidden ? null : e.Employees, detailHidden ? null : e.ContactName,
        detailHidden ? null : e.ContactPhone, detailHidden ? null : e.ContactEmail, e.Description, e.Status, e.CreatedAt, e.UpdatedAt, detailHidden)
    {
        Processes = [.. Park.Split(e.Processes)], EmissionCategory = e.EmissionCategory,
        EarlierClass = e.EarlierClass, EarlierClassYear = e.EarlierClassYear, EarlierClassPlace = e.EarlierClassPlace,
        MuClass = e.MuClass, MuClassYear = e.MuClassYear, MuClassVersion = e.MuClassVersion, MuClassSource = e.MuClassSource,
    };
}

public sealed class EnterpriseInputValidator : AbstractValidator<EnterpriseInput>
{
    public EnterpriseInputValidator(IStringLocalizer<Text> t, TimeProvider clock)
    {
        RuleFor(x => x.CreditCode).Must(c => CreditCode.Check(CreditCode.Normalise(c)) == CreditCode.Problem.None)
            .WithMessage(x => t["Rule.CreditCodeMustBeValid", t["CreditCode." + CreditCode.Check(CreditCode.Normalise(x.CreditCode))]]);
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.LegalPerson).MaximumLength(50).WithMessage(_ => t["Val.MaxLength", 50]);
        RuleFor(x => x.IndustryCode).Matches("^[A-T]?[0-9]{2,4}$").When(x => !string.IsNullOrEmpty(x.IndustryCode)).WithMessage(_ => t["Val.IndustryCode"]);
        RuleFor(x => x.ChainStages).Must(s => s is null || (s.Length <= 10 && s.All(v => v.Length is > 0 and <= 30 && !v.Contains('|')))).WithMessage(_ => t["Val.List", 10, 30]);
        RuleFor(x => x.Tags).Must(s => s is null || (s.Length <= 20 && s.All(v => v.Length is > 0 and <= 30 && !v.Contains('|')))).WithMessage(_ => t["Val.List", 20, 30])
            // stored joined by '|' in a 400-character column
            .Must(s => s is null || string.Join('|', s.Select(v => v.Trim()).Distinct()).Length <= 400).WithMessage(_ => t["Import.ListTooLong", 400]);
        RuleFor(x => x.EstablishedOn).Must(d => d is null || (d.Value.Year >= 1949 && d.Value <= Time.Today(clock).AddDays(1))).WithMessage(_ => t["Val.EstablishedOn"]);
        RuleFor(x => x.SizeClass).IsInEnum().WithMessage(_ => t["Val.Enum"]);
        RuleFor(x => x.Employees).InclusiveBetween(0, 1_000_000).When(x => x.Employees is not null).WithMessage(_ => t["Val.Range", 0, 1000000]);
        RuleFor(x => x.ContactName).MaximumLength(50).WithMessage(_ => t["Val.MaxLength", 50]);
        RuleFor(x => x.ContactPhone).Matches(@"^[0-9+\- ]{5,30}$").When(x => !string.IsNullOrEmpty(x.ContactPhone)).WithMessage(_ => t["Val.Phone"]);
        RuleFor(x => x.ContactEmail).EmailAddress().When(x => !string.IsNullOrEmpty(x.ContactEmail)).WithMessage(_ => t["Val.Email"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.Description).MaximumLength(2000).WithMessage(_ => t["Val.MaxLength", 2000]);
        RuleFor(x => x.Processes).Must(s => s is null || (s.Length <= 10 && s.All(v => v.Trim().Length is > 0 and <= 30 && !v.Contains('|')))).WithMessage(_ => t["Val.List", 10, 30]);
        RuleFor(x => x.EmissionCategory).Must(c => NegativeItem.EmissionCategories.Contains(c!.Trim())).When(x => !string.IsNullOrWhiteSpace(x.EmissionCategory))
            .WithMessage(_ => t["Val.EmissionCategory", string.Join("、", NegativeItem.EmissionCategories)]);
        // an earlier grade is a class, a year and a place together: a class alone says nothing a review can weigh
        RuleFor(x => x.EarlierClass).Must(c => c!.Trim().ToUpperInvariant() is "A" or "B" or "C" or "D").When(x => !string.IsNullOrWhiteSpace(x.EarlierClass)).WithMessage(_ => t["Val.EarlierClass"]);
        RuleFor(x => x.EarlierClassYear).NotNull().When(x => !string.IsNullOrWhiteSpace(x.EarlierClass) || !string.IsNullOrWhiteSpace(x.EarlierClassPlace)).WithMessage(_ => t["Val.EarlierGradeTogether"]);
        RuleFor(x => x.EarlierClassYear).InclusiveBetween(1990, InputGuard.MaxYear).When(x => x.EarlierClassYear is not null).WithMessage(_ => t["Val.Range", 1990, InputGuard.MaxYear]);
        RuleFor(x => x.EarlierClass).NotEmpty().When(x => x.EarlierClassYear is not null || !string.IsNullOrWhiteSpace(x.EarlierClassPlace)).WithMessage(_ => t["Val.EarlierGradeTogether"]);
        RuleFor(x => x.EarlierClassPlace).NotEmpty().When(x => x.EarlierClassYear is not null || !string.IsNullOrWhiteSpace(x.EarlierClass)).WithMessage(_ => t["Val.EarlierGradeTogether"]);
    }
}

public sealed record EnterpriseQuery(string? Search, EnterpriseStatus? Status, string? Stage, SizeClass? SizeClass, string? Sort, bool Desc, int? Page, int? PageSize);

[StoredIn(typeof(AdmissionDecision))] public sealed record DecisionInput(AdmissionOutcome Outcome, [FreeText] string? Comment);
[StoredIn(typeof(EnterpriseDocument))] public sealed record DocumentInput([Line(100)] string Kind, [Code(100)] string? Number, DateOnly? ExpiresOn);
/// <summary>Why the enterprise leaves: required, never assumed (a missing reason is refused rather than read as the first one).</summary>
[StoredIn(typeof(ExitCase))] public sealed record ExitInput(ExitReason? Reason, [FreeText] string? Notes);
[StoredIn(typeof(ExitCase))] public sealed record ExitCompleteInput([FreeText] string? Settlement);
public sealed record AdmissionView(AdmissionAssessment Assessment, IReadOnlyList<AdmissionDecision> History);

/// <summary>The enterprise archive's use cases, shared by the API and the console.</summary>
public sealed class EnterpriseService(ParkOpsDb db, IValidator<EnterpriseInput> validator, TimeProvider clock, IStringLocalizer<Text> t, Spaces.Contracts.IUnitOccupancy occupancy)
{
    private static readonly JsonSerializerOptions ReasonJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() }, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Time.Shanghai).DateTime);

    // the parks this request has read, for the actor it read them as: a page that gathers several areas' figures for a park
    // checks the park once, not once per area (the admin's home asked for each park seven times); any save forgets them
    private readonly Dictionary<long, Park> _read = [];
    private ActorScope? _readAs;
    private bool _forgetsOnSave;

    public async Task<Park> ParkForReadAsync(long parkId, CancellationToken ct)
    {
        if (!_forgetsOnSave) { db.SavedChanges += (_, _) => _read.Clear(); _forgetsOnSave = true; }
        if (!ReferenceEquals(_readAs, db.Actor)) { _read.Clear(); _readAs = db.Actor; }
        if (_read.TryGetValue(parkId, out var known)) return known;
        var park = await db.Parks.AsNoTracking().FirstOrDefaultAsync(p => p.Id == parkId, ct) ?? throw new NotFoundException("Park", parkId);
        _read[parkId] = park;
        return park;
    }

    /// <summary>The name and chain stages of a park the caller sees (the enterprise pages' heading and stage choices); 404 otherwise.</summary>
    public async Task<(string Name, IReadOnlyList<string> Stages)> ParkHeadingAsync(long parkId, CancellationToken ct)
    {
        var park = await ParkForReadAsync(parkId, ct);
        return (park.Name, Park.Split(park.ChainStages));
    }

    /// <summary><see cref="ParkForWriteAsync"/> for a caller that needs only its refusals (404, 403).</summary>
    public async Task CheckParkForWriteAsync(long parkId, CancellationToken ct) => await ParkForWriteAsync(parkId, ct);

    public async Task<Park> ParkForWriteAsync(long parkId, CancellationToken ct)
    {
        var park = await ParkForReadAsync(parkId, ct);
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return park;
    }

    public async Task<Enterprise> GetAsync(long id, CancellationToken ct) =>
        await db.Enterprises.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Enterprise", id);

    /// <summary>Whether the caller sees this enterprise's confidential detail (see <see cref="ActorScope.SeesEnterpriseDetail"/>).</summary>
    public bool SeesDetail(Enterprise e) => db.Actor.SeesEnterpriseDetail(e.ParkId, e.Id);

    /// <summary>
    /// An enterprise to show: read without tracking and, for a caller who may not see its confidential detail, with
    /// those fields emptied, so neither the API nor a page can show what the caller may not see.
    /// </summary>
    public async Task<Enterprise> ViewAsync(long id, CancellationToken ct) =>
        Redact(await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Enterprise", id));

    /// <summary>Empties the confidential fields of an untracked enterprise the caller may not see in detail.</summary>
    private Enterprise Redact(Enterprise e)
    {
        if (SeesDetail(e)) return e;
        // a tracked entity would write the blanks back on the next save
        if (db.Entry(e).State != EntityState.Detached) throw new InvalidOperationException("only untracked enterprises are redacted");
        (e.LegalPerson, e.Employees, e.ContactName, e.ContactPhone, e.ContactEmail) = (null, null, null, null, null);
        return e;
    }

    public async Task<Enterprise> GetForWriteAsync(long id, CancellationToken ct)
    {
        var e = await GetAsync(id, ct);
        if (!db.Actor.CanOperatePark(e.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        return e;
    }

    public async Task<Page<Enterprise>> ListAsync(long parkId, EnterpriseQuery q, CancellationToken ct)
    {
        await ParkForReadAsync(parkId, ct);
        var query = db.Enterprises.AsNoTracking().Where(e => e.ParkId == parkId);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim();
            query = query.Where(e => e.Name.Contains(s) || e.CreditCode.Contains(s.ToUpper()) || e.Tags.Contains(s) || e.ChainStages.Contains(s) || e.IndustryCode.StartsWith(s.ToUpper()));
        }
        if (q.Status is { } st) query = query.Where(e => e.Status == st);
        if (q.SizeClass is { } sc) query = query.Where(e => e.SizeClass == sc);
        if (!string.IsNullOrWhiteSpace(q.Stage)) query = query.Where(e => ("|" + e.ChainStages + "|").Contains("|" + q.Stage + "|"));
        // an order by headcount would tell a caller who may not see headcounts how they rank
        var sort = q.Sort?.ToLowerInvariant() == "employees" && !db.Actor.SeesEnterpriseDetailOfPark(parkId) ? null : q.Sort?.ToLowerInvariant();
        query = (sort, q.Desc) switch
        {
            ("creditcode", false) => query.OrderBy(e => e.CreditCode),
            ("creditcode", true) => query.OrderByDescending(e => e.CreditCode),
            ("established", false) => query.OrderBy(e => e.EstablishedOn).ThenBy(e => e.Id),
            ("established", true) => query.OrderByDescending(e => e.EstablishedOn).ThenBy(e => e.Id),
            ("employees", false) => query.OrderBy(e => e.Employees).ThenBy(e => e.Id),
            ("employees", true) => query.OrderByDescending(e => e.Employees).ThenBy(e => e.Id),
            ("status", false) => query.OrderBy(e => e.Status).ThenBy(e => e.Id),
            ("status", true) => query.OrderByDescending(e => e.Status).ThenBy(e => e.Id),
            ("created", false) => query.OrderBy(e => e.Id),
            ("created", true) => query.OrderByDescending(e => e.Id),
            ("name", true) => query.OrderByDescending(e => e.Name).ThenBy(e => e.Id),
            _ => query.OrderBy(e => e.Name).ThenBy(e => e.Id),
        };
        var page = await query.ToPageAsync(q.Page, q.PageSize, ct);
        foreach (var e in page.Items) Redact(e);
        return page;
    }

    public async Task<Enterprise> CreateAsync(long parkId, EnterpriseInput input, CancellationToken ct)
    {
        await ParkForWriteAsync(parkId, ct);
        input = input with { CreditCode = CreditCode.Normalise(input.CreditCode) };
        await validator.EnsureValidAsync(input, ct);
        await EnsureUniqueAsync(parkId, input.CreditCode, null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var e = new Enterprise { ParkId = parkId, CreditCode = input.CreditCode, Name = input.Name.Trim(), Status = EnterpriseStatus.Applicant, CreatedAt = now };
        Apply(e, input, now);
        db.Enterprises.Add(e);
        await db.SaveChangesAsync(ct);
        return e;
    }

    /// <summary>
    /// Sets (or clears, with a null score) the contribution score rent prices with (DOMAIN §6) until the contribution
    /// area publishes yearly scores; the park's operators only; the change is audited like every archive change.
    /// </summary>
    public async Task<Enterprise> SetContributionScoreAsync(long id, ContributionScoreInput input, CancellationToken ct)
    {
        var e = await GetForWriteAsync(id, ct);
        var errors = new List<FluentValidation.Results.ValidationFailure>();
        if (input.Score is < 0 or > 100) errors.Add(new("score", t["Val.Range", 0, 100]));
        var thisYear = Today.Year;
        if (input.Year < 2000 || input.Year > thisYear) errors.Add(new("year", t["Val.Range", 2000, thisYear]));
        if (input.Score is not null && string.IsNullOrWhiteSpace(input.Note)) errors.Add(new("note", t["Ent.ScoreNoteRequired"]));
        if (errors.Count > 0) throw new ValidationException(errors);
        e.ContributionScore = input.Score;
        e.ContributionScoreYear = input.Score is null ? null : input.Year;
        e.ContributionScoreNote = input.Score is null ? null : input.Note!.Trim();
        e.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return e;
    }

    public async Task<Enterprise> UpdateAsync(long id, EnterpriseInput input, CancellationToken ct)
    {
        var e = await GetForWriteAsync(id, ct);
        input = input with { CreditCode = CreditCode.Normalise(input.CreditCode) };
        await validator.EnsureValidAsync(input, ct);
        await EnsureUniqueAsync(e.ParkId, input.CreditCode, e.Id, ct);
        e.CreditCode = input.CreditCode;
        Apply(e, input, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return e;
    }

    private async Task EnsureUniqueAsync(long parkId, string code, long? self, CancellationToken ct)
    {
        if (await db.Enterprises.IgnoreQueryFilters().AnyAsync(x => x.ParkId == parkId && x.CreditCode == code && x.Id != self, ct))
            throw new ParkOps.Domain.Rules.DomainRuleException("CreditCodeMustBeUniqueInPark", "creditCode", "该统一社会信用代码已在本园区登记", ParkOps.Domain.Rules.RuleKind.Conflict) { Arguments = [code] };
    }

    private static void Apply(Enterprise e, EnterpriseInput i, DateTime now)
    {
        e.Name = i.Name.Trim();
        e.LegalPerson = Blank(i.LegalPerson);
        e.IndustryCode = (i.IndustryCode ?? "").Trim().ToUpperInvariant();
        e.ChainStages = string.Join('|', (i.ChainStages ?? []).Select(s => s.Trim()).Distinct());
        e.EstablishedOn = i.EstablishedOn;
        e.SizeClass = i.SizeClass;
        e.Tags = string.Join('|', (i.Tags ?? []).Select(s => s.Trim()).Distinct());
        e.IsChainLeader = i.IsChainLeader;
        e.Employees = i.Employees;
        e.ContactName = Blank(i.ContactName);
        e.ContactPhone = Blank(i.ContactPhone);
        e.ContactEmail = Blank(i.ContactEmail);
        e.Description = Blank(i.Description);
        e.Processes = string.Join('|', (i.Processes ?? []).Select(s => s.Trim()).Distinct());
        e.EmissionCategory = Blank(i.EmissionCategory);
        e.EarlierClass = Blank(i.EarlierClass)?.ToUpperInvariant();
        e.EarlierClassYear = e.EarlierClass is null ? null : i.EarlierClassYear;
        e.EarlierClassPlace = e.EarlierClass is null ? null : Blank(i.EarlierClassPlace);
        e.UpdatedAt = now;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public async Task<AdmissionView> AdmissionAsync(long id, CancellationToken ct)
    {
        var e = await GetAsync(id, ct);
        // the review is the operator's working paper: whoever sees the enterprise but does not run its park is told so
        if (!db.Actor.CanOperatePark(e.ParkId)) throw new ForbiddenException("OnlyOperatorsMayRead");
        var park = await ParkForReadAsync(e.ParkId, ct);
        var assessment = await AssessAsync(park, e, ct);
        var history = await db.AdmissionDecisions.AsNoTracking().Where(d => d.EnterpriseId == id).OrderByDescending(d => d.Id).ToListAsync(ct);
        return new(assessment, history);
    }

    private async Task<AdmissionAssessment> AssessAsync(Park park, Enterprise e, CancellationToken ct)
    {
        var admitted = await db.Enterprises.AsNoTracking()
            .Where(x => x.ParkId == park.Id && x.Id != e.Id && (x.Status == EnterpriseStatus.Admitted || x.Status == EnterpriseStatus.Conditional))
            .Select(x => x.ChainStages).ToListAsync(ct);
        var perStage = admitted.SelectMany(Park.Split).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var today = Today;
        var expired = await db.EnterpriseDocuments.AnyAsync(d => d.EnterpriseId == e.Id && d.ExpiresOn != null && d.ExpiresOn < today, ct);
        // the negative list judges what the applicant declared: industry, processes, permit category, an earlier grade, tags
        var facts = new ApplicantFacts(e.IndustryCode, Park.Split(e.Processes), e.EmissionCategory,
            e is { EarlierClass: { } c, EarlierClassYear: { } y } ? new EarlierGrade(c, y, e.EarlierClassPlace ?? "") : null,
            Park.Split(e.Tags), e.Description);
        return AdmissionReview.Assess(
            new AdmissionPolicy(park.NegativeItems(), Park.Split(park.LeadingIndustryPrefixes), Park.Split(park.ChainStages), park.CrowdedStageCount, park.ThinStageShare),
            new AdmissionCase(facts, Park.Split(e.ChainStages), today.Year, perStage, expired));
    }

    public async Task<AdmissionDecision> DecideAsync(long id, DecisionInput input, CancellationToken ct)
    {
        var e = await GetForWriteAsync(id, ct);
        if (!Enum.IsDefined(input.Outcome))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("outcome", t["Val.Enum"])]);
        if ((input.Comment?.Length ?? 0) > 1000)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("comment", t["Val.MaxLength", 1000])]);
        var park = await ParkForReadAsync(e.ParkId, ct);
        var assessment = await AssessAsync(park, e, ct);
        // overriding the suggestion is allowed, but then the operator must say why
        if (input.Outcome != assessment.Suggested && string.IsNullOrWhiteSpace(input.Comment))
            throw new ParkOps.Domain.Rules.DomainRuleException("OverrideNeedsComment", "comment", "与系统建议不同的决定须填写理由");
        e.Decide(input.Outcome);
        var d = new AdmissionDecision
        {
            ParkId = e.ParkId, EnterpriseId = e.Id, Suggested = assessment.Suggested, Outcome = input.Outcome,
            ReasonsJson = JsonSerializer.Serialize(assessment.Reasons, ReasonJson), Comment = input.Comment?.Trim(),
            DecidedBy = db.Actor.UserName, DecidedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AdmissionDecisions.Add(d);
        await db.SaveChangesAsync(ct);
        return d;
    }

    public async Task<List<EnterpriseDocument>> DocumentsAsync(long id, CancellationToken ct)
    {
        await GetAsync(id, ct);
        return await db.EnterpriseDocuments.AsNoTracking().Where(d => d.EnterpriseId == id).OrderBy(d => d.ExpiresOn).ToListAsync(ct);
    }

    public async Task<EnterpriseDocument> AddDocumentAsync(long id, DocumentInput input, CancellationToken ct)
    {
        var e = await GetForWriteAsync(id, ct);
        if (string.IsNullOrWhiteSpace(input.Kind) || input.Kind.Length > 50)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("kind", t["Val.Required"])]);
        if ((input.Number?.Length ?? 0) > 100)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("number", t["Val.MaxLength", 100])]);
        var d = new EnterpriseDocument { ParkId = e.ParkId, EnterpriseId = e.Id, Kind = input.Kind.Trim(), Number = input.Number?.Trim(), ExpiresOn = input.ExpiresOn, AddedAt = clock.GetUtcNow().UtcDateTime };
        db.EnterpriseDocuments.Add(d);
        await db.SaveChangesAsync(ct);
        return d;
    }

    public async Task DeleteDocumentAsync(long documentId, CancellationToken ct)
    {
        var d = await db.EnterpriseDocuments.FirstOrDefaultAsync(x => x.Id == documentId, ct) ?? throw new NotFoundException("Document", documentId);
        if (!db.Actor.CanOperatePark(d.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        db.EnterpriseDocuments.Remove(d);
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<ExitCase>> ExitCasesAsync(long id, CancellationToken ct)
    {
        await GetAsync(id, ct);
        return await db.ExitCases.AsNoTracking().Where(x => x.EnterpriseId == id).OrderByDescending(x => x.Id).ToListAsync(ct);
    }

    public async Task<ExitCase> StartExitAsync(long id, ExitInput input, CancellationToken ct)
    {
        var e = await GetForWriteAsync(id, ct);
        if (input.Reason is not { } reason)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("reason", t["Val.Required"])]);
        if (!Enum.IsDefined(reason))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("reason", t["Val.Enum"])]);
        if ((input.Notes?.Length ?? 0) > 2000)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("notes", t["Val.MaxLength", 2000])]);
        e.StartExit();
        var x = new ExitCase { ParkId = e.ParkId, EnterpriseId = e.Id, Reason = reason, State = ExitState.Open, Notes = input.Notes?.Trim(), OpenedAt = clock.GetUtcNow().UtcDateTime };
        db.ExitCases.Add(x);
        await db.SaveChangesAsync(ct);
        return x;
    }

    public async Task<ExitCase> CloseExitAsync(long exitId, bool complete, string? settlement, CancellationToken ct)
    {
        var x = await db.ExitCases.FirstOrDefaultAsync(c => c.Id == exitId, ct) ?? throw new NotFoundException("ExitCase", exitId);
        var e = await GetForWriteAsync(x.EnterpriseId, ct);
        if ((settlement?.Length ?? 0) > 2000)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("settlement", t["Val.MaxLength", 2000])]);
        if (x.State != ExitState.Open)
            throw new ParkOps.Domain.Rules.DomainRuleException("ExitCaseMustBeOpen", "state", "退出流程已结束", ParkOps.Domain.Rules.RuleKind.Conflict);
        if (complete)
        {
            // units go back to the park when the tenant has left
            await occupancy.VacateAllAsync(e.Id, ct);
            e.CompleteExit();
            x.State = ExitState.Completed;
            x.Settlement = settlement?.Trim();
        }
        else
        {
            e.CancelExit();
            x.State = ExitState.Cancelled;
        }
        x.ClosedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return x;
    }
}
