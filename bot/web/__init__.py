"""The client portal: server-rendered pages over the same domain services as chat."""
