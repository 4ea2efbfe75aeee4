using ParkOps.Domain.Matching;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>Posts for the matching tests: a need of 1000 件/日 over 10 days and offers that answer it fully unless told otherwise.</summary>
internal static class MatchingFixtures
{
    public static readonly DateOnly AsOf = new(2026, 12, 1);

    public static MatchPost Need(string caps = "cnc", int quantity = 1000, int fromDay = 10, int days = 10, string certsRequired = "",
        PostKind kind = PostKind.CapacityNeed, string enterprise = "ASK", string title = "", string id = "N1") => new()
    {
        Id = id,
        Kind = kind,
        EnterpriseId = enterprise,
        ParkId = "P1",
        Capabilities = Codes(caps),
        Quantity = quantity,
        Unit = "件/日",
        From = AsOf.AddDays(fromDay),
        To = AsOf.AddDays(fromDay + days - 1),
        CertificationsRequired = Codes(certsRequired),
        Title = title,
    };

    public static MatchPost Offer(string id, string caps = "cnc", int quantity = 1000, int fromDay = 10, int days = 10, string certsHeld = "",
        PostKind kind = PostKind.CapacityOffer, string enterprise = "", int? credit = 70, string title = "", string park = "P2") => new()
    {
        Id = id,
        Kind = kind,
        EnterpriseId = enterprise.Length > 0 ? enterprise : "E-" + id,
        ParkId = park,
        Credit = credit,
        Capabilities = Codes(caps),
        Quantity = quantity,
        Unit = "件/日",
        From = AsOf.AddDays(fromDay),
        To = AsOf.AddDays(fromDay + days - 1),
        CertificationsHeld = Codes(certsHeld),
        Title = title,
    };

    public static IReadOnlyList<string> Codes(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static PostAnalyser Analyser(MatchSettings? settings = null) => PostAnalyser.CreateDefault(settings);

    /// <summary>An index holding <paramref name="offers"/>, queried with <paramref name="need"/> as of <see cref="AsOf"/>.</summary>
    public static IReadOnlyList<MatchResult> Match(MatchPost need, IEnumerable<MatchPost> offers, MatchSettings? settings = null, int top = 10,
        IReadOnlySet<string>? partners = null)
    {
        using var index = new MatchIndex(Analyser(settings));
        foreach (var o in offers) index.Add(o, AsOf);
        return index.Match(need, new MatchRequest(AsOf) { Top = top, PastPartners = partners });
    }

    public static MatchResult Single(MatchPost need, MatchPost offer, MatchSettings? settings = null) => Match(need, [offer], settings).ShouldHaveSingleItem();

    public static string JudgedSetPath(string name) => Path.Combine(AppContext.BaseDirectory, "Matching", name);
}
