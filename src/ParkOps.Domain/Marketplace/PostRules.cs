using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Marketplace;

/// <summary>Where a marketplace post stands (DOMAIN §5): draft → open → matched → closed, or expired when its window ends.</summary>
public enum PostState { Draft, Open, Matched, Closed, Expired }

/// <summary>What the owner (or the system) does to a post.</summary>
public enum PostAction { Publish, Match, Reopen, Close, Expire }

/// <summary>
/// The rules of a post's own fields and of its lifecycle. A draft is private to its enterprise; only an open post
/// is matchable; a matched post has found its partner (a collaboration was agreed) and may be reopened when the
/// partner falls through; closed and expired are final.
/// </summary>
public static class PostRules
{
    /// <summary>Longest title and description (characters): a post is read on a phone, not a document store.</summary>
    public const int MaxTitle = 100, MaxDescription = 2000;

    public static PostState Next(PostState state, PostAction action) => (state, action) switch
    {
        (PostState.Draft, PostAction.Publish) => PostState.Open,
        (PostState.Open, PostAction.Match) => PostState.Matched,
        (PostState.Matched, PostAction.Reopen) => PostState.Open,
        (PostState.Draft or PostState.Open or PostState.Matched, PostAction.Close) => PostState.Closed,
        (PostState.Open or PostState.Draft, PostAction.Expire) => PostState.Expired,
        _ => throw new DomainRuleException("PostTransitionMustBeAllowed", "state", $"帖子处于{state}，不能{action}", RuleKind.Conflict) { Arguments = [state, action] },
    };

    /// <summary>True when the post may still be edited (its owner changes the text, window, quantity …).</summary>
    public static bool IsEditable(PostState state) => state is PostState.Draft or PostState.Open;

    /// <summary>
    /// The field rules of a post: a positive quantity, a window that does not end before it starts, a price range
    /// that is not upside down. <paramref name="asOf"/> is today: a new window may not have ended already.
    /// </summary>
    public static void Check(decimal? quantity, DateOnly? from, DateOnly? to, decimal? priceMin, decimal? priceMax, DateOnly? asOf = null)
    {
        if (quantity is { } q && q <= 0)
            throw new DomainRuleException("PostQuantityMustBePositive", "quantity", $"数量必须大于 0：{q}") { Arguments = [q] };
        if (from is { } f && to is { } t && t < f)
            throw new DomainRuleException("PostWindowMustNotEndBeforeItStarts", "to", $"时间窗口的结束日 {t:yyyy-MM-dd} 早于开始日 {f:yyyy-MM-dd}") { Arguments = [t.ToString("yyyy-MM-dd"), f.ToString("yyyy-MM-dd")] };
        if (asOf is { } today && to is { } end && end < today)
            throw new DomainRuleException("PostWindowMustNotHaveEnded", "to", $"时间窗口已于 {end:yyyy-MM-dd} 结束") { Arguments = [end.ToString("yyyy-MM-dd")] };
        if (priceMin is { } lo && lo < 0)
            throw new DomainRuleException("PostPriceMustNotBeNegative", "priceMin", $"价格不能为负：{lo}") { Arguments = [lo] };
        if (priceMax is { } hi && hi < 0)
            throw new DomainRuleException("PostPriceMustNotBeNegative", "priceMax", $"价格不能为负：{hi}") { Arguments = [hi] };
        if (priceMin is { } a && priceMax is { } b && b < a)
            throw new DomainRuleException("PostPriceRangeMustBeOrdered", "priceMax", $"最高价 {b} 低于最低价 {a}") { Arguments = [b, a] };
    }
}
