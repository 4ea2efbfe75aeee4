namespace ParkOps.Domain.Matching;

/// <summary>How far a post is seen: its own park, or the parks of its region (cross-park).</summary>
public enum PostVisibility { Park, Region }

/// <summary>
/// A marketplace post as the matching engine sees it (DOMAIN §5). Structured fields are authoritative; where one
/// is missing (no capability codes, no quantity, no window) the engine reads it from <see cref="Title"/> and
/// <see cref="Description"/> (see <see cref="PostAnalyser"/>).
/// </summary>
public sealed record MatchPost
{
    public required string Id { get; init; }
    public required PostKind Kind { get; init; }
    public required string EnterpriseId { get; init; }
    public string? ParkId { get; init; }
    public string? Region { get; init; }

    /// <summary>
    /// Who may see the post (DOMAIN §5): its own park only, or every park of its region. A scoped query
    /// (<see cref="MatchRequest.Scope"/>) never returns a park-only post of another park.
    /// </summary>
    public PostVisibility Visibility { get; init; } = PostVisibility.Region;

    /// <summary>The posting enterprise's credit score, 0–100 (credit file, DOMAIN §5); null when it has none yet.</summary>
    public int? Credit { get; init; }

    /// <summary>Capability codes of the taxonomy (<see cref="CapabilityTaxonomy"/>); empty = read them from the text.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Offered or needed quantity in <see cref="Unit"/> (e.g. 2000 with 件/日).</summary>
    public decimal? Quantity { get; init; }
    public string? Unit { get; init; }

    /// <summary>First and last day of the window, both inclusive.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>Certifications the posting enterprise holds (its archive), e.g. IATF16949, ISO13485, CNAS.</summary>
    public IReadOnlyList<string> CertificationsHeld { get; init; } = [];

    /// <summary>Certifications a need asks of the party that answers it.</summary>
    public IReadOnlyList<string> CertificationsRequired { get; init; } = [];

    public string Title { get; init; } = "";
    public string Description { get; init; } = "";

    public string Text => string.IsNullOrEmpty(Description) ? Title : Title + "；" + Description;
}
