using System.Buffers.Binary;

namespace Nexo;

/// <summary>
/// Creates ids: time-ordered UUIDs (version 7, RFC 9562), so ids sort by creation. Within one process they are also
/// strictly increasing: two ids made in the same millisecond (where <see cref="Guid.CreateVersion7()"/> alone orders them
/// at random) or after the clock stepped back follow the last one issued, as RFC 9562 §6.2 allows (method 3: the random
/// bits are incremented as a counter). Lists ordered by creation time and then id keep the order things were made in.
/// </summary>
internal static class Ids
{
    // The 122 bits that are not version or variant, as one number: 48 bits of Unix milliseconds, 12 bits rand_a,
    // 62 bits rand_b.
    private const int RandBBits = 62;
    private static readonly UInt128 RandBMask = (UInt128.One << RandBBits) - 1;
    private static readonly Lock s_gate = new();
    private static UInt128 s_last;

    /// <summary>A new id: a version 7 UUID in its canonical text form, greater than every id this process made before.</summary>
    public static string New() => Format(Next(Pack(Guid.CreateVersion7())));

    /// <summary>The id that follows <paramref name="candidate"/> in this process (itself when it is greater than the last).</summary>
    internal static UInt128 Next(UInt128 candidate)
    {
        lock (s_gate)
        {
            s_last = candidate > s_last ? candidate : s_last + 1;
            return s_last;
        }
    }

    /// <summary>A version 7 UUID's 122 ordered bits (the version and variant bits left out).</summary>
    internal static UInt128 Pack(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var timeAndRandA = ((high >> 16) << 12) | (high & 0xFFF);
        return ((UInt128)timeAndRandA << RandBBits) | (low & ((1UL << RandBBits) - 1));
    }

    /// <summary>The UUID of <paramref name="bits"/>, with version 7 and the RFC 9562 variant put back.</summary>
    internal static string Format(UInt128 bits)
    {
        var timeAndRandA = (ulong)(bits >> RandBBits);
        var high = ((timeAndRandA >> 12) << 16) | (0x7UL << 12) | (timeAndRandA & 0xFFF);
        var low = (0b10UL << 62) | (ulong)(bits & RandBMask);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
