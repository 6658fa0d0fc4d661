"""Arabic: clitics and the article, month and weekday names, closed-class words.

Only facts of the language live here; the machinery that applies them (normalisation
with offsets, tokens, the Lexicon) stays in `newsie.text`, and knowledge of the world
(nationalities, ranks, armed actors) in `newsie.knowledge`.
"""
