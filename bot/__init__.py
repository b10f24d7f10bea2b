"""The edges of pmbot: the command line, chat adapters, scheduler; `bootstrap` wires them."""
