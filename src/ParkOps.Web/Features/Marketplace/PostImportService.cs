using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Marketplace;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Marketplace;

public sealed record PostImportResult(int Posts, int Queries, int EnterprisesMatched, int EnterprisesCreated, int Expired, IReadOnlyDictionary<string, long> Ids);

/// <summary>
/// Imports a judged set (<c>parkops-marketplace-judged/1</c>, shared/data/matching-sample.json) into one park, all or
/// nothing: the file is read and every post checked (format, a query judging an unknown post, unknown capability
/// codes, windows, quantities, lengths, ids already imported here) before anything is written, and everything is
/// written in one transaction. The set's enterprises are found in the park by name or added as admitted enterprises;
/// their certifications go onto their offers. Posts and queries become open posts (expired when their window has
/// ended), region-wide, with the file's id kept as <see cref="Post.ExternalRef"/>; the judgments themselves stay in
/// the file (the CLI <c>eval matching</c> scores them).
/// </summary>
public sealed class PostImportService(ParkOpsDb db, Platform.ParkGate gate, Enterprises.Contracts.IEnterpriseIntake intake, PostService posts, MarketIndex index, TimeProvider clock)
{
    public const int MaxBytes = 20 * 1024 * 1024;

    public async Task<PostImportResult> ImportAsync(long parkId, Stream body, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        using var reader = new StreamReader(body);
        var buffer = new char[MaxBytes + 1];
        var read = 0;
        int n;
        while (read <= MaxBytes && (n = await reader.ReadAsync(buffer.AsMemory(read, buffer.Length - read), ct)) > 0) read += n;
        if (read > MaxBytes) throw new DomainRuleException("ImportFileMustFit", "$", $"文件超过 {MaxBytes / 1024 / 1024} MB") { Arguments = [MaxBytes / 1024 / 1024] };
        return await ImportAsync(parkId, new string(buffer, 0, read), ct);
    }

    public async Task<PostImportResult> ImportAsync(long parkId, string json, CancellationToken ct)
    {
        await gate.RequireOperatorAsync(parkId, "OnlyOperatorsMayWrite", ct);
        JudgedSet set;
        try { set = JudgedSet.Parse(json); }
        catch (JudgedSetException e) { throw new DomainRuleException("JudgedSetMustBeValid", e.Path, e.Message) { Arguments = [e.Path, e.Message] }; }

        // check everything before writing anything
        var snapshot = await index.GetAsync(db, ct);
        var all = set.Posts.Select((p, i) => (Post: p, Path: $"posts[{i}]", IsQuery: false))
            .Concat(set.Queries.Select((q, i) => (Post: q.Post, Path: $"queries[{i}]", IsQuery: true))).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (p, path, _) in all)
        {
            if (!seen.Add(p.Id)) throw new DomainRuleException("ImportedPostMustBeNew", $"{path}.id", $"编号“{p.Id}”在文件中重复") { Arguments = [p.Id] };
            if (p.Id.Length > 64) throw Rule("PostTextMustFit", $"{path}.id", 64);
            if (p.Title.Length is 0) throw new DomainRuleException("PostTitleIsRequired", $"{path}.title", "缺少标题");
            if (p.Title.Length > PostRules.MaxTitle) throw Rule("PostTextMustFit", $"{path}.title", PostRules.MaxTitle);
            if (p.Description.Length > PostRules.MaxDescription) throw Rule("PostTextMustFit", $"{path}.description", PostRules.MaxDescription);
            if ((p.Unit?.Length ?? 0) > 20) throw Rule("PostTextMustFit", $"{path}.unit", 20);
            for (var c = 0; c < p.Capabilities.Count; c++) snapshot.Analyser.Taxonomy.IdOf(p.Capabilities[c], $"{path}.capabilities[{c}]", MarketIndex.Id(parkId));
            try { PostRules.Check(p.Quantity, p.From, p.To, null, null); }
            catch (DomainRuleException e) { throw new DomainRuleException(e.Rule, $"{path}.{e.Field}", e.Message) { Arguments = e.Arguments }; }
        }
        var ids = all.Select(a => a.Post.Id).ToList();
        var takenIds = (await db.Posts.IgnoreQueryFilters().Where(p => p.ParkId == parkId && p.ExternalRef != null && ids.Contains(p.ExternalRef)).Select(p => p.ExternalRef!).ToListAsync(ct)).ToHashSet();
        if (all.FirstOrDefault(a => takenIds.Contains(a.Post.Id)) is { Post: not null } first)
        {
            var (taken, at) = (first.Post.Id, first.Path);
            throw new DomainRuleException("ImportedPostMustBeNew", $"{at}.id", $"编号“{taken}”已导入本园区", RuleKind.Conflict) { Arguments = [taken] };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = posts.Today;
        var region = await posts.MarketRegionOfParkAsync(parkId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // the set's enterprises found in the park by name or added as admitted, through the Enterprises area (in this transaction)
        var firms = await intake.FindOrAdmitAsync(parkId, [.. set.Enterprises.Select(e => e.Name)], "协作市场导入 / imported with a judged marketplace set", now, ct);
        var created = firms.Created;
        var byFileId = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (e, id) in set.Enterprises.Zip(firms.Ids)) byFileId[e.Id] = id;

        var rows = new List<(string FileId, Post Post)>();
        var expired = 0;
        foreach (var (p, _, isQuery) in all)
        {
            var ended = p.To is { } to && to < today;
            if (ended) expired++;
            var post = new Post
            {
                ParkId = parkId, EnterpriseId = byFileId[p.EnterpriseId], RegionId = region, Kind = p.Kind, State = ended ? PostState.Expired : PostState.Open,
                Visibility = PostVisibility.Region, Title = p.Title, Description = p.Description,
                Capabilities = Post.Join(p.Capabilities.Select(c => snapshot.Analyser.Taxonomy[snapshot.Analyser.Taxonomy.IdOf(c, "capabilities")].Code)),
                Quantity = p.Quantity, Unit = p.Unit, WindowFrom = p.From, WindowTo = p.To,
                // a query's held certifications are its enterprise's; an offer's are what it offers with
                CertificationsHeld = Post.Join(p.CertificationsHeld), CertificationsRequired = Post.Join(p.CertificationsRequired),
                ExternalRef = p.Id, CreatedBy = db.Actor.UserName, CreatedAt = now, UpdatedAt = now, PublishedAt = now,
            };
            _ = isQuery;
            db.Posts.Add(post);
            rows.Add((p.Id, post));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var (_, post) in rows) index.Apply(post, db);
        return new PostImportResult(set.Posts.Count, set.Queries.Count, set.Enterprises.Count - created, created, expired,
            rows.ToDictionary(r => r.FileId, r => r.Post.Id));
    }

    private static DomainRuleException Rule(string rule, string field, int max) => new(rule, field, $"超过 {max} 个字符") { Arguments = [max] };
}
