using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// A post as written by its owner. <see cref="Kind"/> is a key (<c>capacity_offer</c> …) or its Chinese name;
/// <see cref="EnterpriseId"/> is for operators posting for an enterprise of their park (a tenant posts as itself);
/// <see cref="Publish"/> false keeps it a private draft.
/// </summary>
[StoredIn(typeof(Post))]
public sealed record PostInput
{
    public long? EnterpriseId { get; init; }
    [Line(40)] public string Kind { get; init; } = "";
    [Line] public string Title { get; init; } = "";
    [FreeText] public string? Description { get; init; }
    [Code(40), MaxItems(10)] public string[]? Capabilities { get; init; }
    public decimal? Quantity { get; init; }
    [Line] public string? Unit { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    [Line(40), MaxItems(20)] public string[]? CertificationsHeld { get; init; }
    [Line(40), MaxItems(20)] public string[]? CertificationsRequired { get; init; }
    public decimal? PriceMin { get; init; }
    public decimal? PriceMax { get; init; }
    [Line] public string? PriceUnit { get; init; }
    [Line] public string? Location { get; init; }
    public PostVisibility Visibility { get; init; } = PostVisibility.Park;
    public bool Publish { get; init; } = true;
}

public sealed record PostDto(long Id, long ParkId, string ParkName, long EnterpriseId, string EnterpriseName, string Kind, PostState State, PostVisibility Visibility,
    string Title, string Description, IReadOnlyList<string> Capabilities, decimal? Quantity, string? Unit, DateOnly? From, DateOnly? To,
    IReadOnlyList<string> CertificationsHeld, IReadOnlyList<string> CertificationsRequired, decimal? PriceMin, decimal? PriceMax, string? PriceUnit,
    string? Location, string? ExternalRef, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, DateTime? ClosedAt);

/// <summary>One answer to a post: the other post, its score (0–1), grade and the reasons in the reader's language.</summary>
public sealed record PostMatchDto(long PostId, double Score, MatchGrade Grade, IReadOnlyList<string> Reasons, PostDto Post);

public sealed record PostQuery(string? Kind, PostState? State, string? Capability, string? Scope, long? EnterpriseId, string? Search, int? Page, int? PageSize);

public sealed class PostInputValidator : AbstractValidator<PostInput>
{
    /// <summary>The columns that hold a post's lists joined (capabilities, certifications).</summary>
    public const int MaxJoined = 400;

    private static bool Fits(string[]? items) => items is null || items.Any(i => i is null) || Post.Join(items).Length <= MaxJoined;

    public PostInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.Kind).NotEmpty().WithMessage(_ => t["Val.Required"]);
        RuleFor(x => x.Title).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(PostRules.MaxTitle).WithMessage(_ => t["Val.MaxLength", PostRules.MaxTitle]);
        RuleFor(x => x.Description).MaximumLength(PostRules.MaxDescription).WithMessage(_ => t["Val.MaxLength", PostRules.MaxDescription]);
        RuleFor(x => x.Capabilities).Must(c => c is null || c.Length <= 10).WithMessage(_ => t["Val.Range", 0, 10]);
        RuleForEach(x => x.Capabilities).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.Unit).MaximumLength(20).WithMessage(_ => t["Val.MaxLength", 20]);
        RuleFor(x => x.PriceUnit).MaximumLength(20).WithMessage(_ => t["Val.MaxLength", 20]);
        RuleFor(x => x.Location).MaximumLength(200).WithMessage(_ => t["Val.MaxLength", 200]);
        RuleFor(x => x.CertificationsHeld).Must(c => c is null || c.Length <= 20).WithMessage(_ => t["Val.Range", 0, 20]);
        RuleForEach(x => x.CertificationsHeld).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        RuleFor(x => x.CertificationsRequired).Must(c => c is null || c.Length <= 20).WithMessage(_ => t["Val.Range", 0, 20]);
        RuleForEach(x => x.CertificationsRequired).MaximumLength(40).WithMessage(_ => t["Val.MaxLength", 40]);
        // each list is stored joined by '|' in a 400-character column: 20 items of 40 characters would not fit
        RuleFor(x => x.Capabilities).Must(Fits).WithMessage(_ => t["Import.ListTooLong", MaxJoined]);
        RuleFor(x => x.CertificationsHeld).Must(Fits).WithMessage(_ => t["Import.ListTooLong", MaxJoined]);
        RuleFor(x => x.CertificationsRequired).Must(Fits).WithMessage(_ => t["Import.ListTooLong", MaxJoined]);
        RuleFor(x => x.Quantity).LessThan(1_000_000_000m).When(x => x.Quantity is not null).WithMessage(_ => t["Val.Range", 0, "10⁹"]);
        RuleFor(x => x.From).Must(d => d is null || d.Value.Year is >= 2000 and <= 2100).WithMessage(_ => t["Val.Range", 2000, 2100]);
        RuleFor(x => x.To).Must(d => d is null || d.Value.Year is >= 2000 and <= 2100).WithMessage(_ => t["Val.Range", 2000, 2100]);
    }
}

/// <summary>
/// Marketplace posts: writing them (owner or park operator), reading them within the caller's scope (own park, and
/// region-wide posts of the parks of its region; drafts only by their enterprise), their lifecycle, and the matches
/// of a post from the process's <see cref="MarketIndex"/>.
/// </summary>
public sealed class PostService(ParkOpsDb db, Platform.ParkGate gate, Enterprises.Contracts.IEnterpriseDirectory directory, Parks.Contracts.IParkProfiles parkProfiles, MarketIndex index, IValidator<PostInput> validator, TimeProvider clock, IStringLocalizer<Text> t,
    Notifications.Contracts.INotices notices, MarketSettingsService marketSettings, Notifications.Contracts.IUnreadNotices unread, Parks.Contracts.IParkChains chains)
{
    public DateOnly Today => Time.Today(clock);

    /// <summary>The market region of a park: the city its county lies in (or its own region when it is a city or above).</summary>
    public static async Task<long> MarketRegionAsync(ParkOpsDb db, long regionId, CancellationToken ct)
    {
        var r = await db.Regions.AsNoTracking().Where(x => x.Id == regionId).Select(x => new { x.Id, x.ParentId, x.Level }).FirstAsync(ct);
        return r.Level == RegionLevel.County && r.ParentId is { } p ? p : r.Id;
    }

    /// <summary>The market regions of parks (for region-wide posts of other parks).</summary>
    public static async Task<long[]> MarketRegionsOfAsync(ParkOpsDb db, long[] parks, CancellationToken ct)
    {
        if (parks.Length == 0) return [];
        var regionIds = await db.Parks.IgnoreQueryFilters().Where(p => parks.Contains(p.Id)).Select(p => p.RegionId).Distinct().ToListAsync(ct);
        var result = new HashSet<long>();
        foreach (var r in regionIds) result.Add(await MarketRegionAsync(db, r, ct));
        return [.. result];
    }

    /// <summary>The market region of a park the caller sees (404 for one it does not).</summary>
    public async Task<long> MarketRegionOfParkAsync(long parkId, CancellationToken ct)
    {
        await gate.RequireSeesAsync(parkId, ct);
        var park = await parkProfiles.ParkAsync(parkId, ct) ?? throw new NotFoundException("Park", parkId);
        return await MarketRegionAsync(db, park.RegionId, ct);
    }

    /// <summary>The market regions of the parks the caller sees (resolved with its scope).</summary>
    public Task<long[]> CallerRegionsAsync(CancellationToken ct) => Task.FromResult(db.Actor.MarketRegionIds);

    /// <summary>Posts the caller may read: its enterprises' own (drafts too), and others' published posts of its parks or region.</summary>
    public async Task<IQueryable<Post>> VisibleAsync(CancellationToken ct)
    {
        var q = db.Posts.AsQueryable();
        if (db.Actor.IsPlatformAdmin) return q;
        var own = db.Actor.EnterpriseIds;
        var parks = db.Actor.VisibleParkIds;
        var regions = await CallerRegionsAsync(ct);
        return q.Where(p => own.Contains(p.EnterpriseId)
            || p.State != PostState.Draft && (parks.Contains(p.ParkId) || p.Visibility == PostVisibility.Region && regions.Contains(p.RegionId)));
    }

    public async Task<Post> GetAsync(long id, CancellationToken ct) =>
        await (await VisibleAsync(ct)).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("Post", id);

    /// <summary>The owner enterprise's users and the park's operators may change a post; others who see it get 403.</summary>
    public async Task<Post> GetForWriteAsync(long id, CancellationToken ct)
    {
        var p = await GetAsync(id, ct);
        if (!CanWrite(p)) throw new ForbiddenException("OnlyOwnerMayChangePost");
        return p;
    }

    public bool CanWrite(Post p) => db.Actor.CanOperatePark(p.ParkId) || db.Actor.EnterpriseIds.Contains(p.EnterpriseId) && db.Actor.Has(Users.Role.EnterpriseUser);

    public async Task<Page<PostDto>> ListAsync(long parkId, PostQuery q, CancellationToken ct)
    {
        var region = await MarketRegionOfParkAsync(parkId, ct);
        var visible = await VisibleAsync(ct);
        var query = string.Equals(q.Scope, "region", StringComparison.OrdinalIgnoreCase)
            ? visible.Where(p => p.ParkId == parkId || p.Visibility == PostVisibility.Region && p.RegionId == region)
            : visible.Where(p => p.ParkId == parkId);
        if (!string.IsNullOrWhiteSpace(q.Kind)) { var kind = PostKinds.Parse(q.Kind, "kind"); query = query.Where(p => p.Kind == kind); }
        if (q.State is { } st) query = query.Where(p => p.State == st);
        if (q.EnterpriseId is { } eid) query = query.Where(p => p.EnterpriseId == eid);
        if (!string.IsNullOrWhiteSpace(q.Capability))
        {
            var code = q.Capability.Trim();
            query = query.Where(p => ("|" + p.Capabilities + "|").Contains("|" + code + "|"));
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim();
            if (s.Length > 100) throw new ValidationException([new FluentValidation.Results.ValidationFailure("search", t["Val.MaxLength", 100])]);
            query = query.Where(p => p.Title.Contains(s) || p.Description.Contains(s));
        }
        var page = await query.AsNoTracking().OrderByDescending(p => p.PublishedAt ?? p.CreatedAt).ThenByDescending(p => p.Id).ToPageAsync(q.Page, q.PageSize, ct);
        return new Page<PostDto>(await ToDtosAsync(page.Items, ct), page.Total, page.PageNumber, page.PageSize);
    }

    public async Task<List<PostDto>> ToDtosAsync(IReadOnlyList<Post> posts, CancellationToken ct)
    {
        // the poster's name is part of a post the caller may read, even where the enterprise archive is not
        var entIds = posts.Select(p => p.EnterpriseId).Distinct().ToArray();
        var names = await directory.PublicNamesAsync(entIds, ct);
        var parkIds = posts.Select(p => p.ParkId).Distinct().ToArray();
        var parkNames = (await parkProfiles.ParksAsync(parkIds, ct)).ToDictionary(p => p.Id, p => p.Name);
        return posts.Select(p => ToDto(p, parkNames.GetValueOrDefault(p.ParkId, ""), names.GetValueOrDefault(p.EnterpriseId, ""))).ToList();
    }

    public static PostDto ToDto(Post p, string parkName, string enterpriseName) => new(p.Id, p.ParkId, parkName, p.EnterpriseId, enterpriseName, p.Kind.Key(), p.State,
        p.Visibility, p.Title, p.Description, Post.Split(p.Capabilities), p.Quantity, p.Unit, p.WindowFrom, p.WindowTo, Post.Split(p.CertificationsHeld),
        Post.Split(p.CertificationsRequired), p.PriceMin, p.PriceMax, p.PriceUnit, p.Location, p.ExternalRef, p.CreatedAt, p.UpdatedAt, p.PublishedAt, p.ClosedAt);

    public async Task<PostDto> ToDtoAsync(Post p, CancellationToken ct) => (await ToDtosAsync([p], ct))[0];

    public async Task<Post> CreateAsync(long parkId, PostInput input, CancellationToken ct)
    {
        var region = await MarketRegionOfParkAsync(parkId, ct);
        var enterpriseId = await PosterAsync(parkId, input.EnterpriseId, ct);
        var (kind, caps) = await CheckAsync(parkId, input, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var post = new Post
        {
            ParkId = parkId, EnterpriseId = enterpriseId, RegionId = region, Kind = kind,
            State = input.Publish ? PostState.Open : PostState.Draft, Title = input.Title.Trim(), CreatedBy = db.Actor.UserName, CreatedAt = now,
            PublishedAt = input.Publish ? now : null,
        };
        Fill(post, input, kind, caps, now);
        db.Posts.Add(post);
        if (post.State == PostState.Open) await NotifyMatchesAsync(post, ct);
        await db.SaveChangesAsync(ct);
        index.Apply(post, db);
        return post;
    }

    public async Task<Post> UpdateAsync(long id, PostInput input, CancellationToken ct)
    {
        var post = await GetForWriteAsync(id, ct);
        if (!PostRules.IsEditable(post.State))
            throw new DomainRuleException("PostMustBeEditable", "state", "只有草稿或发布中的帖子可以修改", RuleKind.Conflict) { Arguments = [post.State] };
        var (kind, caps) = await CheckAsync(post.ParkId, input, ct);
        Fill(post, input, kind, caps, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        index.Apply(post, db);
        return post;
    }

    /// <summary>publish | match | reopen | close: the owner's (or the park operator's) lifecycle actions.</summary>
    public async Task<Post> ActAsync(long id, string action, CancellationToken ct)
    {
        var a = action.ToLowerInvariant() switch
        {
            "publish" => PostAction.Publish,
            "match" => PostAction.Match,
            "reopen" => PostAction.Reopen,
            "close" => PostAction.Close,
            _ => throw new NotFoundException("PostAction", action),
        };
        var post = await GetForWriteAsync(id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        post.Apply(a, now, Today);
        if (a == PostAction.Publish) await NotifyMatchesAsync(post, ct);
        await db.SaveChangesAsync(ct);
        index.Apply(post, db);
        return post;
    }

    /// <summary>At most this many enterprises hear of one newly published post.</summary>
    public const int MatchNoticesPerPost = 5;

    /// <summary>The notice an open post's enterprise gets of a new match, and the post link it carries (the to-do reads them back).</summary>
    public const string NewMatchKind = "NewMatch", PostLinkPrefix = "/market/posts/";

    /// <summary>
    /// The caller has looked at its post's matches: the new-match notices of that post are read for it (the to-do's
    /// "new matches" item goes away). Only for the post's own enterprise, whose notices they are.
    /// </summary>
    public Task<int> MatchesSeenAsync(long postId, CancellationToken ct) => unread.MarkSeenAsync(NewMatchKind, PostLinkPrefix + postId.ToString(CultureInfo.InvariantCulture), ct);

    /// <summary>
    /// A post is published: the open posts it answers best (the match index, above its minimum score, other
    /// enterprises, where the new post can be seen — its park, or its region when region-wide) are told of it, at most
    /// <see cref="MatchNoticesPerPost"/>, in the same save as the post.
    /// </summary>
    private async Task NotifyMatchesAsync(Post post, CancellationToken ct)
    {
        var snapshot = await index.GetAsync(db, ct);
        var analysed = snapshot.Analyser.Analyse(MarketIndex.ToMatchPost(post), MarketIndex.ReferenceDay(post, clock));
        var ranking = await marketSettings.MatchSettingsAsync(post.ParkId, snapshot.Analyser.Settings, ct);
        var results = snapshot.Index.Match(analysed, new MatchRequest(Today) { Top = 4 * MatchNoticesPerPost, ExcludePostId = post.Id == 0 ? null : MarketIndex.Id(post.Id), Settings = ranking });
        if (results.Count == 0) return;
        var ids = results.Select(r => long.Parse(r.PostId, CultureInfo.InvariantCulture)).ToArray();
        var answers = await db.Posts.IgnoreQueryFilters().AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.State == PostState.Open && p.EnterpriseId != post.EnterpriseId
                && (p.ParkId == post.ParkId || post.Visibility == Domain.Matching.PostVisibility.Region && p.RegionId == post.RegionId))
            .Select(p => new { p.Id, p.ParkId, p.EnterpriseId, p.Title }).ToListAsync(ct);
        var rank = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        notices.Send(answers.OrderBy(p => rank[p.Id]).DistinctBy(p => p.EnterpriseId).Take(MatchNoticesPerPost)
            .Select(p => Notifications.Contracts.Notice.ToEnterprise(p.ParkId, p.EnterpriseId, NewMatchKind, PostLinkPrefix + p.Id.ToString(CultureInfo.InvariantCulture), p.Title, post.Title)));
    }

    /// <summary>Open posts whose window has ended become expired (and leave the index).</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var today = Today;
        var due = await db.Posts.IgnoreQueryFilters().Where(p => (p.State == PostState.Open || p.State == PostState.Draft) && p.WindowTo != null && p.WindowTo < today).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var p in due) p.Apply(PostAction.Expire, now, today);
        await db.SaveChangesAsync(ct);
        foreach (var p in due) index.Apply(p, db);
        return due.Count;
    }

    /// <summary>
    /// The best answers to a post within the caller's scope: offers for a need, needs for an offer, best first, with
    /// the reasons in the caller's language. A post of the caller's own enterprise never answers it.
    /// </summary>
    public async Task<List<PostMatchDto>> MatchesAsync(long id, int top, CancellationToken ct)
    {
        if (top is < 1 or > 100) throw new ValidationException([new FluentValidation.Results.ValidationFailure("top", t["Val.Range", 1, 100])]);
        var post = await GetAsync(id, ct);
        var snapshot = await index.GetAsync(db, ct);
        MatchScope? scope = null;
        if (!db.Actor.IsPlatformAdmin)
        {
            var regions = await CallerRegionsAsync(ct);
            scope = new MatchScope([.. db.Actor.VisibleParkIds.Select(MarketIndex.Id)], [.. regions.Select(MarketIndex.Id)]);
        }
        var partners = await PastPartnersAsync(post.EnterpriseId, ct);
        var analysed = snapshot.Analyser.Analyse(MarketIndex.ToMatchPost(post), MarketIndex.ReferenceDay(post, clock));
        // ranked with the weights and threshold of the park the post belongs to (its own settings page)
        var ranking = await marketSettings.MatchSettingsAsync(post.ParkId, snapshot.Analyser.Settings, ct);
        var results = snapshot.Index.Match(analysed, new MatchRequest(Today) { Top = top, Scope = scope, ExcludePostId = MarketIndex.Id(post.Id), PastPartners = partners, Settings = ranking });
        var ids = results.Select(r => long.Parse(r.PostId, CultureInfo.InvariantCulture)).ToArray();
        // the index holds only open posts in scope; reading them through the caller's view once more keeps that promise
        var posts = await (await VisibleAsync(ct)).AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var dtos = (await ToDtosAsync(posts, ct)).ToDictionary(d => d.Id);
        // what each answer's own text says (machines, quantity, 带料 …): read again for the few returned, the index keeps no text
        var answerSays = posts.ToDictionary(p => p.Id, p => MatchScorer.TextSays(snapshot.Analyser, snapshot.Analyser.Analyse(MarketIndex.ToMatchPost(p), MarketIndex.ReferenceDay(p, clock))));
        return results.Where(r => dtos.ContainsKey(long.Parse(r.PostId, CultureInfo.InvariantCulture)))
            .Select(r =>
            {
                var pid = long.Parse(r.PostId, CultureInfo.InvariantCulture);
                var withText = answerSays.GetValueOrDefault(pid) is { } says ? r with { Reasons = [.. r.Reasons, new MatchReason(MatchReasonCode.AnswerTextSays, says)] } : r;
                return new PostMatchDto(pid, r.Score, r.Grade, Reasons(withText, snapshot), dtos[pid]);
            })
            .ToList();
    }

    /// <summary>Enterprises the post's enterprise has collaborated with (the past-collaboration signal).</summary>
    private async Task<IReadOnlySet<string>> PastPartnersAsync(long enterpriseId, CancellationToken ct)
    {
        var pairs = await db.Collaborations.IgnoreQueryFilters()
            .Where(c => (c.NeedEnterpriseId == enterpriseId || c.OfferEnterpriseId == enterpriseId) && c.State != CollaborationState.Inquiry)
            .Select(c => c.NeedEnterpriseId == enterpriseId ? c.OfferEnterpriseId : c.NeedEnterpriseId).Distinct().ToListAsync(ct);
        return pairs.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToHashSet();
    }

    /// <summary>A match's reasons in the reader's language, capability codes shown by their names.</summary>
    public List<string> Reasons(MatchResult r, MarketIndex.Snapshot s) => r.Reasons.Select(x => Reason(x, s)).ToList();

    private string Reason(MatchReason r, MarketIndex.Snapshot s)
    {
        var value = r.Code switch
        {
            MatchReasonCode.Grade => t["MatchGrade." + r.Value].Value,
            MatchReasonCode.CapabilityMatch => CapName(r.Value, s),
            MatchReasonCode.RelatedCapability => string.Join(" ~ ", (r.Value ?? "").Split('~').Select(c => CapName(c, s))),
            MatchReasonCode.CapabilityFromText or MatchReasonCode.CapabilityTextOverCodes => FromText(r.Value, s),
            MatchReasonCode.TextSays or MatchReasonCode.AnswerTextSays => TextSays(r.Value),
            MatchReasonCode.PartnerCredit => t["CreditBand." + r.Value].Value,
            _ => r.Value ?? "",
        };
        var text = t["MatchReason." + r.Code, value];
        return text.ResourceNotFound ? r.ToString() : text.Value;
    }

    /// <summary>
    /// The items read from a text (<c>machine=25T–60T 冲床;facet=supplies_material</c>) in the reader's language:
    /// machines and quantities as written, facets, materials and variants by their names.
    /// </summary>
    private string TextSays(string? value)
    {
        var parts = new List<string>();
        foreach (var item in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            if (eq < 0) continue;
            var (kind, v) = (item[..eq], item[(eq + 1)..]);
            parts.Add(kind switch
            {
                "facet" or "material" or "variant" => t[$"MatchText.{kind}.{v}"] is { ResourceNotFound: false } named ? named.Value : v,
                "quantity" => t["MatchText.quantity", v].Value,
                _ => v,
            });
        }
        return string.Join(t["MatchText.Separator"].Value, parts);
    }

    private static string FromText(string? v, MarketIndex.Snapshot s)
    {
        var open = (v ?? "").IndexOf('(');
        return open < 0 ? CapName(v, s) : $"{CapName(v![..open], s)}（{v[(open + 1)..].TrimEnd(')')}）";
    }

    /// <summary>
    /// The capabilities a post of the park may carry, as a form offers them (issue 13 item 11): those of the park's
    /// industry chain first (<see cref="Domain.Matching.ChainCapabilities"/>, and the park's own local entries), then the
    /// rest under "其他"; each group in the taxonomy's order, names in the caller's language.
    /// </summary>
    public async Task<CapabilityChoices> CapabilityChoicesAsync(long parkId, MarketIndex.Snapshot snapshot, CancellationToken ct)
    {
        var chain = await chains.ChainAsync(parkId, ct);
        var categories = Domain.Matching.ChainCapabilities.CategoriesOf(chain.IndustryPrefixes);
        var inChain = new List<KeyValuePair<string, string>>();
        var others = new List<KeyValuePair<string, string>>();
        foreach (var c in snapshot.UsableIn(parkId))
            (c.ParkId == parkId || Domain.Matching.ChainCapabilities.InChain(c.Category, c.NameZh, categories, chain.Stages) ? inChain : others)
                .Add(new(c.Code, CapName(c.Code, snapshot)));
        return new CapabilityChoices(chain.LeadingIndustry, inChain, others);
    }

    public static string CapName(string? code, MarketIndex.Snapshot s) =>
        code is not null && s.Capabilities.TryGetValue(code, out var c) ? (CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? c.NameEn : c.NameZh) : code ?? "";

    /// <summary>
    /// The enterprise a post is written for: a tenant writes for its own enterprise; a park operator for any
    /// admitted enterprise of the park; a government viewer or a service partner writes nothing.
    /// </summary>
    private async Task<long> PosterAsync(long parkId, long? requested, CancellationToken ct)
    {
        var actor = db.Actor;
        long enterpriseId;
        if (actor.CanOperatePark(parkId))
            enterpriseId = requested ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("enterpriseId", t["Val.Required"])]);
        else if (actor.Has(Users.Role.EnterpriseUser) && actor.EnterpriseIds.Length > 0)
        {
            enterpriseId = requested ?? actor.EnterpriseIds[0];
            if (!actor.EnterpriseIds.Contains(enterpriseId)) throw new ForbiddenException("OnlyOwnerMayChangePost");
        }
        else throw new ForbiddenException("OnlyOwnerMayChangePost");
        // read past the scope: an operator names an enterprise of its own park, a tenant one of its own, so one out of
        // the caller's sight is in another park and refused as such
        var e = (await directory.CardsAsync([enterpriseId], ct)).GetValueOrDefault(enterpriseId);
        if (e is null || e.ParkId != parkId) throw new DomainRuleException("EnterpriseMustBelongToPark", "enterpriseId", "企业不在该园区") { Arguments = [enterpriseId] };
        if (!e.Admitted) throw new DomainRuleException("PostNeedsAdmittedEnterprise", "enterpriseId", "只有在园企业可以发布") { Arguments = [e.StatusName] };
        return e.Id;
    }

    /// <summary>
    /// Validation (400), then the rules of the fields (422): known kind, capability codes known in the park (shared or
    /// the park's local entries), window, quantity, prices.
    /// </summary>
    private async Task<(PostKind Kind, IReadOnlyList<string> Capabilities)> CheckAsync(long parkId, PostInput input, CancellationToken ct)
    {
        await validator.EnsureValidAsync(input, ct);
        var kind = PostKinds.Parse(input.Kind, "kind");
        var snapshot = await index.GetAsync(db, ct);
        var caps = new List<string>();
        foreach (var (code, i) in (input.Capabilities ?? []).Select((c, i) => (c.Trim(), i)))
        {
            var id = snapshot.Analyser.Taxonomy.IdOf(code, $"capabilities[{i}]", MarketIndex.Id(parkId));
            var canonical = snapshot.Analyser.Taxonomy[id].Code;
            if (!caps.Contains(canonical)) caps.Add(canonical);
        }
        PostRules.Check(input.Quantity, input.From, input.To, input.PriceMin, input.PriceMax, Today);
        return (kind, caps);
    }

    private static void Fill(Post post, PostInput input, PostKind kind, IReadOnlyList<string> caps, DateTime now)
    {
        post.Kind = kind;
        post.Title = input.Title.Trim();
        post.Description = input.Description?.Trim() ?? "";
        post.Capabilities = Post.Join(caps);
        post.Quantity = input.Quantity;
        post.Unit = string.IsNullOrWhiteSpace(input.Unit) ? null : input.Unit.Trim();
        post.WindowFrom = input.From;
        post.WindowTo = input.To;
        post.CertificationsHeld = Post.Join(input.CertificationsHeld);
        post.CertificationsRequired = Post.Join(input.CertificationsRequired);
        post.PriceMin = input.PriceMin;
        post.PriceMax = input.PriceMax;
        post.PriceUnit = string.IsNullOrWhiteSpace(input.PriceUnit) ? null : input.PriceUnit.Trim();
        post.Location = string.IsNullOrWhiteSpace(input.Location) ? null : input.Location.Trim();
        post.Visibility = input.Visibility;
        post.UpdatedAt = now;
    }
}

/// <summary>A form's capability choices: the park's chain (its leading industry named) first, then the others.</summary>
public sealed record CapabilityChoices(string? Industry, IReadOnlyList<KeyValuePair<string, string>> Chain, IReadOnlyList<KeyValuePair<string, string>> Others)
{
    public IEnumerable<KeyValuePair<string, string>> All => Chain.Concat(Others);
}
