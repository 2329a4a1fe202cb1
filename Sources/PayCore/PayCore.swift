// PayCore module; see docs/architecture.md.
