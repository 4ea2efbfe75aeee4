using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Pricing;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Features.Enterprises.Contracts;

namespace ParkOps.Web.Features.Enterprises;

/// <summary>
/// The Enterprises area's door (<see cref="IEnterpriseDirectory"/>, <see cref="IEnterpriseGrading"/>). Scoped: the
/// cards read in one scope are kept for it, so a bill run that asks for its leases' tenants and then for every
/// enterprise it bills reads the table once.
/// </summary>
public sealed class EnterpriseDirectory(ParkOpsDb db, Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t, Audit.Contracts.IAuditTrail audit) : IEnterpriseDirectory, IEnterpriseGrading, IParkRoster
{
    public async Task<IReadOnlyList<RosterEntry>> ParkRosterAsync(long parkId, CancellationToken ct)
    {
        // the park must be the caller's to see; its enterprises are listed whatever their own scope (the caller decides what it shows)
        if (!await db.Parks.AnyAsync(p => p.Id == parkId, ct)) throw new NotFoundException("Park", parkId);
        return await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => e.ParkId == parkId).OrderBy(e => e.Name)
            .Select(e => new RosterEntry(e.Id, e.Name, e.CreditCode,
                e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional || e.Status == EnterpriseStatus.Exiting))
            .ToListAsync(ct);
    }

    /// <summary>Ids per query when reading cards: bounds one statement's JSON or array parameter.</summary>
    private const int IdSlice = 50_000;

    private readonly Dictionary<long, EnterpriseCard> _cards = [];
    private readonly Dictionary<long, ParkIndustry> _parks = [];

    public async Task<IReadOnlyDictionary<long, EnterpriseCard>> CardsAsync(IReadOnlyCollection<long> enterpriseIds, CancellationToken ct)
    {
        var missing = enterpriseIds.Where(id => !_cards.ContainsKey(id)).Distinct().ToArray();
        // the ids as ONE parameter (SQLite json_each, PostgreSQL an array): EF Core's default of one SQL variable per id
        // costs SQLite a name lookup per variable over all of them (quadratic: ~0.4 s per 10,000 ids) and caps at 32,766
        // — a park's 亩均 or risk run over a very large park asks for every enterprise at once
        foreach (var slice in missing.Chunk(IdSlice))
        {
            var rows = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => EF.Parameter(slice).Contains(e.Id))
                .Select(e => new { e.Id, e.ParkId, e.Name, e.Status, e.MuClass, e.IndustryCode, e.Tags, e.ChainStages, e.EstablishedOn, e.ContributionScore, e.ContributionScoreYear, e.SizeClass }).ToListAsync(ct);
            foreach (var e in rows)
                _cards[e.Id] = new EnterpriseCard(e.Id, e.ParkId, e.Name, e.Status, e.MuClass,
                    new TenantProfile(e.IndustryCode, Park.Split(e.Tags), Park.Split(e.ChainStages), e.EstablishedOn, e.ContributionScore, e.ContributionScoreYear)) { AboveScale = e.SizeClass == SizeClass.AboveScale };
        }
        var result = new Dictionary<long, EnterpriseCard>(enterpriseIds.Count);
        foreach (var id in enterpriseIds)
            if (_cards.TryGetValue(id, out var c)) result[id] = c;
        return result;
    }

    public async Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> enterpriseIds, CancellationToken ct)
    {
        var list = enterpriseIds.Distinct().ToArray();
        return await db.Enterprises.Where(e => list.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
    }

    public async Task<IReadOnlyList<FirmLabel>> VisibleFirmsAsync(FirmPick pick, CancellationToken ct)
    {
        var q = db.Enterprises.AsNoTracking();
        if (pick.ParkIds is { } parks) { var p = parks.ToArray(); q = q.Where(e => p.Contains(e.ParkId)); }
        if (pick.Ids is { } ids) { var i = ids.ToArray(); q = q.Where(e => i.Contains(e.Id)); }
        if (pick.AdmittedOnly) q = q.Where(e => e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional);
        return await q.OrderBy(e => e.Name).Select(e => new FirmLabel(e.Id, e.Name, e.Status)).ToListAsync(ct);
    }

    public async Task<ParkIndustry> ParkIndustryAsync(long parkId, CancellationToken ct)
    {
        if (_parks.TryGetValue(parkId, out var known)) return known;
        var p = await db.Parks.AsNoTracking().Where(x => x.Id == parkId).Select(x => new { x.LeadingIndustryPrefixes, x.ChainStages }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Park", parkId);
        return _parks[parkId] = new ParkIndustry(Park.Split(p.LeadingIndustryPrefixes), Park.Split(p.ChainStages));
    }

    public async Task<IReadOnlyList<ParkMember>> ParkMembersAsync(long parkId, CancellationToken ct)
    {
        var rows = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => e.ParkId == parkId).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Name, e.Status, e.IsChainLeader, e.ChainStages, e.EstablishedOn }).ToListAsync(ct);
        return rows.Select(e => new ParkMember(e.Id, e.Name, e.Status, e.IsChainLeader, Park.Split(e.ChainStages), e.EstablishedOn)).ToList();
    }

    public async Task<IReadOnlyDictionary<long, ParkFirmCounts>> ParkFirmCountsAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToList();
        var rows = ids.Count == 0 ? [] : await db.Enterprises.IgnoreQueryFilters().AsNoTracking()
            .Where(e => ids.Contains(e.ParkId) && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional || e.Status == EnterpriseStatus.Exiting))
            .GroupBy(e => e.ParkId)
            .Select(g => new { ParkId = g.Key, InPark = g.Count(), Above = g.Count(e => e.SizeClass == SizeClass.AboveScale) })
            .ToListAsync(ct);
        var found = rows.ToDictionary(r => r.ParkId, r => new ParkFirmCounts(r.ParkId, r.InPark, r.Above));
        return ids.ToDictionary(id => id, id => found.GetValueOrDefault(id) ?? new ParkFirmCounts(id, 0, 0));
    }

    public async Task<IReadOnlyList<ParkFirm>> ParkFirmsAsync(long parkId, CancellationToken ct)
    {
        var rows = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => e.ParkId == parkId).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Status, e.SizeClass, e.IndustryCode, e.EstablishedOn }).ToListAsync(ct);
        return rows.Select(e => new ParkFirm(e.Id, e.Status, e.SizeClass == SizeClass.AboveScale, e.IndustryCode, e.EstablishedOn)).ToList();
    }

    public async Task<IReadOnlyList<ParkTenure>> ParkTenuresAsync(long parkId, CancellationToken ct) => (await ParkTenuresAsync([parkId], ct))[parkId];

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ParkTenure>>> ParkTenuresAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct)
    {
        var ids = parkIds.Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<long, IReadOnlyList<ParkTenure>>();
        // the park ids as one parameter (PostgreSQL an array, SQLite json_each): a region has thousands of parks
        var rows = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => EF.Parameter(ids).Contains(e.ParkId))
            .Select(e => new { e.Id, e.ParkId, e.Name, e.Status, e.IndustryCode, e.ChainStages, e.CreatedAt, e.UpdatedAt }).ToListAsync(ct);
        // a decision or an exit counts in the park it was recorded in (as when the parks were read one by one)
        var admitted = (await db.AdmissionDecisions.IgnoreQueryFilters().AsNoTracking()
            .Where(d => EF.Parameter(ids).Contains(d.ParkId) && (d.Outcome == AdmissionOutcome.Approve || d.Outcome == AdmissionOutcome.Conditional))
            .GroupBy(d => new { d.ParkId, d.EnterpriseId }).Select(g => new { g.Key.ParkId, g.Key.EnterpriseId, At = g.Min(d => d.DecidedAt) }).ToListAsync(ct))
            .ToDictionary(x => (x.ParkId, x.EnterpriseId), x => x.At);
        var exited = (await db.ExitCases.IgnoreQueryFilters().AsNoTracking()
            .Where(x => EF.Parameter(ids).Contains(x.ParkId) && x.State == ExitState.Completed && x.ClosedAt != null)
            .GroupBy(x => new { x.ParkId, x.EnterpriseId }).Select(g => new { g.Key.ParkId, g.Key.EnterpriseId, At = g.Max(x => x.ClosedAt!.Value) }).ToListAsync(ct))
            .ToDictionary(x => (x.ParkId, x.EnterpriseId), x => x.At);
        static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(Time.ToShanghai(utc));
        var byPark = rows.OrderBy(e => e.Id).Select(e =>
        {
            // an enterprise in the park without a decision on record (entered before decisions were kept) counts from its creation
            DateOnly? from = admitted.TryGetValue((e.ParkId, e.Id), out var a) ? Day(a)
                : e.Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting or EnterpriseStatus.Exited ? Day(e.CreatedAt) : null;
            DateOnly? until = exited.TryGetValue((e.ParkId, e.Id), out var x) ? Day(x) : e.Status == EnterpriseStatus.Exited ? Day(e.UpdatedAt) : null;
            return (e.ParkId, Tenure: new ParkTenure(e.Id, e.Name, e.IndustryCode, e.ChainStages.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), from, until));
        }).ToLookup(x => x.ParkId, x => x.Tenure);
        return ids.ToDictionary(id => id, IReadOnlyList<ParkTenure> (id) => byPark[id].ToList());
    }

    public async Task<IReadOnlyList<StageFirm>> StageFirmsAsync(IReadOnlyCollection<long> parkIds, IReadOnlyCollection<string> stages, CancellationToken ct)
    {
        if (parkIds.Count == 0 || stages.Count == 0) return [];
        var ids = parkIds.ToArray();
        var rows = await db.Enterprises.IgnoreQueryFilters().AsNoTracking()
            .Where(e => ids.Contains(e.ParkId) && e.ChainStages != "" && (e.Status == EnterpriseStatus.Admitted || e.Status == EnterpriseStatus.Conditional || e.Status == EnterpriseStatus.Exiting))
            .Select(e => new { e.Id, e.Name, e.ParkId, e.ChainStages }).ToListAsync(ct);
        var wanted = stages.ToHashSet(StringComparer.Ordinal);
        return rows.Select(e => new StageFirm(e.Id, e.Name, e.ParkId, Park.Split(e.ChainStages)))
            .Where(f => f.ChainStages.Any(wanted.Contains)).OrderBy(f => f.ParkId).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<long>> ParkIdsAsync(CancellationToken ct) =>
        await db.Parks.IgnoreQueryFilters().Select(p => p.Id).OrderBy(id => id).ToListAsync(ct);

    public async Task<string?> SetMuClassAsync(long enterpriseId, MuClassEntry entry, CancellationToken ct)
    {
        var e = await db.Enterprises.FirstOrDefaultAsync(x => x.Id == enterpriseId, ct) ?? throw new NotFoundException("Enterprise", enterpriseId);
        if (!db.Actor.CanOperatePark(e.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var c = CheckMuClass(entry);
        if (!ApplyMuClass(e, c, entry)) return e.MuClass;
        await db.SaveChangesAsync(ct);
        _cards.Remove(enterpriseId);
        return c;
    }

    public async Task SetMuClassesAsync(IReadOnlyList<(long EnterpriseId, string? Class)> classes, int year, int version, CancellationToken ct)
    {
        if (classes.Count == 0) return;
        // tracked, a slice of ids per read (not a read per firm), within the caller's scope (the enterprise filter)
        var held = new Dictionary<long, Enterprise>(classes.Count);
        foreach (var slice in classes.Select(x => x.EnterpriseId).Distinct().Chunk(IdSlice))
            foreach (var e in await db.Enterprises.Where(x => EF.Parameter(slice).Contains(x.Id)).ToListAsync(ct)) held[e.Id] = e;
        // every firm's rules before anything changes
        var checkedClasses = classes.Select(x =>
        {
            var e = held.GetValueOrDefault(x.EnterpriseId) ?? throw new NotFoundException("Enterprise", x.EnterpriseId);
            if (!db.Actor.CanOperatePark(e.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
            var entry = new MuClassEntry(x.Class, year, version, null);
            return (Enterprise: e, Class: CheckMuClass(entry), Entry: entry);
        }).ToList();
        foreach (var (e, c, entry) in checkedClasses) ApplyMuClass(e, c, entry);
        await db.SaveChangesAsync(ct);
        foreach (var x in checkedClasses) _cards.Remove(x.Enterprise.Id);
    }

    /// <summary>The class as stored (upper case, null to clear), or 400 naming what is wrong with the entry.</summary>
    private string? CheckMuClass(MuClassEntry entry)
    {
        var c = string.IsNullOrWhiteSpace(entry.Class) ? null : entry.Class.Trim().ToUpperInvariant();
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        if (c is not (null or "A" or "B" or "C" or "D" or "T")) failures.Add(new("muClass", t["Val.Enum"]));
        // an operator's class says which year it grades and where it comes from (issue 15 §4: explained and audited)
        if (c is not null && entry.Year is not (>= 1990 and <= InputGuard.MaxYear)) failures.Add(new("year", t["Val.Range", 1990, InputGuard.MaxYear]));
        if (c is not null && entry.Version is null && string.IsNullOrWhiteSpace(entry.Source)) failures.Add(new("source", t["Val.MuClassSource"]));
        if ((entry.Source?.Length ?? 0) > 200) failures.Add(new("source", t["Val.MaxLength", 200]));
        if (failures.Count > 0) throw new FluentValidation.ValidationException(failures);
        return c;
    }

    /// <summary>Sets the class on the tracked enterprise; false when a published later year's class stays (nothing changed).</summary>
    private static bool ApplyMuClass(Enterprise e, string? c, MuClassEntry entry)
    {
        var fromEvaluation = entry.Version is not null;
        if (fromEvaluation)
        {
            // publishing an older year again must not take a later class back in time
            if (e.MuClassYear is { } held && held > entry.Year) return false;
        }
        else if (e is { MuClassVersion: { } version, MuClassYear: { } year } && (c is null || year >= entry.Year))
            throw new ParkOps.Domain.Rules.DomainRuleException("MuClassPublishedByEvaluation", "year", "the class comes from a published evaluation of this or a later year",
                ParkOps.Domain.Rules.RuleKind.Conflict) { Arguments = [year, version] };
        e.MuClass = c;
        e.MuClassYear = c is null ? null : entry.Year;
        e.MuClassVersion = c is null ? null : entry.Version;
        e.MuClassSource = c is null || fromEvaluation ? null : entry.Source!.Trim();
        return true;
    }

    public async Task SetContributionScoreAsync(long enterpriseId, decimal score, int year, string note, CancellationToken ct)
    {
        var e = await db.Enterprises.FirstOrDefaultAsync(x => x.Id == enterpriseId, ct) ?? throw new NotFoundException("Enterprise", enterpriseId);
        if (!db.Actor.CanOperatePark(e.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        // a later year's score stays: publishing an older year again must not take the rent discount back in time
        if (e.ContributionScoreYear is { } held && held > year) return;
        e.ContributionScore = score;
        e.ContributionScoreYear = year;
        e.ContributionScoreNote = note.Length > 200 ? note[..200] : note;
        await db.SaveChangesAsync(ct);
        _cards.Remove(enterpriseId);
    }
    private static readonly System.Text.Json.JsonSerializerOptions AuditJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task SetContributionScoresAsync(IReadOnlyList<ContributionScoreEntry> scores, int year, string note, CancellationToken ct)
    {
        if (scores.Count == 0) return;
        note = note.Length > 200 ? note[..200] : note;
        // the last score given for a firm holds
        var next = new Dictionary<long, decimal>(scores.Count);
        foreach (var x in scores) next[x.EnterpriseId] = x.Score;
        var ids = next.Keys.ToArray();
        // the scope of every firm before anything is written, read per park (the enterprise filter, as the one-by-one path
        // reads it): a handful of rows however many firms; the firms one by one only to name the first that fails
        var found = 0;
        var parks = new List<long>();
        foreach (var slice in ids.Chunk(IdSlice))
            foreach (var g in await db.Enterprises.AsNoTracking().Where(x => EF.Parameter(slice).Contains(x.Id)).GroupBy(x => x.ParkId)
                .Select(g => new { ParkId = g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                found += g.Count;
                parks.Add(g.ParkId);
            }
        if (found < ids.Length || parks.Any(p => !db.Actor.CanOperatePark(p)))
        {
            var parkOf = new Dictionary<long, long>();
            foreach (var slice in ids.Chunk(IdSlice))
                foreach (var e in await db.Enterprises.AsNoTracking().Where(x => EF.Parameter(slice).Contains(x.Id)).Select(x => new { x.Id, x.ParkId }).ToListAsync(ct))
                    parkOf[e.Id] = e.ParkId;
            foreach (var x in scores)
            {
                if (!parkOf.TryGetValue(x.EnterpriseId, out var park)) throw new NotFoundException("Enterprise", x.EnterpriseId);
                if (!db.Actor.CanOperatePark(park)) throw new ForbiddenException("OnlyOperatorsMayWrite");
            }
        }

        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.OpenConnectionAsync(ct);
        var changed = new List<(long Id, long ParkId)>();
        await using (var cmd = db.Database.GetDbConnection().CreateCommand())
        {
            cmd.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            System.Data.Common.DbParameter P(string name, object value)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                cmd.Parameters.Add(p);
                return p;
            }
            P("@year", year);
            P("@note", note);
            // the one-by-one rules in the statement: a later year's score stays (publishing an older year again must not take
            // the rent discount back in time), an unchanged score, year and note are not written
            static string Rules(string score) => $"""
                ("ContributionScoreYear" IS NULL OR "ContributionScoreYear" <= @year)
                AND ("ContributionScore" IS DISTINCT FROM {score} OR "ContributionScoreYear" IS DISTINCT FROM @year OR "ContributionScoreNote" IS DISTINCT FROM @note)
                """;
            if (db.Database.IsNpgsql())
            {
                // one statement for the whole set (the unqualified columns are the updated table's)
                cmd.CommandText = $"""
                    UPDATE "Enterprises" AS e SET "ContributionScore" = t.score, "ContributionScoreYear" = @year, "ContributionScoreNote" = @note
                    FROM unnest(@ids, @scores) AS t(id, score) WHERE e."Id" = t.id AND {Rules("t.score")}
                    RETURNING e."Id", e."ParkId"
                    """;
                P("@ids", ids);
                P("@scores", ids.Select(id => next[id]).ToArray());
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) changed.Add((r.GetInt64(0), r.GetInt64(1)));
            }
            else
            {
                // SQLite runs in the process: one prepared statement, reused (a decimal bound as EF Core binds it)
                cmd.CommandText = $"""
                    UPDATE "Enterprises" SET "ContributionScore" = @score, "ContributionScoreYear" = @year, "ContributionScoreNote" = @note
                    WHERE "Id" = @id AND {Rules("@score")}
                    RETURNING "ParkId"
                    """;
                var (id, score) = (P("@id", 0L), P("@score", 0m));
                await cmd.PrepareAsync(ct);
                foreach (var (key, value) in next)
                {
                    (id.Value, score.Value) = (key, value);
                    if (await cmd.ExecuteScalarAsync(ct) is long park) changed.Add((key, park));
                }
            }
        }
        if (changed.Count > 0)
        {
            // one audit row per park for the set (not one per firm: each firm's score is the published run's row, immutable
            // and kept; the row names the firms changed, the year and the note naming the version)
            await audit.WriteAsync(changed.GroupBy(c => c.ParkId).Select(g => new Audit.Contracts.AuditRecord("Updated", "EnterpriseScores",
                year.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Key, null,
                System.Text.Json.JsonSerializer.Serialize(new { ContributionScoreYear = year, ContributionScoreNote = note, Enterprises = g.Select(c => c.Id).Order() }, AuditJson),
                "contribution-publish")).ToList(), ct);
            // enterprises belong to the actor scopes' topic: the change tracker moves it with every enterprise it saves
            await Platform.ChangeVersions.BumpAsync(db, [Platform.ChangeTopics.Scopes], ct);
            // and they are their parks' data: the parks' marks, as the change tracker's save would leave them
            await Platform.ParkChanges.MarkAsync(db, changed.Select(c => c.ParkId).Distinct(), ct);
        }
        if (own is not null) await own.CommitAsync(ct);
        foreach (var c in changed) _cards.Remove(c.Id);
    }
}

