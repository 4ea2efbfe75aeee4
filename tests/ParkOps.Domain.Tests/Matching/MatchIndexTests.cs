using ParkOps.Domain.Matching;
using static ParkOps.Domain.Tests.Matching.MatchingFixtures;

namespace ParkOps.Domain.Tests.Matching;

/// <summary>
/// The inverted index returns exactly what scoring every post would (same top-k, same order, same scores), and
/// takes additions, changes and removals into account for the very next query.
/// </summary>
public sealed class MatchIndexTests
{
    private static readonly string[] Certs = ["ISO9001", "ISO14001", "IATF16949", "ISO13485", "CNAS"];
    private static readonly string[] Titles = ["铝件阳极氧化着色", "CNC数控加工中心空闲", "五金冲压件批量生产", "SMT贴片线空档", "面料印花", "镀镍加工", "运动鞋成型", "整机组装"];

    /// <summary>Random posts of every kind over the whole taxonomy (fixed seed), some with their capabilities only in the text.</summary>
    private static List<MatchPost> RandomPosts(Random rnd, int count, string prefix)
    {
        var taxonomy = CapabilityTaxonomy.Default;
        var posts = new List<MatchPost>();
        for (var i = 0; i < count; i++)
        {
            var caps = Enumerable.Range(0, rnd.NextDouble() < 0.3 ? 2 : 1).Select(_ => taxonomy[rnd.Next(taxonomy.Count)].Code).Distinct().ToList();
            var textOnly = rnd.NextDouble() < 0.1;
            var from = AsOf.AddDays(rnd.Next(-60, 40));
            var ent = rnd.Next(40);
            posts.Add(new MatchPost
            {
                Id = $"{prefix}{i:D4}",
                Kind = (PostKind)rnd.Next(PostKinds.Count),
                EnterpriseId = $"E{ent}",
                ParkId = $"P{ent % 5}",
                Credit = rnd.NextDouble() < 0.1 ? null : rnd.Next(40, 100),
                Capabilities = textOnly ? [] : caps,
                Quantity = rnd.NextDouble() < 0.05 ? null : new[] { 50, 100, 200, 500, 1000, 2000, 5000 }[rnd.Next(7)],
                Unit = "件/日",
                From = from,
                To = from.AddDays(rnd.Next(0, 60)),
                CertificationsHeld = [.. Certs.Where(_ => rnd.NextDouble() < 0.3)],
                CertificationsRequired = [.. Certs.Where(_ => rnd.NextDouble() < 0.1)],
                Title = textOnly ? string.Join("", caps.Select(c => taxonomy[taxonomy.IdOf(c, "c")].NameZh)) : Titles[rnd.Next(Titles.Length)],
            });
        }
        return posts;
    }

    private static void ShouldBeSame(IReadOnlyList<MatchResult> actual, IReadOnlyList<MatchResult> expected, string query)
    {
        actual.Select(m => (m.PostId, m.Grade, m.Score)).ShouldBe(expected.Select(m => (m.PostId, m.Grade, m.Score)), query);
        actual.Select(m => string.Join(";", m.Reasons)).ShouldBe(expected.Select(m => string.Join(";", m.Reasons)), query);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 3)]
    [InlineData(3, 50)]
    public void Match_RandomMarketplace_EqualsBruteForce(int seed, int top)
    {
        var rnd = new Random(seed);
        var analyser = Analyser();
        using var index = new MatchIndex(analyser, 16); // small start: the arrays grow
        var brute = new BruteForceMatcher(analyser);
        foreach (var p in RandomPosts(rnd, 1500, "P"))
        {
            index.Add(p, AsOf);
            brute.Add(p, AsOf);
        }
        var nonEmpty = 0;
        foreach (var q in RandomPosts(rnd, 150, "Q"))
        {
            var request = new MatchRequest(AsOf) { Top = top };
            var expected = brute.Match(q, request);
            ShouldBeSame(index.Match(q, request), expected, q.Id);
            if (expected.Count > 0) nonEmpty++;
        }
        nonEmpty.ShouldBeGreaterThan(100); // the comparison was about real answers
    }

    [Fact]
    public void Match_AfterRandomRemovalsAndChanges_EqualsBruteForce()
    {
        var rnd = new Random(7);
        var analyser = Analyser();
        using var index = new MatchIndex(analyser);
        var posts = RandomPosts(rnd, 1200, "P").ToDictionary(p => p.Id);
        foreach (var p in posts.Values) index.Add(p, AsOf);
        // remove a third (posting lists get compacted and slots reused), change a third (kind, capabilities, window)
        foreach (var id in posts.Keys.ToList())
        {
            var roll = rnd.NextDouble();
            if (roll < 0.33) { index.Remove(id).ShouldBeTrue(); posts.Remove(id); }
            else if (roll < 0.66)
            {
                var changed = RandomPosts(rnd, 1, "X")[0] with { Id = id };
                index.Add(changed, AsOf);
                posts[id] = changed;
            }
        }
        foreach (var p in RandomPosts(rnd, 300, "N")) { index.Add(p, AsOf); posts[p.Id] = p; }
        index.Count.ShouldBe(posts.Count);

        var brute = new BruteForceMatcher(analyser);
        foreach (var p in posts.Values) brute.Add(p, AsOf);
        foreach (var q in RandomPosts(rnd, 100, "Q"))
            ShouldBeSame(index.Match(q, new MatchRequest(AsOf)), brute.Match(q, new MatchRequest(AsOf)), q.Id);
    }

    [Fact]
    public void Reorganise_AfterChurn_AnswersExactlyAsBefore()
    {
        var rnd = new Random(11);
        var analyser = Analyser();
        using var index = new MatchIndex(analyser);
        var posts = RandomPosts(rnd, 800, "P");
        index.AddRange(posts.Select(p => analyser.Analyse(p, AsOf)));
        foreach (var p in posts.Where((_, i) => i % 3 == 0)) index.Remove(p.Id);
        var queries = RandomPosts(rnd, 60, "Q");
        var before = queries.Select(q => index.Match(q, new MatchRequest(AsOf))).ToList();
        index.Reorganise();
        index.Count.ShouldBe(posts.Count - (posts.Count + 2) / 3);
        for (var i = 0; i < queries.Count; i++) ShouldBeSame(index.Match(queries[i], new MatchRequest(AsOf)), before[i], queries[i].Id);
        index.Add(Offer("AFTER"), AsOf); // still incremental afterwards
        index.Match(Need(enterprise: "NOBODY"), new MatchRequest(AsOf) { Top = 1000 }).ShouldContain(m => m.PostId == "AFTER");
    }

    [Fact]
    public void Add_NewPost_IsMatchableAtOnce()
    {
        using var index = new MatchIndex(Analyser());
        index.Add(Offer("O1", quantity: 300), AsOf);
        index.Match(Need(), new MatchRequest(AsOf)).Select(m => m.PostId).ShouldBe(["O1"]);
        index.Add(Offer("O2"), AsOf);
        index.Match(Need(), new MatchRequest(AsOf)).Select(m => m.PostId).ShouldBe(["O2", "O1"]);
    }

    [Fact]
    public void Remove_Post_IsGoneAtOnce()
    {
        using var index = new MatchIndex(Analyser());
        index.Add(Offer("O1"), AsOf);
        index.Add(Offer("O2"), AsOf);
        index.Remove("O1").ShouldBeTrue();
        index.Remove("O1").ShouldBeFalse();
        index.Match(Need(), new MatchRequest(AsOf)).Select(m => m.PostId).ShouldBe(["O2"]);
        index.Count.ShouldBe(1);
    }

    [Fact]
    public void Add_ChangedPost_ReplacesTheOldOne()
    {
        using var index = new MatchIndex(Analyser());
        index.Add(Offer("O1"), AsOf);
        index.Add(Offer("O1", caps: "dyeing"), AsOf); // the same post, now offering dyeing
        index.Match(Need(caps: "cnc"), new MatchRequest(AsOf)).ShouldBeEmpty();
        index.Match(Need(caps: "dyeing"), new MatchRequest(AsOf)).Select(m => m.PostId).ShouldBe(["O1"]);
        index.Count.ShouldBe(1);
    }

    [Fact]
    public void RemoveExpired_PostsEndedBeforeTheDay_AreRemoved()
    {
        using var index = new MatchIndex(Analyser());
        index.Add(Offer("OLD", fromDay: -20, days: 10), AsOf);
        index.Add(Offer("OPEN", fromDay: -20, days: 40), AsOf);
        index.RemoveExpired(AsOf).ShouldBe(1);
        index.Contains("OLD").ShouldBeFalse();
        index.Contains("OPEN").ShouldBeTrue();
    }

    [Fact]
    public void Match_ManyRemovals_ReuseSlotsWithoutGhosts()
    {
        using var index = new MatchIndex(Analyser(), 16);
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 200; i++) index.Add(Offer($"R{round}-{i}", quantity: 100 + i), AsOf);
            for (var i = 0; i < 200; i++) index.Remove($"R{round}-{i}").ShouldBeTrue();
        }
        index.Add(Offer("LAST"), AsOf);
        index.Match(Need(), new MatchRequest(AsOf) { Top = 50 }).Select(m => m.PostId).ShouldBe(["LAST"]);
        index.ApproximateBytes().ShouldBeLessThan(100_000); // compacted lists and reused slots: no growth per round
    }
}
