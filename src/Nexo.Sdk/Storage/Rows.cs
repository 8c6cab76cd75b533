#pragma warning disable IDE1006, SA1300, CS8618 // Row classes mirror the column names; Dapper fills them.
namespace Nexo.Storage;

internal sealed class WorkspaceRow
{
    public string id { get; set; }
    public string name { get; set; }
    public string? root_path { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public Workspace ToModel() => new()
    {
        Id = id,
        Name = name,
        RootPath = root_path,
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };
}

internal sealed class WorkspaceSettingsRow
{
    public string workspace_id { get; set; }
    public string? system_message { get; set; }
    public string? llm_connection_id { get; set; }
    public string? default_model { get; set; }
    public double? temperature { get; set; }
    public long? max_tokens { get; set; }
    public long stream_enabled { get; set; }
    public long max_agent_iterations { get; set; }
    public string tool_permission_mode { get; set; }
    public string tool_permissions { get; set; }
    public string mcp_tool_ids { get; set; }
    public string disabled_tools { get; set; }
    public string tool_rule_fingerprints { get; set; }
    public string? monthly_budget_usd { get; set; }
    public string context_strategy { get; set; } = "summarize";
    public string builtin_tools { get; set; } = "[]";
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public WorkspaceSettings ToModel() => new()
    {
        WorkspaceId = workspace_id,
        SystemMessage = system_message,
        LlmConnectionId = llm_connection_id,
        DefaultModel = default_model,
        Temperature = temperature,
        MaxTokens = max_tokens is null ? null : (int)max_tokens.Value,
        StreamEnabled = stream_enabled != 0,
        MaxAgentIterations = (int)max_agent_iterations,
        ToolPermissionMode = Enums.Parse<ToolPermissionMode>(tool_permission_mode),
        ToolPermissions = Json.Deserialize(tool_permissions, new Dictionary<string, ToolPermissionRule>()),
        ToolRuleBindings = Json.Deserialize(tool_rule_fingerprints, new Dictionary<string, ToolRuleBinding>()) is { Count: > 0 } bindings
            ? bindings
            : System.Collections.ObjectModel.ReadOnlyDictionary<string, ToolRuleBinding>.Empty,
        McpToolIds = Json.Deserialize(mcp_tool_ids, new Dictionary<string, List<string>>())
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
        DisabledTools = Json.Deserialize(disabled_tools, new List<string>()) is { Count: > 0 } disabled ? disabled : Array.Empty<string>(),
        MonthlyBudgetUsd = monthly_budget_usd is { } budget ? Costs.Parse(budget) : null,
        ContextStrategy = Enums.Parse<ContextStrategy>(context_strategy),
        BuiltinTools = Json.Deserialize(builtin_tools, new List<string>()) is { Count: > 0 } builtin ? builtin : Array.Empty<string>(),
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };
}

internal sealed class ChatRow
{
    public string id { get; set; }
    public string workspace_id { get; set; }
    public string title { get; set; }
    public long pinned { get; set; }
    public long archived { get; set; }
    public string? last_message { get; set; }
    public string? active_message_id { get; set; }
    public string? plan { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public Chat ToModel() => new()
    {
        Id = id,
        WorkspaceId = workspace_id,
        Title = title,
        Pinned = pinned != 0,
        Archived = archived != 0,
        LastMessage = last_message,
        ActiveMessageId = active_message_id,
        Plan = plan is null ? null : Json.Deserialize(plan, new List<PlanEntry>()),
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };
}

internal sealed class MessageRow
{
    public string id { get; set; }
    public string chat_id { get; set; }
    public string? parent_id { get; set; }
    public long seq { get; set; }
    public string role { get; set; }
    public string content { get; set; }
    public string? reasoning { get; set; }
    public string? tool_calls { get; set; }
    public string? tool_call_id { get; set; }
    public string status { get; set; }
    public string? error { get; set; }
    public string? finish_reason { get; set; }
    public string? model { get; set; }
    public string? connection_id { get; set; }
    public long? input_tokens { get; set; }
    public long? output_tokens { get; set; }
    public long? reasoning_tokens { get; set; }
    public long? total_tokens { get; set; }
    public string? metadata { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public Message ToModel() => new()
    {
        Id = id,
        ChatId = chat_id,
        ParentId = parent_id,
        Sequence = seq,
        Role = Enums.Parse<MessageRole>(role),
        Content = content,
        Reasoning = reasoning,
        ToolCalls = tool_calls is null ? null : Json.Deserialize<List<ToolCall>>(tool_calls, []),
        ToolCallId = tool_call_id,
        Status = Enums.Parse<MessageStatus>(status),
        Error = error,
        FinishReason = finish_reason,
        Model = model,
        ConnectionId = connection_id,
        Usage = input_tokens is null && output_tokens is null && total_tokens is null ? null : new TokenUsage
        {
            InputTokens = input_tokens ?? 0,
            OutputTokens = output_tokens ?? 0,
            ReasoningTokens = reasoning_tokens ?? 0,
            TotalTokens = total_tokens ?? 0,
        },
        Metadata = Json.ParseElement(metadata),
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };

    public static MessageParameters ToParameters(Message m) => new()
    {
        id = m.Id,
        chat_id = m.ChatId,
        parent_id = m.ParentId,
        role = Enums.Name(m.Role),
        content = m.Content,
        reasoning = m.Reasoning,
        tool_calls = m.ToolCalls is null ? null : Json.Serialize(m.ToolCalls),
        tool_call_id = m.ToolCallId,
        status = Enums.Name(m.Status),
        error = m.Error,
        finish_reason = m.FinishReason,
        model = m.Model,
        connection_id = m.ConnectionId,
        input_tokens = m.Usage?.InputTokens,
        output_tokens = m.Usage?.OutputTokens,
        reasoning_tokens = m.Usage?.ReasoningTokens,
        total_tokens = m.Usage?.TotalTokens,
        metadata = Json.ElementToString(m.Metadata),
        created_at = Time.ToMs(m.CreatedAt),
        updated_at = Time.ToMs(m.UpdatedAt),
    };
}

/// <summary>A message's columns as SQL parameters (a named type: Dapper.AOT generates its binding).</summary>
internal sealed record MessageParameters
{
    public string id { get; init; }
    public string chat_id { get; init; }
    public string? parent_id { get; init; }
    public string role { get; init; }
    public string? content { get; init; }
    public string? reasoning { get; init; }
    public string? tool_calls { get; init; }
    public string? tool_call_id { get; init; }
    public string status { get; init; }
    public string? error { get; init; }
    public string? finish_reason { get; init; }
    public string? model { get; init; }
    public string? connection_id { get; init; }
    public long? input_tokens { get; init; }
    public long? output_tokens { get; init; }
    public long? reasoning_tokens { get; init; }
    public long? total_tokens { get; init; }
    public string? metadata { get; init; }
    public long created_at { get; init; }
    public long updated_at { get; init; }

    /// <summary>The message's position in its chat (inserts only).</summary>
    public long seq { get; init; }

    /// <summary>The process that streams the message, while it is unfinished.</summary>
    public string? run_owner { get; init; }
}

internal sealed class LlmConnectionRow
{
    public string id { get; set; }
    public string name { get; set; }
    public string provider { get; set; }
    public string base_url { get; set; }
    public string? api_key_enc { get; set; }
    public string? api_key_preview { get; set; }
    public string? headers_enc { get; set; }
    public string headers_masked { get; set; }
    public string models { get; set; }
    public string? default_model { get; set; }
    public long enabled { get; set; }
    public long native_documents { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public LlmConnection ToModel() => new()
    {
        Id = id,
        Name = name,
        Provider = Enums.Parse<LlmProviderKind>(provider),
        BaseUrl = base_url,
        HasApiKey = api_key_enc is not null,
        ApiKeyPreview = Security.SecretMasker.Normalize(api_key_preview),
        Headers = Security.SecretMasker.NormalizeAll(Json.Deserialize(headers_masked, new Dictionary<string, string>())),
        Models = Json.Deserialize<List<LlmModel>>(models, []),
        DefaultModel = default_model,
        Enabled = enabled != 0,
        NativeDocuments = native_documents != 0,
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };
}

internal sealed class McpServerRow
{
    public string id { get; set; }
    public string name { get; set; }
    public string transport { get; set; }
    public string? command { get; set; }
    public string args { get; set; }
    public string? env_enc { get; set; }
    public string env_masked { get; set; }
    public string? working_directory { get; set; }
    public string inherit_env { get; set; }
    public string? url { get; set; }
    public string? headers_enc { get; set; }
    public string headers_masked { get; set; }
    public long enabled { get; set; }
    public long timeout_seconds { get; set; }
    public string status { get; set; }
    public string? last_error { get; set; }
    public string tools { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }
    public string? status_owner { get; set; }
    public string? oauth { get; set; }
    public string? oauth_client_secret_enc { get; set; }
    public long oauth_authorized { get; set; }
    public long? oauth_expires_at { get; set; }

    public McpServer ToModel() => new()
    {
        Id = id,
        Name = name,
        Transport = Enums.Parse<McpTransportKind>(transport),
        Command = command,
        Args = Json.Deserialize<List<string>>(args, []).Select(Security.SecretArgs.Display).ToList(),
        Env = Security.SecretMasker.NormalizeAll(Json.Deserialize(env_masked, new Dictionary<string, string>())),
        // An empty list is the shared empty array, so servers compare equal by value as before the list existed.
        InheritEnv = Json.Deserialize(inherit_env, new List<string>()) is { Count: > 0 } inherit ? inherit : Array.Empty<string>(),
        WorkingDirectory = working_directory,
        Url = url is null ? null : Security.SecretArgs.Display(url),
        Headers = Security.SecretMasker.NormalizeAll(Json.Deserialize(headers_masked, new Dictionary<string, string>())),
        Enabled = enabled != 0,
        TimeoutSeconds = (int)timeout_seconds,
        Status = Enums.Parse<McpServerStatus>(status),
        LastError = last_error,
        Tools = Json.Deserialize<List<McpToolInfo>>(tools, []),
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
        OAuth = oauth is null
            ? null
            : Json.Deserialize(oauth, new McpOAuthSettings()) with { ClientSecret = oauth_client_secret_enc is null ? null : Security.SecretRedactor.Mask },
        Authorized = oauth_authorized != 0,
        AuthorizationExpiresAt = oauth_expires_at is { } expires ? Time.FromMs(expires) : null,
    };
}

internal sealed class PromptRow
{
    public string id { get; set; }
    public string name { get; set; }
    public string content { get; set; }
    public string? description { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public Prompt ToModel() => new()
    {
        Id = id,
        Name = name,
        Content = content,
        Description = description,
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };
}

internal sealed class AppSettingRow
{
    public string key { get; set; }
    public string value { get; set; }
    public long updated_at { get; set; }

    public AppSetting ToModel() => new() { Key = key, Value = value, UpdatedAt = Time.FromMs(updated_at) };
}

internal sealed class UsageRow
{
    public string id { get; set; }
    public string? workspace_id { get; set; }
    public string? chat_id { get; set; }
    public string? message_id { get; set; }
    public string? connection_id { get; set; }
    public string provider { get; set; }
    public string model { get; set; }
    public long input_tokens { get; set; }
    public long output_tokens { get; set; }
    public long reasoning_tokens { get; set; }
    public long total_tokens { get; set; }
    public long latency_ms { get; set; }
    public long is_stream { get; set; }
    public string status { get; set; }
    public string request_type { get; set; }
    public long created_at { get; set; }
    public long cached_input_tokens { get; set; }
    public long? cost_picousd { get; set; }

    public UsageRecord ToModel() => new()
    {
        Id = id,
        WorkspaceId = workspace_id,
        ChatId = chat_id,
        MessageId = message_id,
        ConnectionId = connection_id,
        Provider = provider,
        Model = model,
        InputTokens = input_tokens,
        OutputTokens = output_tokens,
        ReasoningTokens = reasoning_tokens,
        TotalTokens = total_tokens,
        LatencyMs = latency_ms,
        IsStream = is_stream != 0,
        Status = status,
        RequestType = request_type,
        CreatedAt = Time.FromMs(created_at),
        CachedInputTokens = cached_input_tokens,
        Cost = cost_picousd is { } picos ? Costs.Usd(picos) : null,
    };
}

internal sealed class ModelPriceRow
{
    public string? connection_id { get; set; }
    public string model { get; set; }
    public string input_per_million { get; set; }
    public string output_per_million { get; set; }
    public string? cached_input_per_million { get; set; }
    public string? reasoning_per_million { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public ModelPrice ToModel() => new()
    {
        ConnectionId = connection_id,
        Model = model,
        InputPerMillion = Costs.Parse(input_per_million),
        OutputPerMillion = Costs.Parse(output_per_million),
        CachedInputPerMillion = cached_input_per_million is { } cached ? Costs.Parse(cached) : null,
        ReasoningPerMillion = reasoning_per_million is { } reasoning ? Costs.Parse(reasoning) : null,
        CreatedAt = Time.FromMs(created_at),
        UpdatedAt = Time.FromMs(updated_at),
    };
}

internal sealed class UsageBreakdownDbRow
{
    public string? day { get; set; }
    public string? hour { get; set; }
    public string? workspace_id { get; set; }
    public string? workspace_name { get; set; }
    public string? chat_id { get; set; }
    public string? chat_title { get; set; }
    public string? connection_id { get; set; }
    public string? connection_name { get; set; }
    public string? model { get; set; }
    public long requests { get; set; }
    public long input_tokens { get; set; }
    public long cached_input_tokens { get; set; }
    public long output_tokens { get; set; }
    public long? cost_picousd { get; set; }
    public long cost_unknown { get; set; }

    public UsageBreakdownRow ToModel() => new()
    {
        Day = day,
        Hour = hour,
        WorkspaceId = workspace_id,
        WorkspaceName = workspace_name,
        ChatId = chat_id,
        ChatTitle = chat_title,
        ConnectionId = connection_id,
        ConnectionName = connection_name,
        Model = model,
        Requests = requests,
        InputTokens = input_tokens,
        CachedInputTokens = cached_input_tokens,
        OutputTokens = output_tokens,
        Cost = cost_picousd is { } p ? Costs.Usd(p) : null,
        CostUnknownRecords = cost_unknown,
    };
}

// Rows that were value tuples: Dapper.AOT 1.1.0 generates no reader for tuples (they stay on vanilla Dapper, which
// needs Reflection.Emit), so each has a class whose properties are the column names.

/// <summary>One stored ciphertext (SecretStore.FindCiphertexts).</summary>
internal sealed class CiphertextRow
{
    public string tbl { get; set; }
    public string id { get; set; }
    public string field { get; set; }
    public string value { get; set; }
}

/// <summary>An MCP server's sealed command line (SecretStore.ClearSecrets).</summary>
internal sealed class SealedArgsRow
{
    public string id { get; set; }
    public string args { get; set; }
    public string? url { get; set; }
}

/// <summary>An LLM connection's encrypted columns.</summary>
internal sealed class ConnectionSecretsRow
{
    public string? api_key_enc { get; set; }
    public string? headers_enc { get; set; }
}

/// <summary>An MCP server's encrypted and sealed columns.</summary>
internal sealed class McpServerSecretsRow
{
    public string? env_enc { get; set; }
    public string? headers_enc { get; set; }
    public string args { get; set; }
    public string? url { get; set; }
    public string? oauth_client_secret_enc { get; set; }
}

/// <summary>Who holds a chat's turn.</summary>
internal sealed class TurnHolderRow
{
    public string? turn_owner { get; set; }
    public long? turn_claimed_at { get; set; }
}

/// <summary>One full-text search hit (MessageSearchSql).</summary>
internal sealed class SearchHitRow
{
    public string id { get; set; }
    public string chat_id { get; set; }
    public string workspace_id { get; set; }
    public string title { get; set; }
    public string role { get; set; }
    public string snippet { get; set; }
    public double rank { get; set; }
    public long created_at { get; set; }
}

/// <summary>How many messages a workspace holds, and how many the other workspaces hold (the search's scope plan).</summary>
internal sealed class WorkspaceSizesRow
{
    public long inside { get; set; }
    public long outside { get; set; }
}

/// <summary>The usage totals of a filter.</summary>
internal sealed class UsageSummaryDbRow
{
    public long n { get; set; }
    public long input { get; set; }
    public long output { get; set; }
    public long reasoning { get; set; }
    public double latency { get; set; }
    public long? picos { get; set; }
    public long unknown { get; set; }
}
