namespace ParkOps.Domain.Matching;

/// <summary>
/// How usable an answer is, as the marketplace defines a good match (the judged sets' grades): 3 fully usable,
/// 2 usable in part, 1 weak stand-in, 0 no answer.
/// </summary>
public enum MatchGrade { None = 0, WeakStandIn = 1, UsableInPart = 2, FullyUsable = 3 }

/// <summary>Why a post was matched or placed where it is; <see cref="Value"/> carries the parameter.</summary>
public enum MatchReasonCode
{
    /// <summary>Grade of the answer (the value is the grade's name).</summary>
    Grade,
    /// <summary>The answer has a capability the need asks for (value: the code).</summary>
    CapabilityMatch,
    /// <summary>Only a related capability (value: need~offer, e.g. dip~smt).</summary>
    RelatedCapability,
    /// <summary>The query's capabilities were read from its Chinese text (value: code and the phrase).</summary>
    CapabilityFromText,
    /// <summary>Share of the need's window the offer covers (value: percent).</summary>
    WindowOverlap,
    /// <summary>A window is not known on one side.</summary>
    WindowUnknown,
    /// <summary>A required certification the answering enterprise does not hold (value: the certification).</summary>
    CertificationMissing,
    /// <summary>All required certifications are held (value: the list).</summary>
    CertificationsHeld,
    /// <summary>Daily capacity ÷ daily need (value: the share, two decimals).</summary>
    CapacityShare,
    /// <summary>A quantity is not known on one side.</summary>
    CapacityUnknown,
    /// <summary>Text similarity of the two posts (value: 0–1).</summary>
    TextSimilarity,
    /// <summary>The two enterprises have worked together before.</summary>
    PastCollaboration,
    /// <summary>The other enterprise's credit band (value: <see cref="CreditBand"/> name; the score itself is not shown).</summary>
    PartnerCredit,
    /// <summary>The other post is in the same park.</summary>
    SamePark,
    /// <summary>The other post is in the same region.</summary>
    SameRegion,
    /// <summary>The query's text names other processes than its codes, and the text was believed (value: code and phrase).</summary>
    CapabilityTextOverCodes,
    /// <summary>
    /// What was read from a post's text beyond its capabilities (value: items <c>kind=value</c> joined by <c>;</c>, kinds
    /// machine, quantity, facet, material, variant, certification), e.g. <c>machine=25T–60T 冲床;facet=supplies_material</c>.
    /// </summary>
    TextSays,
    /// <summary>The same for the answering post (added by the caller that has the post's text).</summary>
    AnswerTextSays,
    /// <summary>A certificate the need's text asks for (its fields do not list it), value: the certificate.</summary>
    CertificationRequiredInText,
}

public sealed record MatchReason(MatchReasonCode Code, string? Value = null)
{
    public override string ToString() => Value is null ? Code.ToString() : $"{Code} {Value}";
}

/// <summary>
/// One answer to a post: the other post, its score (0–1: the grade band ⅓ wide plus the soft score within it), its
/// grade and the reasons that explain both.
/// </summary>
public sealed record MatchResult(string PostId, double Score, MatchGrade Grade, IReadOnlyList<MatchReason> Reasons);

/// <summary>What a query asks beyond the post itself.</summary>
public sealed record MatchRequest(DateOnly AsOf)
{
    /// <summary>How many answers at most.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Enterprises the asking enterprise has collaboration records with (past collaboration signal).</summary>
    public IReadOnlySet<string>? PastPartners { get; init; }

    /// <summary>A post never to return (default: the query post's own id, so a stored post does not answer itself).</summary>
    public string? ExcludePostId { get; init; }

    /// <summary>What the asker may see; null = everything (an evaluation, the platform administrator).</summary>
    public MatchScope? Scope { get; init; }

    /// <summary>
    /// The settings this query is ranked with (the asking park's weights and threshold, DOMAIN §5 "settings, not
    /// constants"); null = the analyser's. Posts are analysed once with the analyser's settings whatever the query.
    /// </summary>
    public MatchSettings? Settings { get; init; }
}

/// <summary>
/// The asker's view of the marketplace: every post of <see cref="Parks"/>, and the region-wide posts of
/// <see cref="Regions"/> (DOMAIN §5 visibility: own park only, or cross-park in the region).
/// </summary>
public sealed record MatchScope(IReadOnlyCollection<string> Parks, IReadOnlyCollection<string> Regions);
