// Generated from the C# contract (Nexo.JsonRpcServer.Contract.RpcContract) by `nexo-jsonrpc --emit-typescript DIR`. Do not edit.

import type { AgentLoopIterationEvent, BudgetWarningEvent, ChatUpdatedEvent, ContextCompactedEvent, McpAuthorizationRequiredEvent, McpElicitationRequestEvent, McpResourcesChangedEvent, McpServerStatusChangedEvent, MessageCancelledEvent, MessageChunkEvent, MessageCompleteEvent, MessageErrorEvent, MessageMetadataUpdatedEvent, MessageStartedEvent, PlanUpdatedEvent, ProgressParams, ThinkingChunkEvent, ToolCallsDetectedEvent, ToolExecutionCompletedEvent, ToolExecutionErrorEvent, ToolExecutionProgressEvent, ToolExecutionStartedEvent, ToolPermissionRequestEvent } from "./NexoTypes.js";

/** Every event the server sends as a notification, named exactly as the original Nexo emits it. */
export const NexoEvents = {
  MESSAGE_STARTED: "message-started",
  MESSAGE_CHUNK: "message-chunk",
  THINKING_CHUNK: "thinking-chunk",
  MESSAGE_COMPLETE: "message-complete",
  MESSAGE_ERROR: "message-error",
  MESSAGE_CANCELLED: "message-cancelled",
  MESSAGE_METADATA_UPDATED: "message-metadata-updated",
  TOOL_CALLS_DETECTED: "tool-calls-detected",
  TOOL_PERMISSION_REQUEST: "tool-permission-request",
  TOOL_EXECUTION_STARTED: "tool-execution-started",
  TOOL_EXECUTION_PROGRESS: "tool-execution-progress",
  TOOL_EXECUTION_COMPLETED: "tool-execution-completed",
  TOOL_EXECUTION_ERROR: "tool-execution-error",
  AGENT_LOOP_ITERATION: "agent-loop-iteration",
  CHAT_UPDATED: "chat-updated",
  MCP_SERVER_STATUS_CHANGED: "mcp-server-status-changed",
  BUDGET_WARNING: "budget-warning",
  CONTEXT_COMPACTED: "context-compacted",
  PLAN_UPDATED: "plan-updated",
  MCP_RESOURCES_CHANGED: "mcp-resources-changed",
  MCP_ELICITATION_REQUEST: "mcp-elicitation-request",
  MCP_AUTHORIZATION_REQUIRED: "mcp-authorization-required",
} as const;

/** An event name. */
export type NexoEvent = (typeof NexoEvents)[keyof typeof NexoEvents];

/** The payload type of every event. */
export interface NexoEventMap {
  "message-started": MessageStartedEvent;
  "message-chunk": MessageChunkEvent;
  "thinking-chunk": ThinkingChunkEvent;
  "message-complete": MessageCompleteEvent;
  "message-error": MessageErrorEvent;
  "message-cancelled": MessageCancelledEvent;
  "message-metadata-updated": MessageMetadataUpdatedEvent;
  "tool-calls-detected": ToolCallsDetectedEvent;
  "tool-permission-request": ToolPermissionRequestEvent;
  "tool-execution-started": ToolExecutionStartedEvent;
  "tool-execution-progress": ToolExecutionProgressEvent;
  "tool-execution-completed": ToolExecutionCompletedEvent;
  "tool-execution-error": ToolExecutionErrorEvent;
  "agent-loop-iteration": AgentLoopIterationEvent;
  "chat-updated": ChatUpdatedEvent;
  "mcp-server-status-changed": McpServerStatusChangedEvent;
  "budget-warning": BudgetWarningEvent;
  "context-compacted": ContextCompactedEvent;
  "plan-updated": PlanUpdatedEvent;
  "mcp-resources-changed": McpResourcesChangedEvent;
  "mcp-elicitation-request": McpElicitationRequestEvent;
  "mcp-authorization-required": McpAuthorizationRequiredEvent;
}

/** The protocol's own notifications from the server (LSP style), beside the events. */
export const NexoProtocolNotifications = {
  PROGRESS: "$/progress",
} as const;

/** The params type of every protocol notification. */
export interface NexoProtocolNotificationMap {
  "$/progress": ProgressParams;
}
