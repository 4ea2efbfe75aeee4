namespace ParkOps.Domain.Matching;

/// <summary>
/// Scores every post against the query with the same rules as <see cref="MatchIndex"/>, without any index: the
/// reference the index is tested against (same top-k), and the baseline its speed-up is measured from.
/// </summary>
public sealed class BruteForceMatcher(PostAnalyser analyser)
{
    private readonly List<AnalysedPost> _posts = [];

    public int Count => _posts.Count;

    public void Add(MatchPost post, DateOnly reference) => _posts.Add(analyser.Analyse(post, reference));

    public void Add(AnalysedPost post) => _posts.Add(post);

    public bool Remove(string postId) => _posts.RemoveAll(p => p.Post.Id == postId) > 0;

    public IReadOnlyList<MatchResult> Match(MatchPost query, MatchRequest request) => Match(analyser.Analyse(query, request.AsOf), request);

    public IReadOnlyList<MatchResult> Match(AnalysedPost query, MatchRequest request)
    {
        var plan = QueryPlan.For(analyser, query.Profile, request);
        var exclude = request.ExcludePostId ?? query.Post.Id;
        var top = new TopK(Math.Max(0, request.Top));
        if (top.Capacity == 0) return [];
        for (var i = 0; i < _posts.Count; i++)
        {
            var p = _posts[i];
            if (p.Post.Id == exclude) continue;
            if (MatchScorer.TryScore(plan, p.Profile, out var scored)) top.Offer(scored, p.Post.Id, i);
        }
        return top.Results(plan.Settings.MinScore, (i, s) => MatchScorer.Explain(analyser, plan, query, _posts[i].Profile, s));
    }
}
