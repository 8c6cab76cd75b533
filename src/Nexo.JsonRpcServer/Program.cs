// Placeholder entry point: the JSON-RPC host is built in its own issue.
return 0;
