// Simulator module; see docs/architecture.md.
