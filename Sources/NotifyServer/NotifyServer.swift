// NotifyServer module; see docs/architecture.md.
