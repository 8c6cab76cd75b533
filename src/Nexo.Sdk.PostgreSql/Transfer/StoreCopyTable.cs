namespace Nexo.Storage.Transfer;

/// <summary>One table of a store copy: its name, its rows, and the checksum both sides agreed on.</summary>
internal sealed record StoreCopyTable
{
    /// <summary>The table.</summary>
    public required string Name { get; init; }

    /// <summary>The rows copied.</summary>
    public required long Rows { get; init; }

    /// <summary>The checksum of the rows' values (secrets decrypted), in hexadecimal: the same on both sides.</summary>
    public required string Checksum { get; init; }
}
