// Placeholder entry point: the CLI is built in its own issue.
return 0;
