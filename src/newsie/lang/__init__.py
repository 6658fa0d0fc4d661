"""Language facts, one package per language (as spaCy's `spacy/lang/`): stages read
the language's words and affixes from here instead of declaring them again."""
