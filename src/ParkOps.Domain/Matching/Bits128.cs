using System.Numerics;

namespace ParkOps.Domain.Matching;

/// <summary>
/// A set of up to 128 small ids (capability or certification numbers) in two machine words, so that a post's
/// capabilities and certifications take 16 bytes each and the gates are a few AND instructions — the index keeps
/// one of these per post for a million posts.
/// </summary>
public readonly record struct Bits128(ulong Lo, ulong Hi)
{
    public const int Capacity = 128;

    public static Bits128 Empty => default;

    public static Bits128 Of(int id) =>
        (uint)id >= Capacity ? throw new ArgumentOutOfRangeException(nameof(id), id, $"an id below {Capacity}")
        : id < 64 ? new(1UL << id, 0) : new(0, 1UL << (id - 64));

    public Bits128 With(int id) => this | Of(id);

    public bool Contains(int id) => (uint)id < Capacity && (id < 64 ? (Lo >> id & 1) != 0 : (Hi >> (id - 64) & 1) != 0);

    public bool IsEmpty => (Lo | Hi) == 0;

    public int Count => BitOperations.PopCount(Lo) + BitOperations.PopCount(Hi);

    public bool Overlaps(Bits128 other) => ((Lo & other.Lo) | (Hi & other.Hi)) != 0;

    public bool IsSubsetOf(Bits128 other) => (Lo & ~other.Lo) == 0 && (Hi & ~other.Hi) == 0;

    public Bits128 Except(Bits128 other) => new(Lo & ~other.Lo, Hi & ~other.Hi);

    public static Bits128 operator |(Bits128 a, Bits128 b) => new(a.Lo | b.Lo, a.Hi | b.Hi);

    public static Bits128 operator &(Bits128 a, Bits128 b) => new(a.Lo & b.Lo, a.Hi & b.Hi);

    /// <summary>The ids in ascending order.</summary>
    public IEnumerable<int> Ids()
    {
        for (var w = Lo; w != 0; w &= w - 1) yield return BitOperations.TrailingZeroCount(w);
        for (var w = Hi; w != 0; w &= w - 1) yield return 64 + BitOperations.TrailingZeroCount(w);
    }

    /// <summary>The lowest id, or −1 for the empty set.</summary>
    public int First => Lo != 0 ? BitOperations.TrailingZeroCount(Lo) : Hi != 0 ? 64 + BitOperations.TrailingZeroCount(Hi) : -1;
}
