"""The application service and its infrastructure: loading a stream, recording what the
rules decide (concurrency, signing, hashes), the event mapper, snapshots and the rows
the status pages read. No rule lives here: the rules are the modules of
`thidua.domain`."""
