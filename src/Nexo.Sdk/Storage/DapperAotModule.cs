// Dapper.AOT replaces every Dapper call in this assembly with code generated at build time (no Reflection.Emit), the
// JIT build included, so the native (AOT) nexo and the tests run the same data access. See docs/architecture.md#native-aot.
[module: Dapper.DapperAot]

// Value tuples are bound by column position, as vanilla Dapper binds them (the store reads none: see Rows.cs).
[module: Dapper.BindTupleByName(false)]

// Cancellation: Dapper.AOT reads a CancellationToken member of the parameters object (CommandDefinition, vanilla
// Dapper's way, cannot be intercepted). Dapper.AOT 1.1.0 generates broken code for it when the SQL is not a constant
// (an interpolated WHERE, a variable), so those calls pass none; their connection was opened with the token.
