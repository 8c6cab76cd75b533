namespace Nexo.Storage;

/// <summary>
/// The full-text search SQL. Built only from the constant fragments below (the user's words only ever reach SQLite as
/// the <c>@match</c> parameter, made safe by <see cref="SqliteMessageRepository.ToFtsQuery"/>).
/// </summary>
/// <remarks>
/// <para>
/// The search runs in two phases inside one statement. Phase 1 (<c>top</c>) ranks the matches by
/// <c>bm25(messages_fts)</c> alone, applies the scope <em>before</em> its <c>LIMIT</c> and keeps only the page's rowids:
/// no join and no <c>snippet()</c> per match, and SQLite keeps just the best <c>@take</c> rows while it sorts. Phase 2
/// joins those few rowids to their message and chat and builds their snippets. The older single query joined and
/// snippeted every match before its <c>ORDER BY … LIMIT</c>, so its cost grew with the matches (≈230 ms for a word in
/// 58k of 1M messages); see bench/README.md for the numbers.
/// </para>
/// <para>
/// Equal scores are ordered newest first (<c>rowid DESC</c>), so a page is the same from run to run. The scope never
/// joins the large <c>messages</c> table per match: it is a list of rowids read from the covering index
/// <c>ux_messages_chat_seq</c> (whose entries carry the rowid), probed with <c>+rowid IN (…)</c> (the <c>+</c> keeps
/// the list away from FTS5, which would otherwise run the whole query once per listed rowid). A workspace is
/// matched either by its own messages or, when it holds most of the database, by excluding the others' messages,
/// whichever list is shorter.
/// </para>
/// </remarks>
internal static class MessageSearchSql
{
    /// <summary>How phase 1 restricts the matches.</summary>
    internal enum Scope
    {
        /// <summary>Every message.</summary>
        All,

        /// <summary>One chat (<c>@chatId</c>), which must also be in <c>@workspaceId</c> when that is set.</summary>
        Chat,

        /// <summary>The messages of <c>@workspaceId</c>'s chats.</summary>
        WorkspaceListed,

        /// <summary>Every message except those of other workspaces' chats (the same set, for a large workspace).</summary>
        WorkspaceComplement,
    }

    /// <summary>Message counts inside and outside a workspace, from the chats' sequence counters (an upper bound).</summary>
    internal const string WorkspaceSizesSql =
        """
        SELECT coalesce(sum(CASE WHEN workspace_id = @workspaceId THEN last_seq END), 0) AS inside,
               coalesce(sum(CASE WHEN workspace_id <> @workspaceId THEN last_seq END), 0) AS outside
        FROM chats
        """;

    private const string ChatFilter =
        """
          AND +messages_fts.rowid IN (SELECT pk FROM messages WHERE chat_id = @chatId)
          AND (@workspaceId IS NULL OR EXISTS (SELECT 1 FROM chats WHERE id = @chatId AND workspace_id = @workspaceId))
        """;

    private const string WorkspaceListedFilter =
        """
          AND +messages_fts.rowid IN (SELECT m.pk FROM chats c CROSS JOIN messages m ON m.chat_id = c.id WHERE c.workspace_id = @workspaceId)
        """;

    private const string WorkspaceComplementFilter =
        """
          AND +messages_fts.rowid NOT IN (SELECT m.pk FROM chats c CROSS JOIN messages m ON m.chat_id = c.id WHERE c.workspace_id <> @workspaceId)
        """;

    /// <summary>The search SQL for a scope. Parameters: <c>@match</c>, <c>@take</c>, <c>@chatId</c>, <c>@workspaceId</c>.</summary>
    internal static string For(Scope scope) => scope switch
    {
        Scope.All => AllSql,
        Scope.Chat => ChatSql,
        Scope.WorkspaceListed => WorkspaceListedSql,
        Scope.WorkspaceComplement => WorkspaceComplementSql,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    /// <summary>Search every message.</summary>
    internal const string AllSql = Head + Tail;

    private const string ChatSql = Head + ChatFilter + Tail;

    private const string WorkspaceListedSql = Head + WorkspaceListedFilter + Tail;

    private const string WorkspaceComplementSql = Head + WorkspaceComplementFilter + Tail;

    private const string Head =
        """
        WITH top AS MATERIALIZED (
          SELECT messages_fts.rowid AS pk, bm25(messages_fts) AS rank
          FROM messages_fts
          WHERE messages_fts MATCH @match

        """;

    // Phase 2 walks the matches once more (rowids only: a few ms even for 58k matches), keeps the page's rows through
    // an automatic index on top, and only then reads messages, chats and the snippet. Looking each page rowid up with
    // MATCH instead (rowid = top.pk) re-reads a prefix term's whole doclist per row: slower. The CROSS JOINs pin
    // that order.
    private const string Tail =
        """

          ORDER BY rank, pk DESC
          LIMIT @take
        )
        SELECT m.id, m.chat_id, c.workspace_id, c.title, m.role,
               snippet(messages_fts, 0, '[', ']', '…', 16) AS snippet, top.rank, m.created_at
        FROM messages_fts
        CROSS JOIN top
        CROSS JOIN messages m
        CROSS JOIN chats c
        WHERE messages_fts MATCH @match
                  AND top.pk = +messages_fts.rowid
          AND m.pk = top.pk
          AND c.id = m.chat_id
        ORDER BY top.rank, top.pk DESC
        """;
}
