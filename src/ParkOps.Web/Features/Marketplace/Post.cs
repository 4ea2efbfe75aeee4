using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Marketplace;

/// <summary>
/// A marketplace post (DOMAIN §5): an offer or a need of one enterprise. <see cref="RegionId"/> is the post's market
/// region (the city its park lies in): a region-wide post is seen by every park of that region. Lists of codes are
/// stored '|'-separated. The post guards its lifecycle: its state and the instants it was published and closed are
/// given when it is made (a draft, an open post, an expired import) and move afterwards only by <see cref="Apply"/>.
/// </summary>
public sealed class Post : IEnterpriseOwned
{
    private PostState _state;
    private DateTime? _publishedAt;
    private DateTime? _closedAt;

    public long Id { get; set; }
    public long ParkId { get; set; }
    public long EnterpriseId { get; set; }
    public long RegionId { get; set; }
    public PostKind Kind { get; set; }
    public PostState State { get => _state; init => _state = value; }
    public PostVisibility Visibility { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Capability codes of the taxonomy, '|'-separated; empty = read from the text by the matching engine.</summary>
    public string Capabilities { get; set; } = "";
    public decimal? Quantity { get; set; }
    public string? Unit { get; set; }
    public DateOnly? WindowFrom { get; set; }
    public DateOnly? WindowTo { get; set; }
    /// <summary>Certifications the posting enterprise holds (offers), '|'-separated.</summary>
    public string CertificationsHeld { get; set; } = "";
    /// <summary>Certifications the answering party must hold (needs), '|'-separated.</summary>
    public string CertificationsRequired { get; set; } = "";
    public decimal? PriceMin { get; set; }
    public decimal? PriceMax { get; set; }
    public string? PriceUnit { get; set; }
    public string? Location { get; set; }
    /// <summary>The id the post had in an imported judged set (unique per park), so its queries can refer to it.</summary>
    public string? ExternalRef { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get => _publishedAt; init => _publishedAt = value; }
    public DateTime? ClosedAt { get => _closedAt; init => _closedAt = value; }

    /// <summary>
    /// Moves the post by <paramref name="action"/> (<see cref="PostRules.Next"/>: PostTransitionMustBeAllowed). A move that
    /// opens it again needs a window that has not ended by <paramref name="today"/> (PostWindowMustNotHaveEnded).
    /// </summary>
    public PostState Apply(PostAction action, DateTime now, DateOnly today)
    {
        var next = PostRules.Next(_state, action);
        if (next == PostState.Open && WindowTo is { } end && end < today)
            throw new DomainRuleException("PostWindowMustNotHaveEnded", "to", "时间窗口已结束") { Arguments = [end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)] };
        _state = next;
        UpdatedAt = now;
        if (action == PostAction.Publish) _publishedAt = now;
        if (next is PostState.Closed) _closedAt = now;
        return next;
    }

    public static string Join(IEnumerable<string>? items) =>
        string.Join('|', (items ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyList<string> Split(string? s) => (s ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// One process of the capability taxonomy, kept in the database; the first rows come from shared/data/capabilities.json
/// (migration 0008). A shared entry (<see cref="ParkId"/> null) is every park's and only the platform admin edits it; a
/// local entry belongs to one park (migration 0015): its operators add it, it is seen in that park and only that park's
/// posts use it. <see cref="Related"/> lists the codes of processes that can partly stand in for this one
/// ('|'-separated; the service keeps shared pairs symmetric, a local entry's pairs are kept on the local row alone).
/// </summary>
public sealed class MarketCapability
{
    public long Id { get; set; }
    /// <summary>The park of a local entry; null for the shared taxonomy.</summary>
    public long? ParkId { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public string Category { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Related { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A phrase of the trade lexicon added by an operator (migration 0029): read as <see cref="Capability"/> at
/// <see cref="Level"/> strength in every post's text, or only in a text about <see cref="Material"/> when one is named.
/// The shipped lexicon (ParkOps.Domain Matching/Data/synonyms.json) stays as it is; these entries are added to it.
/// </summary>
public sealed class MarketLexiconEntry
{
    public long Id { get; set; }
    public required string Phrase { get; set; }
    public required string Capability { get; set; }
    public string Level { get; set; } = "strong";
    public string? Material { get; set; }
    /// <summary>Where the phrase comes from (a park's usage, a trade listing): the lexicon notes every entry's source.</summary>
    public string Source { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}
