using System.Data.Common;

namespace Nexo.Benchmarks;

/// <summary>One message row as the raw (hand-written) side of the store benchmarks reads it: every column, in table order.</summary>
internal sealed record RawMessage(
    string Id, string ChatId, string? ParentId, long Seq, string Role, string Content, string? Reasoning, string? ToolCalls, string? ToolCallId,
    string Status, string? Error, string? FinishReason, string? Model, string? ConnectionId, long? InputTokens, long? OutputTokens,
    long? ReasoningTokens, long? TotalTokens, string? Metadata, long CreatedAt, long UpdatedAt)
{
    /// <summary>The current row of a reader over the 21 message columns (SQLite or PostgreSQL).</summary>
    public static RawMessage Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.GetInt64(3),
        r.GetString(4),
        r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.GetString(9),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11),
        r.IsDBNull(12) ? null : r.GetString(12),
        r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : r.GetInt64(14),
        r.IsDBNull(15) ? null : r.GetInt64(15),
        r.IsDBNull(16) ? null : r.GetInt64(16),
        r.IsDBNull(17) ? null : r.GetInt64(17),
        r.IsDBNull(18) ? null : r.GetString(18),
        r.GetInt64(19),
        r.GetInt64(20));
}
