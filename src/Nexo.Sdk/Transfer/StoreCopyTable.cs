namespace Nexo;

/// <summary>
/// One table of a store copy (<see cref="NexoClient.CopyStoreToAsync"/>): its name, the rows copied, and the checksum
/// of their values that the source and the target agreed on before the copy was committed.
/// </summary>
public sealed record StoreCopyTable
{
    /// <summary>The table.</summary>
    public required string Name { get; init; }

    /// <summary>The rows copied.</summary>
    public required long Rows { get; init; }

    /// <summary>The checksum of the rows' values (secrets decrypted), in hexadecimal: the same on both sides.</summary>
    public required string Checksum { get; init; }
}
