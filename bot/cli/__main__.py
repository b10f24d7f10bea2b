"""`python -m bot.cli` runs the `pmbot` command."""
from bot.cli.main import main

main()
