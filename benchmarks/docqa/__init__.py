"""A bilingual document question-answering set: sources, questions and their renderer."""
