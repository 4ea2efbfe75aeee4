using System.Globalization;
using System.Text.Json;

namespace ParkOps.Domain.Matching;

/// <summary>A judged set cannot be read: <see cref="Path"/> names the place in the file (e.g. <c>queries[3].judgments.O1099</c>).</summary>
public sealed class JudgedSetException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
}

public sealed record JudgedEnterprise(string Id, string Name, string? Park, string? Region, int? Credit, IReadOnlyList<string> Certifications);

/// <summary>A query post with the grade of each judged answer (0–3; unlisted posts are 0).</summary>
public sealed record JudgedQuery(MatchPost Post, IReadOnlyDictionary<string, int> Judgments);

/// <summary>
/// A judged marketplace set, format <c>parkops-marketplace-judged/1</c> (shared/data/matching-sample.json):
/// <c>{format, as_of, note, enterprises: [{id, name, park, credit, certifications}], posts: [{id, kind, enterprise,
/// title, description, capabilities, quantity, unit, from, to, certifications}], queries: [post fields +
/// certifications_required + judgments: {postId: grade}]}</c>. A post's park, region, credit and held
/// certifications come from its enterprise (a post's own <c>certifications</c> are added to them).
/// </summary>
public sealed record JudgedSet(DateOnly AsOf, string? Note, IReadOnlyList<JudgedEnterprise> Enterprises, IReadOnlyList<MatchPost> Posts, IReadOnlyList<JudgedQuery> Queries)
{
    public const string Format = "parkops-marketplace-judged/1";

    public static JudgedSet Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new JudgedSetException("$", $"not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JudgedSetException("$", "expected an object");
            var format = OptString(root, "format", "format");
            if (format != Format) throw new JudgedSetException("format", $"expected \"{Format}\", found {(format is null ? "none" : $"\"{format}\"")}");
            var asOf = Date(root, "as_of", "as_of") ?? throw new JudgedSetException("as_of", "missing");

            var enterprises = new Dictionary<string, JudgedEnterprise>(StringComparer.Ordinal);
            var i = 0;
            foreach (var e in Array(root, "enterprises", "enterprises"))
            {
                var path = $"enterprises[{i++}]";
                var id = ReqString(e, "id", path);
                if (enterprises.ContainsKey(id)) throw new JudgedSetException($"{path}.id", $"duplicate enterprise id \"{id}\"");
                enterprises[id] = new JudgedEnterprise(id, OptString(e, "name", path) ?? id, OptString(e, "park", path), OptString(e, "region", path),
                    OptInt(e, "credit", path), Strings(e, "certifications", path));
            }

            var posts = new List<MatchPost>();
            var postIds = new HashSet<string>(StringComparer.Ordinal);
            i = 0;
            foreach (var p in Array(root, "posts", "posts"))
            {
                var path = $"posts[{i++}]";
                var post = Post(p, path, enterprises);
                if (!postIds.Add(post.Id)) throw new JudgedSetException($"{path}.id", $"duplicate post id \"{post.Id}\"");
                posts.Add(post);
            }

            var queries = new List<JudgedQuery>();
            i = 0;
            foreach (var q in Array(root, "queries", "queries"))
            {
                var path = $"queries[{i++}]";
                var post = Post(q, path, enterprises);
                var judgments = new Dictionary<string, int>(StringComparer.Ordinal);
                if (q.TryGetProperty("judgments", out var j) && j.ValueKind != JsonValueKind.Null)
                {
                    if (j.ValueKind != JsonValueKind.Object) throw new JudgedSetException($"{path}.judgments", "expected an object {postId: grade}");
                    foreach (var g in j.EnumerateObject())
                    {
                        if (!postIds.Contains(g.Name)) throw new JudgedSetException($"{path}.judgments.{g.Name}", $"query {post.Id} judges unknown post \"{g.Name}\"");
                        if (g.Value.ValueKind != JsonValueKind.Number || !g.Value.TryGetInt32(out var grade) || grade is < 0 or > 3)
                            throw new JudgedSetException($"{path}.judgments.{g.Name}", "grade must be an integer 0–3");
                        judgments[g.Name] = grade;
                    }
                }
                queries.Add(new JudgedQuery(post, judgments));
            }
            return new JudgedSet(asOf, OptString(root, "note", "note"), [.. enterprises.Values], posts, queries);
        }
    }

    private static MatchPost Post(JsonElement p, string path, Dictionary<string, JudgedEnterprise> enterprises)
    {
        if (p.ValueKind != JsonValueKind.Object) throw new JudgedSetException(path, "expected an object");
        var id = ReqString(p, "id", path);
        var enterpriseId = ReqString(p, "enterprise", path);
        if (!enterprises.TryGetValue(enterpriseId, out var enterprise))
            throw new JudgedSetException($"{path}.enterprise", $"post {id} names unknown enterprise \"{enterpriseId}\"");
        PostKind kind;
        try { kind = PostKinds.Parse(ReqString(p, "kind", path), $"{path}.kind"); }
        catch (Rules.DomainRuleException e) { throw new JudgedSetException($"{path}.kind", e.Message); }
        var from = Date(p, "from", path);
        var to = Date(p, "to", path);
        if (from is not null && to is not null && to < from) throw new JudgedSetException($"{path}.to", $"window ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        decimal? quantity = null;
        if (p.TryGetProperty("quantity", out var qv) && qv.ValueKind != JsonValueKind.Null)
        {
            if (qv.ValueKind != JsonValueKind.Number || !qv.TryGetDecimal(out var qd) || qd < 0)
                throw new JudgedSetException($"{path}.quantity", "expected a non-negative number");
            quantity = qd;
        }
        return new MatchPost
        {
            Id = id,
            Kind = kind,
            EnterpriseId = enterpriseId,
            ParkId = enterprise.Park,
            Region = enterprise.Region,
            Credit = enterprise.Credit,
            Title = OptString(p, "title", path) ?? "",
            Description = OptString(p, "description", path) ?? "",
            Capabilities = [.. Strings(p, "capabilities", path).Distinct(StringComparer.OrdinalIgnoreCase)],
            Quantity = quantity,
            Unit = OptString(p, "unit", path),
            From = from,
            To = to,
            CertificationsHeld = [.. enterprise.Certifications.Concat(Strings(p, "certifications", path)).Distinct(StringComparer.OrdinalIgnoreCase)],
            CertificationsRequired = Strings(p, "certifications_required", path),
        };
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new JudgedSetException(path, "expected an array");
        return v.EnumerateArray();
    }

    private static string ReqString(JsonElement e, string name, string path) =>
        OptString(e, name, path) is { Length: > 0 } s ? s : throw new JudgedSetException($"{path}.{name}", "missing");

    private static string? OptString(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!.Trim(),
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new JudgedSetException(path == name ? name : $"{path}.{name}", "expected a string"),
        };
    }

    private static int? OptInt(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? (int)Math.Round(d)
            : throw new JudgedSetException($"{path}.{name}", "expected a number");
    }

    private static DateOnly? Date(JsonElement e, string name, string path)
    {
        var s = OptString(e, name, path);
        if (s is null) return null;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new JudgedSetException(path == name ? name : $"{path}.{name}", $"expected a date yyyy-MM-dd, found \"{s}\"");
    }

    private static IReadOnlyList<string> Strings(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new JudgedSetException($"{path}.{name}", "expected an array of strings");
        return [.. v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()!.Trim()
            : throw new JudgedSetException($"{path}.{name}", "expected an array of strings"))];
    }
}

/// <summary>One query's outcome: nDCG@k (null when nothing was judged relevant) and the ranked answers with their grades.</summary>
public sealed record QueryEvaluation(string QueryId, double? Ndcg, IReadOnlyList<(MatchResult Match, int Grade)> Ranked, int Relevant);

/// <summary>All queries' outcomes and the mean nDCG@k over the queries that have a relevant answer.</summary>
public sealed record JudgedSetEvaluation(IReadOnlyList<QueryEvaluation> Queries, double Mean, int K)
{
    /// <summary>
    /// Runs every query of <paramref name="set"/> against all its posts (except the query itself) in a fresh in-memory
    /// index, as of the set's <c>as_of</c> day. Capability codes unknown to the taxonomy are refused
    /// (<see cref="JudgedSetException"/>).
    /// </summary>
    public static JudgedSetEvaluation Run(JudgedSet set, PostAnalyser analyser, int k = 10)
    {
        using var index = new MatchIndex(analyser, set.Posts.Count);
        foreach (var (post, i) in set.Posts.Select((p, i) => (p, i))) index.Add(Analyse(analyser, post, set.AsOf, $"posts[{i}]"));
        var results = new List<QueryEvaluation>();
        foreach (var (q, i) in set.Queries.Select((q, i) => (q, i)))
        {
            var query = Analyse(analyser, q.Post, set.AsOf, $"queries[{i}]");
            var ranked = index.Match(query, new MatchRequest(set.AsOf) { Top = k, ExcludePostId = q.Post.Id })
                .Select(m => (m, q.Judgments.GetValueOrDefault(m.PostId))).ToList();
            var ndcg = Matching.Ndcg.AtK(ranked.Select(r => r.Item2), q.Judgments.Values, k);
            results.Add(new QueryEvaluation(q.Post.Id, ndcg, ranked, q.Judgments.Values.Count(g => g > 0)));
        }
        var scored = results.Where(r => r.Ndcg is not null).ToList();
        return new JudgedSetEvaluation(results, scored.Count == 0 ? double.NaN : scored.Average(r => r.Ndcg!.Value), k);
    }

    private static AnalysedPost Analyse(PostAnalyser analyser, MatchPost post, DateOnly asOf, string path)
    {
        try { return analyser.Analyse(post, asOf); }
        catch (Rules.DomainRuleException e) { throw new JudgedSetException(path + (e.Field is { } f && f.Contains('.') ? f[f.LastIndexOf('.')..] : ""), e.Message); }
    }
}
