if (await Nexo.JsonRpcServer.Acp.AcpCommandLine.TryRunAsync(args) is { } acpExitCode) { return acpExitCode; }

// Placeholder entry point: the JSON-RPC host is built in its own issue.
return 0;
