namespace Nexo.Sdk.Tests.Common;

/// <summary>Ids are version 7 UUIDs that sort in the order this process made them, even within one millisecond.</summary>
public sealed class IdsTests
{
    [Fact]
    public void Ids_made_in_a_tight_loop_are_strictly_increasing_in_ordinal_text_order_and_are_version_7_uuids()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Ids.New()).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"{ids[i - 1]} is not before {ids[i]} (index {i})");
        }

        Assert.All(ids, id =>
        {
            var guid = Guid.Parse(id);
            Assert.Equal(id, guid.ToString());
            Assert.Equal(7, guid.Version);
            Assert.Equal(0b10, guid.Variant >> 2);
        });

        // 20,000 ids take a few milliseconds at most, so many shared one: the order within a millisecond is kept.
        Assert.True(ids.Select(id => id[..13]).Distinct().Count() < ids.Count);
    }

    [Fact]
    public void An_id_keeps_its_time_and_random_bits_through_pack_and_format()
    {
        var original = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123));

        Assert.Equal(original.ToString(), Ids.Format(Ids.Pack(original)));
    }

    [Fact]
    public void After_the_clock_steps_back_the_next_id_still_follows_the_last_one()
    {
        var last = Ids.New();
        var fromThePast = Ids.Pack(Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddYears(40)));

        var next = Ids.Format(Ids.Next(fromThePast));

        Assert.True(string.CompareOrdinal(last, next) < 0, $"{next} sorts before {last}");
        Assert.Equal(7, Guid.Parse(next).Version);
    }
}
