namespace ParkOps.Domain.Matching;

/// <summary>
/// The incremental match index: posts are kept as <see cref="PostProfile"/>s in slots, and an inverted index maps
/// (capability, kind) to the slots of posts with that capability and kind. A query walks only the lists of its own
/// and related capabilities for the kinds that answer it, so it scores candidates, not the whole marketplace.
/// <see cref="Add"/> and <see cref="Remove"/> take effect for the next query (no rebuild). Removed posts leave a
/// tombstone in their lists until a list is a quarter dead, when it is compacted; a slot is reused once no list
/// holds it. Queries run in parallel; writes wait for running queries (a reader-writer lock).
/// </summary>
public sealed class MatchIndex : IDisposable
{
    /// <summary>
    /// The slots of one (capability, kind), with each post's first and last day beside it, so that posts whose window
    /// cannot qualify are skipped without touching their profile (unknown days are stored as open: never skipped).
    /// </summary>
    private sealed class PostingList
    {
        public int[] Slots = new int[4];
        public int[] From = new int[4];
        public int[] To = new int[4];
        public int Count;
        public int Dead;

        public void Add(int slot, in PostProfile p)
        {
            if (Count == Slots.Length) Resize(Slots.Length * 2);
            Slots[Count] = slot;
            From[Count] = p.From >= 0 ? p.From : int.MinValue;
            To[Count] = p.To >= 0 ? p.To : int.MaxValue;
            Count++;
        }

        public void Resize(int size)
        {
            Array.Resize(ref Slots, size);
            Array.Resize(ref From, size);
            Array.Resize(ref To, size);
        }
    }

    private readonly PostAnalyser _analyser;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly PostingList?[] _postings;
    private readonly Stack<int> _free = new();
    private string?[] _ids;
    private PostProfile[] _profiles;
    private byte[] _references; // how many posting lists still hold the slot
    private int _slots;

    public MatchIndex(PostAnalyser analyser, int capacity = 1024)
    {
        _analyser = analyser;
        _postings = new PostingList?[analyser.Taxonomy.Count * PostKinds.Count];
        capacity = Math.Max(capacity, 16);
        _ids = new string?[capacity];
        _profiles = new PostProfile[capacity];
        _references = new byte[capacity];
    }

    public PostAnalyser Analyser => _analyser;

    /// <summary>Number of posts in the index.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _slotById.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    public bool Contains(string postId)
    {
        _lock.EnterReadLock();
        try { return _slotById.ContainsKey(postId); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Adds a post, or replaces the post with the same id (a changed post). <paramref name="reference"/> is the day
    /// dates in its text are read against (see <see cref="PostAnalyser.Analyse"/>).
    /// </summary>
    public void Add(MatchPost post, DateOnly reference) => Add(_analyser.Analyse(post, reference));

    public void Add(AnalysedPost analysed)
    {
        var id = analysed.Post.Id;
        var profile = analysed.Profile;
        _lock.EnterWriteLock();
        try
        {
            if (_slotById.TryGetValue(id, out var old)) RemoveSlot(id, old);
            var slot = _free.Count > 0 ? _free.Pop() : NewSlot();
            _ids[slot] = id;
            _profiles[slot] = profile;
            _references[slot] = (byte)profile.Capabilities.Count;
            _slotById[id] = slot;
            foreach (var cap in profile.Capabilities.Ids())
                (_postings[Key(cap, profile.Kind)] ??= new PostingList()).Add(slot, profile);
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Adds many posts (a bulk load), then lays them out for fast scans (<see cref="Reorganise"/>).</summary>
    public void AddRange(IEnumerable<AnalysedPost> posts)
    {
        foreach (var p in posts) Add(p);
        Reorganise();
    }

    /// <summary>
    /// Renumbers the slots so that posts of the same first capability and kind lie side by side, and rebuilds the
    /// posting lists from the stored profiles (no post is analysed again). Queries give the same answers before and
    /// after; a scan then reads memory in order instead of jumping, which makes queries on a large index about half
    /// as costly. Optional upkeep after bulk loads or much churn; it holds the write lock while it runs (≈ 1 s for a
    /// million posts).
    /// </summary>
    public void Reorganise()
    {
        _lock.EnterWriteLock();
        try
        {
            var live = _slotById.OrderBy(e => _profiles[e.Value].Capabilities.First).ThenBy(e => _profiles[e.Value].Kind).ThenBy(e => e.Value)
                .Select(e => (Id: e.Key, Profile: _profiles[e.Value])).ToList();
            var size = Math.Max(16, live.Count + live.Count / 8);
            _ids = new string?[size];
            _profiles = new PostProfile[size];
            _references = new byte[size];
            _slots = 0;
            _free.Clear();
            _slotById.Clear();
            Array.Clear(_postings);
            foreach (var (id, profile) in live)
            {
                var slot = NewSlot();
                _ids[slot] = id;
                _profiles[slot] = profile;
                _references[slot] = (byte)profile.Capabilities.Count;
                _slotById[id] = slot;
                foreach (var cap in profile.Capabilities.Ids())
                    (_postings[Key(cap, profile.Kind)] ??= new PostingList()).Add(slot, profile);
            }
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Removes a post (closed, withdrawn, deleted). False when it was not in the index.</summary>
    public bool Remove(string postId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slotById.TryGetValue(postId, out var slot)) return false;
            RemoveSlot(postId, slot);
            return true;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Removes every post whose window ended before <paramref name="asOf"/>; returns how many.</summary>
    public int RemoveExpired(DateOnly asOf)
    {
        var day = asOf.DayNumber;
        _lock.EnterWriteLock();
        try
        {
            var expired = _slotById.Where(e => _profiles[e.Value].To >= 0 && _profiles[e.Value].To < day).ToList();
            foreach (var (id, slot) in expired) RemoveSlot(id, slot);
            return expired.Count;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>The best answers to <paramref name="query"/> (a post in the index or not), best first, with reasons.</summary>
    public IReadOnlyList<MatchResult> Match(MatchPost query, MatchRequest request) => Match(_analyser.Analyse(query, request.AsOf), request);

    public IReadOnlyList<MatchResult> Match(AnalysedPost query, MatchRequest request)
    {
        var plan = QueryPlan.For(_analyser, query.Profile, request);
        var top = new TopK(Math.Max(0, request.Top));
        var direct = query.Profile.Capabilities;
        var exclude = request.ExcludePostId ?? query.Post.Id;
        var q = query.Profile;
        // A candidate with an asked capability must share at least a day with the query's window (and be open on the
        // as-of day); a related stand-in only has to be open, unless the settings ask it to overlap too.
        var open = plan.AsOfDay;
        var (directFrom, directTo) = q.HasWindow ? (Math.Max(open, q.From), q.To) : (open, int.MaxValue);
        var (relatedFrom, relatedTo) = plan.Settings.RelatedNeedsWindowOverlap ? (directFrom, directTo) : (open, int.MaxValue);
        _lock.EnterReadLock();
        try
        {
            if (top.Capacity == 0 || direct.IsEmpty) return [];
            var scan = new Scan(this, plan, top, _slotById.TryGetValue(exclude, out var ex) ? ex : -1, q.Enterprise);
            // 1. posts with an asked capability
            foreach (var kind in plan.AnsweringKindList)
                scan.Lists(direct, kind, Bits128.Empty, directFrom, directTo);
            // 2. related stand-ins grade weak, below anything found in 1: skipped when the k best are all better, or
            //    when even a stand-in perfect in every open signal would not beat the k-th best
            if (!top.IsFullAbove(MatchGrade.WeakStandIn) && !top.Excludes(MatchGrade.WeakStandIn, plan.RelatedSoftBound(1)))
                foreach (var kind in plan.AnsweringKindList)
                    scan.Lists(plan.RelatedToQuery, kind, direct, relatedFrom, relatedTo, related: true);
            return top.Results(plan.Settings.MinScore, (slot, s) => MatchScorer.Explain(_analyser, plan, query, _profiles[slot], s));
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>One query's walk over posting lists (under the read lock).</summary>
    private readonly struct Scan(MatchIndex index, QueryPlan plan, TopK top, int excluded, int asker)
    {
        /// <summary>
        /// Scores the posts of <paramref name="kind"/> in the lists of <paramref name="capabilities"/> whose window ends on or
        /// after <paramref name="endsFrom"/> and starts on or before <paramref name="startsBy"/>. A post is scored once:
        /// in the first list that holds it (posts with a capability of <paramref name="done"/> were scored before).
        /// </summary>
        public void Lists(Bits128 capabilities, PostKind kind, Bits128 done, int endsFrom, int startsBy, bool related = false)
        {
            var seen = done;
            var mustBeFull = top.IsFullAbove(MatchGrade.UsableInPart);
            foreach (var cap in capabilities.Ids())
            {
                var list = index._postings[index.Key(cap, kind)];
                if (list is not null)
                {
                    var slots = list.Slots;
                    var from = list.From;
                    var to = list.To;
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (to[i] < endsFrom || from[i] > startsBy) continue;
                        // once the k best are all fully usable, a post covering too little of the need's window cannot
                        // enter: read from the list, without loading the post
                        if (mustBeFull && plan.WindowShareBelowFull(from[i], to[i])) continue;
                        if (related && top.Excludes(MatchGrade.WeakStandIn, plan.RelatedSoftBound(plan.WindowShare(from[i], to[i])))) continue;
                        var slot = slots[i];
                        if (slot == excluded) continue;
                        ref readonly var profile = ref index._profiles[slot];
                        if (profile.Enterprise == asker || profile.Capabilities.Overlaps(seen)) continue;
                        if (MatchScorer.TryScore(plan, profile, out var scored) && top.CouldTake(scored))
                        {
                            top.Offer(scored, index._ids[slot]!, slot);
                            mustBeFull = top.IsFullAbove(MatchGrade.UsableInPart);
                        }
                    }
                }
                seen = seen.With(cap);
            }
        }
    }

    /// <summary>Memory held by the index's own arrays (profiles, ids, lists), in bytes; strings not counted.</summary>
    public long ApproximateBytes()
    {
        _lock.EnterReadLock();
        try
        {
            long bytes = (long)_profiles.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<PostProfile>() + _ids.Length * 8L + _references.Length;
            foreach (var l in _postings) bytes += l is null ? 0 : l.Slots.Length * 12L + 48;
            return bytes;
        }
        finally { _lock.ExitReadLock(); }
    }

    private int Key(int capability, PostKind kind) => capability * PostKinds.Count + (int)kind;

    private int NewSlot()
    {
        if (_slots == _ids.Length)
        {
            var n = _ids.Length * 2;
            Array.Resize(ref _ids, n);
            Array.Resize(ref _profiles, n);
            Array.Resize(ref _references, n);
        }
        return _slots++;
    }

    private void RemoveSlot(string id, int slot)
    {
        _slotById.Remove(id);
        _ids[slot] = null;
        var profile = _profiles[slot];
        if (_references[slot] == 0) { _free.Push(slot); return; }
        foreach (var cap in profile.Capabilities.Ids())
        {
            var list = _postings[Key(cap, profile.Kind)]!;
            // the entry's window becomes empty, so scans pass over it without loading the slot
            var at = Array.IndexOf(list.Slots, slot, 0, list.Count);
            if (at >= 0) { list.From[at] = int.MaxValue; list.To[at] = int.MinValue; }
            list.Dead++;
            if (list.Dead >= 16 && list.Dead * 4 >= list.Count) Compact(list);
        }
    }

    private void Compact(PostingList list)
    {
        var kept = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var slot = list.Slots[i];
            if (_ids[slot] is not null)
            {
                list.Slots[kept] = slot;
                list.From[kept] = list.From[i];
                list.To[kept] = list.To[i];
                kept++;
                continue;
            }
            if (--_references[slot] == 0) _free.Push(slot);
        }
        list.Count = kept;
        list.Dead = 0;
        if (list.Slots.Length > 64 && kept < list.Slots.Length / 4) list.Resize(Math.Max(kept * 2, 4));
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>The k best candidates seen so far, best first; ties in score go to the smaller post id.</summary>
internal sealed class TopK(int capacity)
{
    private readonly (Scored Scored, string Id, int Slot)[] _items = new (Scored, string, int)[capacity];
    private int _count;

    public int Capacity => capacity;

    /// <summary>False when <paramref name="scored"/> is strictly worse than the k-th best (no id needed to tell).</summary>
    public bool CouldTake(in Scored scored) => _count < capacity || scored.CompareTo(_items[_count - 1].Scored) >= 0;

    /// <summary>
    /// True when k candidates are held and a candidate of <paramref name="grade"/> with at most <paramref name="softBound"/>
    /// could not displace the worst of them (ties go to the smaller id, so only a strictly lower bound excludes).
    /// </summary>
    public bool Excludes(MatchGrade grade, double softBound)
    {
        if (_count < capacity) return false;
        var worst = _items[_count - 1].Scored;
        return worst.Grade > grade || worst.Grade == grade && softBound + 1e-9 < worst.Soft; // a margin for rounding in the bound
    }

    /// <summary>True when k candidates are held and the worst of them grades above <paramref name="grade"/>.</summary>
    public bool IsFullAbove(MatchGrade grade) => _count == capacity && _items[_count - 1].Scored.Grade > grade;

    public void Offer(in Scored scored, string id, int slot)
    {
        if (_count == capacity && !MatchScorer.Better(scored, id, _items[_count - 1].Scored, _items[_count - 1].Id)) return;
        var i = _count < capacity ? _count++ : capacity - 1;
        while (i > 0 && MatchScorer.Better(scored, id, _items[i - 1].Scored, _items[i - 1].Id))
        {
            _items[i] = _items[i - 1];
            i--;
        }
        _items[i] = (scored, id, slot);
    }

    public List<MatchResult> Results(double minScore, Func<int, Scored, List<MatchReason>> explain)
    {
        var results = new List<MatchResult>(_count);
        for (var i = 0; i < _count; i++)
        {
            var (s, id, slot) = _items[i];
            if (s.Score < minScore) continue;
            results.Add(new MatchResult(id, s.Score, s.Grade, explain(slot, s)));
        }
        return results;
    }
}
