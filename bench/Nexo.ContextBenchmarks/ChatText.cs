namespace Nexo.ContextBenchmarks;

/// <summary>
/// Deterministic chat-like English for the seeded chats: whole sentences drawn from a pool of assistant-style and
/// user-style sentences until a message reaches its drawn length (50–400 words by default), with numbers varied so that
/// no two messages are the same text (the tokenizer's cache is keyed by text).
/// </summary>
internal sealed class ChatText(int seed, int minWords = 50, int maxWords = 400)
{
    private static readonly string[] UserSentences =
    [
        "I am trying to move our nightly import job from a cron script to a hosted service and I keep running into the same problem.",
        "The job reads about {0} rows from the staging table, validates them and writes the good ones to the orders table.",
        "When two instances start at the same time, both of them pick up the same batch and we end up with duplicate orders.",
        "Could you explain how I should lock the batch so that only one worker processes it?",
        "We are on PostgreSQL 16 and the service is written in C# with Dapper, if that matters.",
        "Also, what happens if the process is killed halfway through a batch of {0} rows?",
        "I tried wrapping everything in one transaction but then the job holds locks for {1} minutes and the web app times out.",
        "My manager wants the whole thing done by Friday, so I would prefer the simplest approach that is still correct.",
        "Here is what the log says right before it fails: connection reset by peer after {1} seconds.",
        "Can you also suggest how to test this without a real database?",
        "Thanks, that worked. Now the second question: how do I report progress to the dashboard every {1} seconds?",
        "I don't really understand why the retry policy should back off exponentially instead of waiting a fixed time.",
        "Is there a way to make the query faster? It scans the whole table even though I added an index on created_at.",
        "One more thing: the CSV files we import sometimes use a semicolon as the separator and commas as decimal marks.",
        "Please keep the answer short, I only need the steps, not the theory.",
        "We also have a requirement that every change is audited with the user who started the import.",
        "Last week the job ran for {1} hours because a customer uploaded a file with {0} lines.",
        "Should I split the file into chunks before uploading it, or let the server stream it?",
    ];

    private static readonly string[] AssistantSentences =
    [
        "The usual way to make sure only one worker takes a batch is to claim it with a single conditional update.",
        "Run UPDATE batches SET owner = @worker, claimed_at = now() WHERE id = @id AND owner IS NULL, and check that exactly one row changed.",
        "If the update changed zero rows, another worker was faster and this one simply moves on to the next batch.",
        "PostgreSQL also offers SELECT ... FOR UPDATE SKIP LOCKED, which lets several workers take different rows from the same queue without waiting for each other.",
        "Keep each transaction short: claim the batch, commit, process the rows in chunks of about {0}, and commit after each chunk.",
        "That way a killed process leaves at most one chunk half done, and the claim expires after {1} minutes so another worker can resume it.",
        "Make the writes idempotent by giving each imported row a natural key and using INSERT ... ON CONFLICT DO NOTHING.",
        "Then a retried chunk cannot create duplicates, even if the first attempt committed just before the crash.",
        "For the timeouts, the web application and the job should not share the same connection pool limits.",
        "Exponential backoff spreads retries out, so a database that is briefly overloaded is not hit by every client at the same moment.",
        "A fixed delay tends to synchronize the clients, and they all come back together and overload it again.",
        "Add a random jitter of up to {2} percent to each delay so that the retries do not line up.",
        "An index on created_at only helps if the query filters on that column directly and not on an expression such as date(created_at).",
        "Rewrite the condition as created_at >= @from AND created_at < @to and the planner can use the index for a range scan.",
        "Check the plan with EXPLAIN (ANALYZE, BUFFERS); it shows whether the index is used and how many pages were read.",
        "For the CSV files, do not guess the format from the first line alone; read the first {2} lines and count the candidate separators.",
        "Parse numbers with an explicit culture, for example CultureInfo.GetCultureInfo(\"de-DE\"), instead of the machine's current culture.",
        "To report progress, let the worker write its position to a small status table and have the dashboard poll it every few seconds.",
        "For tests, put the claiming logic behind an interface and run the real SQL against a throw-away database in a container.",
        "An in-memory fake is fine for the orchestration, but the locking behaviour itself has to be tested against PostgreSQL.",
        "The audit requirement is easiest to meet with an append-only table that stores the batch id, the user and a timestamp.",
        "Streaming the upload is better than splitting the file on the client: the server can validate line by line and stop early.",
        "In short: claim with a conditional update, process in small committed chunks, make every write idempotent and retry with jittered backoff.",
        "If you want, I can write the hosted service class with the claim, the chunk loop and the progress updates.",
        "Note that {0} rows at roughly {1} milliseconds each is about the run time you measured, so the per-row cost is the thing to reduce.",
    ];

    private readonly Random _random = new(seed);

    public string Next(bool user)
    {
        var pool = user ? UserSentences : AssistantSentences;
        var target = _random.Next(minWords, maxWords + 1);
        var text = new System.Text.StringBuilder();
        var words = 0;
        while (words < target)
        {
            var sentence = string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                pool[_random.Next(pool.Length)],
                _random.Next(100, 250_000),
                _random.Next(2, 90),
                _random.Next(5, 40));
            if (text.Length > 0)
            {
                text.Append(_random.Next(6) == 0 ? "\n\n" : " ");
            }

            text.Append(sentence);
            words += sentence.Count(c => c == ' ') + 1;
        }

        return text.ToString();
    }
}
